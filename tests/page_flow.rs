//! Pages flow like a typesetter's at any size, read from Typst's laid-out document for every
//! document kind of four configurations: the bundled 14 cities of Guangxi, a city department's
//! 5 districts, a province of 21 units with long names and 简称, and 60 cities.
//! - No page but the last body page (and a blank page or a page holding only the 版记) is less
//!   than 70 % full.
//! - No page opens with a table's note: a note always ends beside its table's last row.
//! - No city name (or its 简称) is broken inside a table cell or a chart label.
//! - The 版记 sits at the foot of the last page, an even one (GB/T 9704 §7.4, docs/rules.md);
//!   neither a blank page nor a 版记-only page is numbered.
//! - Body lines hold 28 characters of 3号 (the 22 × 28 grid).

mod common;
use air_bulletin::calendar::{Month, Week};
use air_bulletin::documents::{
    prepare_daily, prepare_monthly, prepare_ranking, prepare_weekly, Prepared, Tools,
};
use air_bulletin::load::{load_file, Loaded};
use air_bulletin::render::inspect::{ink_bottom_mm, page_lines, runs, Run};
use common::*;
use std::path::PathBuf;
use typst_layout::PagedDocument;

const MM: f64 = 72.0 / 25.4;
/// The text block: 37 mm from the top, 225 mm tall.
const TOP: f64 = 37.0;
const BLOCK: f64 = 225.0;

fn configs() -> Vec<PathBuf> {
    vec![
        root().join("air-bulletin.toml"),
        fixture("sizes-district-5").join("air-bulletin.toml"),
        fixture("sizes-province-21").join("air-bulletin.toml"),
        fixture("sizes-60").join("air-bulletin.toml"),
    ]
}

struct Doc {
    name: String,
    doc: PagedDocument,
}

fn documents(l: &Loaded, tools: &Tools, tag: &str) -> Vec<Doc> {
    let nov = Month::new(2022, 11).unwrap();
    let prepared: Vec<Prepared> = vec![
        prepare_monthly(l, tools, nov, None).unwrap(),
        prepare_ranking(l, tools, nov, None).unwrap(),
        prepare_weekly(l, tools, Week::parse("2022-W47").unwrap(), None).unwrap(),
        prepare_daily(l, tools, "2022-12-21".parse().unwrap(), None).unwrap(),
    ];
    prepared
        .iter()
        .map(|p| {
            let job = p.job(None, false);
            Doc {
                name: format!("{tag} {}", p.stem),
                doc: tools.renderer.compile(&job).unwrap().document,
            }
        })
        .collect()
}

fn all() -> Vec<(Loaded, Vec<Doc>)> {
    configs()
        .into_iter()
        .map(|c| {
            let l = load_file(&c).unwrap_or_else(|_| panic!("{} loads", c.display()));
            let tools = Tools::new(&l).unwrap();
            let tag = if c.parent() == Some(root().as_path()) {
                "guangxi".to_string()
            } else {
                c.parent()
                    .unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            };
            let docs = documents(&l, &tools, &tag);
            (l, docs)
        })
        .collect()
}

fn is_page_number(r: &Run) -> bool {
    r.y > (297.0 - 35.0) * MM
}

/// Whether a page holds only the 版记 (its 抄送/印发 lines) or nothing at all.
fn imprint_or_blank(runs: &[&Run]) -> bool {
    let body: Vec<&&Run> = runs.iter().filter(|r| !is_page_number(r)).collect();
    body.is_empty()
        || body
            .iter()
            .all(|r| r.text.contains("抄送") || r.text.contains("印发") || r.y > 200.0 * MM)
}

#[test]
fn pages_are_full_notes_stay_with_their_tables_and_the_imprint_is_on_an_even_last_page() {
    for (_, docs) in all() {
        for d in docs {
            let rs = runs(&d.doc);
            let pages = d.doc.pages().len();
            let on = |p: usize| rs.iter().filter(|r| r.page == p).collect::<Vec<_>>();
            let bottoms = ink_bottom_mm(&d.doc, 297.0 - 35.0 + 1.0);
            // The last page that holds body text.
            let last_body = (1..=pages)
                .rev()
                .find(|p| !imprint_or_blank(&on(*p)))
                .unwrap();
            for p in 1..last_body {
                let fill = bottoms[p - 1].map_or(0.0, |b| (b - TOP) / BLOCK * 100.0);
                let runs_p = on(p);
                assert!(
                    fill >= 70.0 || imprint_or_blank(&runs_p),
                    "{} page {p} of {pages} is {fill:.0} % full",
                    d.name
                );
            }
            // No page opens with a note (the lines above the note would be another page's).
            for (i, lines) in page_lines(&d.doc).iter().enumerate() {
                let first = lines.iter().find(|l| !l.trim().is_empty());
                assert!(
                    !first.is_some_and(|l| l.starts_with("注：")),
                    "{} page {} opens with a table note: {first:?}",
                    d.name,
                    i + 1
                );
            }
            // Documents with a 版记 end with it at the foot of an even page; the daily sheet has
            // none.
            let imprint: Vec<&Run> = rs.iter().filter(|r| r.text.contains("印发")).collect();
            if let Some(last) = imprint.last() {
                assert_eq!(last.page, pages, "{}: the 版记 is on the last page", d.name);
                assert_eq!(pages % 2, 0, "{}: the 版记 page is even", d.name);
                let bottom = bottoms[pages - 1].unwrap();
                assert!(
                    (bottom - (TOP + BLOCK)).abs() < 1.0,
                    "{}: the 版记's last rule at {bottom:.1} mm, not on the block's lower edge",
                    d.name
                );
                // Pages without body text carry no page number.
                for p in last_body + 1..=pages {
                    assert!(
                        !on(p).iter().any(|r| is_page_number(r)),
                        "{}: page {p} holds no body text but is numbered",
                        d.name
                    );
                }
            }
            // Body pages are numbered "— n —".
            for p in 1..=last_body {
                assert!(
                    on(p)
                        .iter()
                        .any(|r| is_page_number(r) && r.text.contains(&p.to_string())),
                    "{}: body page {p} has no page number",
                    d.name
                );
            }
        }
    }
}

