//! The daily scheduling sheet (日调度) of an episode day: each city's AQI, level and primary
//! pollutant, the cities above 100, consecutive polluted days, and what is left of each city's
//! allowance of polluted and heavy days after that day.

use super::common::{pollutant_names, DocMeta, MetaInput, MODEL_VERSION};
use super::wording::{date_cn, Texts};
use crate::input::forecast::Forecast;
use crate::model::{Dataset, Item, Pollutant};
use crate::num::{Dec, Ratio};
use crate::stats::aqi::Level;
use crate::stats::summary::{scored_cities, summarize, Settings};
use anyhow::{anyhow, Result};
use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

/// One city's day.
#[derive(Clone, Debug, Serialize)]
pub struct DailyRow {
    pub city: String,
    /// The name the table prints (简称 or name).
    pub short: String,
    /// AQI, or — without a valid AQI.
    pub aqi: String,
    pub level: String,
    pub category: String,
    pub primary: String,
    pub colour: &'static str,
    pub ink: &'static str,
    pub polluted: bool,
    /// Polluted days in a row up to and including this day.
    pub consecutive: u32,
    /// Polluted days still allowed for the year after this day (empty without a plan target).
    pub polluted_allowed: String,
    pub heavy_allowed: String,
    pub status: String,
    pub status_colour: &'static str,
    /// PM2.5 of the day and of the year so far, and the mean allowed for the rest of the year
    /// (剩余日控制值); "—" without a value.
    pub pm25: String,
    pub pm25_ytd: String,
    pub pm25_allowed: String,
}

/// The region's line of the daily sheet.
#[derive(Clone, Debug, Serialize)]
pub struct DailyRegion {
    pub name: String,
    /// Cities above 100 and cities with a valid AQI.
    pub polluted_cities: usize,
    pub valid_cities: usize,
    pub pm25: String,
    pub pm25_ytd: String,
    pub pm25_allowed: String,
    pub polluted_allowed: String,
    pub heavy_allowed: String,
    pub status: String,
    pub status_colour: &'static str,
}

/// One line of the forecast table.
#[derive(Clone, Debug, Serialize)]
pub struct ForecastRow {
    pub date: String,
    pub city: String,
    pub short: String,
    pub aqi: String,
    pub category: String,
    pub primary: String,
}

/// The daily sheet's model.
#[derive(Clone, Debug, Serialize)]
pub struct DailyReport {
    pub version: u32,
    pub kind: &'static str,
    pub meta: DocMeta,
    pub date: NaiveDate,
    pub date_label: String,
    pub summary: String,
    pub rows: Vec<DailyRow>,
    pub region: DailyRegion,
    pub above_100: Vec<String>,
    pub note: String,
    /// The emergency response in force that day (empty for none).
    pub response: String,
    /// The forecast for the next three days (empty without a forecast file).
    pub forecast: Vec<ForecastRow>,
}

/// What a daily sheet is built from.
pub struct DailyInput<'a> {
    pub settings: Settings<'a>,
    pub data: &'a Dataset,
    pub date: NaiveDate,
    pub meta: MetaInput<'a>,
    /// Forecasts (any dates; the sheet shows the three days after its day).
    pub forecasts: &'a [Forecast],
    /// The emergency response in force that day, if any.
    pub response: Option<&'a str>,
}

fn num(n: i64) -> String {
    n.to_string()
}

fn dec(v: Option<Dec>) -> String {
    v.map_or_else(|| "—".to_string(), |d| d.to_string())
}

