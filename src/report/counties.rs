//! The monthly bulletin's county-level section: a second ranked set (县（市、区）) with its own
//! list and data, of which the first and last N by composite index are named and tabled
//! (Guangxi's monthly bulletin ranks its county-level cities, top and bottom 10).

use super::common::{ranked, table_row, TableRow};
use super::wording::{ranking_list_labelled, Texts};
use crate::calendar::Month;
use crate::model::Dataset;
use crate::stats::summary::{summarize, Row, Settings};
use anyhow::Result;
use serde::Serialize;

/// The section's model.
#[derive(Clone, Debug, Serialize)]
pub struct CountyBlock {
    /// 县（市、区）.
    pub unit: String,
    pub summary: String,
    pub table_title: String,
    /// The first N, best first, then the last N, best first (ties extend either list).
    pub top: Vec<TableRow>,
    pub bottom: Vec<TableRow>,
    pub note: String,
}

/// The first `n` by rank, extended by the cities tied with the n-th.
fn first_n<'a>(by_rank: &[&'a Row], n: usize) -> Vec<&'a Row> {
    let Some(cut) = by_rank.get(n.saturating_sub(1)).map(|r| r.rank) else {
        return by_rank.to_vec();
    };
    by_rank.iter().filter(|r| r.rank <= cut).copied().collect()
}

/// The last `n` by rank, extended by the cities tied with the n-th from the end; best first.
fn last_n<'a>(by_rank: &[&'a Row], n: usize) -> Vec<&'a Row> {
    let len = by_rank.len();
    if len <= n {
        return by_rank.to_vec();
    }
    let cut = by_rank[len - n].rank;
    by_rank.iter().filter(|r| r.rank >= cut).copied().collect()
}

/// Builds the section for a month.
pub fn build(
    texts: &Texts,
    set: &Settings,
    data: &Dataset,
    month: Month,
    n: usize,
    table_no: u32,
) -> Result<CountyBlock> {
    let s = summarize(set, data, month.first(), month.last());
    let by_rank = ranked(&s.cities, |r| r.rank);
    let label = |rows: &[&Row]| {
        ranking_list_labelled(
            &rows
                .iter()
                .map(|r| {
                    let name = if r.current.sufficient {
                        r.name.clone()
                    } else {
                        format!("{}*", r.name)
                    };
                    (name, r.name.clone(), r.rank.unwrap_or(0))
                })
                .collect::<Vec<_>>(),
        )
    };
    let top = first_n(&by_rank, n);
    let mut bottom = last_n(&by_rank, n);
    let worst_first: Vec<&Row> = bottom.iter().rev().copied().collect();
    #[derive(Serialize)]
    struct Ctx<'a> {
        c: C<'a>,
    }
    #[derive(Serialize)]
    struct C<'a> {
        label: String,
        unit: &'a str,
        count: usize,
        region_name: &'a str,
        top_n: usize,
        bottom_n: usize,
        top_list: String,
        bottom_list: String,
        short: Vec<String>,
    }
    let ctx = Ctx {
        c: C {
            label: month.label(),
            unit: &set.plan.unit,
            count: s.cities.len(),
            region_name: &set.plan.region_name,
            top_n: top.len(),
            bottom_n: bottom.len(),
            top_list: label(&top),
            bottom_list: label(&worst_first),
            short: s
                .cities
                .iter()
                .filter(|r| !r.current.sufficient)
                .map(|r| format!("{}（{}天）", r.name, r.current.counts.valid_days))
                .collect(),
        },
    };
    // A city in both lists (a small set) is tabled once.
    bottom.retain(|r| !top.iter().any(|t| t.name == r.name));
    Ok(CountyBlock {
        unit: set.plan.unit.clone(),
        summary: texts.render("monthly.j2", "counties", &ctx)?,
        table_title: format!(
            "表{table_no}　{}年{}各{}环境空气质量综合指数排名（前{}位和后{}位）",
            month.year(),
            month.label(),
            set.plan.unit,
            ctx.c.top_n,
            ctx.c.bottom_n
        ),
        top: top.into_iter().map(table_row).collect(),
        bottom: bottom.into_iter().map(table_row).collect(),
        note: texts.render("monthly.j2", "counties_note", &ctx)?,
    })
}
