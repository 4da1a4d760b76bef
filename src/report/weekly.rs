//! The weekly scheduling bulletin (周调度通报) of a campaign week: the week against the previous
//! week (环比) and the same dates last year (同比), year-to-date progress against the plan with a
//! status per city, a projection at last year's pace, rankings, the polluted city-days, a warning
//! list, a heat map of daily AQI and the work requirements from the configuration.

use super::common::{
    period_text, progress_row, ranked, table_row, targets_with, DocMeta, MetaInput, ProgressRow,
    TableRow, MODEL_VERSION,
};
use super::days::{heat, polluted, HeatRow, PollutedDay};
use super::wording::{month_day_cn, Texts};
use crate::calendar::{campaign_issue, year_end, year_start, FirstIssue, Month, Week};
use crate::model::{Dataset, Pollutant};
use crate::num::Dec;
use crate::stats::aqi::Level;
use crate::stats::rank::{percent_change, point_change};
use crate::stats::summary::{scored_cities, summarize, Row, Settings, Stats, Summary};
use crate::stats::target::{Progress, Status};
use anyhow::{anyhow, Result};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// One city (or the region) this week, with the previous week and last year's same dates.
#[derive(Clone, Debug, Serialize)]
pub struct WeekRow {
    pub city: String,
    /// The name tables print (简称 or name).
    pub short: String,
    pub valid_days: u32,
    pub good_days: u32,
    pub polluted_days: u32,
    pub heavy_days: u32,
    pub good_days_prev: String,
    pub good_days_last_year: String,
    pub pm25: String,
    pub pm25_prev: String,
    /// 环比, percent.
    pub pm25_wow: String,
    pub pm25_last_year: String,
    /// 同比, percent.
    pub pm25_yoy: String,
    /// 90th percentile of the daily max 8-h values.
    pub o3: String,
    pub o3_wow: String,
    pub o3_yoy: String,
    pub index: String,
    pub rank_week: String,
    pub rank_prev_week: String,
    pub rank_ytd: String,
    /// Places lost in the week's ranking since the previous week (positive: fell).
    pub slip: i64,
    pub sufficient: bool,
}

/// Progress and projection of one city.
#[derive(Clone, Debug, Serialize)]
pub struct WeeklyProgressRow {
    #[serde(flatten)]
    pub progress: ProgressRow,
    pub projected_pm25: String,
    /// None without last year's data for the rest of the year.
    pub projected_pm25_met: Option<bool>,
    pub projected_good: String,
    pub projected_good_met: Option<bool>,
    /// The main reason for its status, in a few words (empty when on track).
    pub reason: String,
}

/// The year-to-date section.
#[derive(Clone, Debug, Serialize)]
pub struct YtdSection {
    pub as_of: String,
    pub summary: String,
    pub rows: Vec<WeeklyProgressRow>,
    pub region: Option<WeeklyProgressRow>,
    pub projection_summary: String,
    pub note: String,
}

/// The weekly bulletin's model.
#[derive(Clone, Debug, Serialize)]
pub struct WeeklyReport {
    pub version: u32,
    pub kind: &'static str,
    pub meta: DocMeta,
    pub week: String,
    pub week_label: String,
    pub issue: Option<u32>,
    pub intro: String,
    pub overview: String,
    pub gaps: String,
    pub rows: Vec<WeekRow>,
    pub region: WeekRow,
    pub ranking: String,
    pub ytd_rows: Vec<TableRow>,
    pub polluted: Vec<PollutedDay>,
    pub polluted_text: String,
    pub progress: Option<YtdSection>,
    /// Cities at risk (预警) and cities that can no longer reach a target (无法完成).
    pub warnings_at_risk: WarningList,
    pub warnings_unreachable: WarningList,
    pub heat_dates: Vec<String>,
    pub heat: Vec<HeatRow>,
    pub legend: Vec<(String, String)>,
    pub requirements: Vec<String>,
}

/// What a weekly bulletin is built from.
pub struct WeeklyInput<'a> {
    pub settings: Settings<'a>,
    pub data: &'a Dataset,
    pub week: Week,
    pub campaign: Option<(&'a str, NaiveDate, NaiveDate, FirstIssue)>,
    pub requirements: &'a [String],
    pub meta: MetaInput<'a>,
}

