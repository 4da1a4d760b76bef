//! End-to-end tests of `check`, `aqi` and `stats` on small fixtures with hand-computed values.
//!
//! Fixture `jiangnan`: a made-up province (江南省) with three cities and its own targets, to show
//! that another plan works with no change to the code. November 1–3 2022 (and 2021 for 临江):
//!
//! 临江 2022: PM2.5 30, 40, 80 → mean 50.0; PM10 50, 70, 120 → 80; SO2 10, 12, 14 → 12;
//!   NO2 30, 36, 45 → 37; CO 0.8, 1.0, 1.2 → P95: k = 1 + 2×0.95 = 2.9, 1.0 + 0.2×0.9 = 1.18 → 1.2;
//!   O3-8h 100, 130, 80 → P90: k = 2.8, 100 + 30×0.8 = 124.
//!   Index 50.0/35 + 80/70 + 12/60 + 37/40 + 1.2/4 + 124/160 = 1.4286 + 1.1429 + 0.2 + 0.925 +
//!   0.3 + 0.775 = 4.7714 → 4.77; max 1.43 (PM2.5).
//!   Daily AQI: day 1 max(PM2.5 43, PM10 50, O3-8h 50) = 50 优; day 2 O3-8h 50 + 30/60×50 = 75 良;
//!   day 3 PM2.5 100 + 5/40×50 = 106.25 → 107 轻度污染. Good 2 of 3 → 66.7 %.
//! 临江 2021: all three days PM2.5 40, PM10 80, SO2 12, NO2 40, CO 1.0, O3-8h 110 → index
//!   1.1429 + 1.1429 + 0.2 + 1 + 0.25 + 0.6875 = 4.4232 → 4.42; AQI 65 (PM10) good 3/3.
//!   Changes: index (4.77 − 4.42)/4.42 = +7.9 %; PM2.5 (50.0 − 40.0)/40.0 = +25.0 %;
//!   good ratio 66.7 − 100.0 = −33.3 points.
//! 安平: day 2 lacks PM2.5 and its other IAQIs are ≤ 100 → invalid (A5). PM2.5 (20 + 25)/2 = 22.5;
//!   PM10 45; SO2 25/3 → 8; NO2 22; CO P95 0.6 + 0.1×0.9 = 0.69 → 0.7; O3 95 + 5×0.8 = 99.
//!   Index 0.6429 + 0.6429 + 0.1333 + 0.55 + 0.175 + 0.6188 = 2.7628 → 2.76; PM2.5 and PM10 tie
//!   as primary (22.5/35 = 45/70). 2 valid days of 3 < ⌈27×3/30⌉ = 3: short of data.
//! 青山: every day PM2.5 35, PM10 70, SO2 10, NO2 40, CO 1.0, O3-8h 120 → index 1 + 1 + 0.1667 +
//!   1 + 0.25 + 0.75 = 4.1667 → 4.17, max 1.00 with PM2.5, PM10 and NO2 tied.
//! Ranking by index: 安平 1, 青山 2, 临江 3.
//! 全省: PM2.5 (50 + 22.5 + 35)/3 = 35.83 → 35.8; PM10 (80 + 45 + 70)/3 = 65; SO2 (12 + 8.333 +
//!   10)/3 = 10.1 → 10; NO2 33; CO (1.18 + 0.69 + 1.0)/3 = 0.957 → 1.0; O3 (124 + 99 + 120)/3 =
//!   114.3 → 114. Index 1.0229 + 0.9286 + 0.1667 + 0.825 + 0.25 + 0.7125 = 3.9056 → 3.91.
//!   Good city-days 7 of 8 valid → 87.5 %.
//! 青山's target as of 2022-11-03 (day 307 of 365, 58 left; 3 days of PM2.5 35 so far, target
//!   30.0): (30 × (3 + 58) − 35 × 3) / 58 = 1725/58 = 29.74 → 29.7 allowed for the rest of the
//!   year; 61 days in the year's denominator, 90.0 % needs 55 good days (55/61 = 90.2 %, 54/61 =
//!   88.5 %), 61 − 55 − 0 = 6 polluted days still allowed.

