//! The weekly scheduling bulletin and the daily sheet on the `weekly` fixture, hand-computed.
//!
//! Plan `jiangnan` (临江 35.0/90.0/1.0, 安平 30.0/95.0/0.0, 青山 30.0/90.0/0.5); campaign
//! 2022-10-01 … 2023-03-31, so 2022-W45 (7–13 November) is 第7期 (W39 is the first week that ends
//! inside it). Every day has PM10 60, SO2 10, NO2 30, CO 0.8.
//!
//! 临江: W44 PM2.5 50, O3-8h 110; W45 PM2.5 40, O3 100; same dates 2021 PM2.5 45, O3 125.
//!   环比 PM2.5 (40.0 − 50.0)/50.0 = −20.0 %, 同比 (40.0 − 45.0)/45.0 = −11.1 %;
//!   O3 环比 (100 − 110)/110 = −9.1 %, 同比 (100 − 125)/125 = −20.0 %.
//!   Year to date (as of 13 November, day 317, 48 days left): 14 days, PM2.5 mean 45.0;
//!   allowed for the rest (35 × 62 − 45 × 14)/48 = 1540/48 = 32.08 → 32.1, but 2021's 14
//!   November … 31 December averaged 40.0 → 预警. Projection at last year's pace:
//!   (45 × 14 + 40 × 48)/62 = 41.1 (not met); good days (14 + 48)/62 = 100.0 % (met).
//! 安平: W44 PM2.5 30; W45 30, 30, 80, 160, 30, 30, 30 → mean 390/7 = 55.7; 9 Nov AQI
//!   100 + 5/40 × 50 = 106.25 → 107 (轻度), 10 Nov 200 + 10/100 × 100 = 210 (重度). 环比
//!   (55.7 − 30.0)/30.0 = 85.7 %. Year to date 600/14 = 42.857: allowed (30 × 62 − 600)/48 =
//!   26.25 → 26.2 (GB/T 8170: the 5 goes to the even 2). Good days: 95.0 % of 62 needs 59
//!   (59/62 = 95.2 %, 58/62 = 93.5 %), 62 − 59 − 2 = 1 polluted day left. Heavy: ⌊0.0 × 62⌋ − 1 =
//!   −1 → 无法完成.
//! 青山: PM2.5 35, 12 November missing entirely (a gap the bulletin states).

mod common;
use common::*;
use serde_json::Value;

fn weekly_json() -> Value {
    let dir = copy_fixture("weekly");
    let r = run_in(
        dir.path(),
        &["weekly", "--week", "2022-W45", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_slice(
        &std::fs::read(dir.path().join("output/2022-W45-周调度通报.json")).unwrap(),
    )
    .unwrap()
}

fn row<'a>(v: &'a Value, key: &str, city: &str) -> &'a Value {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["city"] == city)
        .unwrap_or_else(|| panic!("{city} in {key}"))
}

#[test]
fn week_on_week_and_year_on_year() {
    let v = weekly_json();
    assert_eq!(v["issue"], 7);
    assert_eq!(v["meta"]["issue"], "第7期");
    assert_eq!(v["week_label"], "11月7日—11月13日");
    let lj = row(&v, "rows", "临江");
    for (k, want) in [
        ("pm25", "40.0"),
        ("pm25_prev", "50.0"),
        ("pm25_wow", "-20.0"),
        ("pm25_last_year", "45.0"),
        ("pm25_yoy", "-11.1"),
        ("o3", "100"),
        ("o3_wow", "-9.1"),
        ("o3_yoy", "-20.0"),
    ] {
        assert_eq!(lj[k], want, "临江 {k}");
    }
    assert_eq!(
        (lj["good_days"].as_u64(), lj["good_days_prev"].as_str()),
        (Some(7), Some("7"))
    );
    let ap = row(&v, "rows", "安平");
    assert_eq!(ap["pm25"], "55.7");
    assert_eq!(ap["pm25_wow"], "85.7");
    assert_eq!(ap["pm25_yoy"], "", "no data a year earlier");
    assert_eq!(
        (ap["polluted_days"].as_u64(), ap["heavy_days"].as_u64()),
        (Some(2), Some(1))
    );
    // Week ranks: 青山 3.72, 临江 3.74, 安平 4.13.
    assert_eq!(row(&v, "rows", "青山")["rank_week"], "1");
    assert_eq!(lj["rank_week"], "2");
    assert_eq!(ap["rank_week"], "3");
    assert!(
        v["gaps"].as_str().unwrap().contains("青山（11月12日）"),
        "{}",
        v["gaps"]
    );
}

