//! Dust deduction (扣沙) through the binary: a configured dust process takes the affected
//! city-days' PM10 and PM2.5 out of the concentrations and keeps them in the day counts
//! (docs/rules.md, dust deduction); a city the plan does not list is an error at its line.

mod common;
use common::*;

const DATA_EXIT: i32 = 3;

fn stats(dir: &std::path::Path) -> serde_json::Value {
    let r = run_in(
        dir,
        &["stats", "--from", "2022-11-01", "--to", "2022-11-03"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn linjiang(v: &serde_json::Value) -> (String, String, String, u64, u64) {
    let c = &v["cities"][0];
    assert_eq!(c["city"], "临江");
    (
        c["pm25"].to_string(),
        c["pm10"].to_string(),
        c["no2"].to_string(),
        c["good_days"].as_u64().unwrap(),
        c["polluted_days"].as_u64().unwrap(),
    )
}

const EVENT: &str =
    "[[dust_events]]\ncities = [\"临江市\"]\nstart = 2022-11-03\nend = 2022-11-03\n\n[decimals]";

/// 临江 1–3 November 2022 (fixture daily.csv): PM2.5 30, 40, 80; PM10 50, 70, 120; NO2 30, 36,
/// 45. Kept: PM2.5 50.0, PM10 80, NO2 37. With 3 November a dust day: PM2.5 (30 + 40)/2 = 35.0,
/// PM10 (50 + 70)/2 = 60, NO2 still 37, and the day still counts (2 good, 1 polluted).
#[test]
fn a_dust_day_leaves_the_particulates_and_stays_in_the_day_counts() {
    let d = copy_fixture("jiangnan");
    assert_eq!(
        linjiang(&stats(d.path())),
        ("50.0".into(), "80".into(), "37".into(), 2, 1)
    );
    // Listed but not deducted: the figures are the measured ones.
    edit(
        d.path(),
        "air-bulletin.toml",
        "[decimals]",
        &format!("[dust]\ndeduct = false\n\n{EVENT}"),
    );
    assert_eq!(
        linjiang(&stats(d.path())),
        ("50.0".into(), "80".into(), "37".into(), 2, 1)
    );
    edit(
        d.path(),
        "air-bulletin.toml",
        "deduct = false",
        "deduct = true",
    );
    assert_eq!(
        linjiang(&stats(d.path())),
        ("35.0".into(), "60".into(), "37".into(), 2, 1)
    );
}

#[test]
fn a_dust_process_naming_a_city_outside_the_plan_is_an_error_at_its_line() {
    let d = copy_fixture("jiangnan");
    edit(
        d.path(),
        "air-bulletin.toml",
        "[decimals]",
        &format!(
            "[dust]\ndeduct = true\n\n{}",
            EVENT.replace("临江市", "临河")
        ),
    );
    let text = std::fs::read_to_string(d.path().join("air-bulletin.toml")).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("cities ="))
        .unwrap()
        + 1;
    let r = run_in(
        d.path(),
        &["stats", "--from", "2022-11-01", "--to", "2022-11-03"],
    );
    assert_eq!(r.code, DATA_EXIT, "{}", r.stderr);
    assert!(r.stderr.contains(&format!("第{line}行")), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("沙尘过程所列城市“临河”不在计划的城市名单中"),
        "{}",
        r.stderr
    );
}
