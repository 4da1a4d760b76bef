//! Benchmark of rendering: monthly bulletins per second in one process (fonts parsed once,
//! templates prepared once), and the whole process for one document.
//!
//! Run with `cargo bench --bench render`. `benches/compare-typst.sh` compiles the same template
//! and data with the standalone Typst compiler of the PyPI package `typst` for comparison.

use air_bulletin::calendar::{Month, Week};
use air_bulletin::documents::Tools;
use air_bulletin::documents::{prepare_monthly, prepare_ranking, prepare_weekly};
use air_bulletin::load::load_file;
use air_bulletin::render::Job;
use air_bulletin::report::common::MetaInput;
use air_bulletin::report::monthly;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::process::Command;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Instant;

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    let config = format!("{root}/air-bulletin.toml");
    let l = load_file(std::path::Path::new(&config))
        .unwrap_or_else(|_| panic!("the bundled configuration loads"));

    let t = Instant::now();
    let tools = Tools::new(&l).unwrap();
    println!(
        "templates and text prepared in {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );

    // Distinct bulletins: every month of 2021 and 2022, under HJ 633-2012 (set A) and under
    // HJ 633-2026 forced (set B: other AQI days, other numbers). A document seen before is
    // re-rendered from Typst's memo cache in a few ms; the honest figure is the first pass.
    let forced = l.rules.clone().force("hj633-2026").unwrap();
    let make_jobs = |rules: &air_bulletin::stats::rules::RuleBook, tag: &str| -> Vec<Job> {
        let months: Vec<(i32, u32)> = (2021..=2022)
            .flat_map(|y| (1..=12).map(move |m| (y, m)))
            .collect();
        months
            .iter()
            .map(|&(y, m)| {
                let month = Month::new(y, m).unwrap();
                let date = month.default_issue_date();
                let mut settings = l.settings();
                settings.rules = rules;
                let input = monthly::MonthlyInput {
                    settings,
                    data: &l.data,
                    month,
                    requirements: &[],
                    counties: None,
                    meta: MetaInput {
                        office: &l.config.office,
                        to: "",
                        bulletin_name: "环境空气质量月通报",
                        cc: &l.config.cc,
                        date,
                        plan: &l.plan.name,
                        rules: tag.into(),
                    },
                };
                let model = monthly::build(&tools.texts, &input).unwrap();
                Job {
                    template: "monthly.typ".into(),
                    data: serde_json::to_vec(&model).unwrap(),
                    ident: format!("bench/{tag}/{y}-{m}"),
                    date,
                    timestamp: None,
                    pdfa: false,
                }
            })
            .collect()
    };
    let set_a = make_jobs(&l.rules, "HJ 633-2012");
    let set_b = make_jobs(&forced, "HJ 633-2026");

    // First document: fonts parsed, caches cold.
    let t = Instant::now();
    let (first, _) = tools.renderer.render_pdf(&set_a[0]).unwrap();
    println!(
        "first document in the process: {:.1} ms ({} bytes)",
        t.elapsed().as_secs_f64() * 1e3,
        first.len()
    );

    let t = Instant::now();
    let bytes: usize = set_a
        .par_iter()
        .map(|j| tools.renderer.render_pdf(j).unwrap().0.len())
        .sum();
    let s = t.elapsed().as_secs_f64();
    println!(
        "{} threads, {} distinct bulletins: {:.2} s = {:.1} documents/s ({} KB)",
        rayon::current_num_threads(),
        set_a.len(),
        s,
        set_a.len() as f64 / s,
        bytes / 1024
    );
    tools.renderer.trim_cache();
    let t = Instant::now();
    let bytes: usize = set_b
        .iter()
        .map(|j| tools.renderer.render_pdf(j).unwrap().0.len())
        .sum();
    let s = t.elapsed().as_secs_f64();
    println!(
        "one thread, {} other distinct monthly bulletins: {:.2} s = {:.1} documents/s ({:.0} ms each, {} KB)",
        set_b.len(),
        s,
        set_b.len() as f64 / s,
        s * 1e3 / set_b.len() as f64,
        bytes / 1024
    );
    let t = Instant::now();
    set_a.par_iter().for_each(|j| {
        tools.renderer.render_pdf(j).unwrap();
    });
    let s = t.elapsed().as_secs_f64();
    println!(
        "the same again (memoized re-render): {:.1} documents/s",
        set_a.len() as f64 / s
    );
    drop(set_b);

    // Where the time goes, per kind of document, the memo cache trimmed before each document as
    // a batch trims it: layout passes (Typst lays a document out again until its introspection
    // settles: page numbers, continued captions, the room left for a figure, the 版记's page),
    // layout time, PDF time.
    let kinds: [(&str, Vec<air_bulletin::documents::Prepared>); 3] = [
        (
            "monthly",
            (10..=12)
                .map(|m| prepare_monthly(&l, &tools, Month::new(2022, m).unwrap(), None).unwrap())
                .collect(),
        ),
        (
            "weekly",
            (44..=48)
                .map(|w| {
                    let week = Week::parse(&format!("2022-W{w}")).unwrap();
                    prepare_weekly(&l, &tools, week, None).unwrap()
                })
                .collect(),
        ),
        (
            "ranking",
            (10..=12)
                .map(|m| prepare_ranking(&l, &tools, Month::new(2022, m).unwrap(), None).unwrap())
                .collect(),
        ),
    ];
    for (kind, docs) in &kinds {
        let (mut c_ms, mut p_ms, mut passes) = (Vec::new(), Vec::new(), Vec::new());
        for d in docs {
            let job = d.job(None, false);
            typst::comemo::evict(0);
            typst_timing::enable();
            tools.renderer.compile(&job).unwrap();
            typst_timing::disable();
            passes.push(layout_passes());
        }
        for _ in 0..3 {
            for d in docs {
                let job = d.job(None, false);
                tools.renderer.trim_cache_to(1);
                let t = Instant::now();
                let compiled = tools.renderer.compile(&job).unwrap();
                c_ms.push(t.elapsed().as_secs_f64() * 1e3);
                let t = Instant::now();
                tools.renderer.pdf(&compiled.document, &job).unwrap();
                p_ms.push(t.elapsed().as_secs_f64() * 1e3);
            }
        }
        passes.sort_unstable();
        passes.dedup();
        println!(
            "{kind}: layout passes {passes:?}, layout median {:.0} ms, PDF median {:.0} ms ({} documents × 3)",
            median(&mut c_ms),
            median(&mut p_ms),
            docs.len()
        );
    }

    // The whole process for one document, as cron runs it.
    let exe = env!("CARGO_BIN_EXE_air-bulletin");
    let out = std::env::temp_dir().join("air-bulletin-bench");
    let mut times = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let st = Command::new(exe)
            .args([
                "--config", &config, "monthly", "--month", "2022-11", "--output",
            ])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            st.status.success(),
            "{}",
            String::from_utf8_lossy(&st.stderr)
        );
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let min = times.iter().copied().fold(f64::INFINITY, f64::min);
    println!(
        "whole process, one monthly bulletin (load data, compute, lay out, write PDF): median {:.0} ms, min {min:.0} ms",
        median(&mut times),
    );
    let _ = NaiveDate::MIN;
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The layout passes recorded since timing was enabled (Typst's "iter (n)" scopes).
fn layout_passes() -> usize {
    let mut out = Vec::new();
    typst_timing::export_json(&mut out, |_| (String::new(), 0)).unwrap();
    let events: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    events
        .iter()
        .filter(|e| e["ph"] == "B" && e["name"].as_str().is_some_and(|n| n.starts_with("iter")))
        .count()
}
