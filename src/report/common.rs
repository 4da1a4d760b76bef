//! Pieces shared by the document models: document metadata (版头, 版记), a city table row with its
//! printed values, progress rows, and the period's wording context.

pub use super::progress::*;
use super::wording::{date_cn, ranking_list_labelled};
use crate::model::Pollutant;
use crate::num::Dec;
use crate::stats::summary::{Row, Summary};

use chrono::NaiveDate;
use serde::Serialize;

/// Version of the document models' JSON layout (templates check it).
pub const MODEL_VERSION: u32 = 1;

/// Metadata of an official document: header (版头), title and imprint (版记).
#[derive(Clone, Debug, Serialize)]
pub struct DocMeta {
    /// The document title (标题), also the PDF title.
    pub title: String,
    /// The title as printed, line by line (a long title is set as a trapezoid).
    pub title_lines: Vec<String>,
    /// The issuing office (发文机关), also the PDF author.
    pub office: String,
    /// The bulletin's name in the red header, e.g. 环境空气质量月通报.
    pub bulletin_name: String,
    /// 期号, e.g. 2022年第11期.
    pub issue: String,
    /// The date of the document, 2022年12月5日.
    pub date: String,
    pub date_iso: NaiveDate,
    /// 抄送 line, without the 抄送： prefix (empty for none).
    pub cc: String,
    /// 印发机关.
    pub printer: String,
    /// 2022年12月5日印发.
    pub print_date: String,
    /// The plan the targets come from.
    pub plan: String,
    /// The standards applied, for the closing note.
    pub rules: String,
    /// What the ranked units are called in titles: 设区市, 城区 … (the plan's 单位).
    pub unit: String,
    /// 主送机关, printed below the title (GB/T 9704 §7.3.3); empty for none.
    pub to: String,
}

/// What every document's metadata is made from.
#[derive(Clone, Debug)]
pub struct MetaInput<'a> {
    pub office: &'a str,
    /// 主送机关 (empty for none).
    pub to: &'a str,
    pub bulletin_name: &'a str,
    pub cc: &'a str,
    pub date: NaiveDate,
    pub plan: &'a str,
    pub rules: String,
}

impl DocMeta {
    /// Metadata with a title (given as its printed lines) and an issue number.
    pub fn new(m: &MetaInput, title_lines: Vec<String>, issue: String, unit: &str) -> DocMeta {
        DocMeta {
            title: title_lines.concat(),
            title_lines,
            office: m.office.to_string(),
            bulletin_name: m.bulletin_name.to_string(),
            issue,
            date: date_cn(m.date),
            date_iso: m.date,
            cc: m.cc.to_string(),
            printer: m.office.to_string(),
            print_date: format!("{}印发", date_cn(m.date)),
            plan: m.plan.to_string(),
            rules: m.rules.clone(),
            unit: unit.to_string(),
            to: m.to.to_string(),
        }
    }
}

pub(crate) fn s(v: Option<Dec>) -> String {
    v.map_or_else(|| "—".to_string(), |d| d.to_string())
}

fn s_or_empty(v: Option<Dec>) -> String {
    v.map_or_else(String::new, |d| d.to_string())
}

/// One city (or the region) in a table, every value as printed.
#[derive(Clone, Debug, Serialize)]
pub struct TableRow {
    pub rank: String,
    pub city: String,
    /// The name tables print (the plan's 简称, or the name).
    pub short: String,
    pub index: String,
    pub max_index: String,
    pub primary: String,
    pub pm25: String,
    pub pm10: String,
    pub o3: String,
    pub so2: String,
    pub no2: String,
    pub co: String,
    pub good_ratio: String,
    pub good_days: u32,
    pub valid_days: u32,
    pub polluted_days: u32,
    pub heavy_days: u32,
    /// Changes as printed (empty without last year's data): percent / points.
    pub index_change: String,
    pub pm25_change: String,
    pub o3_change: String,
    pub good_ratio_change: String,
    pub rank_change: String,
    pub rank_pm25: String,
    pub rank_good: String,
    /// Enough valid days (decision A10); the table marks the others.
    pub sufficient: bool,
}

