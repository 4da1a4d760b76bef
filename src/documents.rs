//! Producing documents: a report model, then one of its outputs (PDF, the model as JSON, or the
//! Typst sources with their data for a template designer), written atomically under predictable
//! names: `2022-11-月通报.pdf`, `2022-11-城市排名.xlsx` …

use crate::calendar::{Month, Week};
use crate::export;
use crate::load::Loaded;
use crate::output::write_atomic;
use crate::render::{Job, Renderer};
use crate::report::common::MetaInput;
use crate::report::wording::Texts;
use crate::report::{daily, monthly, ranking, weekly};
use crate::templates::Templates;
use anyhow::{Context, Result};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What to write for a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DocFormat {
    /// PDF 公文（城市排名另附 XLSX、CSV 和 HTML）
    Pdf,
    /// 报告模型（JSON）
    Json,
    /// Typst 源文件和数据（供模板设计人员手工编译和调整）
    Typ,
    /// Word 版（.docx，可在 Word、WPS 中修改；与 PDF 同一套文字、表格和图）
    Docx,
}

/// Options shared by document commands.
#[derive(Clone, Debug)]
pub struct DocOptions {
    pub format: DocFormat,
    pub output_dir: PathBuf,
    /// The document's date (成文/印发日期).
    pub date: Option<NaiveDate>,
    /// PDF timestamp override (`SOURCE_DATE_EPOCH`).
    pub timestamp: Option<NaiveDateTime>,
    pub pdfa: bool,
}

/// Tools a run needs once: the template registry, the wording built from its text snippets,
/// and the renderer (layouts parsed and fonts loaded once).
pub struct Tools {
    pub templates: Templates,
    pub texts: Texts,
    pub renderer: Renderer,
}

impl Tools {
    /// Templates and fonts from the configuration.
    pub fn new(l: &Loaded) -> Result<Tools> {
        let templates = Templates::load(l.config.template_dir.as_deref())?;
        let renderer = Renderer::new(&templates, &l.config.font_dirs)?;
        for w in renderer.font_warnings() {
            eprintln!("警告：{w}");
        }
        Ok(Tools {
            texts: Texts::new(&templates)?
                .with_global("unit", &l.plan.unit)
                .with_number("list_limit", l.config.list_limit)
                .with_flag("group_ranking", l.config.group_ranking),
            renderer,
            templates,
        })
    }
}

/// The metadata input of a document from the configuration.
pub fn meta_input<'a>(
    l: &'a Loaded,
    bulletin_name: &'a str,
    date: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> MetaInput<'a> {
    let rules: Vec<String> = l
        .rules
        .ids_between(from, to)
        .iter()
        .filter_map(|id| {
            l.rules.by_id(id).map(|s| {
                s.name
                    .split(" / ")
                    .map(|p| p.replace(' ', "\u{a0}"))
                    .collect::<Vec<_>>()
                    .join("、")
            })
        })
        .collect();
    MetaInput {
        office: &l.config.office,
        to: &l.config.to,
        bulletin_name,
        cc: &l.config.cc,
        date,
        plan: &l.plan.name,
        rules: rules.join("、"),
    }
}

/// A document ready to render: its report model as JSON and where it goes.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// monthly, ranking, weekly, daily.
    pub kind: &'static str,
    /// 2022-11, 2022-W45, 2022-12-10.
    pub period: String,
    pub template: &'static str,
    /// File name without extension: `2022-11-月通报`.
    pub stem: String,
    pub ident: String,
    pub date: NaiveDate,
    pub json: Vec<u8>,
    /// Extra files beside the PDF (the ranking's tables): extension and bytes.
    pub extras: Vec<(&'static str, Vec<u8>)>,
}

fn prepared<M: Serialize>(
    kind: &'static str,
    period: String,
    template: &'static str,
    stem: String,
    date: NaiveDate,
    model: &M,
) -> Result<Prepared> {
    let json = crate::export::json(model).context("无法序列化报告模型")?;
    Ok(Prepared {
        kind,
        ident: format!("air-bulletin/{kind}/{period}"),
        period,
        template,
        stem,
        date,
        json,
        extras: Vec::new(),
    })
}

