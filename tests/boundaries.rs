//! Calendar boundaries of the bundled documents: a January bulletin (the year to date is the
//! month), a December bulletin and the last campaign week of the year (nothing left to control
//! on 31 December), read from the report models and the laid-out documents.

mod common;
use air_bulletin::calendar::{Month, Week};
use air_bulletin::documents::{prepare_monthly, prepare_ranking, prepare_weekly, Tools};
use air_bulletin::load::{load_file, Loaded};
use air_bulletin::render::inspect::page_lines;
use common::*;
use serde_json::Value;

fn bundled() -> Loaded {
    load_file(&root().join("air-bulletin.toml")).unwrap_or_else(|_| panic!("bundled loads"))
}

fn model(p: &air_bulletin::documents::Prepared) -> Value {
    serde_json::from_slice(&p.json).unwrap()
}

fn text(tools: &Tools, p: &air_bulletin::documents::Prepared) -> String {
    let job = p.job(None, false);
    let doc = tools.renderer.compile(&job).unwrap().document;
    page_lines(&doc).concat().concat()
}

#[test]
fn a_january_bulletin_has_one_period_and_numbers_its_tables_on() {
    let l = bundled();
    let tools = Tools::new(&l).unwrap();
    let jan = Month::new(2022, 1).unwrap();
    let p = prepare_monthly(&l, &tools, jan, None).unwrap();
    let m = model(&p);
    assert!(m["ytd"].is_null());
    assert_eq!(m["month"]["label"], "1月");
    assert_eq!(
        m["progress"]["table_title"],
        "表2　截至1月31日各设区市年度目标完成进度"
    );
    assert_eq!(
        m["progress"]["chart_title"],
        "图1　1月各设区市PM2.5平均浓度与年度目标"
    );
    let t = text(&tools, &p);
    assert_eq!(
        t.matches("2022年1月各设区市环境空气质量状况").count(),
        1,
        "{t}"
    );
    assert!(
        t.contains("表2截至1月31日") || t.contains("表2　截至1月31日"),
        "{t}"
    );
    // The ranking of January has the month's table only.
    let r = model(&prepare_ranking(&l, &tools, jan, None).unwrap());
    assert_eq!(r["tables"].as_array().unwrap().len(), 1);
    assert_eq!(r["meta"]["date_iso"], "2022-02-05");
}

#[test]
fn a_december_bulletin_says_the_year_s_outcome() {
    let l = bundled();
    let tools = Tools::new(&l).unwrap();
    let p = prepare_monthly(&l, &tools, Month::new(2022, 12).unwrap(), None).unwrap();
    let m = model(&p);
    assert_eq!(m["ytd"]["label"], "1—12月");
    assert_eq!(m["meta"]["date_iso"], "2023-01-05");
    let s = m["progress"]["summary"].as_str().unwrap();
    assert!(s.contains("2022年全年，"), "{s}");
    assert!(!s.contains("剩余") && !s.contains("—"), "{s}");
}

#[test]
fn the_week_ending_on_1_january_reports_the_year_as_of_31_december() {
    let l = bundled();
    let tools = Tools::new(&l).unwrap();
    let w = Week::parse("2022-W52").unwrap();
    let m = model(&prepare_weekly(&l, &tools, w, None).unwrap());
    assert_eq!(m["issue"], 14);
    assert_eq!(m["progress"]["as_of"], "12月31日");
    let s = m["progress"]["summary"].as_str().unwrap();
    assert!(s.contains("全年，") && !s.contains("剩余0天"), "{s}");
    assert_eq!(m["progress"]["projection_summary"], "");
    let lists = ["warnings_at_risk", "warnings_unreachable"];
    for w in lists.iter().flat_map(|l| m[l]["items"].as_array().unwrap()) {
        let w = w.as_str().unwrap();
        assert!(
            w.contains("（未完成）") && !w.contains("剩余") && !w.contains("确保完成"),
            "{w}"
        );
    }
}
