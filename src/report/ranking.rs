//! The city ranking release (城市排名): the month's and 1—N月 rankings by composite index for public
//! release, as a short PDF and as the same tables in XLSX, CSV and a self-contained HTML page.

use super::common::{period_text, ranked, table_row, DocMeta, TableRow, MODEL_VERSION};
use super::wording::Texts;
use crate::stats::summary::{summarize, Summary};
use anyhow::Result;
use serde::Serialize;

/// One ranking table.
#[derive(Clone, Debug, Serialize)]
pub struct RankingTable {
    /// 11月 or 1—11月.
    pub label: String,
    pub title: String,
    pub sentence: String,
    /// One sentence per group of cities (key region) of the plan.
    pub groups: Vec<String>,
    /// Cities in ranking order.
    pub rows: Vec<TableRow>,
    pub region: TableRow,
    pub note: String,
}

/// The ranking release's model.
#[derive(Clone, Debug, Serialize)]
pub struct RankingReport {
    pub version: u32,
    pub kind: &'static str,
    /// The national style: every sentence first, then the tables as 附表 in a compact type size.
    pub appendix: bool,
    pub meta: DocMeta,
    pub intro: String,
    pub tables: Vec<RankingTable>,
}

/// What a ranking release is built from: the same as a monthly bulletin.
pub type RankingInput<'a> = super::monthly::MonthlyInput<'a>;

fn table(
    texts: &Texts,
    label: &str,
    table: &str,
    year: i32,
    s: &Summary,
    unit: &str,
    dust_deduct: bool,
) -> Result<RankingTable> {
    let p = period_text(label, s);
    #[derive(Serialize)]
    struct Ctx<'a> {
        p: &'a super::common::PeriodText,
        short: &'a [String],
        dust_deduct: bool,
        /// 表1, or 附表1 in the national style.
        table: String,
    }
    let table = table.to_string();
    let title = format!("{table}　{year}年{label}各{unit}环境空气质量综合指数排名");
    let ctx = Ctx {
        p: &p,
        short: &p.short,
        dust_deduct,
        table,
    };
    Ok(RankingTable {
        label: label.to_string(),
        title,
        sentence: texts.render("ranking.j2", "month", &ctx)?,
        groups: super::monthly::group_sentences(texts, "ranking.j2", s, label)?,
        rows: ranked(&s.cities, |r| r.rank)
            .into_iter()
            .chain(s.cities.iter().filter(|r| r.rank.is_none()))
            .map(table_row)
            .collect(),
        region: table_row(&s.region),
        note: texts.render("ranking.j2", "note", &ctx)?,
    })
}

/// Builds the ranking release.
pub fn build(texts: &Texts, input: &RankingInput) -> Result<RankingReport> {
    let (y, m) = (input.month.year(), input.month.number());
    let (first, last) = (input.month.first(), input.month.last());
    let jan1 = input.month.year_start();
    let region_name = &input.settings.plan.region_name;
    // Many cities (the national style): the sentences first, then the tables as 附表.
    let appendix = texts.national(input.settings.plan.cities.len());
    let name = |no: u32| format!("{}{no}", if appendix { "附表" } else { "表" });
    let mut tables = vec![table(
        texts,
        &input.month.label(),
        &name(1),
        y,
        &summarize(&input.settings, input.data, first, last),
        &input.settings.plan.unit,
        input.settings.dust_deduct,
    )?];
    if m > 1 {
        tables.push(table(
            texts,
            &input.month.ytd_label(),
            &name(2),
            y,
            &summarize(&input.settings, input.data, jan1, last),
            &input.settings.plan.unit,
            input.settings.dust_deduct,
        )?);
    }
    let period = if m == 1 {
        "1月".to_string()
    } else {
        format!("{m}月和1—{m}月")
    };
    #[derive(Serialize)]
    struct Ctx<'a> {
        region_name: &'a str,
        city_count: usize,
        year: i32,
        period: &'a str,
    }
    let intro = texts.render(
        "ranking.j2",
        "intro",
        &Ctx {
            region_name,
            city_count: input.settings.plan.cities.len(),
            year: y,
            period: &period,
        },
    )?;
    Ok(RankingReport {
        version: MODEL_VERSION,
        kind: "ranking",
        appendix,
        meta: DocMeta::new(
            &input.meta,
            vec![
                format!("{y}年{period}"),
                format!(
                    "{}{}环境空气质量排名",
                    input.settings.plan.area, input.settings.plan.unit
                ),
            ],
            format!("{y}年第{m}期"),
            &input.settings.plan.unit,
        ),
        intro,
        tables,
    })
}
