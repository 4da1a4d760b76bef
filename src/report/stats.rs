//! The period-statistics report: the stable machine-readable output of `air-bulletin stats`
//! (JSON keys are an interface for downstream systems: add fields, never rename them).

use crate::model::Pollutant;
use crate::num::Dec;
use crate::stats::summary::{Change, Row, Stats, Summary};
use crate::stats::target::Progress;
use chrono::NaiveDate;
use serde::Serialize;

/// Version of the report's JSON layout.
pub const STATS_VERSION: u32 = 1;

/// The statistics of one city or the region for one period.
#[derive(Clone, Debug, Serialize)]
pub struct StatsEntry {
    pub city: String,
    pub calendar_days: u32,
    pub valid_days: u32,
    pub good_days: u32,
    pub polluted_days: u32,
    pub heavy_days: u32,
    pub good_ratio: Option<Dec>,
    pub heavy_ratio: Option<Dec>,
    pub pm25: Option<Dec>,
    pub pm10: Option<Dec>,
    pub so2: Option<Dec>,
    pub no2: Option<Dec>,
    /// 95th percentile of daily values.
    pub co: Option<Dec>,
    /// 90th percentile of the daily max 8-hour values.
    pub o3: Option<Dec>,
    pub composite_index: Option<Dec>,
    pub max_index: Option<Dec>,
    pub primary_pollutants: Vec<Pollutant>,
    pub data_sufficient: bool,
    /// Dust-affected city-days in the period (deducted from PM10 and PM2.5 when configured).
    pub dust_days: u32,
}

/// Year-on-year changes: percent for concentrations and the index, points for ratios.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeEntry {
    pub pm25: Option<Dec>,
    pub pm10: Option<Dec>,
    pub so2: Option<Dec>,
    pub no2: Option<Dec>,
    pub co: Option<Dec>,
    pub o3: Option<Dec>,
    pub composite_index: Option<Dec>,
    pub good_ratio: Option<Dec>,
    pub heavy_ratio: Option<Dec>,
    pub good_days: Option<i64>,
    pub heavy_days: Option<i64>,
}

/// Target progress as of the period's end.
#[derive(Clone, Debug, Serialize)]
pub struct TargetEntry {
    pub plan: String,
    pub year: i32,
    pub as_of: NaiveDate,
    #[serde(flatten)]
    pub progress: Progress,
}

/// One row of the report: a city or the region.
#[derive(Clone, Debug, Serialize)]
pub struct CityEntry {
    #[serde(flatten)]
    pub stats: StatsEntry,
    /// Rank by composite index (null for the region and for cities without an index).
    pub rank: Option<u32>,
    pub rank_pm25: Option<u32>,
    pub rank_good_ratio: Option<u32>,
    pub rank_change: Option<u32>,
    pub missing_dates: Vec<NaiveDate>,
    pub previous: Option<StatsEntry>,
    pub change: Option<ChangeEntry>,
    pub target: Option<TargetEntry>,
}

/// The whole report.
#[derive(Clone, Debug, Serialize)]
pub struct StatsReport {
    pub version: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub plan: String,
    pub rule_sets: Vec<String>,
    pub cities: Vec<CityEntry>,
    pub region: CityEntry,
    /// Cities with data in the period but none a year earlier: the region's changes compare the
    /// other cities only (the same cities on both sides).
    pub region_compared_without: Vec<String>,
    /// The plan's groups (key regions), each with the region's keys, computed the same way.
    pub groups: Vec<GroupEntry>,
}

/// A group of cities in the statistics report.
#[derive(Clone, Debug, Serialize)]
pub struct GroupEntry {
    pub name: String,
    pub members: Vec<String>,
    pub compared_without: Vec<String>,
    #[serde(flatten)]
    pub entry: CityEntry,
}

fn stats_entry(name: &str, s: &Stats) -> StatsEntry {
    let c = |p: Pollutant| s.conc.get(p);
    StatsEntry {
        city: name.to_string(),
        calendar_days: s.counts.calendar_days,
        valid_days: s.counts.valid_days,
        good_days: s.counts.good_days,
        polluted_days: s.counts.polluted_days,
        heavy_days: s.counts.heavy_days,
        good_ratio: s.counts.good_ratio(),
        heavy_ratio: s.counts.heavy_ratio(),
        pm25: c(Pollutant::Pm25),
        pm10: c(Pollutant::Pm10),
        so2: c(Pollutant::So2),
        no2: c(Pollutant::No2),
        co: c(Pollutant::Co),
        o3: c(Pollutant::O3),
        composite_index: s.index.as_ref().map(|i| i.composite),
        max_index: s.index.as_ref().map(|i| i.max_index),
        primary_pollutants: s
            .index
            .as_ref()
            .map(|i| i.primary.clone())
            .unwrap_or_default(),
        data_sufficient: s.sufficient,
        dust_days: s.dust_days,
    }
}

fn change_entry(c: &Change) -> ChangeEntry {
    let p = |p: Pollutant| c.conc[p.index()];
    ChangeEntry {
        pm25: p(Pollutant::Pm25),
        pm10: p(Pollutant::Pm10),
        so2: p(Pollutant::So2),
        no2: p(Pollutant::No2),
        co: p(Pollutant::Co),
        o3: p(Pollutant::O3),
        composite_index: c.composite,
        good_ratio: c.good_ratio,
        heavy_ratio: c.heavy_ratio,
        good_days: c.good_days,
        heavy_days: c.heavy_days,
    }
}

fn entry(row: &Row, plan: &crate::model::Plan, to: NaiveDate) -> CityEntry {
    CityEntry {
        stats: stats_entry(&row.name, &row.current),
        rank: row.rank,
        rank_pm25: row.rank_pm25,
        rank_good_ratio: row.rank_good,
        rank_change: row.rank_change,
        missing_dates: row.missing_dates.clone(),
        previous: row.previous.as_ref().map(|p| stats_entry(&row.name, p)),
        change: row.previous.as_ref().map(|_| change_entry(&row.change)),
        target: row.target.clone().map(|progress| TargetEntry {
            plan: plan.name.clone(),
            year: plan.year,
            as_of: to,
            progress,
        }),
    }
}

/// Builds the report from a summary.
pub fn build(summary: &Summary, plan: &crate::model::Plan) -> StatsReport {
    StatsReport {
        version: STATS_VERSION,
        from: summary.from,
        to: summary.to,
        plan: plan.name.clone(),
        rule_sets: summary.rule_sets.clone(),
        cities: summary
            .cities
            .iter()
            .map(|r| entry(r, plan, summary.to))
            .collect(),
        region: entry(&summary.region, plan, summary.to),
        region_compared_without: summary.region_compared_without.clone(),
        groups: summary
            .groups
            .iter()
            .map(|g| GroupEntry {
                name: g.row.name.clone(),
                members: g.members.clone(),
                compared_without: g.compared_without.clone(),
                entry: entry(&g.row, plan, summary.to),
            })
            .collect(),
    }
}