/// Printed names of the primary pollutants: PM2.5、O3.
pub fn pollutant_names(p: &[Pollutant]) -> String {
    p.iter().map(|p| p.name()).collect::<Vec<_>>().join("、")
}

/// A table row from a summary row.
pub fn table_row(r: &Row) -> TableRow {
    let c = &r.current;
    let rank = |v: Option<u32>| v.map_or_else(String::new, |n| n.to_string());
    TableRow {
        rank: rank(r.rank),
        city: r.name.clone(),
        short: r.short.clone(),
        index: s(c.composite()),
        max_index: s(c.index.as_ref().map(|i| i.max_index)),
        primary: c
            .index
            .as_ref()
            .map_or_else(String::new, |i| pollutant_names(&i.primary)),
        pm25: s(c.conc.get(Pollutant::Pm25)),
        pm10: s(c.conc.get(Pollutant::Pm10)),
        o3: s(c.conc.get(Pollutant::O3)),
        so2: s(c.conc.get(Pollutant::So2)),
        no2: s(c.conc.get(Pollutant::No2)),
        co: s(c.conc.get(Pollutant::Co)),
        good_ratio: s(c.counts.good_ratio()),
        good_days: c.counts.good_days,
        valid_days: c.counts.valid_days,
        polluted_days: c.counts.polluted_days,
        heavy_days: c.counts.heavy_days,
        index_change: s_or_empty(r.change.composite),
        pm25_change: s_or_empty(r.change.conc[Pollutant::Pm25.index()]),
        o3_change: s_or_empty(r.change.conc[Pollutant::O3.index()]),
        good_ratio_change: s_or_empty(r.change.good_ratio),
        rank_change: rank(r.rank_change),
        rank_pm25: rank(r.rank_pm25),
        rank_good: rank(r.rank_good),
        sufficient: c.sufficient,
    }
}

/// Cities in ranking order (by composite index, then plan order), without unranked ones.
pub fn ranked(rows: &[Row], key: impl Fn(&Row) -> Option<u32>) -> Vec<&Row> {
    let mut v: Vec<(usize, &Row)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| key(r).is_some())
        .collect();
    v.sort_by_key(|(i, r)| (key(r), *i));
    v.into_iter().map(|(_, r)| r).collect()
}

/// The values a period's sentences are written from.
#[derive(Clone, Debug, Serialize)]
pub struct PeriodText {
    /// 11月, 1—11月, 本周.
    pub label: String,
    /// 全区, 全省.
    pub region_name: String,
    pub city_count: usize,
    pub region: TableRow,
    /// Region's changes of the other pollutants (percent, printed); `None` without last year.
    pub pm10_change: Option<String>,
    pub so2_change: Option<String>,
    pub no2_change: Option<String>,
    pub co_change: Option<String>,
    pub heavy_ratio: String,
    /// Percentage points; `None` without last year.
    pub heavy_ratio_change: Option<String>,
    /// Ranked list good → bad with ties (composite index).
    pub ranking: String,
    /// The cities whose index improved (fell), most improved first, with their rates.
    pub change_ranking: String,
    /// The cities whose index rose, with their rates, from the smallest rise.
    pub worsened_list: String,
    /// The cities whose index did not change.
    pub unchanged: Vec<String>,
    pub has_change: bool,
    /// The national style for many cities: the best and the worst 20 (ties extend either list),
    /// the worst listed from the last; the first three names of each, and their counts.
    pub best: String,
    pub best_first: Vec<String>,
    pub best_n: usize,
    pub worst: String,
    pub worst_first: Vec<String>,
    pub worst_n: usize,
    /// Where each list ends: 第20名, or 并列第20名 when the last cities listed share a place
    /// (the national release's "从第1名至并列第19名"); counted from the last for the worst list
    /// (倒数第20名, 并列倒数第20名).
    pub best_to: String,
    pub worst_to: String,
    /// The 20 most improved, and the 20 least improved or most worsened among the cities that do
    /// not yet meet every class-II limit (cities meeting them all leave that list).
    pub most_improved: String,
    pub most_improved_n: usize,
    pub least_improved: String,
    pub least_improved_n: usize,
    /// The last three by composite index (more on ties).
    pub bottom: Vec<String>,
    /// Cities short of valid days, as "梧州（24天）".
    pub short: Vec<String>,
    /// Cities without last year's data, left out of both sides of the region's 同比.
    pub compared_without: Vec<String>,
    /// Cities with dust-affected days in the period, as "喀什3天" (plan order).
    pub dust: Vec<String>,
    /// The dust-affected city-days of all cities together (said instead of the list when more
    /// than 20 cities had dust).
    pub dust_total: u32,
    /// Counts of cities by good-day band, as the national monthly report gives them ("44个城市的
    /// 优良天数比例为100%，85个城市在80%~100%之间…"): the printed ratio at 100%, in [80, 100),
    /// in [50, 80), below 50.
    pub good_bands: GoodBands,
    pub improved: Vec<String>,
    pub worsened: Vec<String>,
}

