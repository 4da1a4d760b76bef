//! The statistics of one period for every city of a plan and for the region: the shared result
//! every document and the `stats` command are built from.
//!
//! Region (全区) values (this project's rule, stated in the statistics issue): each pollutant is
//! the mean of the cities' exact period statistics, rounded once; the good-day ratio is all good
//! city-days over all valid city-days; the region's index is computed from its printed statistics.

use super::aqi::{AqiBrief, DailyIaqi};
pub use super::area::GroupRow;
use super::area::{region_stats, same_cities_change};
use super::days::{briefs_of, memos_for, missing_between};
use super::period::{
    composite_index, data_sufficient, score, Concentrations, DayCounts, IndexResult, ScoredDay,
};
use super::rank::{competition_rank, percent_change, point_change, Better};
use super::rules::RuleBook;
use super::target::{progress, Progress, ProgressInput};
use crate::model::{Dataset, Day, Decimals, Plan, Pollutant};
use crate::num::{Dec, Ratio};
use chrono::{Datelike, Months, NaiveDate};

/// What a period summary needs besides the data.
#[derive(Clone, Copy, Debug)]
pub struct Settings<'a> {
    pub plan: &'a Plan,
    pub rules: &'a RuleBook,
    pub decimals: Decimals,
    /// Deduct dust-affected days from PM10 and PM2.5 (docs/rules.md, dust deduction).
    pub dust_deduct: bool,
}

/// Statistics of one city (or the region) for one period.
#[derive(Clone, Debug)]
pub struct Stats {
    pub counts: DayCounts,
    pub conc: Concentrations,
    pub index: Option<IndexResult>,
    /// Enough valid days (decision A10).
    pub sufficient: bool,
    /// City-days in the period marked as dust-affected (`[[dust_events]]`), deducted from PM10 and
    /// PM2.5 when `[dust] deduct` is on; the sum of the members' for an area.
    pub dust_days: u32,
}

impl Stats {
    /// The printed composite index.
    pub fn composite(&self) -> Option<Dec> {
        self.index.as_ref().map(|i| i.composite)
    }
}

/// Year-on-year changes of printed values (decision A9).
#[derive(Clone, Debug, Default)]
pub struct Change {
    /// Percent, one decimal, indexed like [`Pollutant::ALL`].
    pub conc: [Option<Dec>; 6],
    /// Percent, one decimal.
    pub composite: Option<Dec>,
    /// Percentage points.
    pub good_ratio: Option<Dec>,
    /// Percentage points.
    pub heavy_ratio: Option<Dec>,
    /// Days.
    pub good_days: Option<i64>,
    /// Days.
    pub heavy_days: Option<i64>,
}

/// One row of the summary: a city or the region.
#[derive(Clone, Debug)]
pub struct Row {
    /// City name (or the region's name).
    pub name: String,
    /// The name tables print: the plan's 简称, or the name.
    pub short: String,
    pub current: Stats,
    /// The same period one year earlier, when there are data for it.
    pub previous: Option<Stats>,
    pub change: Change,
    /// Rank by composite index among the cities (none for the region).
    pub rank: Option<u32>,
    /// Rank by PM2.5, ascending.
    pub rank_pm25: Option<u32>,
    /// Rank by good-day ratio, descending.
    pub rank_good: Option<u32>,
    /// Rank by composite-index change rate, most negative first.
    pub rank_change: Option<u32>,
    /// Target progress as of the period's end, when the plan year is the period's year.
    pub target: Option<Progress>,
    /// Dates without a valid AQI inside the period.
    pub missing_dates: Vec<NaiveDate>,
}

/// The summary of a period.
#[derive(Clone, Debug)]
pub struct Summary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub cities: Vec<Row>,
    pub region: Row,
    /// Cities with data in the period but none in the same period last year: the region's
    /// year-on-year change leaves them out on both sides (docs/rules.md#region-values).
    pub region_compared_without: Vec<String>,
    /// The plan's groups (key regions), each computed as the region is.
    pub groups: Vec<GroupRow>,
    /// The rule sets used for the days of the period.
    pub rule_sets: Vec<String>,
}

