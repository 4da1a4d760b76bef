//! Errors about what the user supplied: they name the file, the line and the column, say what is
//! wrong in words a staff member understands (in Chinese), and what to change.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a table-like file a problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// 1-based line (CSV) or row (worksheet).
    pub line: u64,
    /// 1-based column, when the problem is in one cell.
    pub column: Option<u64>,
    /// The column's header, when known.
    pub column_name: Option<String>,
    /// Worksheet name, for workbooks (columns are then also shown as letters).
    pub sheet: Option<String>,
}

impl Location {
    /// A whole line.
    pub fn line(line: u64) -> Location {
        Location {
            line,
            column: None,
            column_name: None,
            sheet: None,
        }
    }

    /// One cell.
    pub fn cell(line: u64, column: u64, name: Option<&str>) -> Location {
        Location {
            line,
            column: Some(column),
            column_name: name.map(str::to_string),
            sheet: None,
        }
    }
}

/// Column letters of a worksheet: 1 → A, 27 → AA.
pub fn column_letters(mut n: u64) -> String {
    let mut s = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        s.push(b'A' + r);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A problem in an input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub file: PathBuf,
    pub location: Option<Location>,
    /// What is wrong.
    pub message: String,
    /// What to change.
    pub hint: Option<String>,
}

impl InputError {
    /// A problem with the file as a whole.
    pub fn file(file: &Path, message: impl Into<String>) -> InputError {
        InputError {
            file: file.to_path_buf(),
            location: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A problem at a location.
    pub fn at(file: &Path, location: Location, message: impl Into<String>) -> InputError {
        InputError {
            file: file.to_path_buf(),
            location: Some(location),
            message: message.into(),
            hint: None,
        }
    }

    /// Adds what to change.
    pub fn hint(mut self, hint: impl Into<String>) -> InputError {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "文件 {}", self.file.display())?;
        if let Some(loc) = &self.location {
            if let Some(sheet) = &loc.sheet {
                write!(f, " 工作表“{sheet}”")?;
            }
            write!(f, " 第{}行", loc.line)?;
            if let Some(c) = loc.column {
                write!(f, "第{c}列")?;
                match (&loc.sheet, &loc.column_name) {
                    (Some(_), Some(n)) => write!(f, "（{}列，{n}）", column_letters(c))?,
                    (Some(_), None) => write!(f, "（{}列）", column_letters(c))?,
                    (None, Some(n)) => write!(f, "（{n}）")?,
                    (None, None) => {}
                }
            }
        }
        write!(f, "：{}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  处理办法：{h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// Several input problems found in one pass (the first few are shown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputErrors(pub Vec<InputError>);

/// How many problems are printed before the rest are only counted.
const SHOWN: usize = 20;

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().take(SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        if self.0.len() > SHOWN {
            write!(f, "\n……另有 {} 处问题未列出", self.0.len() - SHOWN)?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

/// Why a command failed, and so its exit code ([`crate::exit`]).
#[derive(Debug)]
pub enum Failure {
    /// The command line is wrong; the message says how.
    Usage(String),
    /// Input, targets or configuration are wrong, each problem located.
    Data(InputErrors),
    /// Anything else (rendering, writing), with its context chain.
    Other(anyhow::Error),
    /// The outcome was reported already; only the exit code is left to give.
    Exit(u8),
}

impl Failure {
    /// The exit code of this failure.
    pub fn code(&self) -> u8 {
        match self {
            Failure::Usage(_) => crate::exit::USAGE,
            Failure::Data(_) => crate::exit::DATA,
            Failure::Other(_) => crate::exit::FAILURE,
            Failure::Exit(code) => *code,
        }
    }
}

impl From<InputErrors> for Failure {
    fn from(e: InputErrors) -> Self {
        Failure::Data(e)
    }
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Self {
        Failure::Data(InputErrors(vec![e]))
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e)
    }
}

/// Line (1-based) and column (1-based, in characters) of a byte offset in a text.
pub fn line_column(text: &str, offset: usize) -> (u64, u64) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary_compat(offset)];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    (line, col)
}

/// `str::floor_char_boundary` for stable Rust.
trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorCharBoundary for str {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        while i > 0 && !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_file_line_and_column() {
        let e = InputError::at(
            Path::new("a.csv"),
            Location::cell(12, 3, Some("pm25")),
            "数值“abc”不是数字",
        )
        .hint("请填写数字，缺测请留空");
        assert_eq!(
            e.to_string(),
            "文件 a.csv 第12行第3列（pm25）：数值“abc”不是数字\n  处理办法：请填写数字，缺测请留空"
        );
        let mut loc = Location::cell(4, 28, None);
        loc.sheet = Some("Sheet1".into());
        let e = InputError::at(Path::new("b.xlsx"), loc, "x");
        assert_eq!(
            e.to_string(),
            "文件 b.xlsx 工作表“Sheet1” 第4行第28列（AB列）：x"
        );
    }

    #[test]
    fn line_and_column_count_characters() {
        let t = "ab\n南宁x";
        assert_eq!(line_column(t, 0), (1, 1));
        assert_eq!(line_column(t, 3), (2, 1));
        assert_eq!(line_column(t, 6), (2, 2));
    }
}
