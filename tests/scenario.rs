//! The bundled sample is a scenario (`examples/gen_sample.rs` writes it down): 2022 cleaner than
//! 2021 except in 柳州 and 贺州; the two heavy city-days of 2022 on 25 January in 贵港 and 来宾;
//! 河池's outage of 14–17 November leaving it 26 valid November days; cities on track, at risk
//! and unable to finish by late November. These tests hold the documents to that scenario, and
//! recompute the region's good-day ratio from the CSV itself.

mod common;
use air_bulletin::calendar::Month;
use air_bulletin::load::{load_file, Loaded};
use air_bulletin::report::common::MetaInput;
use air_bulletin::report::monthly;
use air_bulletin::report::wording::Texts;
use air_bulletin::stats::summary::summarize;
use air_bulletin::stats::target::Status;
use air_bulletin::templates::Templates;
use chrono::NaiveDate;
use common::*;

fn bundled() -> Loaded {
    load_file(&root().join("air-bulletin.toml")).unwrap_or_else(|_| panic!("bundled loads"))
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn names(v: Vec<&str>) -> Vec<String> {
    v.into_iter().map(String::from).collect()
}

#[test]
fn hechi_is_the_one_city_short_of_valid_days_in_november_and_the_footnote_names_it() {
    let l = bundled();
    let s = summarize(&l.settings(), &l.data, d("2022-11-01"), d("2022-11-30"));
    let short: Vec<(&str, u32)> = s
        .cities
        .iter()
        .filter(|r| !r.current.sufficient)
        .map(|r| (r.name.as_str(), r.current.counts.valid_days))
        .collect();
    assert_eq!(short, [("河池", 26)]);
    let texts = Texts::new(&Templates::embedded()).unwrap();
    let input = monthly::MonthlyInput {
        settings: l.settings(),
        data: &l.data,
        month: Month::new(2022, 11).unwrap(),
        requirements: &[],
        counties: None,
        meta: MetaInput {
            office: &l.config.office,
            to: "",
            bulletin_name: "月通报",
            cc: "",
            date: d("2022-12-05"),
            plan: &l.plan.name,
            rules: "HJ 633-2012".into(),
        },
    };
    let m = monthly::build(&texts, &input).unwrap();
    assert!(
        m.month
            .footnote
            .starts_with("注：河池（26天）11月有效监测天数不足"),
        "{}",
        m.month.footnote
    );
    // The month and the year to date are different sections with different numbers.
    let ytd = m.ytd.as_ref().unwrap();
    assert_eq!(
        (m.month.label.as_str(), ytd.label.as_str()),
        ("11月", "1—11月")
    );
    assert_ne!(m.month.summary, ytd.summary);
    assert_ne!(m.month.region.pm25, ytd.region.pm25);
    assert!(m.month.summary.starts_with("11月，全区14个设区市"));
    assert!(ytd.summary.starts_with("1—11月，全区14个设区市"));
}

#[test]
fn by_late_november_cities_are_on_track_at_risk_and_unable_to_finish() {
    let l = bundled();
    let s = summarize(&l.settings(), &l.data, d("2022-01-01"), d("2022-11-30"));
    let with = |st: Status| -> Vec<String> {
        s.cities
            .iter()
            .filter(|r| r.target.as_ref().is_some_and(|t| t.status == st))
            .map(|r| r.name.clone())
            .collect()
    };
    assert_eq!(
        with(Status::Unreachable),
        names(vec!["柳州", "贵港", "来宾"])
    );
    assert_eq!(
        with(Status::AtRisk),
        names(vec!["南宁", "桂林", "玉林", "贺州"])
    );
    assert_eq!(with(Status::OnTrack).len(), 7);
}

#[test]
fn pm25_is_lower_than_last_year_in_every_city_but_liuzhou_and_hezhou() {
    let l = bundled();
    let s = summarize(&l.settings(), &l.data, d("2022-01-01"), d("2022-11-30"));
    let pm = air_bulletin::model::Pollutant::Pm25.index();
    let up: Vec<String> = s
        .cities
        .iter()
        .filter(|r| r.change.conc[pm].unwrap().units() > 0)
        .map(|r| r.name.clone())
        .collect();
    assert_eq!(up, names(vec!["柳州", "贺州"]));
    assert!(s.cities.iter().all(|r| r.change.conc[pm].is_some()));
}

#[test]
fn the_two_heavy_days_of_2022_are_guigang_and_laibin_on_25_january() {
    let l = bundled();
    let s = summarize(&l.settings(), &l.data, d("2022-01-25"), d("2022-01-25"));
    let heavy: Vec<&str> = s
        .cities
        .iter()
        .filter(|r| r.current.counts.heavy_days == 1)
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(heavy, ["贵港", "来宾"]);
    let year = summarize(&l.settings(), &l.data, d("2022-01-01"), d("2022-12-31"));
    assert_eq!(year.region.current.counts.heavy_days, 2);
}

/// The concentration at which each of the six daily items reaches IAQI 100 (HJ 633-2012 表1):
/// a day is good (AQI ≤ 100) exactly when no item exceeds it, since IAQI rises with the value.
const LIMIT_100: [(&str, f64); 6] = [
    ("so2", 150.0),
    ("no2", 80.0),
    ("pm10", 150.0),
    ("co", 4.0),
    ("o3_8h", 160.0),
    ("pm25", 75.0),
];

#[test]
fn the_region_good_day_ratio_of_november_recomputed_from_the_csv() {
    // Independently of the code: read the CSV, judge each city-day good or not by the IAQI-100
    // limits, valid when all six items are there or one present item already exceeds its limit
    // (a day missing an item but otherwise ≤ 100 has no valid AQI, decision A5), and pool the
    // 14 cities' days as the region's ratio does.
    let text =
        std::fs::read_to_string(root().join("data/sample/guangxi-daily-2021-2022.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let (mut valid, mut good) = (0u32, 0u32);
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        if !f[col("date")].starts_with("2022-11-") {
            continue;
        }
        let values: Vec<Option<f64>> = LIMIT_100
            .iter()
            .map(|(n, _)| f[col(n)].parse::<f64>().ok())
            .collect();
        let over = values
            .iter()
            .zip(LIMIT_100)
            .any(|(v, (_, lim))| v.is_some_and(|v| v > lim));
        if values.iter().all(Option::is_some) || over {
            valid += 1;
            if !over {
                good += 1;
            }
        }
    }
    assert_eq!((good, valid), (383, 406));
    let l = bundled();
    let s = summarize(&l.settings(), &l.data, d("2022-11-01"), d("2022-11-30"));
    let c = &s.region.current.counts;
    assert_eq!((c.good_days, c.valid_days), (good, valid));
    // 383 / 406 = 94.33 % → 94.3.
    assert_eq!(c.good_ratio().unwrap().to_string(), "94.3");
}

#[test]
fn guilin_s_projection_weights_last_year_by_its_pm25_days() {
    // As of 27 November 2022 桂林 has 331 days averaging 29.85; last year's 28 November – 31
    // December has 33 PM2.5 days averaging 64.97 (32 valid AQI days). Year end:
    // (29.85 × 331 + 64.97 × 33) / 364 = 33.0 (weighting by 32 days gave 32.9).
    let l = bundled();
    let s = summarize(&l.settings(), &l.data, d("2022-01-01"), d("2022-11-27"));
    let guilin = s.cities.iter().find(|r| r.name == "桂林").unwrap();
    let pr = guilin.target.as_ref().unwrap().projection.as_ref().unwrap();
    assert_eq!(pr.pm25.unwrap().to_string(), "33.0");
}