/// The same day one year earlier (29 February → 28 February).
pub fn year_earlier(d: NaiveDate) -> NaiveDate {
    d.checked_sub_months(Months::new(12)).unwrap_or(d)
}

/// The end of the same period one year earlier: a month's last day maps to that month's last
/// day (28 February 2025 → 29 February 2024), any other day as [`year_earlier`].
pub fn year_earlier_end(d: NaiveDate) -> NaiveDate {
    let last_of_month = (d + chrono::Days::new(1)).day() == 1;
    let e = year_earlier(d);
    if last_of_month {
        NaiveDate::from_ymd_opt(
            e.year(),
            e.month(),
            crate::calendar::days_in_month(e.year(), e.month()),
        )
        .unwrap_or(e)
    } else {
        e
    }
}

fn city_stats(set: &Settings, scored: &[ScoredDay], from: NaiveDate, to: NaiveDate) -> Stats {
    let calendar = (to - from).num_days() as u32 + 1;
    let counts = DayCounts::of(scored, calendar);
    let conc = Concentrations::of(scored, &set.decimals, set.dust_deduct);
    let valid: Vec<NaiveDate> = scored
        .iter()
        .filter(|d| d.aqi.valid)
        .map(|d| d.day.date)
        .collect();
    let standards = &set.rules.for_date(to).index_standards;
    Stats {
        counts,
        index: composite_index(&conc, standards),
        conc,
        sufficient: data_sufficient(from, to, &valid),
        dust_days: scored.iter().filter(|d| d.day.dust).count() as u32,
    }
}

pub(super) fn change(cur: &Stats, prev: &Stats) -> Change {
    let mut conc = [None; 6];
    for p in Pollutant::ALL {
        if let (Some(a), Some(b)) = (cur.conc.get(p), prev.conc.get(p)) {
            conc[p.index()] = percent_change(a, b);
        }
    }
    let both = |a: Option<Dec>, b: Option<Dec>| a.zip(b);
    Change {
        conc,
        composite: both(cur.composite(), prev.composite()).and_then(|(a, b)| percent_change(a, b)),
        good_ratio: both(cur.counts.good_ratio(), prev.counts.good_ratio())
            .map(|(a, b)| point_change(a, b)),
        heavy_ratio: both(cur.counts.heavy_ratio(), prev.counts.heavy_ratio())
            .map(|(a, b)| point_change(a, b)),
        good_days: (prev.counts.valid_days > 0)
            .then(|| i64::from(cur.counts.good_days) - i64::from(prev.counts.good_days)),
        heavy_days: (prev.counts.valid_days > 0)
            .then(|| i64::from(cur.counts.heavy_days) - i64::from(prev.counts.heavy_days)),
    }
}