fn s(v: Option<Dec>) -> String {
    v.map_or_else(|| "—".to_string(), |d| d.to_string())
}

/// A change in percent as printed (`-5.9`), `None` when either side is missing.
fn change(a: Option<Dec>, b: Option<Dec>) -> Option<String> {
    a.zip(b)
        .and_then(|(a, b)| percent_change(a, b))
        .map(|d| d.to_string())
}

/// A change in percent for a table cell: empty when there is nothing to compare.
fn pct(a: Option<Dec>, b: Option<Dec>) -> String {
    change(a, b).unwrap_or_default()
}

/// The wording context of the week's overview: the region this week, with `None` where there is
/// nothing to compare (no data last week, or none on the same dates last year). Ratios come with
/// the city-days they are made of, so a reader can check them.
#[derive(Clone, Debug, Serialize)]
struct Overview {
    good_days: u32,
    valid_days: u32,
    polluted_days: u32,
    heavy_days: u32,
    good_ratio: String,
    /// 环比 and 同比 of the good-day ratio, in percentage points.
    good_ratio_wow: Option<String>,
    good_ratio_yoy: Option<String>,
    pm25: String,
    /// 环比 and 同比, percent.
    pm25_wow: Option<String>,
    pm25_yoy: Option<String>,
    pm10: String,
    pm10_wow: Option<String>,
    pm10_yoy: Option<String>,
    o3: String,
    o3_wow: Option<String>,
    o3_yoy: Option<String>,
    /// Cities without last year's data, left out of both sides of the region's 同比.
    compared_without: Vec<String>,
    /// The month to date (the month of the week's Sunday, from its first day).
    mtd: Option<MonthToDate>,
}

/// The region from the first day of the month to the week's Sunday.
#[derive(Clone, Debug, Serialize)]
struct MonthToDate {
    /// 11月1日—11月27日.
    label: String,
    pm25: String,
    pm10: String,
    good_ratio: String,
    good_days: u32,
    valid_days: u32,
}

fn overview(
    cur: &Row,
    prev: &Row,
    compared_without: &[String],
    mtd: Option<MonthToDate>,
) -> Overview {
    let c = &cur.current;
    let last = cur.previous.as_ref();
    let get = |s: Option<&Stats>, p| s.and_then(|s| s.conc.get(p));
    let now = |p| c.conc.get(p);
    let wow = |p| change(now(p), get(Some(&prev.current), p));
    let yoy = |p| change(now(p), get(last, p));
    let points =
        |a: Option<Dec>, b: Option<Dec>| a.zip(b).map(|(a, b)| point_change(a, b).to_string());
    let ratio = c.counts.good_ratio();
    Overview {
        good_days: c.counts.good_days,
        valid_days: c.counts.valid_days,
        polluted_days: c.counts.polluted_days,
        heavy_days: c.counts.heavy_days,
        good_ratio: s(ratio),
        good_ratio_wow: points(ratio, prev.current.counts.good_ratio()),
        good_ratio_yoy: points(ratio, last.and_then(|l| l.counts.good_ratio())),
        pm25: s(now(Pollutant::Pm25)),
        pm25_wow: wow(Pollutant::Pm25),
        pm25_yoy: yoy(Pollutant::Pm25),
        pm10: s(now(Pollutant::Pm10)),
        pm10_wow: wow(Pollutant::Pm10),
        pm10_yoy: yoy(Pollutant::Pm10),
        o3: s(now(Pollutant::O3)),
        o3_wow: wow(Pollutant::O3),
        o3_yoy: yoy(Pollutant::O3),
        compared_without: compared_without.to_vec(),
        mtd,
    }
}

