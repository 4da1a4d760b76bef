//! Reading a table-like file into rows of text cells with their positions: CSV in UTF-8 (with or
//! without BOM) or GB18030/GBK, and `.xlsx` workbooks (first worksheet with data).

use crate::error::{line_column, InputError, Location};
use calamine::{Data, Reader};
use std::path::Path;

/// One row of a table: its 1-based line (CSV) or row (worksheet) and its cells as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

/// A table read from a file.
#[derive(Clone, Debug)]
pub struct Table {
    /// Worksheet name, for workbooks.
    pub sheet: Option<String>,
    /// Non-empty rows in file order, including the header row.
    pub rows: Vec<Row>,
    /// Text encoding detected (UTF-8, GB18030) or `xlsx`.
    pub encoding: &'static str,
}

impl Table {
    /// A location in this table, for errors.
    pub fn cell(&self, line: u64, column: usize, name: Option<&str>) -> Location {
        let mut l = Location::cell(line, column as u64 + 1, name);
        l.sheet = self.sheet.clone();
        l
    }

    /// A whole line.
    pub fn line(&self, line: u64) -> Location {
        let mut l = Location::line(line);
        l.sheet = self.sheet.clone();
        l
    }

    /// The rows after `rows[header]` that do not have the header's number of fields: a row cut
    /// short (an interrupted export, a lost comma) or one with a field too many would be read
    /// into the wrong columns, so each is an error naming its line and both counts. A worksheet
    /// is a grid, so there only a value beyond the header's last column counts.
    pub fn field_count_errors(&self, path: &Path, header: usize) -> Vec<InputError> {
        let Some(head) = self.rows.get(header) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if self.sheet.is_some() {
            let width = head
                .cells
                .iter()
                .rposition(|c| !c.is_empty())
                .map_or(0, |i| i + 1);
            for row in &self.rows[header + 1..] {
                if let Some(i) = row.cells.iter().skip(width).position(|c| !c.is_empty()) {
                    let col = width + i;
                    out.push(
                        InputError::at(
                            path,
                            self.cell(row.line, col, None),
                            format!(
                                "第{}行在表头之外的第{}列还有数值“{}”：表头只有{width}列",
                                row.line,
                                col + 1,
                                row.cells[col]
                            ),
                        )
                        .hint("请删除表头之外的内容，或为这一列补上表头"),
                    );
                }
            }
            return out;
        }
        let width = head.cells.len();
        for row in &self.rows[header + 1..] {
            let n = row.cells.len();
            if n == width {
                continue;
            }
            let e = if n < width {
                InputError::at(
                    path,
                    self.line(row.line),
                    format!(
                        "第{}行只有{n}个字段，表头有{width}个字段：这一行不完整（可能被截断或少了分隔符）",
                        row.line
                    ),
                )
                .hint("请补全这一行（缺测的数值留空，但要保留分隔的逗号），或删除这一行")
            } else {
                InputError::at(
                    path,
                    self.line(row.line),
                    format!(
                        "第{}行有{n}个字段，比表头的{width}个字段多{}个：多出的值无法对应到列",
                        row.line,
                        n - width
                    ),
                )
                .hint("请检查这一行是否多了逗号（数值中不要用逗号分隔千位），或表头是否少了一列")
            };
            out.push(e);
        }
        out
    }
}

/// Whether readers show progress bars on standard error (the command line turns them on for a
/// terminal without `-q`; tests, cron logs and pipes never see them).
static PROGRESS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Turns progress bars on or off for the readers of this process.
pub fn show_progress(on: bool) {
    PROGRESS.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// A progress bar over `total` bytes (bytes read, throughput, time left) labelled `what`, or
/// `None` when bars are off.
pub fn progress_bytes(total: u64, what: &str) -> Option<indicatif::ProgressBar> {
    progress_bar(
        total,
        what,
        "{msg} [{bar:20}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec}，还需 {eta}",
    )
}

/// A progress bar over `total` items (documents) labelled `what`, or `None` when bars are off.
pub fn progress_items(total: u64, what: &str) -> Option<indicatif::ProgressBar> {
    progress_bar(total, what, "{msg} [{bar:20}] {pos}/{len}，还需 {eta}")
}

fn progress_bar(total: u64, what: &str, template: &str) -> Option<indicatif::ProgressBar> {
    if !PROGRESS.load(std::sync::atomic::Ordering::Relaxed) {
        return None;
    }
    let style = indicatif::ProgressStyle::with_template(template)
        .ok()?
        .progress_chars("=> ");
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    )
    .with_style(style)
    .with_message(what.to_string());
    Some(bar)
}

