//! Property tests: every reader, fed random bytes and random mutations of real files (the
//! fixtures, the bundled sample, real platform exports), returns a result or an error and never
//! panics; and an error about an input that has lines says where (file, line) unless it is about
//! the file as a whole (empty, no header, no data rows).
//!
//! `cargo test` runs a modest number of cases per reader (`AIR_BULLETIN_FUZZ_CASES`, default 48).
//! A long campaign, e.g. a night:
//!
//! ```sh
//! AIR_BULLETIN_FUZZ_CASES=200000 cargo test --release --test parsers_never_panic -- --nocapture
//! ```
//!
//! proptest prints the smallest failing input it finds and stores its seed in
//! `tests/parsers_never_panic.proptest-regressions`, which is replayed first on later runs.

mod common;
use air_bulletin::error::InputError;
use air_bulletin::input::hourly::HourlyStore;
use air_bulletin::input::{config, daily, plan, table};
use air_bulletin::model::Plan;
use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn cases() -> u32 {
    std::env::var("AIR_BULLETIN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

/// One edit of a file: flip a byte, insert a separator or line break, delete a run, cut the
/// file, or repeat a line.
#[derive(Clone, Debug)]
enum Edit {
    Set(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
    Truncate(usize),
    RepeatLine(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let special = prop_oneof![
        Just(b','),
        Just(b'\n'),
        Just(b'"'),
        Just(b'\t'),
        Just(b'\r'),
        Just(b'-'),
        Just(b'.'),
        Just(0xE5),
        any::<u8>()
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        (any::<usize>(), special).prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<usize>(), 1..40usize).prop_map(|(i, n)| Edit::Delete(i, n)),
        any::<usize>().prop_map(Edit::Truncate),
        any::<usize>().prop_map(Edit::RepeatLine),
    ]
}

fn apply(base: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = base.to_vec();
    for e in edits {
        let n = b.len().max(1);
        match *e {
            Edit::Set(i, v) if !b.is_empty() => b[i % n] = v,
            Edit::Insert(i, v) => b.insert(i % (b.len() + 1), v),
            Edit::Delete(i, k) if !b.is_empty() => {
                let s = i % n;
                let e = (s + k).min(b.len());
                b.drain(s..e);
            }
            Edit::Truncate(i) => b.truncate(i % (b.len() + 1)),
            Edit::RepeatLine(i) => {
                let starts: Vec<usize> = std::iter::once(0)
                    .chain(
                        b.iter()
                            .enumerate()
                            .filter(|(_, c)| **c == b'\n')
                            .map(|(k, _)| k + 1),
                    )
                    .filter(|k| *k < b.len())
                    .collect();
                if let Some(&s) = starts.get(i % starts.len().max(1)) {
                    let e = b[s..]
                        .iter()
                        .position(|c| *c == b'\n')
                        .map_or(b.len(), |p| s + p + 1);
                    let line = b[s..e].to_vec();
                    b.splice(e..e, line);
                }
            }
            _ => {}
        }
    }
    b
}

/// Errors that are about the file as a whole, where no line can be named.
fn whole_file(e: &InputError) -> bool {
    [
        "文件为空",
        "只有表头",
        "没有找到目标表的表头",
        "工作簿中没有任何数据",
        "无法作为 Excel 工作簿打开",
        "无法读取工作表",
        "站点列表为空",
        "没有列出",
        "没有写明方案年度",
        "缺少以下城市",
        "目标表中没有城市",
        "没有任何城市",
        "重复出现",
    ]
    .iter()
    .any(|m| e.message.contains(m))
}

/// Checks the property for one reader over mutations of `base` and over random bytes.
fn check(name: &str, base: &[u8], read: &dyn Fn(&Path, &[u8]) -> Vec<InputError>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.csv"));
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let inputs = prop_oneof![
        3 => proptest::collection::vec(edit(), 1..6).prop_map(|e| apply(base, &e)),
        1 => proptest::collection::vec(any::<u8>(), 0..400),
    ];
    runner
        .run(&inputs, |bytes| {
            std::fs::write(&path, &bytes).unwrap();
            let errors =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(&path, &bytes)));
            let errors = match errors {
                Ok(e) => e,
                Err(_) => return Err(TestCaseError::fail(format!("{name}: the reader panicked"))),
            };
            let has_lines = bytes.iter().filter(|b| **b == b'\n').count() >= 2;
            for e in &errors {
                prop_assert!(
                    !has_lines || e.location.is_some() || whole_file(e),
                    "{name}: an error without a location: {e}"
                );
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

fn plan_of_jiangnan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| plan::read_plan(&fixture("jiangnan").join("plan.csv")).unwrap())
}

fn read_daily(path: &Path, _: &[u8]) -> Vec<InputError> {
    match table::read_table(path) {
        Err(e) => vec![e],
        Ok(t) => daily::parse_daily(path, &t, plan_of_jiangnan())
            .err()
            .map_or(Vec::new(), |e| e.0),
    }
}

fn first_lines(p: &Path, n: usize) -> Vec<u8> {
    let t = std::fs::read_to_string(p).unwrap();
    let lines: Vec<&str> = t.lines().take(n).collect();
    format!("{}\n", lines.join("\n")).into_bytes()
}

#[test]
fn daily_csv_of_the_fixture_and_the_sample() {
    check(
        "daily",
        &std::fs::read(fixture("jiangnan").join("daily.csv")).unwrap(),
        &read_daily,
    );
    check(
        "gbk",
        &std::fs::read(fixture("jiangnan").join("daily-gbk.csv")).unwrap(),
        &read_daily,
    );
    let sample = first_lines(&root().join("data/sample/guangxi-daily-2021-2022.csv"), 60);
    check("sample", &sample, &read_daily);
}

#[test]
fn daily_workbooks() {
    let text = std::fs::read_to_string(fixture("jiangnan").join("daily.csv")).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let bytes = wb.save_to_buffer().unwrap();
    check("xlsx", &bytes, &|p: &Path, b: &[u8]| {
        // A workbook is read by content; keep the `.xlsx`-independent path but a ZIP start.
        let _ = b;
        read_daily(p, b)
    });
}

#[test]
fn plans() {
    for f in [
        fixture("jiangnan").join("plan.csv"),
        root().join("data/plans/guangxi-2022.csv"),
    ] {
        check(
            "plan",
            &std::fs::read(&f).unwrap(),
            &|p: &Path, _: &[u8]| plan::read_plan(p).err().map_or(Vec::new(), |e| e.0),
        );
    }
}

#[test]
fn configurations() {
    for f in [
        root().join("air-bulletin.toml"),
        fixture("jiangnan").join("air-bulletin.toml"),
        fixture("cnemc").join("air-bulletin.toml"),
    ] {
        check(
            "config",
            &std::fs::read(&f).unwrap(),
            &|p: &Path, b: &[u8]| {
                let text = String::from_utf8_lossy(b);
                config::parse_config(p, &text).err().into_iter().collect()
            },
        );
    }
}

fn hourly(keep_published: bool) -> impl Fn(&Path, &[u8]) -> Vec<InputError> {
    move |p: &Path, _: &[u8]| {
        let mut s = HourlyStore::new(keep_published);
        s.read_file(p).err().into_iter().collect()
    }
}

#[test]
fn platform_exports_parallel_and_serial() {
    let f: PathBuf = fixture("cnemc").join("national-2022-01-03T10.csv");
    let base = first_lines(&f, 80);
    check("platform", &base, &hourly(false));
    check("platform-serial", &base, &hourly(true));
    let gx = first_lines(
        &fixture("cnemc").join("guangxi-2022-01-03T00_to_2022-01-06T20.csv"),
        80,
    );
    check("platform-gx", &gx, &hourly(false));
}

#[test]
fn wide_daily_files_and_station_lists() {
    let wide = "date,hour,type,1001A,1002A,南宁\n20220103,0,PM2.5,20,21,30\n20220103,0,PM10,40,41,50\n20220103,1,PM2.5,22,,31\n20220103,1,O3,60,61,70\n";
    check("wide", wide.as_bytes(), &hourly(false));
    let stations = "监测点编码,监测点名称,城市,经度,纬度,对照点\n1001A,万寿西宫,北京,116.36,39.87,N\n1002A,定陵(对照点),北京,116.22,40.29,Y\n";
    check("stations", stations.as_bytes(), &|p: &Path, _: &[u8]| {
        let mut s = HourlyStore::new(false);
        s.read_station_list(p).err().into_iter().collect()
    });
}