/// The wording context of a group of cities (a key region) in a period.
#[derive(Clone, Debug, Serialize)]
pub struct GroupText {
    pub name: String,
    pub count: usize,
    pub good_ratio: String,
    /// Percentage points; `None` without last year.
    pub good_ratio_change: Option<String>,
    pub heavy_ratio: String,
    pub heavy_ratio_change: Option<String>,
    pub pm25: String,
    /// Percent; `None` without last year.
    pub pm25_change: Option<String>,
    pub o3: String,
    pub o3_change: Option<String>,
    pub index: String,
    pub index_change: Option<String>,
    /// Members without last year's data, left out of both sides of its 同比.
    pub compared_without: Vec<String>,
    /// The ranked members good → bad by composite index, ranked within the group (ties as in the
    /// region's list); printed when `[documents] group_ranking` asks for it.
    pub ranking: String,
}

/// The ranking of a group's members within the group: their order and ties follow the
/// composite-index ranks of the whole list, and a member's rank within the group is one more
/// than the members ranked strictly better (the competition rule, docs/rules.md#ranks).
fn group_ranking(cities: &[Row], members: &[String]) -> String {
    let mut rows: Vec<&Row> = cities
        .iter()
        .filter(|r| r.rank.is_some() && members.contains(&r.name))
        .collect();
    rows.sort_by_key(|r| r.rank);
    let items: Vec<(String, String, u32)> = rows
        .iter()
        .map(|r| {
            let within = 1 + rows.iter().filter(|o| o.rank < r.rank).count() as u32;
            let label = if r.current.sufficient {
                r.name.clone()
            } else {
                format!("{}*", r.name)
            };
            (label, r.name.clone(), within)
        })
        .collect();
    super::wording::ranking_list_labelled(&items)
}

/// The groups of a period, as their sentences need them.
pub fn group_texts(summary: &Summary) -> Vec<GroupText> {
    let t = |v: Option<Dec>| v.map(|d| d.to_string());
    summary
        .groups
        .iter()
        .map(|g| {
            let (c, ch) = (&g.row.current, &g.row.change);
            GroupText {
                name: g.row.name.clone(),
                count: g.members.len(),
                good_ratio: s(c.counts.good_ratio()),
                good_ratio_change: t(ch.good_ratio),
                heavy_ratio: s(c.counts.heavy_ratio()),
                heavy_ratio_change: t(ch.heavy_ratio),
                pm25: s(c.conc.get(Pollutant::Pm25)),
                pm25_change: t(ch.conc[Pollutant::Pm25.index()]),
                o3: s(c.conc.get(Pollutant::O3)),
                o3_change: t(ch.conc[Pollutant::O3.index()]),
                index: s(c.composite()),
                index_change: t(ch.composite),
                compared_without: g.compared_without.clone(),
                ranking: group_ranking(&summary.cities, &g.members),
            }
        })
        .collect()
}

