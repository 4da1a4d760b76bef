//! Benchmark of the statistics core: 10 years × 400 cities of daily data (1.46 million city-days).
//!
//! Run with `cargo bench --bench stats`. It prints the median of several runs for: the daily AQI
//! of every city-day, a month's summary (statistics, previous year, ranks, target progress), a
//! year's summary, and the statistics of the whole ten years. When the files of
//! `examples/gen_daily.rs` are there (`BENCH_DIR`, default `/tmp/air-bulletin-stats-bench`; made by
//! `benches/stats-vs-pandas.sh`), it also times loading them (configuration, plan, 64 MB of daily
//! data) and their ten-year summary.

use air_bulletin::model::Decimals;
use air_bulletin::model::{Dataset, Day, DayValues, Item, Plan, PlanCity, Targets};
use air_bulletin::num::Dec;
use air_bulletin::stats::period::score;
use air_bulletin::stats::rules::RuleBook;
use air_bulletin::stats::summary::{summarize, Settings};
use chrono::NaiveDate;
use std::time::{Duration, Instant};

const CITIES: usize = 400;

/// A small deterministic generator (splitmix64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
}

fn data() -> (Plan, Dataset) {
    let targets = Targets {
        pm25: Dec::new(350, 1),
        good_ratio: Dec::new(850, 1),
        heavy_ratio: Dec::new(10, 1),
    };
    let plan = Plan {
        name: "全国".into(),
        year: 2030,
        region_name: "全国".into(),
        area: "全国".into(),
        unit: "城市".into(),
        groups: Vec::new(),
        region: Some(targets),
        cities: (0..CITIES)
            .map(|i| PlanCity {
                name: format!("城市{i:03}"),
                short: None,
                targets: Some(targets),
            })
            .collect(),
    };
    let mut rng = Rng(42);
    let first = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2030, 12, 31).unwrap();
    let mut set = Dataset::new(CITIES);
    for c in 0..CITIES {
        for date in first.iter_days().take_while(|d| *d <= last) {
            let mut v = DayValues::default();
            for (item, lo, hi) in [
                (Item::Pm25, 50, 1500),
                (Item::Pm10, 100, 2500),
                (Item::So2, 30, 300),
                (Item::No2, 50, 800),
                (Item::Co, 3, 25),
                (Item::O3_1h, 300, 2600),
                (Item::O3_8h, 200, 2200),
            ] {
                let x = rng.range(lo, hi);
                // Published precision: integers, CO one decimal (tenths are the unit).
                v.set(item, Some(if item == Item::Co { x } else { x / 10 * 10 }));
            }
            set.days[c].push(Day {
                date,
                values: v,
                dust: false,
            });
        }
    }
    (plan, set)
}

fn median(mut f: impl FnMut(), runs: usize) -> Duration {
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    t[runs / 2]
}

/// Loading the generated files, and their ten-year summary.
fn files() {
    let dir = std::env::var("BENCH_DIR").unwrap_or_else(|_| "/tmp/air-bulletin-stats-bench".into());
    let config = std::path::Path::new(&dir).join("air-bulletin.toml");
    if !config.exists() {
        println!(
            "(no {}: run benches/stats-vs-pandas.sh to time loading the files)",
            config.display()
        );
        return;
    }
    let mut loaded = None;
    let t = median(
        || loaded = Some(air_bulletin::load::load_file(&config).expect("the files load")),
        5,
    );
    let l = loaded.expect("loaded");
    let days: usize = l.data.days.iter().map(Vec::len).sum();
    let bytes: u64 = l
        .config
        .data_files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "load {} ({days} city-days, {:.1} MB): {:.1} ms ({:.0} MB/s)",
        config.display(),
        bytes as f64 / 1e6,
        t.as_secs_f64() * 1e3,
        bytes as f64 / 1e6 / t.as_secs_f64()
    );
    let (from, to) = l.data.span().expect("days");
    let t = median(
        || {
            summarize(&l.settings(), &l.data, from, to);
        },
        5,
    );
    println!(
        "summary of those files, {from} to {to}: {:.1} ms",
        t.as_secs_f64() * 1e3
    );
}

fn main() {
    files();
    let t0 = Instant::now();
    let (plan, data) = data();
    let days: usize = data.days.iter().map(Vec::len).sum();
    println!(
        "data: {CITIES} cities, {days} city-days, built in {:.2?}",
        t0.elapsed()
    );
    let rules = RuleBook::bundled().unwrap();
    let set = Settings {
        plan: &plan,
        rules: &rules,
        decimals: Decimals::default(),
        dust_deduct: false,
    };
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let t = median(
        || {
            let n: usize = data.days.iter().map(|c| score(&rules, c).len()).sum();
            assert_eq!(n, days);
        },
        5,
    );
    println!(
        "daily AQI of every city-day: {:.1} ms ({:.1} M city-days/s)",
        t.as_secs_f64() * 1e3,
        days as f64 / t.as_secs_f64() / 1e6
    );
    for (label, from, to, runs) in [
        (
            "month 2030-11 (with 2029-11, YTD target progress)",
            "2030-11-01",
            "2030-11-30",
            5,
        ),
        (
            "year 2030 (with 2029, target progress)",
            "2030-01-01",
            "2030-12-31",
            5,
        ),
        ("ten years 2021-2030", "2021-01-01", "2030-12-31", 3),
    ] {
        let t = median(
            || {
                let s = summarize(&set, &data, d(from), d(to));
                assert_eq!(s.cities.len(), CITIES);
            },
            runs,
        );
        println!("summary, {label}: {:.1} ms", t.as_secs_f64() * 1e3);
    }
}
