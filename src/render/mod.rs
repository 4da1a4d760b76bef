//! Rendering: Typst compiled into the binary. A [`Renderer`] holds the templates and fonts (parsed
//! once per process) and turns a serializable report model into a laid-out document and PDF bytes.
//! Renderers are pure: model in, bytes out; writing files is the caller's business.

pub mod fonts;
pub mod inspect;
pub mod outline;
pub mod world;

use crate::templates::Templates;
use anyhow::{anyhow, Result};
use fonts::FontSet;
use std::fmt::Write as _;
use typst::diag::{Severity, SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst::WorldExt;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};
use world::{DocWorld, Prepared};

/// One document to render.
#[derive(Clone, Debug)]
pub struct Job {
    /// The main template, e.g. `monthly.typ`.
    pub template: String,
    /// The report model as JSON (`/data.json` for the template).
    pub data: Vec<u8>,
    /// A stable identifier of the document (hashed into the PDF's ID).
    pub ident: String,
    /// The date the document is dated ("today" for the template; the PDF timestamp unless
    /// `timestamp` is given).
    pub date: chrono::NaiveDate,
    /// The PDF creation timestamp (UTC), from `SOURCE_DATE_EPOCH`.
    pub timestamp: Option<chrono::NaiveDateTime>,
    /// Write PDF/A-2b for archiving.
    pub pdfa: bool,
}

/// A compiled document and the warnings Typst gave.
pub struct Compiled {
    pub document: PagedDocument,
    pub warnings: Vec<String>,
}

/// Templates and fonts, ready for many documents.
pub struct Renderer {
    prepared: Prepared,
    fonts: &'static FontSet,
}

impl Renderer {
    /// The registry's Typst layouts, and the embedded fonts plus `font_dirs`. Extra fonts are
    /// parsed once and kept for the life of the process.
    pub fn new(templates: &Templates, font_dirs: &[std::path::PathBuf]) -> Result<Renderer> {
        let fonts: &'static FontSet = if font_dirs.is_empty() {
            fonts::embedded()
        } else {
            Box::leak(Box::new(FontSet::load(font_dirs)?))
        };
        Ok(Renderer {
            prepared: Prepared::new(templates)?,
            fonts,
        })
    }

    /// Files of the configured font folders that could not be used (they were skipped).
    pub fn font_warnings(&self) -> &[String] {
        &self.fonts.warnings
    }

    /// The embedded templates and fonts.
    pub fn embedded() -> Result<Renderer> {
        Renderer::new(&Templates::embedded(), &[])
    }

    /// Lays out a document. Errors carry Typst's own diagnostics: template file, line, column,
    /// message and hints. A glyph missing from every font (tofu) is an error too.
    pub fn compile(&self, job: &Job) -> Result<Compiled> {
        if !self.prepared.has(&job.template) {
            return Err(anyhow!("找不到模板 {}", job.template));
        }
        let today = to_datetime(job.date);
        let world = DocWorld::new(
            &self.prepared,
            self.fonts,
            &job.template,
            job.data.clone(),
            today,
        )?;
        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        let warnings: Vec<String> = warnings
            .iter()
            .map(|d| format_diagnostic(&world, d))
            .collect();
        let document = output.map_err(|errs| {
            let mut msg = format!("模板 {} 排版失败：", job.template);
            for d in errs.iter() {
                msg.push('\n');
                msg.push_str(&format_diagnostic(&world, d));
            }
            anyhow!(msg)
        })?;
        let tofu = inspect::missing_glyphs(&document);
        if !tofu.is_empty() {
            return Err(anyhow!(
                "以下字符在内嵌字体中没有字形，无法正确显示：{}（请改用常用字，或在配置中添加含这些字的字体目录）",
                tofu.iter().collect::<String>()
            ));
        }
        Ok(Compiled { document, warnings })
    }

    /// PDF bytes of a laid-out document: fixed ID and timestamp, so the same inputs give the same
    /// bytes; PDF/A-2b when asked.
    pub fn pdf(&self, doc: &PagedDocument, job: &Job) -> Result<Vec<u8>> {
        let standards = if job.pdfa {
            PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| anyhow!("PDF/A 设置有误：{e:?}"))?
        } else {
            PdfStandards::default()
        };
        let options = PdfOptions {
            ident: Smart::Custom(job.ident.clone()),
            creator: Smart::Custom(Some(format!("air-bulletin {}", env!("CARGO_PKG_VERSION")))),
            timestamp: to_datetime_time(
                job.timestamp
                    .unwrap_or_else(|| job.date.and_time(chrono::NaiveTime::MIN)),
            )
            .map(Timestamp::new_utc),
            page_ranges: None,
            standards,
            tagged: true,
            pretty: false,
        };
        typst_pdf::pdf(doc, &options).map_err(|errs| {
            let mut msg = String::from("生成 PDF 失败：");
            for d in errs.iter() {
                let _ = write!(msg, "\n{}", d.message);
                for h in &d.hints {
                    let _ = write!(msg, "\n  提示：{}", h.v);
                }
            }
            anyhow!(msg)
        })
    }

    /// Trims Typst's memo cache (entries unused for 10 compilations, typst-cli's policy).
    pub fn trim_cache(&self) {
        self.trim_cache_to(10);
    }

    /// Trims Typst's memo cache to the entries used in the last `calls` trims; a batch calls it
    /// after each document so that memory stays bounded.
    pub fn trim_cache_to(&self, calls: usize) {
        typst::comemo::evict(calls);
    }

    /// Compiles and writes PDF bytes in one step.
    pub fn render_pdf(&self, job: &Job) -> Result<(Vec<u8>, Compiled)> {
        let compiled = self.compile(job)?;
        let bytes = self.pdf(&compiled.document, job)?;
        Ok((bytes, compiled))
    }
}

fn to_datetime(d: chrono::NaiveDate) -> Option<Datetime> {
    use chrono::Datelike;
    Datetime::from_ymd(
        d.year(),
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
}

fn to_datetime_time(t: chrono::NaiveDateTime) -> Option<Datetime> {
    use chrono::{Datelike, Timelike};
    let b = |v: u32| u8::try_from(v).ok();
    Datetime::from_ymd_hms(
        t.year(),
        b(t.month())?,
        b(t.day())?,
        b(t.hour())?,
        b(t.minute())?,
        b(t.second())?,
    )
}

/// One diagnostic as `file:line:column: error: message` with hints and trace, in Typst's words.
pub fn format_diagnostic(world: &DocWorld, d: &SourceDiagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
    };
    let mut s = String::new();
    match (d.span.id(), world.range(d.span)) {
        (Some(id), Some(range)) => {
            let name = world.name_of(id);
            let text = world.text_of(id).unwrap_or_default();
            let lines = typst::syntax::Lines::new(text.clone());
            let (line, col) = lines.byte_to_line_column(range.start).unwrap_or((0, 0));
            let _ = write!(s, "{name}:{}:{}: {kind}: {}", line + 1, col + 1, d.message);
            if let Some(src_line) = text.lines().nth(line) {
                let _ = write!(s, "\n    {}", src_line.trim_end());
            }
        }
        (Some(id), None) => {
            let _ = write!(s, "{}: {kind}: {}", world.name_of(id), d.message);
        }
        _ => {
            let _ = write!(s, "{kind}: {}", d.message);
        }
    }
    for h in &d.hints {
        let _ = write!(s, "\n  提示（hint）：{}", h.v);
    }
    for t in &d.trace {
        let _ = write!(s, "\n  位置：{}", t.v);
    }
    s
}