/// How many cities the national style names at each end.
const NATIONAL_N: usize = 20;

/// The first `n` of a ranked list, extended by those tied with the n-th.
fn first_n<'a>(rows: &[&'a Row], n: usize, key: impl Fn(&Row) -> Option<u32>) -> Vec<&'a Row> {
    let Some(cut) = rows.get(n.saturating_sub(1)).map(|r| key(r)) else {
        return rows.to_vec();
    };
    let mut out: Vec<&Row> = rows.iter().take(n).copied().collect();
    out.extend(rows.iter().skip(n).take_while(|r| key(r) == cut).copied());
    out
}

/// The place where a list of the first (or last) cities ends, in competition ranking from its own
/// end: the last `g` cities tied share place len − g + 1 (并列); an untied last city's place is the
/// list's length. `from` is 倒数 for a list counted from the last.
fn list_end(rows: &[&Row], key: impl Fn(&Row) -> Option<u32>, from: &str) -> String {
    let Some(last) = rows.last().map(|r| key(r)) else {
        return String::new();
    };
    let tied = rows.iter().rev().take_while(|r| key(r) == last).count();
    if tied > 1 {
        format!("并列{from}第{}名", rows.len() - tied + 1)
    } else {
        format!("{from}第{}名", rows.len())
    }
}

/// A national-style list of rows with their labels.
fn national(
    rows: &[&Row],
    label: impl Fn(&Row) -> String,
    key: impl Fn(&Row) -> Option<u32>,
) -> String {
    super::wording::ranking_list_national(
        &rows
            .iter()
            .map(|r| (label(r), r.name.clone(), key(r).unwrap_or(0)))
            .collect::<Vec<_>>(),
    )
}

/// The wording context of a period.
/// Cities by printed good-day ratio (cities without valid days are in none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GoodBands {
    pub full: usize,
    pub high: usize,
    pub mid: usize,
    pub low: usize,
}

/// Counts the cities of a summary by good-day band.
pub fn good_bands(summary: &Summary) -> GoodBands {
    let at = |units| Dec::new(units, 1).ratio();
    let mut b = GoodBands::default();
    for r in &summary.cities {
        let Some(g) = r.current.counts.good_ratio().map(Dec::ratio) else {
            continue;
        };
        if g >= at(1000) {
            b.full += 1;
        } else if g >= at(800) {
            b.high += 1;
        } else if g >= at(500) {
            b.mid += 1;
        } else {
            b.low += 1;
        }
    }
    b
}

/// The cities with dust-affected days in the summary's period, as "喀什3天", in plan order.
pub fn dust_list(summary: &Summary) -> Vec<String> {
    summary
        .cities
        .iter()
        .filter(|r| r.current.dust_days > 0)
        .map(|r| format!("{}{}天", r.name, r.current.dust_days))
        .collect()
}

/// The dust-affected city-days of all cities of a summary.
pub fn dust_total(summary: &Summary) -> u32 {
    summary.cities.iter().map(|r| r.current.dust_days).sum()
}