/// Scored days of every city over `from..=to`.
pub fn scored_cities(
    set: &Settings,
    data: &Dataset,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Vec<ScoredDay>> {
    (0..set.plan.cities.len())
        .map(|i| score(set.rules, data.range(i, from, to)))
        .collect()
}

/// Statistics of every city and of the region over `from..=to`.
pub fn period_stats(
    set: &Settings,
    scored: &[Vec<ScoredDay>],
    from: NaiveDate,
    to: NaiveDate,
) -> (Vec<Stats>, Stats) {
    let cities: Vec<Stats> = scored
        .iter()
        .map(|s| city_stats(set, s, from, to))
        .collect();
    let region = region_stats(set, &cities, to);
    (cities, region)
}

pub(super) fn has_data(s: &Stats) -> bool {
    s.counts.valid_days > 0
}

/// The plan year as of `to`, for target progress (when the plan's year is `to`'s).
#[derive(Clone, Copy, Debug)]
struct TargetYear {
    jan1: NaiveDate,
    days_in_year: u32,
    elapsed: u32,
    left: u32,
    /// Last year's rest of the year: the days after the same day one year earlier.
    last_from: NaiveDate,
    last_to: NaiveDate,
}

fn target_year(plan: &Plan, to: NaiveDate) -> Option<TargetYear> {
    if to.year() != plan.year {
        return None;
    }
    let jan1 = NaiveDate::from_ymd_opt(plan.year, 1, 1)?;
    let dec31 = NaiveDate::from_ymd_opt(plan.year, 12, 31)?;
    let days_in_year = (dec31 - jan1).num_days() as u32 + 1;
    let elapsed = (to - jan1).num_days() as u32 + 1;
    Some(TargetYear {
        jan1,
        days_in_year,
        elapsed,
        left: days_in_year - elapsed,
        last_from: year_earlier_end(to) + chrono::Days::new(1),
        last_to: year_earlier(dec31),
    })
}

/// One city's share of a summary.
struct CityPart {
    cur: Stats,
    prev: Stats,
    missing: Vec<NaiveDate>,
    progress: Option<ProgressInput>,
}

/// The days of `days` (sorted by date) inside `from..=to`, as [`Dataset::range`] cuts them.
fn window(days: &[Day], from: NaiveDate, to: NaiveDate) -> std::ops::Range<usize> {
    let a = days.partition_point(|d| d.date < from);
    let b = days.partition_point(|d| d.date <= to);
    a..b.max(a)
}

/// Statistics of one city over `from..=to` from its days and their brief daily AQI (the same
/// as [`period_stats`] gives), and the dates with a valid AQI.
fn brief_stats(
    set: &Settings,
    days: &[Day],
    briefs: &[AqiBrief],
    (from, to): (NaiveDate, NaiveDate),
    buf: &mut Vec<i64>,
) -> (Stats, Vec<NaiveDate>) {
    let calendar = (to - from).num_days() as u32 + 1;
    let counts = DayCounts::of_brief(briefs, calendar);
    let conc = Concentrations::of_days(days, &set.decimals, buf, set.dust_deduct);
    let valid: Vec<NaiveDate> = days
        .iter()
        .zip(briefs)
        .filter(|(_, b)| b.valid)
        .map(|(d, _)| d.date)
        .collect();
    let standards = &set.rules.for_date(to).index_standards;
    let stats = Stats {
        counts,
        index: composite_index(&conc, standards),
        conc,
        sufficient: data_sufficient(from, to, &valid),
        dust_days: days.iter().filter(|d| d.dust).count() as u32,
    };
    (stats, valid)
}

/// Mean daily PM2.5 (exact) and the number of days it averages.
fn pm25_mean(days: &[Day]) -> Option<(Ratio, u32)> {
    let (mut sum, mut n) = (0i128, 0u32);
    for v in days
        .iter()
        .filter_map(|d| d.values.get(crate::model::Item::Pm25))
    {
        sum += i128::from(v);
        n += 1;
    }
    (n > 0).then(|| (Ratio::new(sum, 10 * i128::from(n)), n))
}

/// Everything a summary needs of one city. Each city-day's daily AQI is computed once, over the
/// union of the periods (the period, last year's, the year so far, last year's rest), and each
/// period is a slice of it.
fn city_part(
    set: &Settings,
    data: &Dataset,
    city: usize,
    periods: [(NaiveDate, NaiveDate); 3],
    ty: Option<TargetYear>,
    memos: &[DailyIaqi],
    buf: &mut Vec<i64>,
) -> CityPart {
    let [(from, to), (pf, pt), (lo, hi)] = periods;
    let days = data.range(city, lo, hi);
    let briefs = briefs_of(set.rules, memos, days);
    let r = window(days, from, to);
    let (cur, valid) = brief_stats(set, &days[r.clone()], &briefs[r], (from, to), buf);
    let r = window(days, pf, pt);
    let (prev, _) = brief_stats(set, &days[r.clone()], &briefs[r], (pf, pt), buf);
    let progress = ty.map(|t| {
        let r = window(days, t.jan1, to);
        let counts = DayCounts::of_brief(&briefs[r.clone()], t.elapsed);
        let pm25_so_far = pm25_mean(&days[r]);
        let r = window(days, t.last_from, t.last_to);
        let lc = DayCounts::of_brief(&briefs[r.clone()], t.left);
        let lmean = pm25_mean(&days[r]);
        ProgressInput {
            days_in_year: t.days_in_year,
            days_elapsed: t.elapsed,
            remaining_slots: t.left,
            pm25_so_far,
            counts,
            last_year_rest: (lc.valid_days > 0).then_some((lmean, lc)),
        }
    });
    CityPart {
        cur,
        prev,
        missing: missing_between(&valid, from, to),
        progress,
    }
}

/// Target progress of every city and of the region from the cities' inputs.
fn target_progress(
    set: &Settings,
    t: TargetYear,
    inputs: &[ProgressInput],
) -> (Vec<Option<Progress>>, Option<Progress>) {
    let plan = set.plan;
    let (days_in_year, elapsed, left) = (t.days_in_year, t.elapsed, t.left);
    let cities: Vec<Option<Progress>> = plan
        .cities
        .iter()
        .zip(inputs)
        .map(|(c, inp)| c.targets.as_ref().map(|t| progress(t, inp)))
        .collect();
    let region = plan.region.map(|t| {
        let k = inputs.len() as u32;
        let mut counts = DayCounts::default();
        let mut last_counts = DayCounts::default();
        let mut pm_means = Vec::new();
        let mut pm_days = 0;
        let mut last_means = Vec::new();
        let mut last_pm_days = 0;
        for inp in inputs {
            counts.add(&inp.counts);
            if let Some((m, n)) = inp.pm25_so_far {
                pm_means.push(m);
                pm_days += n;
            }
            if let Some((m, c)) = &inp.last_year_rest {
                last_counts.add(c);
                if let Some((m, n)) = m {
                    last_means.push(*m);
                    last_pm_days += n;
                }
            }
        }
        let mean = |v: &[Ratio]| Ratio::mean_of(v);
        let input = ProgressInput {
            days_in_year,
            days_elapsed: elapsed,
            remaining_slots: left * k,
            pm25_so_far: mean(&pm_means).map(|m| (m, pm_days)),
            counts,
            last_year_rest: (last_counts.valid_days > 0)
                .then(|| (mean(&last_means).map(|m| (m, last_pm_days)), last_counts)),
        };
        progress(&t, &input)
    });
    (cities, region)
}

/// The full summary of a period: statistics, previous year, changes, ranks and target progress.
/// Cities are computed in parallel; each city-day's daily AQI once ([`city_part`]).
pub fn summarize(set: &Settings, data: &Dataset, from: NaiveDate, to: NaiveDate) -> Summary {
    use rayon::prelude::*;
    let (pf, pt) = (year_earlier(from), year_earlier_end(to));
    let ty = target_year(set.plan, to);
    let n = set.plan.cities.len();
    // The days any period needs.
    let (mut lo, mut hi) = (from.min(pf), to.max(pt));
    if let Some(t) = ty {
        lo = lo.min(t.jan1).min(t.last_from);
        hi = hi.max(t.last_to);
    }
    let city_days: usize = (0..n).map(|i| data.range(i, lo, hi).len()).sum();
    let memos = memos_for(set.rules, city_days, lo, hi);
    let parts: Vec<CityPart> = (0..n)
        .into_par_iter()
        .map_init(Vec::new, |buf, i| {
            city_part(
                set,
                data,
                i,
                [(from, to), (pf, pt), (lo, hi)],
                ty,
                &memos,
                buf,
            )
        })
        .collect();
    let mut cur = Vec::with_capacity(parts.len());
    let mut prev = Vec::with_capacity(parts.len());
    let mut missing = Vec::with_capacity(parts.len());
    let mut inputs = Vec::with_capacity(parts.len());
    for p in parts {
        cur.push(p.cur);
        prev.push(p.prev);
        missing.push(p.missing);
        inputs.extend(p.progress);
    }
    let cur_region = region_stats(set, &cur, to);
    let prev_region = region_stats(set, &prev, pt);
    let targets = ty.map(|t| target_progress(set, t, &inputs));

    let composite: Vec<Option<Dec>> = cur.iter().map(|s| s.composite()).collect();
    let pm25: Vec<Option<Dec>> = cur.iter().map(|s| s.conc.get(Pollutant::Pm25)).collect();
    let good: Vec<Option<Dec>> = cur.iter().map(|s| s.counts.good_ratio()).collect();
    let ranks = competition_rank(&composite, Better::Lower);
    let ranks_pm = competition_rank(&pm25, Better::Lower);
    let ranks_good = competition_rank(&good, Better::Higher);

    let mut rows: Vec<Row> = Vec::new();
    for ((i, city), missing_dates) in set.plan.cities.iter().enumerate().zip(missing) {
        let previous = has_data(&prev[i]).then(|| prev[i].clone());
        let change = previous
            .as_ref()
            .map(|p| change(&cur[i], p))
            .unwrap_or_default();
        rows.push(Row {
            name: city.name.clone(),
            short: city.label().to_string(),
            current: cur[i].clone(),
            previous,
            change,
            rank: ranks[i],
            rank_pm25: ranks_pm[i],
            rank_good: ranks_good[i],
            rank_change: None,
            target: targets.as_ref().and_then(|(c, _)| c[i].clone()),
            missing_dates,
        });
    }
    let rates: Vec<Option<Dec>> = rows.iter().map(|r| r.change.composite).collect();
    for (row, rank) in rows.iter_mut().zip(competition_rank(&rates, Better::Lower)) {
        row.rank_change = rank;
    }
    let all: Vec<usize> = (0..set.plan.cities.len()).collect();
    let (region_prev, region_change, region_compared_without) = same_cities_change(
        set,
        &all,
        &cur,
        &prev,
        (&cur_region, &prev_region),
        (to, pt),
    );
    let region = Row {
        name: set.plan.region_name.clone(),
        short: set.plan.region_name.clone(),
        change: region_change,
        current: cur_region,
        previous: region_prev,
        rank: None,
        rank_pm25: None,
        rank_good: None,
        rank_change: None,
        target: targets.and_then(|(_, r)| r),
        missing_dates: Vec::new(),
    };
    let groups = set
        .plan
        .groups
        .iter()
        .map(|(name, members)| {
            let pick =
                |v: &[Stats]| -> Vec<Stats> { members.iter().map(|&i| v[i].clone()).collect() };
            let (now, then) = (
                region_stats(set, &pick(&cur), to),
                region_stats(set, &pick(&prev), pt),
            );
            let (previous, change, without) =
                same_cities_change(set, members, &cur, &prev, (&now, &then), (to, pt));
            GroupRow {
                members: members
                    .iter()
                    .map(|&i| set.plan.cities[i].name.clone())
                    .collect(),
                compared_without: without,
                row: Row {
                    name: name.clone(),
                    short: name.clone(),
                    change,
                    current: now,
                    previous,
                    rank: None,
                    rank_pm25: None,
                    rank_good: None,
                    rank_change: None,
                    target: None,
                    missing_dates: Vec::new(),
                },
            }
        })
        .collect();
    Summary {
        from,
        to,
        cities: rows,
        region,
        groups,
        region_compared_without,
        rule_sets: set.rules.ids_between(from, to),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Day, DayValues, Item, PlanCity, Targets};

    fn plan() -> Plan {
        let t = Targets {
            pm25: Dec::new(350, 1),
            good_ratio: Dec::new(900, 1),
            heavy_ratio: Dec::new(0, 1),
        };
        Plan {
            name: "测试".into(),
            year: 2026,
            region_name: "全省".into(),
            area: "测试省".into(),
            unit: "设区市".into(),
            groups: Vec::new(),
            region: Some(t),
            cities: vec![PlanCity {
                name: "甲".into(),
                short: None,
                targets: Some(t),
            }],
        }
    }

    /// A clean day except PM2.5 70 µg/m³: HJ 633-2012 gives 50 + 35/40×50 = 93.75 → 94 (良),
    /// HJ 633-2026 gives 50 + 35/25×50 = 120 (轻度污染).
    fn day(date: NaiveDate) -> Day {
        let mut v = DayValues::default();
        for (item, tenths) in [
            (Item::Pm25, 700),
            (Item::Pm10, 800),
            (Item::So2, 100),
            (Item::No2, 200),
            (Item::Co, 6),
            (Item::O3_8h, 800),
        ] {
            v.set(item, Some(tenths));
        }
        Day {
            date,
            values: v,
            dust: false,
        }
    }

    /// Dust deduction by hand: three clean days (PM2.5 70, PM10 80) and a dust day (PM2.5 150,
    /// PM10 600). Kept: PM10 (3×80 + 600)/4 = 210, PM2.5 (3×70 + 150)/4 = 90. Deducted: 80 and
    /// 70, while NO2 stays 20 and the dust day still counts as a polluted day (docs/rules.md,
    /// dust deduction: the day ratios keep dust days).
    #[test]
    fn dust_deduction_drops_particulates_of_dust_days_only() {
        let plan = plan();
        let rules = RuleBook::bundled().unwrap().force("hj633-2012").unwrap();
        let from = NaiveDate::from_ymd_opt(2023, 4, 1).unwrap();
        let to = NaiveDate::from_ymd_opt(2023, 4, 4).unwrap();
        let mut data = Dataset::new(1);
        data.days[0] = from.iter_days().take(4).map(day).collect();
        let dusty = &mut data.days[0][3];
        dusty.values.set(Item::Pm25, Some(1500));
        dusty.values.set(Item::Pm10, Some(6000));
        dusty.dust = true;
        let show = |deduct: bool| {
            let set = Settings {
                plan: &plan,
                rules: &rules,
                decimals: Decimals::default(),
                dust_deduct: deduct,
            };
            let s = summarize(&set, &data, from, to);
            let c = &s.cities[0].current;
            let get = |p| c.conc.get(p).unwrap().to_string();
            (
                get(Pollutant::Pm10),
                get(Pollutant::Pm25),
                get(Pollutant::No2),
                c.counts.good_days,
                c.counts.polluted_days,
            )
        };
        assert_eq!(show(false), ("210".into(), "90".into(), "20".into(), 3, 1));
        assert_eq!(show(true), ("80".into(), "70".into(), "20".into(), 3, 1));
    }

    #[test]
    fn the_same_period_last_year_keeps_29_february() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(year_earlier_end(d("2025-02-28")), d("2024-02-29"));
        assert_eq!(year_earlier_end(d("2024-02-29")), d("2023-02-28"));
        assert_eq!(year_earlier_end(d("2022-11-30")), d("2021-11-30"));
        assert_eq!(year_earlier_end(d("2022-11-13")), d("2021-11-13"));
        assert_eq!(year_earlier(d("2025-02-01")), d("2024-02-01"));
    }

    #[test]
    fn a_period_spanning_2026_03_01_judges_each_day_by_its_own_rules() {
        let plan = plan();
        let rules = RuleBook::bundled().unwrap();
        let from = NaiveDate::from_ymd_opt(2026, 2, 25).unwrap();
        let to = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let mut data = Dataset::new(1);
        data.days[0] = from.iter_days().take_while(|d| *d <= to).map(day).collect();
        let set = Settings {
            plan: &plan,
            rules: &rules,
            decimals: Decimals::default(),
            dust_deduct: false,
        };
        let s = summarize(&set, &data, from, to);
        // 25–28 February good (4 days), 1–4 March polluted (4 days).
        let c = &s.cities[0].current.counts;
        assert_eq!((c.valid_days, c.good_days, c.polluted_days), (8, 4, 4));
        assert_eq!(c.good_ratio().unwrap().to_string(), "50.0");
        assert_eq!(
            s.rule_sets,
            vec!["hj633-2012".to_string(), "hj633-2026".to_string()]
        );
        // Forcing HJ 633-2012 makes every day good.
        let forced = rules.clone().force("hj633-2012").unwrap();
        let set = Settings {
            rules: &forced,
            ..set
        };
        let s = summarize(&set, &data, from, to);
        assert_eq!(s.cities[0].current.counts.good_days, 8);
        assert_eq!(s.rule_sets, vec!["hj633-2012".to_string()]);
    }

    fn city(name: &str) -> PlanCity {
        PlanCity {
            name: name.into(),
            short: None,
            targets: plan().cities[0].targets,
        }
    }

    /// Days of `from` onwards with the PM2.5 values given (tenths), other pollutants as [`day`].
    fn pm_days(from: NaiveDate, pm: &[i64]) -> Vec<Day> {
        pm.iter()
            .zip(from.iter_days())
            .map(|(v, d)| {
                let mut x = day(d);
                x.values.set(Item::Pm25, Some(*v));
                x
            })
            .collect()
    }

    #[test]
    fn the_region_mean_is_rounded_once_not_averaged_from_rounded_cities() {
        // 甲 30, 31, 30, 31, 30 → 30.4, printed 30; 乙 31, 32, 31, 32, 31 → 31.4, printed 31.
        // Rounded once: (30.4 + 31.4) / 2 = 30.9 → 31. From the printed values: (30 + 31) / 2
        // = 30.5 → 30 (GB/T 8170, half to even): a different number.
        let mut plan = plan();
        plan.cities = vec![city("甲"), city("乙")];
        let rules = RuleBook::bundled().unwrap();
        let from = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let to = NaiveDate::from_ymd_opt(2026, 1, 9).unwrap();
        let mut data = Dataset::new(2);
        data.days[0] = pm_days(from, &[300, 310, 300, 310, 300]);
        data.days[1] = pm_days(from, &[310, 320, 310, 320, 310]);
        let mut decimals = Decimals::default();
        decimals.0[Pollutant::Pm25.index()] = 0;
        let set = Settings {
            plan: &plan,
            rules: &rules,
            decimals,
            dust_deduct: false,
        };
        let s = summarize(&set, &data, from, to);
        let pm = |r: &Row| r.current.conc.get(Pollutant::Pm25).unwrap().to_string();
        assert_eq!(
            (pm(&s.cities[0]), pm(&s.cities[1])),
            ("30".into(), "31".into())
        );
        assert_eq!(pm(&s.region), "31");
    }

    #[test]
    fn the_region_change_compares_the_same_cities_in_both_years() {
        // Last year only 甲 has data (PM2.5 40 every day); this year 甲 has 30 and 乙 has 60.
        // Over unlike sets the region would compare (30 + 60) / 2 = 45 with 40: +12.5 %.
        // Over the same cities (甲 alone): 30 against 40, −25.0 %; 乙 is named as left out.
        let mut plan = plan();
        plan.cities = vec![city("甲"), city("乙")];
        let rules = RuleBook::bundled().unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let mut data = Dataset::new(2);
        let mut a = pm_days(d("2025-01-05"), &[400; 5]);
        a.extend(pm_days(d("2026-01-05"), &[300; 5]));
        data.days[0] = a;
        data.days[1] = pm_days(d("2026-01-05"), &[600; 5]);
        let set = Settings {
            plan: &plan,
            rules: &rules,
            decimals: Decimals::default(),
            dust_deduct: false,
        };
        let s = summarize(&set, &data, d("2026-01-05"), d("2026-01-09"));
        let pm = Pollutant::Pm25.index();
        assert_eq!(
            s.region
                .current
                .conc
                .get(Pollutant::Pm25)
                .unwrap()
                .to_string(),
            "45"
        );
        assert_eq!(s.region.change.conc[pm].unwrap().to_string(), "-25.0");
        assert_eq!(s.cities[0].change.conc[pm].unwrap().to_string(), "-25.0");
        assert_eq!(s.region_compared_without, vec!["乙".to_string()]);
        // The printed last-year value is that of the same cities.
        let prev = s.region.previous.as_ref().unwrap();
        assert_eq!(prev.conc.get(Pollutant::Pm25).unwrap().to_string(), "40");
        // With no city in both years there is no region change at all.
        data.days[0].retain(|x| x.date.year() == 2026);
        let s = summarize(&set, &data, d("2026-01-05"), d("2026-01-09"));
        assert!(s.region.change.conc[pm].is_none() && s.region.previous.is_none());
    }

    #[test]
    fn progress_as_of_29_february_counts_a_366_day_year() {
        let mut plan = plan();
        plan.year = 2024;
        let rules = RuleBook::bundled().unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let mut data = Dataset::new(1);
        data.days[0] = d("2024-01-01").iter_days().take(60).map(day).collect();
        let set = Settings {
            plan: &plan,
            rules: &rules,
            decimals: Decimals::default(),
            dust_deduct: false,
        };
        let s = summarize(&set, &data, d("2024-02-01"), d("2024-02-29"));
        let t = s.cities[0].target.as_ref().unwrap();
        assert_eq!(
            (t.days_in_year, t.days_elapsed, t.days_left),
            (366, 60, 306)
        );
        // 29 February is in February's statistics: 29 days, all valid.
        assert_eq!(s.cities[0].current.counts.valid_days, 29);
    }
}
