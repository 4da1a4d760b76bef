//! The week day by day: the heat map of daily AQI in the level colours of HJ 633 附录A, and the
//! list of polluted city-days.

use super::wording::month_day_cn;
use crate::calendar::Week;
use crate::model::PlanCity;
use crate::stats::aqi::Level;
use crate::stats::period::ScoredDay;
use serde::Serialize;

/// A polluted city-day of the week.
#[derive(Clone, Debug, Serialize)]
pub struct PollutedDay {
    pub date: String,
    pub city: String,
    /// The name the table prints (简称 or name).
    pub short: String,
    pub aqi: u32,
    pub level: &'static str,
    pub category: &'static str,
    pub primary: String,
    pub colour: &'static str,
}

/// One cell of the heat map.
#[derive(Clone, Debug, Serialize)]
pub struct HeatCell {
    /// The AQI, or — without a valid AQI.
    pub text: String,
    /// Level colour (HJ 633 附录A), grey when missing.
    pub colour: &'static str,
    /// Text colour readable on it.
    pub ink: &'static str,
}

/// A city's row of the heat map.
#[derive(Clone, Debug, Serialize)]
pub struct HeatRow {
    pub city: String,
    /// The name the map prints (简称 or name).
    pub short: String,
    pub cells: Vec<HeatCell>,
}

/// The colour of a heat-map cell: the level colour of the AQI (HJ 633-2012 附录A), light grey
/// without a valid AQI; white text on the dark levels.
pub fn heat_cell(aqi: Option<u32>) -> HeatCell {
    match aqi {
        Some(a) => {
            let level = Level::of(a);
            HeatCell {
                text: a.to_string(),
                colour: level.colour(),
                ink: if level >= Level::L4 {
                    "#FFFFFF"
                } else {
                    "#000000"
                },
            }
        }
        None => HeatCell {
            text: "—".into(),
            colour: "#D9D9D9",
            ink: "#000000",
        },
    }
}

/// The heat map of a week: one row per city, one cell per day.
pub fn heat(plan_cities: &[PlanCity], scored: &[Vec<ScoredDay>], week: &Week) -> Vec<HeatRow> {
    plan_cities
        .iter()
        .zip(scored)
        .map(|(city, days)| HeatRow {
            city: city.name.clone(),
            short: city.label().to_string(),
            cells: week
                .days()
                .iter()
                .map(|d| {
                    let a = days
                        .iter()
                        .find(|s| s.day.date == *d)
                        .and_then(|s| s.aqi.aqi.filter(|_| s.aqi.valid));
                    heat_cell(a)
                })
                .collect(),
        })
        .collect()
}

/// The polluted city-days of a period, by date then plan order.
pub fn polluted(plan_cities: &[PlanCity], scored: &[Vec<ScoredDay>]) -> Vec<PollutedDay> {
    let mut out = Vec::new();
    for (city, days) in plan_cities.iter().zip(scored) {
        for d in days.iter().filter(|d| d.aqi.is_polluted()) {
            let aqi = d.aqi.aqi.unwrap_or(0);
            let level = Level::of(aqi);
            out.push((
                d.day.date,
                PollutedDay {
                    date: month_day_cn(d.day.date),
                    city: city.name.clone(),
                    short: city.label().to_string(),
                    aqi,
                    level: level.name(),
                    category: level.category(),
                    primary: super::common::pollutant_names(&d.aqi.primary),
                    colour: level.colour(),
                },
            ));
        }
    }
    out.sort_by_key(|(d, _)| *d);
    out.into_iter().map(|(_, p)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heat_map_colours_follow_the_official_levels() {
        // HJ 633-2012 附录A: 优 green, 良 yellow, 轻度 orange, 中度 red, 重度 purple, 严重 maroon.
        let cases = [
            (Some(35), "#00E400", "#000000"),
            (Some(75), "#FFFF00", "#000000"),
            (Some(120), "#FF7E00", "#000000"),
            (Some(180), "#FF0000", "#FFFFFF"),
            (Some(250), "#99004C", "#FFFFFF"),
            (Some(320), "#7E0023", "#FFFFFF"),
            (None, "#D9D9D9", "#000000"),
        ];
        for (aqi, colour, ink) in cases {
            let c = heat_cell(aqi);
            assert_eq!((c.colour, c.ink), (colour, ink), "{aqi:?}");
        }
        assert_eq!(heat_cell(None).text, "—");
        assert_eq!(heat_cell(Some(101)).text, "101");
    }
}