/// Reads a CSV or workbook. Workbooks are recognised by their content (a ZIP file), not only by
/// the `.xlsx` name, since staff rename files.
pub fn read_table(path: &Path) -> Result<Table, InputError> {
    let bytes = std::fs::read(path).map_err(|e| {
        InputError::file(path, format!("无法读取：{}", io_reason(&e)))
            .hint("请检查文件路径是否正确、文件是否存在且有读取权限")
    })?;
    if bytes.is_empty() {
        return Err(InputError::file(path, "文件为空").hint("请导出包含表头和数据行的文件"));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(path);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(
            InputError::file(path, "这是旧版 Excel（.xls）文件，无法直接读取")
                .hint("请在 Excel 中“另存为” .xlsx 工作簿或 CSV（UTF-8）文件"),
        );
    }
    let (text, encoding) = decode(path, &bytes)?;
    read_csv(path, &text, encoding)
}

/// A short Chinese reason for an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".into(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        _ => e.to_string(),
    }
}

/// Decodes text: UTF-8 (BOM optional), then GB18030 (which includes GBK and GB2312); anything
/// else is an error at the first byte that fits neither.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<(String, &'static str), InputError> {
    // Excel's "Unicode text" (UTF-16 with a byte-order mark).
    for (bom, enc, name) in [
        (&[0xFF, 0xFE], encoding_rs::UTF_16LE, "UTF-16LE"),
        (&[0xFE, 0xFF], encoding_rs::UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(body) = bytes.strip_prefix(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(body);
            if had_errors {
                let at = text.find('\u{FFFD}').unwrap_or(0);
                let (line, col) = line_column(&text, at);
                return Err(InputError::at(
                    path,
                    Location::cell(line, col, None),
                    "此处的字节不是有效的 UTF-16（Unicode 文本）编码：文件可能已损坏",
                )
                .hint("请在 Excel 中重新“另存为”Unicode 文本，或另存为“CSV UTF-8（逗号分隔）”"));
            }
            return Ok((text.into_owned(), name));
        }
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let bad_encoding = |offset: usize| {
        let before = &body[..offset];
        let prefix = match std::str::from_utf8(before) {
            Ok(s) => s.to_string(),
            Err(_) => encoding_rs::GB18030
                .decode_without_bom_handling(before)
                .0
                .into_owned(),
        };
        let (line, col) = line_column(&prefix, prefix.len());
        InputError::at(
            path,
            Location::cell(line, col, None),
            "此处的字节无法按 UTF-8 或 GB18030（GBK）编码识别：文件编码有误，或不是文本文件",
        )
        .hint("请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或用 GBK/GB18030 编码的 CSV 文件")
    };
    if let Some(pos) = body.iter().position(|b| *b == 0) {
        return Err(bad_encoding(pos));
    }
    match std::str::from_utf8(body) {
        Ok(s) => Ok((s.to_string(), "UTF-8")),
        Err(_) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(body);
            if had_errors {
                return Err(bad_encoding(first_gb18030_error(body)));
            }
            Ok((text.into_owned(), "GB18030"))
        }
    }
}

/// Byte offset of the first sequence that is not GB18030.
fn first_gb18030_error(body: &[u8]) -> usize {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len() * 4 + 16);
    let mut out = String::with_capacity(cap);
    let mut done = 0;
    loop {
        let (res, read) =
            decoder.decode_to_string_without_replacement(&body[done..], &mut out, true);
        done += read;
        match res {
            // The malformed sequence ends `extra` bytes before the decoder's position.
            encoding_rs::DecoderResult::Malformed(bad, extra) => {
                return done.saturating_sub(usize::from(bad) + usize::from(extra));
            }
            encoding_rs::DecoderResult::InputEmpty => return body.len(),
            encoding_rs::DecoderResult::OutputFull => out.reserve(body.len() * 4 + 16),
        }
    }
}

/// The field separator of a text table: a tab when the first line has tabs and no commas (Excel's
/// "Unicode text" and "text (tab-separated)" exports), a comma otherwise.
pub fn delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    }
}