/// The month to date as of the week's Sunday; none when the week starts the month (it would
/// repeat the week).
fn month_to_date(set: &Settings, data: &Dataset, w: &Week) -> Option<MonthToDate> {
    let first = Month::of(w.sunday).first();
    if first >= w.monday {
        return None;
    }
    let r = summarize(set, data, first, w.sunday).region;
    let c = &r.current;
    (c.counts.valid_days > 0).then(|| MonthToDate {
        label: format!("{}—{}", month_day_cn(first), month_day_cn(w.sunday)),
        pm25: s(c.conc.get(Pollutant::Pm25)),
        pm10: s(c.conc.get(Pollutant::Pm10)),
        good_ratio: s(c.counts.good_ratio()),
        good_days: c.counts.good_days,
        valid_days: c.counts.valid_days,
    })
}

/// The week's gaps, as said: cities with the same missing dates are named together, all of them
/// as 各城市: "甲、乙（11月8日、11月9日）".
/// `cities` are (name, missing dates) of every city, in plan order.
fn gap_list(cities: &[(&str, &[NaiveDate])]) -> Vec<String> {
    let mut groups: Vec<(&[NaiveDate], Vec<String>)> = Vec::new();
    for (name, missing) in cities.iter().filter(|(_, m)| !m.is_empty()) {
        match groups.iter_mut().find(|(d, _)| d == missing) {
            Some((_, names)) => names.push(name.to_string()),
            None => groups.push((missing, vec![name.to_string()])),
        }
    }
    let all = cities.len();
    groups
        .iter()
        .map(|(dates, names)| {
            let days: Vec<String> = dates.iter().map(|d| month_day_cn(*d)).collect();
            let who = if names.len() == all && all > 1 {
                "各城市".to_string()
            } else {
                names.join("、")
            };
            format!("{who}（{}）", days.join("、"))
        })
        .collect()
}

/// The (at most three) cities whose week rank fell by three places or more, the largest fall
/// first: "甲（第1名降至第6名）".
fn slipped(rows: &[WeekRow]) -> Vec<String> {
    let mut v: Vec<&WeekRow> = rows.iter().filter(|r| r.slip >= 3).collect();
    v.sort_by_key(|r| -r.slip);
    v.iter()
        .take(3)
        .map(|r| {
            format!(
                "{}（第{}名降至第{}名）",
                r.city, r.rank_prev_week, r.rank_week
            )
        })
        .collect()
}

/// The warning lists: one sentence per city at risk of missing a target (预警), and one per city
/// that can no longer reach one (无法完成), each list with its lead sentence.
fn warnings(texts: &Texts, ytd: &Summary) -> Result<(WarningList, WarningList)> {
    #[derive(Serialize)]
    struct WCtx<'a> {
        c: &'a WarningCtx,
    }
    let list = |st: Status, kind: &str| -> Result<WarningList> {
        let mut items = Vec::new();
        for r in &ytd.cities {
            if let Some(p) = r.target.as_ref().filter(|p| p.status == st) {
                let c = warning_ctx(&r.name, p);
                items.push(texts.render("weekly.j2", "warning", &WCtx { c: &c })?);
            }
        }
        let intro = if items.is_empty() {
            String::new()
        } else {
            #[derive(Serialize)]
            struct ICtx<'a> {
                kind: &'a str,
                count: usize,
            }
            texts.render(
                "weekly.j2",
                "warnings_intro",
                &ICtx {
                    kind,
                    count: items.len(),
                },
            )?
        };
        Ok(WarningList { intro, items })
    };
    Ok((
        list(Status::AtRisk, "at_risk")?,
        list(Status::Unreachable, "unreachable")?,
    ))
}

/// A list of warning sentences with its lead sentence.
#[derive(Clone, Debug, Default, Serialize)]
pub struct WarningList {
    pub intro: String,
    pub items: Vec<String>,
}

