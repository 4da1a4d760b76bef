//! The daily AQI of many city-days at once: memoized IAQI lookups, the brief daily AQI of a
//! city's days, and the dates without a valid AQI (for summaries and `check`).

use super::aqi::{daily_aqi_brief, daily_aqi_brief_memo, AqiBrief, DailyIaqi};
use super::period::ScoredDay;
use super::rules::RuleBook;
use crate::model::{Dataset, Day};
use chrono::NaiveDate;

/// City-days from which memoized IAQI lookups pay (building a memo costs about 200,000 lookups).
const MEMO_FROM: usize = 200_000;

/// Over many city-days (more than [`MEMO_FROM`]), the IAQI lookups of the rule sets in use
/// between `lo` and `hi` memoized first; none for a few.
pub(super) fn memos_for(
    rules: &RuleBook,
    city_days: usize,
    lo: NaiveDate,
    hi: NaiveDate,
) -> Vec<DailyIaqi<'_>> {
    let mut memos: Vec<DailyIaqi> = Vec::new();
    if city_days > MEMO_FROM {
        for r in [rules.for_date(lo), rules.for_date(hi)] {
            if !memos.iter().any(|m| std::ptr::eq(m.rules(), r)) {
                memos.push(DailyIaqi::new(r));
            }
        }
    }
    memos
}

/// The brief daily AQI of each of a city's days (sorted by date) by the rules of its date,
/// through a memo when there is one. The rule set is looked up once per run of days it covers.
pub(super) fn briefs_of(rules: &RuleBook, memos: &[DailyIaqi], days: &[Day]) -> Vec<AqiBrief> {
    let mut out = Vec::with_capacity(days.len());
    let mut rest = days;
    while let Some(first) = rest.first() {
        let set = rules.for_date(first.date);
        // Rule sets follow each other in time: the days of this one are a prefix.
        let n = rest.partition_point(|d| std::ptr::eq(rules.for_date(d.date), set));
        let (run, after) = rest.split_at(n.max(1));
        match memos.iter().find(|m| std::ptr::eq(m.rules(), set)) {
            Some(m) => out.extend(run.iter().map(|d| daily_aqi_brief_memo(m, &d.values))),
            None => out.extend(run.iter().map(|d| daily_aqi_brief(set, &d.values))),
        }
        rest = after;
    }
    out
}

/// Each city's dates of `from..=to` without a valid AQI (as [`missing_dates`] finds them), for
/// every city at once: the cities in parallel, the lookups memoized over many city-days.
pub fn missing_by_city(
    rules: &RuleBook,
    data: &Dataset,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Vec<NaiveDate>> {
    use rayon::prelude::*;
    let city_days: usize = (0..data.days.len())
        .map(|i| data.range(i, from, to).len())
        .sum();
    let memos = memos_for(rules, city_days, from, to);
    (0..data.days.len())
        .into_par_iter()
        .map(|i| {
            let days = data.range(i, from, to);
            let valid: Vec<NaiveDate> = days
                .iter()
                .zip(briefs_of(rules, &memos, days))
                .filter(|(_, b)| b.valid)
                .map(|(d, _)| d.date)
                .collect();
            missing_between(&valid, from, to)
        })
        .collect()
}

/// The dates of `from..=to` without a valid AQI.
pub fn missing_dates(scored: &[ScoredDay], from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let valid: Vec<NaiveDate> = scored
        .iter()
        .filter(|d| d.aqi.valid)
        .map(|d| d.day.date)
        .collect();
    missing_between(&valid, from, to)
}

/// The dates of `from..=to` not in `valid` (sorted).
pub(super) fn missing_between(
    valid: &[NaiveDate],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<NaiveDate> {
    // `valid` rises strictly (a city's dates do): with as many dates inside as the period has
    // days, none is missing; otherwise the gaps between them are.
    let a = valid.partition_point(|d| *d < from);
    let b = valid.partition_point(|d| *d <= to).max(a);
    let inside = &valid[a..b];
    let mut out = Vec::new();
    if inside.len() as i64 == (to - from).num_days() + 1 {
        return out;
    }
    let mut next = Some(from);
    for v in inside {
        while let Some(d) = next.filter(|d| d < v) {
            out.push(d);
            next = d.succ_opt();
        }
        next = v.succ_opt();
    }
    while let Some(d) = next.filter(|d| *d <= to) {
        out.push(d);
        next = d.succ_opt();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_dates_are_the_calendar_days_without_a_valid_date() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let (from, to) = (d("2024-02-01"), d("2024-03-31"));
        let mut x = 5u64;
        for keep_in_8 in 0..=8 {
            // Valid dates from before the period to after it, each kept with a chance.
            let valid: Vec<NaiveDate> = d("2024-01-20")
                .iter_days()
                .take_while(|v| *v <= d("2024-04-10"))
                .filter(|_| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    (x >> 61) < keep_in_8
                })
                .collect();
            let want: Vec<NaiveDate> = from
                .iter_days()
                .take_while(|v| *v <= to)
                .filter(|v| !valid.contains(v))
                .collect();
            assert_eq!(missing_between(&valid, from, to), want, "{keep_in_8}");
        }
    }
}