impl Prepared {
    /// The rendering job of this document (PDF timestamp from `SOURCE_DATE_EPOCH` when given).
    pub fn job(&self, timestamp: Option<NaiveDateTime>, pdfa: bool) -> Job {
        Job {
            template: self.template.to_string(),
            data: self.json.clone(),
            ident: self.ident.clone(),
            date: self.date,
            timestamp,
            pdfa,
        }
    }
}

/// Renders a prepared document to PDF bytes (Typst's warnings go to standard error).
pub fn render(tools: &Tools, p: &Prepared, opts: &DocOptions) -> Result<Vec<u8>> {
    let job = p.job(opts.timestamp, opts.pdfa);
    let (bytes, compiled) = tools.renderer.render_pdf(&job)?;
    for w in &compiled.warnings {
        eprintln!("模板警告：{w}");
    }
    Ok(bytes)
}

/// The Word edition of a prepared document: laid out as for the PDF, then rebuilt in Word from
/// the layout's outline (the same sentences, tables and pictures).
pub fn render_docx(tools: &Tools, p: &Prepared, opts: &DocOptions) -> Result<Vec<u8>> {
    let job = p.job(opts.timestamp, false);
    let compiled = tools.renderer.compile(&job)?;
    let blocks = crate::render::outline::outline(&compiled.document)?;
    let meta: serde_json::Value = serde_json::from_slice(&p.json).context("报告模型")?;
    let text = |k: &str| meta["meta"][k].as_str().unwrap_or_default().to_string();
    let (title, author) = (text("title"), text("office"));
    crate::export::docx::docx(
        &blocks,
        &crate::export::docx::DocxInfo {
            title: &title,
            author: &author,
            date: p.date,
        },
    )
}

/// Writes a prepared document in the requested format; returns the files written.
pub fn write_prepared(tools: &Tools, p: &Prepared, opts: &DocOptions) -> Result<Vec<PathBuf>> {
    let dir = &opts.output_dir;
    let stem = &p.stem;
    match opts.format {
        DocFormat::Json => {
            let path = dir.join(format!("{stem}.json"));
            write_atomic(&path, &p.json)?;
            Ok(vec![path])
        }
        DocFormat::Typ => write_typ(tools, &p.json, p.template, &dir.join(format!("{stem}-typ"))),
        DocFormat::Docx => {
            let bytes = render_docx(tools, p, opts)?;
            let path = dir.join(format!("{stem}.docx"));
            write_atomic(&path, &bytes)?;
            Ok(vec![path])
        }
        DocFormat::Pdf => {
            let bytes = render(tools, p, opts)?;
            let path = dir.join(format!("{stem}.pdf"));
            write_atomic(&path, &bytes)?;
            let mut files = vec![path];
            for (ext, bytes) in &p.extras {
                let e = dir.join(format!("{stem}.{ext}"));
                write_atomic(&e, bytes)?;
                files.push(e);
            }
            Ok(files)
        }
    }
}

/// The Typst sources and `data.json` in a folder, compilable with `typst compile <template>`.
fn write_typ(tools: &Tools, json: &[u8], template: &str, dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for t in tools.templates.with_suffix(".typ") {
        let p = dir.join(&t.name);
        write_atomic(&p, t.text.as_bytes())?;
        out.push(p);
    }
    let p = dir.join("data.json");
    write_atomic(&p, json)?;
    out.push(p);
    let readme = format!(
        "用 Typst 手工编译本文书：\n\n    typst compile --root . --font-path <字体目录> {template}\n\n字体目录可用本项目的 fonts/。\n"
    );
    let p = dir.join("README.txt");
    write_atomic(&p, readme.as_bytes())?;
    out.push(p);
    Ok(out)
}

/// The input of a month's documents (dated the 5th of the next month unless `date` is given).
fn month_input<'a>(
    l: &'a Loaded,
    name: &'a str,
    month: Month,
    date: Option<NaiveDate>,
) -> monthly::MonthlyInput<'a> {
    let date = date.unwrap_or_else(|| month.default_issue_date());
    monthly::MonthlyInput {
        settings: l.settings(),
        data: &l.data,
        month,
        requirements: &l.config.monthly_requirements,
        counties: l.county_settings(),
        meta: meta_input(l, name, date, month.year_start(), month.last()),
    }
}