mod common;
use common::*;
use serde_json::Value;

fn stats_json(dir: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec!["stats", "--from", "2022-11-01", "--to", "2022-11-03"];
    args.extend_from_slice(extra);
    let r = run_in(dir, &args);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    serde_json::from_str(&r.stdout).expect("JSON")
}

fn city<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["cities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["city"] == name)
        .unwrap()
}

#[test]
fn stats_of_a_made_up_province_match_the_hand_computation() {
    let v = stats_json(&fixture("jiangnan"), &[]);
    assert_eq!(v["from"], "2022-11-01");
    assert_eq!(v["to"], "2022-11-03");
    let lj = city(&v, "临江");
    assert_eq!(lj["pm25"].to_string(), "50.0");
    assert_eq!(lj["pm10"], 80);
    assert_eq!(lj["so2"], 12);
    assert_eq!(lj["no2"], 37);
    assert_eq!(lj["co"].to_string(), "1.2");
    assert_eq!(lj["o3"], 124);
    assert_eq!(lj["composite_index"].to_string(), "4.77");
    assert_eq!(lj["max_index"].to_string(), "1.43");
    assert_eq!(lj["primary_pollutants"], serde_json::json!(["PM2.5"]));
    assert_eq!(lj["valid_days"], 3);
    assert_eq!(lj["good_days"], 2);
    assert_eq!(lj["good_ratio"].to_string(), "66.7");
    assert_eq!(lj["rank"], 3);
    assert_eq!(lj["data_sufficient"], true);
    assert_eq!(lj["previous"]["composite_index"].to_string(), "4.42");
    assert_eq!(lj["change"]["composite_index"].to_string(), "7.9");
    assert_eq!(lj["change"]["pm25"].to_string(), "25.0");
    assert_eq!(lj["change"]["good_ratio"].to_string(), "-33.3");

    let ap = city(&v, "安平");
    assert_eq!(ap["pm25"].to_string(), "22.5");
    assert_eq!(ap["so2"], 8);
    assert_eq!(ap["co"].to_string(), "0.7");
    assert_eq!(ap["o3"], 99);
    assert_eq!(ap["composite_index"].to_string(), "2.76");
    assert_eq!(
        ap["primary_pollutants"],
        serde_json::json!(["PM2.5", "PM10"])
    );
    assert_eq!(ap["valid_days"], 2);
    assert_eq!(ap["good_ratio"].to_string(), "100.0");
    assert_eq!(ap["data_sufficient"], false);
    assert_eq!(ap["rank"], 1);
    assert_eq!(ap["previous"], Value::Null);

    let qs = city(&v, "青山");
    assert_eq!(qs["composite_index"].to_string(), "4.17");
    assert_eq!(qs["max_index"].to_string(), "1.0");
    assert_eq!(
        qs["primary_pollutants"],
        serde_json::json!(["PM2.5", "PM10", "NO2"])
    );
    assert_eq!(qs["rank"], 2);
    let t = &qs["target"];
    assert_eq!(t["year"], 2022);
    assert_eq!(t["pm25"]["allowed_rest"].to_string(), "29.7");
    assert_eq!(t["good"]["needed_days"], 55);
    assert_eq!(t["good"]["polluted_allowed"], 6);
    assert_eq!(t["days_left"], 58);

    let r = &v["region"];
    assert_eq!(r["city"], "全省");
    assert_eq!(r["pm25"].to_string(), "35.8");
    assert_eq!(r["pm10"], 65);
    assert_eq!(r["so2"], 10);
    assert_eq!(r["no2"], 33);
    assert_eq!(r["co"].to_string(), "1.0");
    assert_eq!(r["o3"], 114);
    assert_eq!(r["composite_index"].to_string(), "3.91");
    assert_eq!(r["good_ratio"].to_string(), "87.5");
    assert_eq!(r["rank"], Value::Null);
}

