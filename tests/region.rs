//! The region (全省) of the `jiangnan` fixture, worked out by hand: its year-on-year change over
//! the same cities in both years, and its target progress from pooled city-days.
//!
//! November 2022: 临江 has 3 valid days (PM2.5 mean 50.0), 安平 2 PM2.5 days of 3 valid
//! (22.5), 青山 3 (35.0); last year only 临江 has data (1–3 November 2021).

mod common;
use common::*;
use serde_json::Value;

fn stats(from: &str, to: &str) -> Value {
    let r = run_in(&fixture("jiangnan"), &["stats", "--from", from, "--to", to]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn num(v: &Value) -> String {
    v.to_string()
}

/// A copy of the fixture with its plan rows rewritten (`from` → `to`), and its November stats.
fn november_with_plan(edits: &[(&str, &str)]) -> (tempfile::TempDir, Value) {
    let d = copy_fixture("jiangnan");
    let mut plan = std::fs::read_to_string(d.path().join("plan.csv")).unwrap();
    for (from, to) in edits {
        assert!(plan.contains(from), "{from}");
        plan = plan.replace(from, to);
    }
    std::fs::write(d.path().join("plan.csv"), plan).unwrap();
    let r = run_in(
        d.path(),
        &["stats", "--from", "2022-11-01", "--to", "2022-11-30"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = serde_json::from_str(&r.stdout).unwrap();
    (d, s)
}

#[test]
fn the_region_change_compares_only_cities_with_data_in_both_years() {
    let s = stats("2022-11-01", "2022-11-30");
    // Only 临江 has last year's data, so the region's change is 临江's own: its composite index
    // (the cities' rows are checked by hand in tests/stats_cli.rs) against last year's.
    let linjiang = &s["cities"][0];
    assert_eq!(linjiang["city"], "临江");
    assert_eq!(
        num(&s["region"]["change"]["composite_index"]),
        num(&linjiang["change"]["composite_index"])
    );
    assert_eq!(
        num(&s["region"]["change"]["pm25"]),
        "25.0",
        "50.0 against 40.0"
    );
    assert_eq!(num(&s["region"]["previous"]["pm25"]), "40.0");
    // The printed value of this year is still that of every city: (50 + 22.5 + 35) / 3 = 35.8.
    assert_eq!(num(&s["region"]["pm25"]), "35.8");
    assert_eq!(
        s["region_compared_without"],
        serde_json::json!(["安平", "青山"])
    );
}

#[test]
fn the_region_target_progress_counts_city_days() {
    let t = &stats("2022-11-01", "2022-11-30")["region"]["target"];
    // As of 30 November: 31 days left for each of 3 cities, 93 city-days.
    assert_eq!(
        (num(&t["days_elapsed"]), num(&t["days_left"])),
        ("334".into(), "31".into())
    );
    // PM2.5 so far: the mean of the city means, (50 + 22.5 + 35) / 3 = 35.83 → 35.8, over 8
    // PM2.5 city-days (3 + 2 + 3). Allowed for the rest: (32 × (8 + 93) − 35.83 × 8) / 93
    // = (3232 − 286.67) / 93 = 31.67 → 31.7.
    assert_eq!(num(&t["pm25"]["so_far"]), "35.8");
    assert_eq!(num(&t["pm25"]["allowed_rest"]), "31.7");
    // Good days: 8 valid city-days, 7 good. The year counts 8 + 93 = 101 city-days; 92 % of
    // them is 92.92, so 93 good days are needed: 86 still, and 101 − 93 − 1 = 7 polluted
    // city-days are still allowed.
    assert_eq!(num(&t["good"]["needed_days"]), "93");
    assert_eq!(num(&t["good"]["still_needed"]), "86");
    assert_eq!(num(&t["good"]["polluted_allowed"]), "7");
    // Heavy days: 0.5 % of 101 = 0.505 → 0 allowed, none so far.
    assert_eq!(num(&t["heavy"]["allowed_days"]), "0");
    assert_eq!(num(&t["heavy"]["allowed_left"]), "0");
    assert_eq!(t["status"], "正常");
}

/// The November 2022 monthly bulletin's model (`monthly --format json`) of the fixture copy.
fn monthly_json(dir: &std::path::Path) -> Value {
    let r = run_in(dir, &["monthly", "--month", "2022-11", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_slice(&std::fs::read(dir.join("output/2022-11-月通报.json")).unwrap()).unwrap()
}

#[test]
fn the_bulletin_says_which_cities_the_region_change_leaves_out() {
    let d = copy_fixture("jiangnan");
    let m = monthly_json(d.path());
    let summary = m["month"]["summary"].as_str().unwrap();
    assert!(
        summary.contains(
            "全省的同比变化按两年同期均有监测数据的城市计算，安平和青山去年同期无数据，未计入。"
        ),
        "{summary}"
    );
    assert!(
        summary.contains("综合指数为3.91，同比上升7.9%"),
        "{summary}"
    );
}

#[test]
fn groups_from_the_plan_are_computed_as_the_region_is() {
    // A 区域 column puts 临江 and 安平 in 北部, 临江 and 青山 in 沿江 (a city may be in several).
    let (d, s) = november_with_plan(&[
        (
            "城市,PM2.5,优良天数比率,重污染天数比率",
            "城市,PM2.5,优良天数比率,重污染天数比率,区域",
        ),
        ("临江市,35.0,90.0,1.0", "临江市,35.0,90.0,1.0,北部、沿江"),
        ("安平市,30.0,95.0,0.0", "安平市,30.0,95.0,0.0,北部"),
        ("青山市,30.0,90.0,0.5", "青山市,30.0,90.0,0.5,沿江"),
        ("全省,32.0,92.0,0.5", "全省,32.0,92.0,0.5,"),
    ]);
    let g = &s["groups"];
    assert_eq!(g.as_array().unwrap().len(), 2);
    assert_eq!(g[0]["name"], "北部");
    assert_eq!(g[0]["members"], serde_json::json!(["临江", "安平"]));
    // PM2.5: the mean of the members' exact means, rounded once: (50.0 + 22.5) / 2 = 36.25 → 36.2
    // (GB/T 8170, half to even). Good days pooled: (2 + 2) / (3 + 2) = 80.0 %.
    assert_eq!(num(&g[0]["pm25"]), "36.2");
    assert_eq!(num(&g[0]["good_ratio"]), "80.0");
    assert_eq!(num(&g[0]["valid_days"]), "5");
    // 沿江: (50.0 + 35.0) / 2 = 42.5; (2 + 3) / (3 + 3) = 83.3 %.
    assert_eq!(num(&g[1]["pm25"]), "42.5");
    assert_eq!(num(&g[1]["good_ratio"]), "83.3");
    // Year on year over the same cities: only 临江 had data last year, so each group's PM2.5
    // change is 临江's own, 50.0 against 40.0, and the other member is named.
    assert_eq!(num(&g[0]["change"]["pm25"]), "25.0");
    assert_eq!(g[0]["compared_without"], serde_json::json!(["安平"]));
    assert_eq!(g[1]["compared_without"], serde_json::json!(["青山"]));
    // The monthly bulletin says each group after the region, with the same numbers.
    let m = monthly_json(d.path());
    let said = m["month"]["groups"][0].as_str().unwrap();
    assert!(
        said.starts_with("11月，北部2个城市优良天数比例为80.0%")
            && said.contains("PM2.5平均浓度为36.2微克/立方米，同比上升25.0%")
            && said.ends_with("同比变化不含去年同期无数据的安平。"),
        "{said}"
    );
    // Asked to, each group ranks its members within itself: November's composite indices are
    // 安平 2.76, 青山 4.17, 临江 4.77 (ranks 1, 2, 3 of the province), so 北部 is 安平、临江
    // and 沿江 青山、临江; each is marked "*", the fixture holding only a few days of November.
    edit(
        d.path(),
        "air-bulletin.toml",
        "[decimals]",
        "[documents]\ngroup_ranking = true\n\n[decimals]",
    );
    let m = monthly_json(d.path());
    let said = |i: usize| m["month"]["groups"][i].as_str().unwrap().to_string();
    assert!(
        said(0).ends_with("北部内按综合指数排名（由好向差）：安平*、临江*。"),
        "{}",
        said(0)
    );
    assert!(
        said(1).ends_with("沿江内按综合指数排名（由好向差）：青山*、临江*。"),
        "{}",
        said(1)
    );
}

#[test]
fn a_ranking_only_plan_may_name_its_region_row_without_targets() {
    // Every target cell empty, the region row included: the plan is accepted, the cities are
    // ranked, and nobody (the region neither) has target progress.
    let (_d, s) = november_with_plan(&[
        ("临江市,35.0,90.0,1.0", "临江市,,,"),
        ("安平市,30.0,95.0,0.0", "安平市,,,"),
        ("青山市,30.0,90.0,0.5", "青山市,,,"),
        ("全省,32.0,92.0,0.5", "全省,,,"),
    ]);
    assert!(s["region"]["target"].is_null(), "{}", s["region"]);
    // Ranked as with targets: 安平 2.76, 青山 4.17, 临江 4.77.
    let ranks: Vec<(String, String)> = s["cities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["city"].as_str().unwrap().to_string(), num(&c["rank"])))
        .collect();
    assert!(ranks.contains(&("安平".into(), "1".into())), "{ranks:?}");
    assert!(ranks.contains(&("临江".into(), "3".into())), "{ranks:?}");
    assert!(s["cities"][0]["target"].is_null());
}