/// The monthly bulletin of a month.
pub fn prepare_monthly(
    l: &Loaded,
    tools: &Tools,
    month: Month,
    date: Option<NaiveDate>,
) -> Result<Prepared> {
    let input = month_input(l, &l.config.names.monthly, month, date);
    let model = monthly::build(&tools.texts, &input)?;
    let key = month.key();
    prepared(
        "monthly",
        key.clone(),
        "monthly.typ",
        format!("{key}-月通报"),
        input.meta.date,
        &model,
    )
}

/// The ranking release of a month, with its XLSX, CSV and HTML tables.
pub fn prepare_ranking(
    l: &Loaded,
    tools: &Tools,
    month: Month,
    date: Option<NaiveDate>,
) -> Result<Prepared> {
    let input = month_input(l, &l.config.names.ranking, month, date);
    let model = ranking::build(&tools.texts, &input)?;
    let key = month.key();
    let mut p = prepared(
        "ranking",
        key.clone(),
        "ranking.typ",
        format!("{key}-城市排名"),
        input.meta.date,
        &model,
    )?;
    p.extras = vec![
        ("xlsx", export::ranking::xlsx(&model)?),
        ("csv", export::ranking::csv(&model)?),
        ("html", export::ranking::html(&model, &tools.templates)?),
    ];
    Ok(p)
}

/// The weekly bulletin of an ISO week (dated the Monday after it unless `date` is given).
pub fn prepare_weekly(
    l: &Loaded,
    tools: &Tools,
    week: Week,
    date: Option<NaiveDate>,
) -> Result<Prepared> {
    let date = date.unwrap_or(week.sunday + chrono::Days::new(1));
    let input = weekly::WeeklyInput {
        settings: l.settings(),
        data: &l.data,
        week,
        campaign: l
            .config
            .campaign
            .as_ref()
            .map(|c| (c.name.as_str(), c.start, c.end, c.first_issue)),
        requirements: &l.config.requirements,
        meta: meta_input(l, &l.config.names.weekly, date, week.monday, week.sunday),
    };
    let model = weekly::build(&tools.texts, &input)?;
    let key = week.key();
    prepared(
        "weekly",
        key.clone(),
        "weekly.typ",
        format!("{key}-周调度通报"),
        date,
        &model,
    )
}

/// The daily scheduling sheet of a day (dated the day after unless `date` is given).
pub fn prepare_daily(
    l: &Loaded,
    tools: &Tools,
    day: NaiveDate,
    date: Option<NaiveDate>,
) -> Result<Prepared> {
    let date = date.unwrap_or(day + chrono::Days::new(1));
    let input = daily::DailyInput {
        settings: l.settings(),
        data: &l.data,
        date: day,
        meta: meta_input(l, &l.config.names.daily, date, day, day),
        forecasts: &l.forecasts,
        response: l
            .config
            .responses
            .iter()
            .find(|(a, b, _)| *a <= day && day <= *b)
            .map(|(_, _, r)| r.as_str()),
    };
    let model = daily::build(&tools.texts, &input)?;
    prepared(
        "daily",
        day.to_string(),
        "daily.typ",
        format!("{day}-日调度"),
        date,
        &model,
    )
}

/// The monthly bulletin of a month, written.
pub fn monthly(l: &Loaded, tools: &Tools, month: Month, opts: &DocOptions) -> Result<Vec<PathBuf>> {
    write_prepared(tools, &prepare_monthly(l, tools, month, opts.date)?, opts)
}

/// The ranking release of a month, written (with XLSX, CSV and HTML beside the PDF).
pub fn ranking(l: &Loaded, tools: &Tools, month: Month, opts: &DocOptions) -> Result<Vec<PathBuf>> {
    write_prepared(tools, &prepare_ranking(l, tools, month, opts.date)?, opts)
}

/// The weekly bulletin of a week, written.
pub fn weekly(l: &Loaded, tools: &Tools, week: Week, opts: &DocOptions) -> Result<Vec<PathBuf>> {
    write_prepared(tools, &prepare_weekly(l, tools, week, opts.date)?, opts)
}

/// The daily sheet of a day, written.
pub fn daily(l: &Loaded, tools: &Tools, day: NaiveDate, opts: &DocOptions) -> Result<Vec<PathBuf>> {
    write_prepared(tools, &prepare_daily(l, tools, day, opts.date)?, opts)
}
