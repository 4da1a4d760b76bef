//! The monthly bulletin (月通报): the month and 1—N月 for the region and every city, rankings with
//! ties, the change ranking, progress against the plan's targets and the bottom three, in the form
//! of Guangxi's monthly air-quality bulletin (docs/rules.md#ranks, #document-layout).

use super::common::{
    period_text, progress_rows, progress_text, ranked, table_row, DocMeta, MetaInput, PeriodText,
    ProgressRow, ProgressText, TableRow, MODEL_VERSION,
};
use super::wording::{month_day_cn, Texts};
use crate::calendar::Month;
use crate::model::Dataset;
use crate::stats::summary::{summarize, Settings, Summary};
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

/// One period of the bulletin (the month, or 1—N月).
#[derive(Clone, Debug, Serialize)]
pub struct PeriodBlock {
    /// 11月 or 1—11月.
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The region paragraph.
    pub summary: String,
    /// One sentence per group of cities (key region) of the plan.
    pub groups: Vec<String>,
    /// The ranking sentence, good → bad, with 并列.
    pub ranking: String,
    /// The change (改善幅度) ranking sentence.
    pub change_ranking: String,
    /// The bottom three named.
    pub bottom: String,
    pub table_title: String,
    /// How the region's ratio is made, with its city-days (for the table's note).
    pub base: String,
    /// Cities in ranking order.
    pub rows: Vec<TableRow>,
    pub region: TableRow,
    /// Note on cities short of valid data (empty when none).
    pub footnote: String,
    pub has_previous: bool,
}

/// Progress against the plan's targets, year to date.
#[derive(Clone, Debug, Serialize)]
pub struct ProgressBlock {
    pub summary: String,
    pub table_title: String,
    pub chart_title: String,
    pub rows: Vec<ProgressRow>,
    pub region: Option<ProgressRow>,
    pub note: String,
}

/// The monthly bulletin's model.
#[derive(Clone, Debug, Serialize)]
pub struct MonthlyReport {
    pub version: u32,
    pub kind: &'static str,
    /// The national style: the city tables (and the progress table) are 附表 after the body, in
    /// a compact type size; the body has no PM2.5 chart.
    pub appendix: bool,
    pub meta: DocMeta,
    pub intro: String,
    pub month: PeriodBlock,
    /// 1—N月; none in January, when it would repeat the month.
    pub ytd: Option<PeriodBlock>,
    /// The county-level units, when configured.
    pub counties: Option<super::counties::CountyBlock>,
    /// None when the plan's year is not the bulletin's.
    pub progress: Option<ProgressBlock>,
    /// 工作要求, one paragraph each (from the configuration; none when empty).
    pub requirements: Vec<String>,
    pub closing: String,
}

/// What a monthly bulletin is built from.
pub struct MonthlyInput<'a> {
    pub settings: Settings<'a>,
    pub data: &'a Dataset,
    pub month: Month,
    /// The closing work requirements (工作要求), one paragraph each.
    pub requirements: &'a [String],
    /// The county-level set: its settings, data and how many to name at each end.
    pub counties: Option<(Settings<'a>, &'a Dataset, usize)>,
    pub meta: MetaInput<'a>,
}

#[derive(Serialize)]
struct Ctx<'a> {
    p: &'a PeriodText,
    year: i32,
    month: u32,
    table: String,
}

fn block(
    texts: &Texts,
    label: &str,
    table_no: &str,
    summary: &Summary,
    year: i32,
    month: u32,
    unit: &str,
) -> Result<PeriodBlock> {
    let p = period_text(label, summary);
    let table_title = format!("{table_no}　{year}年{label}各{unit}环境空气质量状况");
    let ctx = Ctx {
        p: &p,
        year,
        month,
        table: table_no.to_string(),
    };
    let rows = ranked(&summary.cities, |r| r.rank)
        .into_iter()
        .chain(summary.cities.iter().filter(|r| r.rank.is_none()))
        .map(table_row)
        .collect();
    Ok(PeriodBlock {
        label: label.to_string(),
        from: summary.from,
        to: summary.to,
        summary: texts.render("monthly.j2", "summary", &ctx)?,
        groups: group_sentences(texts, "monthly.j2", summary, label)?,
        ranking: texts.render("monthly.j2", "ranking", &ctx)?,
        change_ranking: if p.has_change {
            texts.render("monthly.j2", "change_ranking", &ctx)?
        } else {
            String::new()
        },
        bottom: texts.render("monthly.j2", "bottom", &ctx)?,
        table_title,
        rows,
        region: table_row(&summary.region),
        base: texts.render("monthly.j2", "base", &ctx)?,
        footnote: if p.short.is_empty() {
            String::new()
        } else {
            texts.render("monthly.j2", "footnote", &ctx)?
        },
        has_previous: summary.region.previous.is_some(),
    })
}

