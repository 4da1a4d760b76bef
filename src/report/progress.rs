//! The year-to-date progress against a plan's targets as the documents show it: the progress
//! table's rows, the status colours, and the wording context that names the region first and
//! each city with the targets it has lost or has at risk.

use super::common::s;
use crate::num::Dec;
use crate::stats::summary::{Row, Summary};
use crate::stats::target::{Progress, Status};
use serde::Serialize;

/// The colour a status is shown in: green, amber, red.
pub fn status_colour(s: Status) -> &'static str {
    match s {
        Status::OnTrack => "#1A7F37",
        Status::AtRisk => "#C77700",
        Status::Unreachable => "#C00000",
    }
}

/// One city's progress towards its targets, as printed.
#[derive(Clone, Debug, Serialize)]
pub struct ProgressRow {
    pub city: String,
    /// The name tables print (简称 or name).
    pub short: String,
    pub pm25_so_far: String,
    pub pm25_target: String,
    /// so far − target, signed.
    pub pm25_gap: String,
    /// Mean allowed for the rest of the year (剩余日控制值).
    pub pm25_allowed: String,
    pub good_so_far: String,
    pub good_target: String,
    /// Good days still needed.
    pub good_needed: i64,
    /// Polluted days still allowed.
    pub polluted_allowed: i64,
    pub heavy_so_far: u32,
    pub heavy_allowed: i64,
    pub pm25_status: &'static str,
    pub good_status: &'static str,
    pub heavy_status: &'static str,
    pub status: &'static str,
    pub status_colour: &'static str,
    /// For charts: PM2.5 so far and target.
    pub pm25_value: f64,
    pub pm25_target_value: f64,
}

/// A progress row.
pub fn progress_row(r: &Row, p: &Progress) -> ProgressRow {
    ProgressRow {
        city: r.name.clone(),
        short: r.short.clone(),
        pm25_so_far: s(p.pm25.so_far),
        pm25_target: p.pm25.target.to_string(),
        pm25_gap: s(p.pm25.gap),
        pm25_allowed: s(p.pm25.allowed_rest),
        good_so_far: s(p.good.so_far),
        good_target: p.good.target.to_string(),
        good_needed: p.good.still_needed,
        polluted_allowed: p.good.polluted_allowed,
        heavy_so_far: p.heavy.so_far,
        heavy_allowed: p.heavy.allowed_left,
        pm25_status: p.pm25.status.label(),
        good_status: p.good.status.label(),
        heavy_status: p.heavy.status.label(),
        status: p.status.label(),
        status_colour: status_colour(p.status),
        pm25_value: p.pm25.so_far.map_or(0.0, Dec::to_f64),
        pm25_target_value: p.pm25.target.to_f64(),
    }
}

/// Progress rows of every city with a target, and the region.
pub fn progress_rows(summary: &Summary) -> (Vec<ProgressRow>, Option<ProgressRow>) {
    let rows = summary
        .cities
        .iter()
        .filter_map(|r| r.target.as_ref().map(|p| progress_row(r, p)))
        .collect();
    let region = summary
        .region
        .target
        .as_ref()
        .map(|p| progress_row(&summary.region, p));
    (rows, region)
}

/// The progress sentence context: cities by status.
#[derive(Clone, Debug, Serialize)]
pub struct ProgressText {
    pub as_of: String,
    pub days_left: u32,
    pub on_track: Vec<String>,
    pub at_risk: Vec<String>,
    pub unreachable: Vec<String>,
    /// 预警 cities with the targets at risk: "南宁（PM2.5浓度）".
    pub at_risk_named: Vec<String>,
    /// 无法完成 cities with the targets each has lost: "柳州（优良天数比例）".
    pub unreachable_named: Vec<String>,
    pub region: Option<ProgressRow>,
    pub region_name: String,
    /// The region's status (正常, 预警, 无法完成), when the plan gives region targets.
    pub region_status: Option<&'static str>,
    /// The region's targets at risk and lost.
    pub region_at_risk: Vec<&'static str>,
    pub region_lost: Vec<&'static str>,
    /// The region's year end at last year's pace.
    pub region_projection: Option<ProjectionText>,
    /// Cities that would miss targets at last year's pace, with those targets.
    pub not_met_named: Vec<String>,
    /// Whether any city could be projected (last year's data for the rest of the year).
    pub projected: bool,
}