fn read_csv(path: &Path, text: &str, encoding: &'static str) -> Result<Table, InputError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    // The csv crate counts a run of line breaks as one, so a record after a blank line would be
    // reported a line early: lines are counted here from the record's byte offset instead.
    // (Its record position is where reading began, before the skipped blank lines.)
    let bytes = text.as_bytes();
    let breaks: Vec<usize> = memchr::memchr_iter(b'\n', bytes).collect();
    let line_at = |byte: u64| {
        let mut b = byte as usize;
        while b < bytes.len() && matches!(bytes[b], b'\n' | b'\r') {
            b += 1;
        }
        breaks.partition_point(|x| *x < b) as u64 + 1
    };
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| line_at(p.byte()));
            InputError::at(path, Location::line(line), format!("CSV 格式有误：{e}"))
                .hint("请检查引号是否成对、分隔符是否为英文逗号")
        })?;
        let line = rec.position().map_or(0, |p| line_at(p.byte()));
        let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        rows.push(Row { line, cells });
    }
    Ok(Table {
        sheet: None,
        rows,
        encoding,
    })
}

fn read_xlsx(path: &Path) -> Result<Table, InputError> {
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).map_err(|e| {
        InputError::file(path, format!("无法作为 Excel 工作簿打开：{e}"))
            .hint("请确认文件是 .xlsx 工作簿，或另存为 CSV 文件")
    })?;
    let names = wb.sheet_names().to_vec();
    for name in names {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| InputError::file(path, format!("无法读取工作表“{name}”：{e}")))?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut rows = Vec::new();
        for (i, r) in range.rows().enumerate() {
            let mut cells: Vec<String> = vec![String::new(); col0 as usize];
            cells.extend(r.iter().map(cell_text));
            if cells.iter().all(String::is_empty) {
                continue;
            }
            rows.push(Row {
                line: u64::from(row0) + i as u64 + 1,
                cells,
            });
        }
        if !rows.is_empty() {
            return Ok(Table {
                sheet: Some(name),
                rows,
                encoding: "xlsx",
            });
        }
    }
    Err(InputError::file(path, "工作簿中没有任何数据").hint("请把数据放在第一个工作表中"))
}

/// A worksheet cell as the text a CSV export would hold: dates as YYYY-MM-DD.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) => {
            let s = format!("{f}");
            s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
        }
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) => t.date().format("%Y-%m-%d").to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#ERROR {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_and_gb18030() {
        let p = Path::new("x.csv");
        let (t, e) = decode(p, "\u{feff}日期,城市".as_bytes()).unwrap();
        assert_eq!((t.as_str(), e), ("日期,城市", "UTF-8"));
        let (gbk, _, _) = encoding_rs::GB18030.encode("日期,城市\n2022-01-01,南宁市");
        let (t, e) = decode(p, &gbk).unwrap();
        assert_eq!((t.as_str(), e), ("日期,城市\n2022-01-01,南宁市", "GB18030"));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("日期\t城市\r\n".encode_utf16().flat_map(u16::to_le_bytes));
        let (t, e) = decode(p, &utf16).unwrap();
        assert_eq!((t.as_str(), e), ("日期\t城市\r\n", "UTF-16LE"));
        assert_eq!(delimiter(&t), b'\t');
        assert_eq!(delimiter("date,city\t x\n"), b',');
    }

    #[test]
    fn rows_of_another_width_are_errors_with_both_counts() {
        let p = Path::new("d.csv");
        let t = read_csv(p, "a,b,c\n1,2,3\n1,2\n\n1,2,3,4\n1,2,3", "UTF-8").unwrap();
        let e = t.field_count_errors(p, 0);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].location.as_ref().unwrap().line, 3);
        assert!(
            e[0].message.contains("只有2个字段，表头有3个字段"),
            "{}",
            e[0].message
        );
        assert_eq!(e[1].location.as_ref().unwrap().line, 5);
        assert!(e[1].message.contains("有4个字段，比表头的3个字段多1个"));
    }

    #[test]
    fn undecodable_bytes_are_located() {
        let p = Path::new("x.csv");
        let mut bytes = b"date,city\n2022-01-01,".to_vec();
        bytes.extend([0x81, 0x20]);
        let e = decode(p, &bytes).unwrap_err();
        let loc = e.location.unwrap();
        assert_eq!((loc.line, loc.column), (2, Some(12)));
        assert!(decode(p, b"a\0b").is_err());
    }
}