#[test]
fn polluted_days_and_heat_map_colours() {
    let v = weekly_json();
    let p = v["polluted"].as_array().unwrap();
    assert_eq!(p.len(), 2);
    assert_eq!(
        (
            p[0]["date"].as_str(),
            p[0]["city"].as_str(),
            p[0]["aqi"].as_u64()
        ),
        (Some("11月9日"), Some("安平"), Some(107))
    );
    assert_eq!(
        (p[0]["category"].as_str(), p[0]["primary"].as_str()),
        (Some("轻度污染"), Some("PM2.5"))
    );
    assert_eq!(
        (p[1]["aqi"].as_u64(), p[1]["category"].as_str()),
        (Some(210), Some("重度污染"))
    );
    let heat = row(&v, "heat", "安平");
    let colours: Vec<&str> = heat["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["colour"].as_str().unwrap())
        .collect();
    assert_eq!(
        colours,
        ["#FFFF00", "#FFFF00", "#FF7E00", "#99004C", "#FFFF00", "#FFFF00", "#FFFF00"]
    );
    let qs = row(&v, "heat", "青山");
    assert_eq!(qs["cells"][5]["text"], "—");
    assert_eq!(qs["cells"][5]["colour"], "#D9D9D9");
}

#[test]
fn allowances_statuses_projection_and_warning_sentences() {
    let v = weekly_json();
    let p = &v["progress"];
    assert_eq!(p["as_of"], "11月13日");
    let lj = row(p, "rows", "临江");
    assert_eq!(lj["pm25_so_far"], "45.0");
    assert_eq!(lj["pm25_allowed"], "32.1");
    assert_eq!(lj["pm25_status"], "预警");
    assert_eq!(lj["status"], "预警");
    assert_eq!(
        (
            lj["projected_pm25"].as_str(),
            lj["projected_pm25_met"].as_bool()
        ),
        (Some("41.1"), Some(false))
    );
    assert_eq!(
        (
            lj["projected_good"].as_str(),
            lj["projected_good_met"].as_bool()
        ),
        (Some("100.0"), Some(true))
    );
    // 安平 has no data for the rest of 2021: no projection, and none is claimed.
    assert_eq!(row(p, "rows", "安平")["projected_pm25_met"], Value::Null);
    assert_eq!(
        p["projection_summary"],
        "按去年同期水平测算，全省年底PM2.5平均浓度为40.4微克/立方米、优良天数比例为97.8%，PM2.5浓度和重度及以上污染天数比例目标将不能完成；临江（PM2.5浓度）1个城市年底将不能完成相应目标。"
    );
    let ap = row(p, "rows", "安平");
    assert_eq!(ap["pm25_allowed"], "26.2");
    assert_eq!(ap["polluted_allowed"], 1);
    assert_eq!(ap["heavy_allowed"], -1);
    assert_eq!(ap["status"], "无法完成");
    assert_eq!(row(p, "rows", "青山")["status"], "正常");
    // 预警 and 无法完成 are separate lists; a city that can no longer reach a target is named with
    // the target it has lost and asked to limit the damage, never to 「确保完成年度目标」.
    let items = |list: &str| -> Vec<String> {
        v[list]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        items("warnings_at_risk"),
        ["临江（预警）：剩余48天PM2.5平均浓度须控制在32.1微克/立方米以内（去年同期为40.0微克/立方米）；请采取有效措施，确保完成年度目标。"]
    );
    assert_eq!(
        items("warnings_unreachable"),
        ["安平（无法完成：重度及以上污染天数比例）：重度及以上污染天数已超出年度允许；请采取有效措施，尽量缩小差距，确保完成其余年度目标。"]
    );
    assert!(!items("warnings_unreachable")[0].contains("确保完成年度目标"));
    assert_eq!(
        v["warnings_unreachable"]["intro"],
        "以下1个城市已无法完成部分年度目标，应尽量缩小差距，确保完成其余目标。"
    );
    // The region's status comes first in the progress sentence.
    let summary = p["summary"].as_str().unwrap();
    assert!(
        summary.starts_with("对照《江南省2022年空气质量改善目标（测试用）》年度目标，截至11月13日（全年剩余48天），全省已无法完成重度及以上污染天数比例目标，完成PM2.5浓度目标需好于去年同期水平；"),
        "{summary}"
    );
    assert_eq!(
        row(p, "rows", "安平")["reason"],
        "重度及以上污染天数已超出年度允许"
    );
    assert_eq!(v["requirements"][1], "遇不利气象条件及时启动应急响应。");
}

#[test]
fn the_weekly_pdf_states_the_issue_the_gaps_and_the_requirements() {
    let dir = copy_fixture("weekly");
    let r = run_in(dir.path(), &["weekly", "--week-of", "2022-11-10"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pdf = std::fs::read(dir.path().join("output/2022-W45-周调度通报.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // The laid-out text of the same document, prepared as the command prepares it.
    let l = load_config(&dir.path().join("air-bulletin.toml"));
    let tools = air_bulletin::documents::Tools::new(&l).unwrap();
    let week = air_bulletin::calendar::Week::parse("2022-W45").unwrap();
    let p = air_bulletin::documents::prepare_weekly(&l, &tools, week, None).unwrap();
    let job = p.job(None, false);
    let doc = tools.renderer.compile(&job).unwrap().document;
    let text: String = air_bulletin::render::inspect::page_lines(&doc)
        .concat()
        .concat();
    for want in [
        "第7期",
        "2022年第45周（11月7日—11月13日）",
        "青山（11月12日）",
        "11月10日安平210重度污染PM2.5",
        "临江（预警）：剩余48天",
        "工作要求",
        "（一）各市要对照目标逐日研判。",
        "2022年11月14日印发",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
}

#[test]
fn a_week_without_any_data_is_an_error_naming_it() {
    let r = run_in(&fixture("weekly"), &["weekly", "--week", "2022-W30"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("2022-W30 周（2022-07-25 至 2022-07-31）没有任何城市的数据"),
        "{}",
        r.stderr
    );
    let r = run_in(&fixture("weekly"), &["weekly", "--week", "2022-W60"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--week 的“2022-W60”无法识别"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_daily_sheet_of_an_episode_day() {
    let dir = copy_fixture("weekly");
    let r = run_in(
        dir.path(),
        &["daily", "--date", "2022-11-10", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("output/2022-11-10-日调度.json")).unwrap(),
    )
    .unwrap();
    let ap = row(&v, "rows", "安平");
    assert_eq!(
        (ap["aqi"].as_str(), ap["category"].as_str()),
        (Some("210"), Some("重度污染"))
    );
    assert_eq!(ap["colour"], "#99004C");
    // 9 and 10 November polluted: two days in a row.
    assert_eq!(ap["consecutive"], 2);
    // As of 10 November (day 314, 51 left): 11 valid days + 51 = 62; G* = 59; 62 − 59 − 2 = 1.
    assert_eq!(ap["polluted_allowed"], "1");
    assert_eq!(ap["heavy_allowed"], "-1");
    assert_eq!(ap["status"], "无法完成");
    assert_eq!(v["above_100"], serde_json::json!(["安平（210）"]));
    let lj = row(&v, "rows", "临江");
    assert_eq!(
        (lj["aqi"].as_str(), lj["consecutive"].as_u64()),
        (Some("57"), Some(0))
    );
    let r = run_in(dir.path(), &["daily", "--date", "2022-11-10"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pdf = std::fs::read(dir.path().join("output/2022-11-10-日调度.pdf")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&pdf).matches("/Type/Page/").count()
            + String::from_utf8_lossy(&pdf)
                .matches("/Type /Page\n")
                .count(),
        1,
        "one page"
    );
}