/// A year end at last year's pace, as printed.
#[derive(Clone, Debug, Serialize)]
pub struct ProjectionText {
    pub pm25: String,
    pub good_ratio: String,
    /// The targets it would miss.
    pub missed: Vec<&'static str>,
}

/// The printed names of the three targets.
pub const PM25_TARGET: &str = "PM2.5浓度";
pub const GOOD_TARGET: &str = "优良天数比例";
pub const HEAVY_TARGET: &str = "重度及以上污染天数比例";

/// The targets of a progress whose own status is `st`.
pub fn targets_with(p: &Progress, st: Status) -> Vec<&'static str> {
    [
        (p.pm25.status, PM25_TARGET),
        (p.good.status, GOOD_TARGET),
        (p.heavy.status, HEAVY_TARGET),
    ]
    .into_iter()
    .filter(|(s, _)| *s == st)
    .map(|(_, n)| n)
    .collect()
}

/// The targets a projection would miss.
pub fn projected_misses(p: &Progress) -> Option<Vec<&'static str>> {
    let pr = p.projection.as_ref()?;
    pr.pm25_met?;
    let mut out = Vec::new();
    if pr.pm25_met == Some(false) {
        out.push(PM25_TARGET);
    }
    if pr.good_met == Some(false) {
        out.push(GOOD_TARGET);
    }
    if !pr.heavy_met {
        out.push(HEAVY_TARGET);
    }
    Some(out)
}

/// "柳州（优良天数比例）", "来宾（PM2.5浓度、优良天数比例）".
fn named(city: &str, targets: &[&str]) -> String {
    format!("{city}（{}）", targets.join("、"))
}

/// The progress wording context: the region first (its status, the targets it has lost or has
/// at risk, its projection), then the cities by status, each named with its targets.
pub fn progress_text(summary: &Summary, as_of: &str) -> ProgressText {
    let with_target = || {
        summary
            .cities
            .iter()
            .filter_map(|r| r.target.as_ref().map(|p| (r, p)))
    };
    let by = |st: Status| -> Vec<String> {
        with_target()
            .filter(|(_, p)| p.status == st)
            .map(|(r, _)| r.name.clone())
            .collect()
    };
    let named_by = |st: Status| -> Vec<String> {
        with_target()
            .filter(|(_, p)| p.status == st)
            .map(|(r, p)| named(&r.name, &targets_with(p, st)))
            .collect()
    };
    let region = summary.region.target.as_ref();
    ProgressText {
        as_of: as_of.to_string(),
        days_left: with_target().map(|(_, p)| p.days_left).next().unwrap_or(0),
        on_track: by(Status::OnTrack),
        at_risk: by(Status::AtRisk),
        unreachable: by(Status::Unreachable),
        at_risk_named: named_by(Status::AtRisk),
        unreachable_named: named_by(Status::Unreachable),
        region: region.map(|p| progress_row(&summary.region, p)),
        region_name: summary.region.name.clone(),
        region_status: region.map(|p| p.status.label()),
        region_at_risk: region.map_or(Vec::new(), |p| targets_with(p, Status::AtRisk)),
        region_lost: region.map_or(Vec::new(), |p| targets_with(p, Status::Unreachable)),
        region_projection: region.and_then(|p| {
            let pr = p.projection.as_ref()?;
            Some(ProjectionText {
                pm25: pr.pm25?.to_string(),
                good_ratio: pr.good_ratio?.to_string(),
                missed: projected_misses(p)?,
            })
        }),
        not_met_named: with_target()
            .filter_map(|(r, p)| {
                let m = projected_misses(p)?;
                (!m.is_empty()).then(|| named(&r.name, &m))
            })
            .collect(),
        projected: with_target().any(|(_, p)| projected_misses(p).is_some()),
    }
}