fn week_rows(cur: &Summary, prev: &Summary, ytd: &Summary) -> Vec<WeekRow> {
    let mut out = Vec::new();
    let rows = cur.cities.iter().chain(std::iter::once(&cur.region));
    let prev_rows = prev.cities.iter().chain(std::iter::once(&prev.region));
    let ytd_rows = ytd.cities.iter().chain(std::iter::once(&ytd.region));
    for ((r, p), y) in rows.zip(prev_rows).zip(ytd_rows) {
        let c = &r.current;
        let pm = c.conc.get(Pollutant::Pm25);
        let o3 = c.conc.get(Pollutant::O3);
        let pm_prev = p.current.conc.get(Pollutant::Pm25);
        let o3_prev = p.current.conc.get(Pollutant::O3);
        let last = r.previous.as_ref();
        let pm_ly = last.and_then(|l| l.conc.get(Pollutant::Pm25));
        let o3_ly = last.and_then(|l| l.conc.get(Pollutant::O3));
        let rank = |v: Option<u32>| v.map_or_else(String::new, |n| n.to_string());
        out.push(WeekRow {
            city: r.name.clone(),
            short: r.short.clone(),
            valid_days: c.counts.valid_days,
            good_days: c.counts.good_days,
            polluted_days: c.counts.polluted_days,
            heavy_days: c.counts.heavy_days,
            good_days_prev: if p.current.counts.valid_days > 0 {
                p.current.counts.good_days.to_string()
            } else {
                "—".into()
            },
            good_days_last_year: last
                .map_or_else(|| "—".into(), |l| l.counts.good_days.to_string()),
            pm25: s(pm),
            pm25_prev: s(pm_prev),
            pm25_wow: pct(pm, pm_prev),
            pm25_last_year: s(pm_ly),
            pm25_yoy: pct(pm, pm_ly),
            o3: s(o3),
            o3_wow: pct(o3, o3_prev),
            o3_yoy: pct(o3, o3_ly),
            index: s(c.composite()),
            rank_week: rank(r.rank),
            rank_prev_week: rank(p.rank),
            rank_ytd: rank(y.rank),
            slip: match (r.rank, p.rank) {
                (Some(a), Some(b)) => i64::from(a) - i64::from(b),
                _ => 0,
            },
            sufficient: c.sufficient,
        });
    }
    out
}

/// Context of one warning sentence.
#[derive(Clone, Debug, Serialize)]
pub struct WarningCtx {
    pub city: String,
    pub status: &'static str,
    pub days_left: u32,
    pub pm25_status: &'static str,
    pub pm25_so_far: String,
    pub pm25_target: String,
    pub pm25_allowed: String,
    pub pm25_allowed_negative: bool,
    pub pm25_last_year: String,
    pub good_status: &'static str,
    pub good_so_far: String,
    pub good_target: String,
    pub polluted_allowed: i64,
    pub over_by: i64,
    pub heavy_status: &'static str,
    pub heavy_allowed: i64,
    /// The targets already lost, and whether any other is still within reach.
    pub lost: Vec<&'static str>,
    pub others_reachable: bool,
}

/// The warning-sentence context of a city at risk or unable to reach a target.
pub fn warning_ctx(city: &str, p: &Progress) -> WarningCtx {
    WarningCtx {
        city: city.to_string(),
        status: p.status.label(),
        days_left: p.days_left,
        pm25_status: p.pm25.status.label(),
        pm25_so_far: s(p.pm25.so_far),
        pm25_target: p.pm25.target.to_string(),
        pm25_allowed: s(p.pm25.allowed_rest),
        pm25_allowed_negative: p.pm25.allowed_rest.is_some_and(|a| a.units() < 0),
        pm25_last_year: s(p.pm25.last_year_rest),
        good_status: p.good.status.label(),
        good_so_far: s(p.good.so_far),
        good_target: p.good.target.to_string(),
        polluted_allowed: p.good.polluted_allowed,
        over_by: -p.good.polluted_allowed,
        heavy_status: p.heavy.status.label(),
        heavy_allowed: p.heavy.allowed_left,
        lost: targets_with(p, Status::Unreachable),
        others_reachable: targets_with(p, Status::Unreachable).len() < 3,
    }
}

fn weekly_progress(texts: &Texts, city: &Row, p: &Progress) -> Result<WeeklyProgressRow> {
    let pr = p.projection.as_ref();
    #[derive(Serialize)]
    struct WCtx<'a> {
        c: &'a WarningCtx,
    }
    let c = warning_ctx(&city.name, p);
    Ok(WeeklyProgressRow {
        reason: texts.render("weekly.j2", "reason", &WCtx { c: &c })?,
        progress: progress_row(city, p),
        projected_pm25: s(pr.and_then(|x| x.pm25)),
        projected_pm25_met: pr.and_then(|x| x.pm25_met),
        projected_good: s(pr.and_then(|x| x.good_ratio)),
        projected_good_met: pr.and_then(|x| x.good_met),
    })
}