pub fn period_text(label: &str, summary: &Summary) -> PeriodText {
    let region = &summary.region;
    let by_rank = ranked(&summary.cities, |r| r.rank);
    // A city short of valid days is marked "*" wherever it is ranked (one sufficiency rule for
    // sentences, tables and exports); the sentence then says what the mark means.
    let star = |r: &Row| {
        if r.current.sufficient {
            r.name.clone()
        } else {
            format!("{}*", r.name)
        }
    };
    let ranking = ranking_list_labelled(
        &by_rank
            .iter()
            .map(|r| (star(r), r.name.clone(), r.rank.unwrap_or(0)))
            .collect::<Vec<_>>(),
    );
    let by_change = ranked(&summary.cities, |r| r.rank_change);
    let zero = Dec::new(0, 1);
    let rate_of = |r: &Row| r.change.composite.map(|c| c.ratio().cmp(&zero.ratio()));
    let changes = |keep: std::cmp::Ordering| {
        ranking_list_labelled(
            &by_change
                .iter()
                .filter(|r| rate_of(r) == Some(keep))
                .map(|r| {
                    let rate = r
                        .change
                        .composite
                        .map_or_else(String::new, |d| format!("（{}%）", d));
                    (
                        format!("{}{}", star(r), rate),
                        r.name.clone(),
                        r.rank_change.unwrap_or(0),
                    )
                })
                .collect::<Vec<_>>(),
        )
    };
    let change_ranking = changes(std::cmp::Ordering::Less);
    let worsened_list = {
        // Worsened cities from the smallest rise to the largest, as the ranking runs.
        changes(std::cmp::Ordering::Greater)
    };
    let bottom = match by_rank.len() {
        0 => Vec::new(),
        n => {
            let cut = by_rank[n.saturating_sub(3)].rank;
            by_rank
                .iter()
                .filter(|r| r.rank >= cut)
                .rev()
                .map(|r| r.name.clone())
                .collect()
        }
    };
    let change = |p: Pollutant| region.change.conc[p.index()].map(|d| d.to_string());
    let best = first_n(&by_rank, NATIONAL_N, |r| r.rank);
    let worst: Vec<&Row> = first_n(
        &by_rank.iter().rev().copied().collect::<Vec<_>>(),
        NATIONAL_N,
        |r| r.rank,
    );
    let most_improved = first_n(&by_change, NATIONAL_N, |r| r.rank_change);
    // GB 3095 class II: every single index C_i/S_i at most 1 (S_i are the class-II limits).
    let meets_class_ii = |r: &Row| {
        r.current
            .index
            .as_ref()
            .is_some_and(|i| i.single.iter().all(|x| *x <= crate::num::Ratio::int(1)))
    };
    let worsening: Vec<&Row> = by_change
        .iter()
        .rev()
        .filter(|r| !meets_class_ii(r))
        .copied()
        .collect();
    let least_improved = first_n(&worsening, NATIONAL_N, |r| r.rank_change);
    let rated = |r: &Row| {
        let rate = r
            .change
            .composite
            .map_or_else(String::new, |d| format!("（{}%）", d));
        format!("{}{}", star(r), rate)
    };
    PeriodText {
        worsened_list,
        unchanged: by_change
            .iter()
            .filter(|r| rate_of(r) == Some(std::cmp::Ordering::Equal))
            .map(|r| r.name.clone())
            .collect(),
        label: label.to_string(),
        region_name: region.name.clone(),
        city_count: summary.cities.len(),
        region: table_row(region),
        pm10_change: change(Pollutant::Pm10),
        so2_change: change(Pollutant::So2),
        no2_change: change(Pollutant::No2),
        co_change: change(Pollutant::Co),
        heavy_ratio: s(region.current.counts.heavy_ratio()),
        heavy_ratio_change: region.change.heavy_ratio.map(|d| d.to_string()),
        ranking,
        change_ranking,
        has_change: !by_change.is_empty(),
        best: national(&best, star, |r| r.rank),
        best_first: best.iter().take(3).map(|r| r.name.clone()).collect(),
        best_n: best.len(),
        worst: national(&worst, star, |r| r.rank),
        worst_first: worst.iter().take(3).map(|r| r.name.clone()).collect(),
        worst_n: worst.len(),
        best_to: list_end(&best, |r| r.rank, ""),
        worst_to: list_end(&worst, |r| r.rank, "倒数"),
        most_improved: national(&most_improved, rated, |r| r.rank_change),
        most_improved_n: most_improved.len(),
        least_improved: national(&least_improved, rated, |r| r.rank_change),
        least_improved_n: least_improved.len(),
        bottom,
        short: summary
            .cities
            .iter()
            .filter(|r| !r.current.sufficient)
            .map(|r| format!("{}（{}天）", r.name, r.current.counts.valid_days))
            .collect(),
        compared_without: summary.region_compared_without.clone(),
        dust: dust_list(summary),
        dust_total: dust_total(summary),
        good_bands: good_bands(summary),
        improved: by_change
            .iter()
            .filter(|r| r.change.composite.is_some_and(|c| c.ratio() < zero.ratio()))
            .map(|r| r.name.clone())
            .collect(),
        worsened: by_change
            .iter()
            .filter(|r| r.change.composite.is_some_and(|c| c.ratio() > zero.ratio()))
            .map(|r| r.name.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::period::{Concentrations, DayCounts};
    use crate::stats::summary::{Change, Stats};

    fn row(name: &str, rank: u32) -> Row {
        Row {
            name: name.to_string(),
            short: name.to_string(),
            current: Stats {
                counts: DayCounts::default(),
                conc: Concentrations::default(),
                index: None,
                sufficient: true,
                dust_days: 0,
            },
            previous: None,
            change: Change::default(),
            rank: Some(rank),
            rank_pm25: None,
            rank_good: None,
            rank_change: None,
            target: None,
            missing_dates: Vec::new(),
        }
    }

    /// Ranks 1–19, three cities tied at 20, then 23–25. The best 20 are 22 cities: the tie at
    /// the 20th place extends the list. The worst 20, from the last, are 25, 24, 23, the three
    /// at 20 and 19 down to 6: twenty names with no tie at the cut.
    #[test]
    fn a_tie_at_the_twentieth_place_extends_the_list() {
        let mut rows: Vec<Row> = (1..=19).map(|r| row(&format!("城{r}"), r)).collect();
        rows.extend(["甲", "乙", "丙"].map(|n| row(n, 20)));
        rows.extend((23..=25).map(|r| row(&format!("城{r}"), r)));
        let refs: Vec<&Row> = rows.iter().collect();
        let best = first_n(&refs, 20, |r| r.rank);
        assert_eq!(best.len(), 22);
        assert_eq!(best[21].name, "丙");
        let rev: Vec<&Row> = refs.iter().rev().copied().collect();
        let worst = first_n(&rev, 20, |r| r.rank);
        assert_eq!(worst.len(), 20);
        assert_eq!(worst.last().unwrap().name, "城6");
        // 甲、乙、丙 share the 20th place: the list runs "至并列第20名"; the worst 20 end on 城6,
        // alone: "至倒数第20名".
        assert_eq!(list_end(&best, |r| r.rank, ""), "并列第20名");
        assert_eq!(list_end(&worst, |r| r.rank, "倒数"), "倒数第20名");
        // Counted from the last, a tie of the last two listed shares the place 19 from the end.
        let mut bottom: Vec<Row> = (1..=18).map(|r| row(&format!("末{r}"), 100 - r)).collect();
        bottom.extend(["戊", "己"].map(|n| row(n, 80)));
        let bottom: Vec<&Row> = bottom.iter().collect();
        assert_eq!(list_end(&bottom, |r| r.rank, "倒数"), "并列倒数第19名");
    }

    /// Within a group, ranks are recounted: members ranked 2, 5, 5 and 9 overall are 1, 2, 2, 4
    /// in the group, and the tie is said as in the region's list.
    #[test]
    fn a_group_ranks_its_members_within_itself() {
        let cities = vec![
            row("甲", 1),
            row("乙", 2),
            row("丙", 5),
            row("丁", 5),
            row("戊", 9),
            row("己", 3),
        ];
        let members: Vec<String> = ["戊", "丁", "丙", "乙"].map(String::from).to_vec();
        assert_eq!(
            group_ranking(&cities, &members),
            "乙、丙、丁（与丙排名相同，并列第二）、戊"
        );
    }
}
