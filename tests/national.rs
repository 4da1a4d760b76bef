//! The national sample (`data/national/`: the 342 units of the platform's export, three key
//! regions, no targets, dust days in the north-west) read as a reader of the national release
//! would: both documents within 16 pages; every city in the ranking tables (附表); no sentence
//! naming more than the best or worst 20 beyond ties, and those exactly the ones the tables rank
//! there; each key region reported; the dust rule stated.

mod common;
use air_bulletin::calendar::Month;
use air_bulletin::documents::{prepare_monthly, prepare_ranking, Prepared, Tools};
use air_bulletin::load::load_file;
use air_bulletin::render::inspect::runs;
use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use typst_layout::PagedDocument;

const REGIONS: [(&str, usize); 3] = [
    ("京津冀及周边地区", 28),
    ("汾渭平原", 11),
    ("长三角地区", 41),
];

struct Doc {
    model: Value,
    doc: PagedDocument,
}

fn documents() -> (Vec<(String, String)>, Doc, Doc) {
    let l = load_file(&root().join("data/national/air-bulletin.toml")).expect("national loads");
    let tools = Tools::new(&l).unwrap();
    let nov = Month::new(2022, 11).unwrap();
    let make = |p: Prepared| Doc {
        model: serde_json::from_slice(&p.json).unwrap(),
        doc: tools
            .renderer
            .compile(&p.job(None, false))
            .unwrap()
            .document,
    };
    let cities = l
        .plan
        .cities
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                c.short.clone().unwrap_or_else(|| c.name.clone()),
            )
        })
        .collect();
    (
        cities,
        make(prepare_monthly(&l, &tools, nov, None).unwrap()),
        make(prepare_ranking(&l, &tools, nov, None).unwrap()),
    )
}

/// How many times each run of text occurs on the pages from the first 附表 label on.
fn appendix_cells(doc: &PagedDocument) -> BTreeMap<String, usize> {
    let rs = runs(doc);
    let start = rs
        .iter()
        .find(|r| r.text == "附表1")
        .map(|r| r.page)
        .expect("an appendix");
    let mut out = BTreeMap::new();
    for r in rs.iter().filter(|r| r.page >= start) {
        *out.entry(r.text.trim_end_matches('*').to_string())
            .or_insert(0) += 1;
    }
    out
}

/// The names of a national-style list ("甲、乙（与甲排名相同，并列第1名）、丙（-3.2%）"), in order.
fn listed(list: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut depth = 0;
    for c in list.chars() {
        match c {
            '（' => depth += 1,
            '）' => depth -= 1,
            c if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain
        .split('、')
        .map(|n| n.trim_end_matches('*').to_string())
        .collect()
}

/// The text between `after` and the next `until`.
fn between<'a>(s: &'a str, after: &str, until: char) -> &'a str {
    let i = s.find(after).unwrap_or_else(|| panic!("“{after}” in {s}")) + after.len();
    let rest = &s[i..];
    &rest[..rest.find(until).unwrap_or(rest.len())]
}

/// The cities the tables put in the best (or, reversed, the worst) 20: the first 20 ranked rows
/// and every row tied with the 20th.
fn expected(rows: &[Value], worst: bool) -> Vec<String> {
    let mut ranked: Vec<(u32, String)> = rows
        .iter()
        .filter_map(|r| {
            let rank: u32 = r["rank"].as_str()?.parse().ok()?;
            Some((rank, r["city"].as_str().unwrap().to_string()))
        })
        .collect();
    if worst {
        ranked.reverse();
    }
    let cut = ranked[19].0;
    let mut out: Vec<String> = ranked.iter().take(20).map(|r| r.1.clone()).collect();
    out.extend(
        ranked
            .iter()
            .skip(20)
            .take_while(|r| r.0 == cut)
            .map(|r| r.1.clone()),
    );
    out
}

#[test]
fn the_national_sample_reads_as_the_national_release() {
    let (cities, monthly, ranking) = documents();
    assert_eq!(cities.len(), 342);
    for (what, d) in [("月通报", &monthly), ("城市排名", &ranking)] {
        // Within 16 pages, the 版记 page included.
        let pages = d.doc.pages().len();
        assert!(pages <= 16, "{what}: {pages} pages");
        assert_eq!(d.model["appendix"], true, "{what}");
        // Every city in both 附表 (the month and 1—11月), by its 简称.
        let cells = appendix_cells(&d.doc);
        for (name, short) in &cities {
            let n = cells.get(short).copied().unwrap_or(0);
            assert!(n >= 2, "{what}: {name} ({short}) in the appendix {n} times");
        }
    }

    // The ranking sentences name exactly the best and the worst 20 (with ties) of the tables.
    for (what, period) in [
        ("月通报 11月", &monthly.model["month"]),
        ("月通报 1—11月", &monthly.model["ytd"]),
    ] {
        let s = period["ranking"].as_str().unwrap();
        let rows = period["rows"].as_array().unwrap();
        let best = listed(between(s, "依次为：", '；'));
        let worst = listed(between(between(s, "；", '。'), "依次为：", '。'));
        assert_eq!(best, expected(rows, false), "{what}: {s}");
        assert_eq!(worst, expected(rows, true), "{what}: {s}");
        assert!(best.len() <= 25 && worst.len() <= 25, "{what}");
        assert!(s.contains("各城市排名见附表"), "{what}: {s}");
        // The change ranking: 20 at each end, ties beyond.
        let c = period["change_ranking"].as_str().unwrap();
        for part in c.split('；') {
            let list = part.rsplit('：').next().unwrap().trim_end_matches('。');
            let names = listed(list).len();
            assert!(
                (20..=25).contains(&names),
                "{what}: {names} names in {part}"
            );
        }
        // Each key region reported with its number of cities.
        let groups = period["groups"].as_array().unwrap();
        for (name, n) in REGIONS {
            let said = format!("{name}{n}个城市优良天数比例为");
            assert!(
                groups.iter().any(|g| g.as_str().unwrap().contains(&said)),
                "{what}: {said}"
            );
        }
    }
    // The same in the ranking release, for both tables.
    for t in ranking.model["tables"].as_array().unwrap() {
        let s = t["sentence"].as_str().unwrap();
        let rows = t["rows"].as_array().unwrap();
        assert_eq!(
            listed(between(s, "依次为：", '；')),
            expected(rows, false),
            "{s}"
        );
        assert_eq!(t["groups"].as_array().unwrap().len(), 3);
    }
    // The dust rule applied is stated.
    assert!(monthly.model["closing"]
        .as_str()
        .unwrap()
        .contains("已扣除沙尘天气影响"));
}
