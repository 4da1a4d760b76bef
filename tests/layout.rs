//! Layout where it can go wrong, for all four document kinds of the bundled configuration, read
//! from Typst's laid-out document: every text run ends inside the text block (28 mm from the
//! left edge, 26 mm from the right: 156 mm wide) and stays between the top and bottom margins
//! (37 mm, 35 mm) apart from the page number; page counts come from the compiled pages.

mod common;
use air_bulletin::calendar::{Month, Week};
use air_bulletin::documents::{
    prepare_daily, prepare_monthly, prepare_ranking, prepare_weekly, Prepared, Tools,
};
use air_bulletin::load::{load_file, Loaded};
use air_bulletin::render::inspect::{runs, Run};
use common::*;
use typst_layout::PagedDocument;

fn bundled() -> Loaded {
    load_file(&root().join("air-bulletin.toml")).unwrap_or_else(|_| panic!("bundled loads"))
}

fn compile(tools: &Tools, p: &Prepared) -> PagedDocument {
    let job = p.job(None, false);
    tools.renderer.compile(&job).unwrap().document
}

const MM: f64 = 72.0 / 25.4;

/// The page number "— n —" sits in the bottom margin by design (GB/T 9704 7.5).
fn is_page_number(r: &Run) -> bool {
    r.y > (297.0 - 35.0) * MM && r.text.contains('—')
}

/// The page count, or the first run outside the block.
fn check(name: &str, doc: &PagedDocument) -> Result<usize, String> {
    let (left, right) = (28.0 * MM, (210.0 - 26.0) * MM);
    let (top, bottom) = (37.0 * MM, (297.0 - 35.0) * MM);
    let tol = 0.5 * MM;
    for r in runs(doc).iter().filter(|r| !is_page_number(r)) {
        let end = r.x + r.width;
        if r.x < left - tol || end > right + tol {
            return Err(format!(
                "{name} p.{}: “{}” runs from {:.1} to {:.1} mm, outside 28–184 mm",
                r.page,
                r.text,
                r.x / MM,
                end / MM
            ));
        }
        if r.y - r.size * 0.88 < top - tol || r.y > bottom + tol {
            return Err(format!(
                "{name} p.{}: “{}” at {:.1} mm is outside the block vertically",
                r.page,
                r.text,
                r.y / MM
            ));
        }
    }
    Ok(doc.pages().len())
}

#[test]
fn every_text_run_of_every_document_kind_stays_inside_the_text_block() {
    let l = bundled();
    let tools = Tools::new(&l).unwrap();
    let nov = Month::new(2022, 11).unwrap();
    let docs = [
        ("monthly", prepare_monthly(&l, &tools, nov, None).unwrap()),
        ("ranking", prepare_ranking(&l, &tools, nov, None).unwrap()),
        (
            "weekly",
            prepare_weekly(&l, &tools, Week::parse("2022-W47").unwrap(), None).unwrap(),
        ),
        (
            "daily",
            prepare_daily(&l, &tools, "2022-12-21".parse().unwrap(), None).unwrap(),
        ),
    ];
    for (name, p) in &docs {
        let pages = check(name, &compile(&tools, p)).unwrap_or_else(|e| panic!("{e}"));
        assert!(pages >= 1, "{name}");
        // The daily sheet is one page by design.
        if *name == "daily" {
            assert_eq!(pages, 1, "the daily sheet fits one page");
        }
    }
}

#[test]
fn a_run_past_the_right_margin_is_caught() {
    // The check itself can fail: a line of Latin text with no break opportunity overflows.
    let l = bundled();
    let tools = Tools::new(&l).unwrap();
    let mut p = prepare_daily(&l, &tools, "2022-12-21".parse().unwrap(), None).unwrap();
    let mut m: serde_json::Value = serde_json::from_slice(&p.json).unwrap();
    m["summary"] = serde_json::json!("X".repeat(200));
    p.json = serde_json::to_vec(&m).unwrap();
    let doc = compile(&tools, &p);
    let e = check("daily", &doc).unwrap_err();
    assert!(e.contains("outside 28–184 mm"), "{e}");
}