/// Builds the weekly bulletin.
pub fn build(texts: &Texts, input: &WeeklyInput) -> Result<WeeklyReport> {
    let w = &input.week;
    let set = &input.settings;
    let plan = set.plan;
    let cities: Vec<String> = plan.cities.iter().map(|c| c.name.clone()).collect();
    let scored = scored_cities(set, input.data, w.monday, w.sunday);
    if scored.iter().all(|d| d.is_empty()) {
        return Err(anyhow!(
            "{} 周（{} 至 {}）没有任何城市的数据",
            w.key(),
            w.monday,
            w.sunday
        ));
    }
    let cur = summarize(set, input.data, w.monday, w.sunday);
    let pw = w.previous();
    let prev = summarize(set, input.data, pw.monday, pw.sunday);
    // Year to date as of the week's Sunday; a week that ends in January of the next year counts
    // up to 31 December of the plan's year.
    let as_of = if w.sunday.year() > plan.year && w.monday.year() == plan.year {
        year_end(w.monday)
    } else {
        w.sunday
    };
    let ytd = summarize(set, input.data, year_start(as_of), as_of);
    let rows = week_rows(&cur, &prev, &ytd);
    let (region, rows) = {
        let mut rows = rows;
        let region = rows.pop().ok_or_else(|| anyhow!("no region row"))?;
        (region, rows)
    };
    let issue = input
        .campaign
        .and_then(|(_, a, b, rule)| campaign_issue(w, a, b, rule));
    let week_label = format!("{}—{}", month_day_cn(w.monday), month_day_cn(w.sunday));
    let missing: Vec<(&str, &[NaiveDate])> = cur
        .cities
        .iter()
        .map(|r| (r.name.as_str(), r.missing_dates.as_slice()))
        .collect();
    let gap_list = gap_list(&missing);

    let pt = period_text("本周", &cur);
    let ytd_text = period_text("年初以来", &ytd);
    let slipped = slipped(&rows);
    let polluted = polluted(&plan.cities, &scored);
    #[derive(Serialize)]
    struct Ctx<'a> {
        week_label: &'a str,
        year: i32,
        issue: Option<u32>,
        campaign: &'a str,
        region: &'a Overview,
        p: &'a super::common::PeriodText,
        ytd: &'a super::common::PeriodText,
        slipped: &'a [String],
        polluted_count: usize,
        gaps: &'a [String],
        region_name: &'a str,
        city_count: usize,
    }
    let ctx = Ctx {
        week_label: &week_label,
        year: w.sunday.year(),
        issue,
        campaign: input.campaign.map_or("", |c| c.0),
        region: &overview(
            &cur.region,
            &prev.region,
            &cur.region_compared_without,
            month_to_date(set, input.data, w),
        ),
        p: &pt,
        ytd: &ytd_text,
        slipped: &slipped,
        polluted_count: polluted.len(),
        gaps: &gap_list,
        region_name: &plan.region_name,
        city_count: cities.len(),
    };
    let progress = if ytd.cities.iter().any(|r| r.target.is_some()) {
        let rows: Vec<WeeklyProgressRow> = ytd
            .cities
            .iter()
            .filter_map(|r| r.target.as_ref().map(|p| weekly_progress(texts, r, p)))
            .collect::<Result<_>>()?;
        let region = ytd
            .region
            .target
            .as_ref()
            .map(|p| weekly_progress(texts, &ytd.region, p))
            .transpose()?;
        let tp = super::common::progress_text(&ytd, &month_day_cn(as_of));
        #[derive(Serialize)]
        struct PCtx<'a> {
            t: &'a super::common::ProgressText,
            plan: &'a str,
        }
        let pctx = PCtx {
            t: &tp,
            plan: &plan.name,
        };
        Some(YtdSection {
            as_of: month_day_cn(as_of),
            summary: texts.render("weekly.j2", "progress", &pctx)?,
            projection_summary: texts.render("weekly.j2", "projection", &pctx)?,
            note: texts.render("weekly.j2", "progress_note", &pctx)?,
            rows,
            region,
        })
    } else {
        None
    };
    let (warnings_at_risk, warnings_unreachable) = warnings(texts, &ytd)?;
    let title = vec![
        format!("{}年第{}周（{}）", w.sunday.year(), w.number, week_label),
        format!("{}环境空气质量调度情况", plan.area),
    ];
    let issue_label = match issue {
        Some(n) => format!("第{n}期"),
        None => format!("{}年第{}周", w.year, w.number),
    };
    let ytd_rows = ranked(&ytd.cities, |r| r.rank)
        .into_iter()
        .map(table_row)
        .collect();
    Ok(WeeklyReport {
        version: MODEL_VERSION,
        kind: "weekly",
        meta: DocMeta::new(&input.meta, title, issue_label, &plan.unit),
        week: w.key(),
        week_label: week_label.clone(),
        issue,
        intro: texts.render("weekly.j2", "intro", &ctx)?,
        overview: texts.render("weekly.j2", "overview", &ctx)?,
        gaps: if gap_list.is_empty() {
            String::new()
        } else {
            texts.render("weekly.j2", "gaps", &ctx)?
        },
        ranking: texts.render("weekly.j2", "ranking", &ctx)?,
        polluted_text: texts.render("weekly.j2", "polluted", &ctx)?,
        rows,
        region,
        ytd_rows,
        polluted,
        progress,
        warnings_at_risk,
        warnings_unreachable,
        heat_dates: w
            .days()
            .iter()
            .map(|d| format!("{}/{}", d.month(), d.day()))
            .collect(),
        heat: heat(&plan.cities, &scored, w),
        legend: Level::ALL
            .iter()
            .map(|l| (l.category().to_string(), l.colour().to_string()))
            .collect(),
        requirements: input.requirements.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn gaps_group_cities_with_the_same_missing_days() {
        let (a, b) = ([d("2022-11-08"), d("2022-11-09")], [d("2022-11-10")]);
        let cities: Vec<(&str, &[NaiveDate])> =
            vec![("甲", &a), ("乙", &[]), ("丙", &b), ("丁", &a)];
        assert_eq!(
            gap_list(&cities),
            ["甲、丁（11月8日、11月9日）", "丙（11月10日）"]
        );
        // Every city missing the same days is said as 各城市; a lone city keeps its name.
        let all: Vec<(&str, &[NaiveDate])> = vec![("甲", &b), ("乙", &b)];
        assert_eq!(gap_list(&all), ["各城市（11月10日）"]);
        let one: Vec<(&str, &[NaiveDate])> = vec![("甲", &b)];
        assert_eq!(gap_list(&one), ["甲（11月10日）"]);
    }

    fn row(city: &str, prev: u32, week: u32) -> WeekRow {
        WeekRow {
            city: city.into(),
            short: city.into(),
            valid_days: 7,
            good_days: 7,
            polluted_days: 0,
            heavy_days: 0,
            good_days_prev: "7".into(),
            good_days_last_year: "7".into(),
            pm25: String::new(),
            pm25_prev: String::new(),
            pm25_wow: String::new(),
            pm25_last_year: String::new(),
            pm25_yoy: String::new(),
            o3: String::new(),
            o3_wow: String::new(),
            o3_yoy: String::new(),
            index: String::new(),
            rank_week: week.to_string(),
            rank_prev_week: prev.to_string(),
            rank_ytd: String::new(),
            slip: i64::from(week) - i64::from(prev),
            sufficient: true,
        }
    }

    #[test]
    fn slips_of_three_places_or_more_largest_first_at_most_three() {
        let rows = [
            row("甲", 1, 6),
            row("乙", 2, 4),
            row("丙", 3, 10),
            row("丁", 4, 7),
            row("戊", 5, 9),
            row("己", 9, 1),
        ];
        assert_eq!(
            slipped(&rows),
            [
                "丙（第3名降至第10名）",
                "甲（第1名降至第6名）",
                "戊（第5名降至第9名）"
            ]
        );
        assert!(slipped(&rows[1..2]).is_empty());
    }
}