/// Builds the daily sheet.
pub fn build(texts: &Texts, input: &DailyInput) -> Result<DailyReport> {
    let set = &input.settings;
    let d = input.date;
    // Look back far enough for a run of polluted days (60 days).
    let back = d - Days::new(60);
    let scored = scored_cities(set, input.data, back, d);
    if scored
        .iter()
        .all(|s| s.last().is_none_or(|x| x.day.date != d))
    {
        return Err(anyhow!("{d} 没有任何城市的数据"));
    }
    let jan1 = NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d);
    let ytd = summarize(set, input.data, jan1, d);
    let mut rows = Vec::new();
    let mut above = Vec::new();
    for (i, city) in set.plan.cities.iter().enumerate() {
        let days = &scored[i];
        let today = days.iter().find(|s| s.day.date == d);
        let valid = today.filter(|t| t.aqi.valid);
        let aqi = valid.and_then(|t| t.aqi.aqi);
        let level = aqi.map(Level::of);
        // Consecutive polluted days ending today (a missing day breaks the run).
        let mut consecutive = 0;
        let mut day = d;
        while let Some(s) = days.iter().find(|s| s.day.date == day) {
            if !s.aqi.is_polluted() {
                break;
            }
            consecutive += 1;
            day = day - Days::new(1);
        }
        let polluted = valid.is_some_and(|t| t.aqi.is_polluted());
        if polluted {
            above.push(format!("{}（{}）", city.name, aqi.unwrap_or(0)));
        }
        let target = ytd.cities[i].target.as_ref();
        let pm_today = today.and_then(|t| t.day.values.get(Item::Pm25));
        rows.push(DailyRow {
            pm25: pm_today.map_or_else(
                || "—".into(),
                // A day's value as published (whole µg/m³).
                |v| {
                    Ratio::new(i128::from(v), 10)
                        .round(Item::Pm25.published_decimals())
                        .to_string()
                },
            ),
            pm25_ytd: dec(ytd.cities[i].current.conc.get(Pollutant::Pm25)),
            pm25_allowed: target.map_or_else(String::new, |p| dec(p.pm25.allowed_rest)),
            city: city.name.clone(),
            short: city.label().to_string(),
            aqi: aqi.map_or_else(|| "—".into(), |a| a.to_string()),
            level: level.map_or_else(String::new, |l| l.name().to_string()),
            category: level.map_or_else(|| "无有效数据".to_string(), |l| l.category().to_string()),
            primary: valid.map_or_else(String::new, |t| pollutant_names(&t.aqi.primary)),
            colour: level.map_or("#D9D9D9", |l| l.colour()),
            ink: if level.is_some_and(|l| l >= Level::L4) {
                "#FFFFFF"
            } else {
                "#000000"
            },
            polluted,
            consecutive,
            polluted_allowed: target.map_or_else(String::new, |p| num(p.good.polluted_allowed)),
            heavy_allowed: target.map_or_else(String::new, |p| num(p.heavy.allowed_left)),
            status: target.map_or_else(String::new, |p| p.status.label().to_string()),
            status_colour: target.map_or("#000000", |p| super::common::status_colour(p.status)),
        });
    }
    let rt = ytd.region.target.as_ref();
    let today_pm: Vec<Ratio> = scored
        .iter()
        .filter_map(|days| days.iter().find(|s| s.day.date == d))
        .filter_map(|s| s.day.values.get(Item::Pm25))
        .map(|v| Ratio::new(i128::from(v), 10))
        .collect();
    let region = DailyRegion {
        name: set.plan.region_name.clone(),
        polluted_cities: rows.iter().filter(|r| r.polluted).count(),
        valid_cities: rows.iter().filter(|r| r.aqi != "—").count(),
        pm25: Ratio::mean_of(&today_pm).map_or_else(
            || "—".into(),
            |m| m.round(Item::Pm25.published_decimals()).to_string(),
        ),
        pm25_ytd: dec(ytd.region.current.conc.get(Pollutant::Pm25)),
        pm25_allowed: rt.map_or_else(String::new, |p| dec(p.pm25.allowed_rest)),
        polluted_allowed: rt.map_or_else(String::new, |p| num(p.good.polluted_allowed)),
        heavy_allowed: rt.map_or_else(String::new, |p| num(p.heavy.allowed_left)),
        status: rt.map_or_else(String::new, |p| p.status.label().to_string()),
        status_colour: rt.map_or("#000000", |p| super::common::status_colour(p.status)),
    };
    let forecast: Vec<ForecastRow> = input
        .forecasts
        .iter()
        .filter(|f| f.date > d && f.date <= d + Days::new(3))
        .filter_map(|f| {
            let c = set.plan.cities.get(f.city)?;
            Some(ForecastRow {
                date: super::wording::month_day_cn(f.date),
                city: c.name.clone(),
                short: c.label().to_string(),
                aqi: f.aqi.clone(),
                category: f.category.clone(),
                primary: f.primary.clone(),
            })
        })
        .collect();
    #[derive(Serialize)]
    struct Ctx<'a> {
        date_label: &'a str,
        above_names: Vec<String>,
        city_count: usize,
        region_name: &'a str,
        longest: Vec<String>,
    }
    let date_label = date_cn(d);
    // Cities polluted three days or more in a row, grouped by the length of their run, longest
    // first: "南宁、柳州和来宾已连续超标5天".
    let mut runs: Vec<u32> = rows
        .iter()
        .map(|r| r.consecutive)
        .filter(|n| *n >= 3)
        .collect();
    runs.sort_unstable_by(|a, b| b.cmp(a));
    runs.dedup();
    let longest: Vec<String> = runs
        .iter()
        .map(|n| {
            let names: Vec<String> = rows
                .iter()
                .filter(|r| r.consecutive == *n)
                .map(|r| r.city.clone())
                .collect();
            format!("{}已连续超标{n}天", super::wording::join_names(&names))
        })
        .collect();
    let ctx = Ctx {
        date_label: &date_label,
        above_names: rows
            .iter()
            .filter(|r| r.polluted)
            .map(|r| r.city.clone())
            .collect(),
        city_count: rows.len(),
        region_name: &set.plan.region_name,
        longest,
    };
    Ok(DailyReport {
        version: MODEL_VERSION,
        kind: "daily",
        meta: DocMeta::new(
            &input.meta,
            vec![format!("{}{}环境空气质量日调度", date_label, set.plan.area)],
            date_label.clone(),
            &set.plan.unit,
        ),
        date: d,
        summary: texts.render("daily.j2", "summary", &ctx)?,
        note: texts.render("daily.j2", "note", &ctx)?,
        date_label,
        rows,
        region,
        above_100: above,
        response: input.response.unwrap_or_default().to_string(),
        forecast,
    })
}