#[test]
fn a_gb18030_file_with_chinese_headers_reads_the_same() {
    let dir = fixture("jiangnan");
    let utf8 = stats_json(&dir, &["--data", "daily.csv"]);
    let gbk = stats_json(&dir, &["--data", "daily-gbk.csv"]);
    assert_eq!(utf8, gbk);
    assert_eq!(city(&gbk, "临江")["composite_index"].to_string(), "4.77");
}

#[test]
fn the_daily_aqi_table() {
    let r = run_in(
        &fixture("jiangnan"),
        &[
            "aqi",
            "--from",
            "2022-11-01",
            "--to",
            "2022-11-03",
            "--city",
            "临江市",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "date,city,aqi,level,category,primary_pollutants,valid\n\
         2022-11-01,临江,50,一级,优,,true\n\
         2022-11-02,临江,75,二级,良,O3,true\n\
         2022-11-03,临江,107,三级,轻度污染,PM2.5,true\n"
    );
    let r = run_in(
        &fixture("jiangnan"),
        &[
            "aqi",
            "--from",
            "2022-11-02",
            "--to",
            "2022-11-02",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    // Plan order: 临江, 安平 (invalid: PM2.5 missing, AQI 48 ≤ 100), 青山 (O3-8h 120 → 67).
    assert_eq!(v[1]["city"], "安平");
    assert_eq!(v[1]["valid"], false);
    assert_eq!(v[1]["aqi"], Value::Null);
    assert_eq!(v[2]["aqi"], 67);
    assert_eq!(v[2]["primary_pollutants"], serde_json::json!(["O3"]));
}

#[test]
fn stats_as_csv_and_table() {
    let r = run_in(
        &fixture("jiangnan"),
        &[
            "stats",
            "--from",
            "2022-11-01",
            "--to",
            "2022-11-03",
            "--format",
            "csv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines[0].starts_with("city,valid_days,good_days,"));
    assert!(
        lines[1].starts_with(
            "临江,3,2,1,0,66.7,50.0,80,12,37,1.2,124,4.77,1.43,PM2.5,3,true,7.9,25.0,-33.3"
        ),
        "{}",
        lines[1]
    );
    assert!(
        lines[4].starts_with("全省,8,7,1,0,87.5,35.8,65,10,33,1.0,114,3.91"),
        "{}",
        lines[4]
    );
    let r = run_in(
        &fixture("jiangnan"),
        &[
            "stats",
            "--from",
            "2022-11-01",
            "--to",
            "2022-11-03",
            "--format",
            "table",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("安平*"), "{}", r.stdout);
    assert!(r.stdout.contains("有效监测天数不足"));
}

#[test]
fn check_lists_missing_city_days_per_month() {
    let r = run_in(&fixture("jiangnan"), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // 临江 and 青山 have no data for 2021-11-01..03 except 临江; 安平 misses 2 November 2022.
    assert!(
        r.stdout.contains("2022年11月\n    安平 1天（2日）"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("检查通过"));
}

#[test]
fn a_forced_rule_set_changes_the_daily_aqi() {
    // HJ 633-2026 for 临江 2022-11-03: PM2.5 80 → 100 + 20/55×50 = 118.2 → 119.
    let r = run_in(
        &fixture("jiangnan"),
        &[
            "aqi",
            "--from",
            "2022-11-03",
            "--to",
            "2022-11-03",
            "--city",
            "临江",
            "--rules",
            "hj633-2026",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("2022-11-03,临江,119,三级,轻度污染,PM2.5,true"),
        "{}",
        r.stdout
    );
}

#[test]
fn help_is_in_chinese() {
    let r = run_in(&fixture("jiangnan"), &["--help"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("用法：air-bulletin"), "{}", r.stdout);
    assert!(r.stdout.contains("命令"), "{}", r.stdout);
    assert!(r.stdout.contains("显示帮助"), "{}", r.stdout);
    let r = run_in(&fixture("jiangnan"), &["run", "--help"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("以该日为“今天”"), "{}", r.stdout);
}

/// A near tie: raw indices 4.1749 (临江) and 4.1651 (青山) both print 4.17 and share a rank
/// (decision A8: ranks follow the printed index). The `jiangnan` fixture with 临江's and 青山's
/// 2022 days replaced; each pollutant is constant over the three days except PM2.5 35, 35, 36
/// (mean 106/3 = 35.33 → 35.3 at the configured one decimal), so the other statistics are the
/// daily value itself (CO P95 and O3 P90 of three equal values are that value):
///
/// 临江: PM2.5 35.3, PM10 71, SO2 11, NO2 39, CO 1.0, O3-8h 119.
///   35.3/35 + 71/70 + 11/60 + 39/40 + 1.0/4 + 119/160
///   = 1.008571 + 1.014286 + 0.183333 + 0.975 + 0.25 + 0.74375 = 4.174940 (= 70139/16800)
///   → 4.17.
/// 青山: PM2.5 35.3, PM10 69, SO2 11, NO2 40, CO 1.0, O3-8h 118.
///   1.008571 + 0.985714 + 0.183333 + 1 + 0.25 + 0.7375 = 4.165119 (= 34987/8400) → 4.17.
/// 安平 unchanged, 2.76. Ranks by printed index: 安平 1, 临江 2, 青山 2. Ranked on raw values,
/// 青山 would be 2 and 临江 3.
#[test]
fn a_near_tie_of_raw_indices_printed_alike_shares_a_rank() {
    let dir = copy_fixture("jiangnan");
    let p = dir.path().join("daily.csv");
    let mut text = String::new();
    for line in std::fs::read_to_string(&p).unwrap().lines() {
        if !(line.starts_with("2022-11-0") && (line.contains(",临江,") || line.contains(",青山,")))
        {
            text.push_str(line);
            text.push('\n');
        }
    }
    for (day, pm25) in [("01", 35), ("02", 35), ("03", 36)] {
        text.push_str(&format!("2022-11-{day},临江,{pm25},71,11,39,1.0,150,119\n"));
        text.push_str(&format!("2022-11-{day},青山,{pm25},69,11,40,1.0,150,118\n"));
    }
    std::fs::write(&p, text).unwrap();
    let v = stats_json(dir.path(), &[]);
    let lj = city(&v, "临江");
    let qs = city(&v, "青山");
    assert_eq!(lj["pm25"].to_string(), "35.3");
    assert_eq!(qs["pm25"].to_string(), "35.3");
    assert_eq!(
        (lj["pm10"].clone(), qs["pm10"].clone()),
        (71.into(), 69.into())
    );
    assert_eq!(
        (lj["o3"].clone(), qs["o3"].clone()),
        (119.into(), 118.into())
    );
    assert_eq!(lj["composite_index"].to_string(), "4.17");
    assert_eq!(qs["composite_index"].to_string(), "4.17");
    assert_eq!(city(&v, "安平")["rank"], 1);
    assert_eq!(lj["rank"], 2);
    assert_eq!(qs["rank"], 2);
    // The CSV export carries the same ranks.
    let r = run_in(
        dir.path(),
        &[
            "stats",
            "--from",
            "2022-11-01",
            "--to",
            "2022-11-03",
            "--format",
            "csv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let head: Vec<&str> = r.stdout.lines().next().unwrap().split(',').collect();
    let col = |name: &str| head.iter().position(|h| *h == name).unwrap();
    let (ci, rk) = (col("composite_index"), col("rank"));
    let rows: Vec<(String, String, String)> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_string(), f[ci].to_string(), f[rk].to_string())
        })
        .collect();
    assert_eq!(
        rows[..3],
        [
            ("临江".into(), "4.17".into(), "2".into()),
            ("安平".into(), "2.76".into(), "1".into()),
            ("青山".into(), "4.17".into(), "2".into()),
        ]
    );
}
