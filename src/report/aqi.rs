//! The daily AQI table of `air-bulletin aqi`: one row per city-day.

use crate::model::Plan;
use crate::stats::period::ScoredDay;
use chrono::NaiveDate;
use serde::Serialize;

/// One city-day.
#[derive(Clone, Debug, Serialize)]
pub struct AqiRow {
    pub date: NaiveDate,
    pub city: String,
    /// Null when the day is invalid (decision A5).
    pub aqi: Option<u32>,
    /// 一级 … 六级.
    pub level: Option<&'static str>,
    /// 优 … 严重污染.
    pub category: Option<&'static str>,
    pub primary_pollutants: Vec<crate::model::Pollutant>,
    pub valid: bool,
}

/// Rows for the given cities' scored days, ordered by date then plan order.
pub fn rows(plan: &Plan, scored: &[(usize, Vec<ScoredDay>)]) -> Vec<AqiRow> {
    let mut out = Vec::new();
    for (city, days) in scored {
        for d in days {
            let level = d.aqi.level();
            out.push(AqiRow {
                date: d.day.date,
                city: plan.cities[*city].name.clone(),
                aqi: d.aqi.aqi.filter(|_| d.aqi.valid),
                level: level.map(|l| l.name()),
                category: level.map(|l| l.category()),
                primary_pollutants: if d.aqi.valid {
                    d.aqi.primary.clone()
                } else {
                    Vec::new()
                },
                valid: d.aqi.valid,
            });
        }
    }
    let order = |name: &str| plan.city_index(name).unwrap_or(usize::MAX);
    out.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then(order(&a.city).cmp(&order(&b.city)))
    });
    out
}
