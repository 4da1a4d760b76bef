//! Dust deduction (扣沙) through the binary: a configured dust process takes the affected
//! city-days' PM10 and PM2.5 out of the concentrations and keeps them in the day counts
//! (docs/rules.md, dust deduction), whether the day is marked in the configuration or in the
//! daily file's 沙尘 column; a city the plan does not list, or a mark that is neither yes nor no,
//! is an error at its line.

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

/// The stats run that must fail with a data error, and the line of `file` starting with `prefix`.
fn failing(dir: &std::path::Path, file: &str, prefix: &str) -> (Run, usize) {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let line = text.lines().position(|l| l.starts_with(prefix)).unwrap() + 1;
    let r = run_in(
        dir,
        &["stats", "--from", "2022-11-01", "--to", "2022-11-03"],
    );
    assert_eq!(r.code, DATA_EXIT, "{}", r.stderr);
    (r, line)
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
    let (r, line) = failing(d.path(), "air-bulletin.toml", "cities =");
    assert!(r.stderr.contains(&format!("第{line}行")), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("沙尘过程所列城市“临河”不在计划的城市名单中"),
        "{}",
        r.stderr
    );
}

/// Adds a 沙尘 column to the fixture's daily file: `mark` on 临江 3 November 2022, empty elsewhere.
fn with_dust_column(dir: &std::path::Path, mark: &str) {
    let f = dir.join("daily.csv");
    let text = std::fs::read_to_string(&f).unwrap();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let cell = match i {
            0 => "沙尘",
            _ if line.starts_with("2022-11-03,临江,") => mark,
            _ => "",
        };
        out.push_str(&format!("{line},{cell}\n"));
    }
    std::fs::write(f, out).unwrap();
}

/// The same dust day marked in the daily file (`沙尘` column, "是") instead of the
/// configuration gives the same figures as the hand-computed example above.
#[test]
fn a_dust_column_in_the_daily_file_marks_the_day() {
    let d = copy_fixture("jiangnan");
    with_dust_column(d.path(), "是");
    // Marked but not deducted: measured figures, the day still counted as a dust day.
    let v = stats(d.path());
    assert_eq!(
        linjiang(&v),
        ("50.0".into(), "80".into(), "37".into(), 2, 1)
    );
    assert_eq!(v["cities"][0]["dust_days"], 1);
    edit(
        d.path(),
        "air-bulletin.toml",
        "[decimals]",
        "[dust]\ndeduct = true\n\n[decimals]",
    );
    let v = stats(d.path());
    assert_eq!(
        linjiang(&v),
        ("35.0".into(), "60".into(), "37".into(), 2, 1)
    );
    assert_eq!(v["region"]["dust_days"], 1);
}

#[test]
fn an_unreadable_dust_mark_is_an_error_at_its_cell() {
    let d = copy_fixture("jiangnan");
    with_dust_column(d.path(), "大概");
    let (r, line) = failing(d.path(), "daily.csv", "2022-11-03,临江,");
    assert!(r.stderr.contains("daily.csv"), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("第{line}行第10列")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("沙尘标记“大概”无法识别"), "{}", r.stderr);
}