/// One sentence per group of cities: its good-day and heavy-day ratios, PM2.5, O3 and index with
/// their year-on-year changes (the `group` macro of `file`).
pub fn group_sentences(
    texts: &Texts,
    file: &str,
    summary: &Summary,
    label: &str,
) -> Result<Vec<String>> {
    #[derive(Serialize)]
    struct GCtx<'a> {
        g: &'a super::common::GroupText,
        label: &'a str,
    }
    super::common::group_texts(summary)
        .iter()
        .map(|g| texts.render(file, "group", &GCtx { g, label }))
        .collect()
}

/// Builds the monthly bulletin.
pub fn build(texts: &Texts, input: &MonthlyInput) -> Result<MonthlyReport> {
    let (y, m) = (input.month.year(), input.month.number());
    let (first, last) = (input.month.first(), input.month.last());
    let month_summary = summarize(&input.settings, input.data, first, last);
    let ytd_summary = summarize(&input.settings, input.data, input.month.year_start(), last);
    let month_label = input.month.label();
    let ytd_label = input.month.ytd_label();
    let region_name = &input.settings.plan.region_name;
    let area = &input.settings.plan.area;
    let title = if m == 1 {
        vec![format!("{y}年1月{area}城市环境空气质量状况")]
    } else {
        vec![
            format!("{y}年{m}月和1—{m}月"),
            format!("{area}城市环境空气质量状况"),
        ]
    };
    let unit = &input.settings.plan.unit;
    let meta = DocMeta::new(&input.meta, title, format!("{y}年第{m}期"), unit);
    // Many cities (the national style): the city tables go to the appendix (附表) after the
    // body, numbered on their own; the body keeps the county table.
    let appendix = texts.national(input.settings.plan.cities.len());
    let mut body_no = 0;
    let mut appendix_no = 0;
    let mut city_table = || {
        if appendix {
            appendix_no += 1;
            format!("附表{appendix_no}")
        } else {
            body_no += 1;
            format!("表{body_no}")
        }
    };
    let month = block(
        texts,
        &month_label,
        &city_table(),
        &month_summary,
        y,
        m,
        unit,
    )?;
    // In January the year to date is the month itself: one section, one table.
    let ytd = if m == 1 {
        None
    } else {
        Some(block(
            texts,
            &ytd_label,
            &city_table(),
            &ytd_summary,
            y,
            m,
            unit,
        )?)
    };
    // Tables are numbered as they appear: the month, 1—N月, the counties, the progress.
    let county_table = if appendix {
        1
    } else if m == 1 {
        2
    } else {
        3
    };
    let progress_table = if appendix {
        format!("附表{}", if m == 1 { 2 } else { 3 })
    } else {
        format!("表{}", county_table + u32::from(input.counties.is_some()))
    };
    let progress = if ytd_summary.cities.iter().any(|r| r.target.is_some()) {
        let (rows, region) = progress_rows(&ytd_summary);
        let pt: ProgressText = progress_text(&ytd_summary, &month_day_cn(last));
        #[derive(Serialize)]
        struct PCtx<'a> {
            t: &'a ProgressText,
            plan: &'a str,
            year: i32,
            /// Counts instead of names (the national style).
            national: bool,
            /// Where the city-by-city progress is: 表3 or 附表3.
            table: &'a str,
        }
        let ctx = PCtx {
            t: &pt,
            plan: &input.settings.plan.name,
            year: y,
            national: appendix,
            table: &progress_table,
        };
        Some(ProgressBlock {
            summary: texts.render("monthly.j2", "progress", &ctx)?,
            table_title: format!(
                "{progress_table}　截至{}各{unit}年度目标完成进度",
                month_day_cn(last)
            ),
            chart_title: format!("图1　{ytd_label}各{unit}PM2.5平均浓度与年度目标"),
            rows,
            region,
            note: texts.render("monthly.j2", "progress_note", &ctx)?,
        })
    } else {
        None
    };
    #[derive(Serialize)]
    struct ICtx<'a> {
        year: i32,
        month: u32,
        region_name: &'a str,
        city_count: usize,
        ytd_label: &'a str,
        plan: &'a str,
        rules: &'a str,
        dust_deduct: bool,
        /// The month's dust-affected city-days per city.
        dust: Vec<String>,
        /// Their sum, said instead of the list when more than 20 cities had dust.
        dust_total: u32,
    }
    let ictx = ICtx {
        year: y,
        month: m,
        region_name,
        city_count: input.settings.plan.cities.len(),
        ytd_label: &ytd_label,
        plan: &input.settings.plan.name,
        rules: &input.meta.rules,
        dust_deduct: input.settings.dust_deduct,
        dust: super::common::dust_list(&month_summary),
        dust_total: super::common::dust_total(&month_summary),
    };
    Ok(MonthlyReport {
        version: MODEL_VERSION,
        kind: "monthly",
        appendix,
        intro: texts.render("monthly.j2", "intro", &ictx)?,
        closing: texts.render("monthly.j2", "closing", &ictx)?,
        meta,
        month,
        ytd,
        counties: match &input.counties {
            Some((set, data, n)) => Some(super::counties::build(
                texts,
                set,
                data,
                input.month,
                *n,
                county_table,
            )?),
            None => None,
        },
        progress,
        requirements: input.requirements.to_vec(),
    })
}