#[test]
fn no_name_is_broken_inside_a_table_cell_or_a_chart_label() {
    for (l, docs) in all() {
        let mut labels: Vec<String> = l
            .plan
            .cities
            .iter()
            .map(|c| c.label().to_string())
            .collect();
        labels.extend(l.plan.cities.iter().map(|c| c.name.clone()));
        for d in docs {
            // Tables and charts are set smaller than the 3号 body, where prose may break a
            // name at a line end as any text does.
            for r in runs(&d.doc).iter().filter(|r| r.size < 14.0) {
                let t = r.text.trim().trim_end_matches('*');
                if t.chars().count() < 2 || labels.iter().any(|n| n == t) {
                    continue;
                }
                for n in &labels {
                    let broken = n.len() > t.len() && (n.starts_with(t) || n.ends_with(t));
                    assert!(
                        !broken,
                        "{} page {}: “{t}” is a piece of the name “{n}”",
                        d.name, r.page
                    );
                }
            }
        }
    }
}

/// The characters of a line that take a full grid cell: punctuation may be compressed when a
/// line is justified (标点挤压, as Word and WPS do), so it is not counted; that nothing passes the
/// block's right edge is checked run by run in tests/layout.rs.
fn cells(line: &str) -> f64 {
    let punct = |c: char| "、，。；：！？）（》《“”".contains(c);
    line.chars()
        .filter(|c| !c.is_whitespace() && !punct(*c))
        .count() as f64
}

#[test]
fn body_lines_hold_28_characters_of_3hao() {
    let l = load_file(&root().join("air-bulletin.toml")).unwrap_or_else(|_| panic!("loads"));
    let tools = Tools::new(&l).unwrap();
    let docs = documents(&l, &tools, "gx");
    let mut widest = 0;
    for d in &docs {
        let rs = runs(&d.doc);
        // Body runs: 3号 (16 pt) text inside the block.
        let mut lines: std::collections::BTreeMap<(usize, i64), String> = Default::default();
        for r in rs
            .iter()
            .filter(|r| (r.size - 16.0).abs() < 0.1 && !is_page_number(r))
        {
            lines
                .entry((r.page, r.y.round() as i64))
                .or_default()
                .push_str(&r.text);
        }
        // Lines of full-width characters only (digits and Latin letters are half as wide, and
        // the block's right edge is checked for every line in tests/layout.rs).
        let none = String::new();
        let (most, line) = lines
            .values()
            .filter(|l| l.chars().all(|c| !c.is_ascii()))
            .map(|l| (cells(l.trim()), l))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .unwrap_or((0.0, &none));
        assert!(
            most <= 28.0,
            "{}: a body line holds {most} cells: {line}",
            d.name
        );
        widest = widest.max(most as usize);
    }
    assert!(widest >= 26, "the documents have full lines: {widest}");
    // A paragraph of 60 hanzi in the daily sheet's summary: the first line, indented two cells,
    // holds 26; the next 28; the rest 6.
    let mut p = prepare_daily(&l, &tools, "2022-12-21".parse().unwrap(), None).unwrap();
    let mut m: serde_json::Value = serde_json::from_slice(&p.json).unwrap();
    let para: String = "环境空气质量".chars().cycle().take(60).collect();
    m["summary"] = serde_json::json!(para);
    p.json = serde_json::to_vec(&m).unwrap();
    let job = p.job(None, false);
    let doc = tools.renderer.compile(&job).unwrap().document;
    let lines: Vec<String> = page_lines(&doc)
        .concat()
        .into_iter()
        .filter(|l| l.chars().all(|c| "环境空气质量".contains(c)) && !l.is_empty())
        .collect();
    let counts: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    assert_eq!(counts, [26, 28, 6], "{lines:?}");
}
