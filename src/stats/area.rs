//! Statistics of an area, the region (全区) or a group of cities (a key region): the mean of the
//! members' exact statistics rounded once, pooled day counts, and a year-on-year change over the
//! same cities in both years (docs/rules.md#region-values).

use super::period::{composite_index, Concentrations, DayCounts};
use super::summary::{change, has_data, Change, Row, Settings, Stats};
use crate::model::Pollutant;
use crate::num::Ratio;
use chrono::NaiveDate;

pub(super) fn region_stats(set: &Settings, cities: &[Stats], to: NaiveDate) -> Stats {
    let mut counts = DayCounts::default();
    let mut exact = [None; 6];
    for c in cities {
        counts.add(&c.counts);
    }
    for p in Pollutant::ALL {
        let vals: Vec<Ratio> = cities
            .iter()
            .filter_map(|c| c.conc.exact[p.index()])
            .collect();
        if !vals.is_empty() {
            exact[p.index()] = Ratio::mean_of(&vals);
        }
    }
    let conc = Concentrations::from_exact(exact, &set.decimals);
    Stats {
        counts,
        index: composite_index(&conc, &set.rules.for_date(to).index_standards),
        conc,
        sufficient: cities.iter().all(|c| c.sufficient),
        dust_days: cities.iter().map(|c| c.dust_days).sum(),
    }
}

/// The year-on-year change of an area (the region, or a group) over the same cities in both
/// years: those of `members` with data in both periods. A city without last year's data leaves
/// both sides and is returned by name (docs/rules.md#region-values). `whole` are the area's
/// statistics over all its members now and a year earlier.
pub(super) fn same_cities_change(
    set: &Settings,
    members: &[usize],
    cur: &[Stats],
    prev: &[Stats],
    whole: (&Stats, &Stats),
    (to, pt): (NaiveDate, NaiveDate),
) -> (Option<Stats>, Change, Vec<String>) {
    let both: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| has_data(&cur[i]) && has_data(&prev[i]))
        .collect();
    let without: Vec<String> = members
        .iter()
        .copied()
        .filter(|&i| has_data(&cur[i]) && !has_data(&prev[i]))
        .map(|i| set.plan.cities[i].name.clone())
        .collect();
    if both.is_empty() {
        (None, Change::default(), without)
    } else if both.len() == members.len() {
        (Some(whole.1.clone()), change(whole.0, whole.1), without)
    } else {
        let pick = |v: &[Stats]| -> Vec<Stats> { both.iter().map(|&i| v[i].clone()).collect() };
        let now = region_stats(set, &pick(cur), to);
        let then = region_stats(set, &pick(prev), pt);
        let c = change(&now, &then);
        (Some(then), c, without)
    }
}

/// A group of cities (a key region) with its statistics computed as the region's are.
#[derive(Clone, Debug)]
pub struct GroupRow {
    pub row: Row,
    /// Its member cities, in plan order.
    pub members: Vec<String>,
    /// Members without last year's data, left out of both sides of its 同比.
    pub compared_without: Vec<String>,
}
