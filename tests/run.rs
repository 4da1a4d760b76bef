//! Unattended runs on the `weekly` fixture (data 2021-11-07 … 2021-12-31 for 临江 and
//! 2022-10-31 … 2022-11-13 for all three cities; campaign 2022-10-01 … 2023-03-31): what is
//! due, skip-when-unchanged, regenerate-when-changed, the lock, every exit code, and runs killed
//! at random moments.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const OK: i32 = 0;
const USAGE: i32 = 2;
const DATA: i32 = 3;
const PARTIAL: i32 = 4;
const NOTHING: i32 = 5;
const LOCKED: i32 = 6;
const MISMATCH: i32 = 7;

fn run(dir: &Path, args: &[&str]) -> Run {
    let mut a = vec!["run"];
    a.extend_from_slice(args);
    run_in(dir, &a)
}

#[test]
fn what_is_due_and_the_skip_and_regenerate_cycle() {
    let dir = copy_fixture("weekly");
    let d = dir.path();
    let r = run(d, &["--today", "2022-11-14", "--dry-run"]);
    assert_eq!(r.code, OK, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "2022年10月月通报\n2022年10月城市排名\n2022-W45周调度通报\n"
    );
    // First run: three documents with manifests.
    let r = run(d, &["--today", "2022-11-14"]);
    assert_eq!(r.code, OK, "{}", r.stderr);
    for f in ["2022-10-月通报", "2022-10-城市排名", "2022-W45-周调度通报"] {
        assert!(d.join(format!("output/{f}.pdf")).exists(), "{f}");
        assert!(d.join(format!("output/{f}.manifest.json")).exists(), "{f}");
    }
    let weekly_before = std::fs::read(d.join("output/2022-W45-周调度通报.pdf")).unwrap();
    // Second run: nothing changed, nothing to do.
    let r = run(d, &["--today", "2022-11-14", "-v"]);
    assert_eq!(r.code, NOTHING, "{}", r.stderr);
    assert_eq!(r.stderr.matches("未变化，跳过").count(), 3, "{}", r.stderr);
    // A late correction inside week 45 (临江, 8 November, PM2.5 40 → 42): the weekly bulletin is
    // regenerated; October's documents do not show that day and stay as they are.
    let data = std::fs::read_to_string(d.join("daily.csv")).unwrap();
    std::fs::write(
        d.join("daily.csv"),
        data.replace("2022-11-08,临江,40,", "2022-11-08,临江,42,"),
    )
    .unwrap();
    let r = run(d, &["--today", "2022-11-14", "-v"]);
    assert_eq!(r.code, OK, "{}", r.stderr);
    assert!(
        r.stderr.contains("已生成 2022-W45周调度通报"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("未变化，跳过 2022年10月月通报"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("未变化，跳过 2022年10月城市排名"),
        "{}",
        r.stderr
    );
    assert!(std::fs::read(d.join("output/2022-W45-周调度通报.pdf")).unwrap() != weekly_before);
    // verify: the weekly bulletin matches its inputs, and so do October's kept documents, whose
    // manifests the run brought up to date with the corrected data file (their bytes unchanged).
    let r = run_in(d, &["verify", "output/2022-W45-周调度通报.pdf"]);
    assert_eq!(r.code, OK, "{}", r.stdout);
    assert!(r.stdout.contains("核验通过"));
    let r = run_in(d, &["verify", "output/2022-10-月通报.pdf"]);
    assert_eq!(r.code, OK, "{}", r.stdout);
    // A data change that no run has seen yet is named.
    std::fs::write(
        d.join("daily.csv"),
        std::fs::read_to_string(d.join("daily.csv")).unwrap() + "\n",
    )
    .unwrap();
    let r = run_in(d, &["verify", "output/2022-10-月通报.pdf"]);
    assert_eq!(r.code, MISMATCH, "{}", r.stdout);
    assert!(
        r.stdout.contains("输入已变化：") && r.stdout.contains("daily.csv"),
        "{}",
        r.stdout
    );
    // A tampered document.
    let mut pdf = std::fs::read(d.join("output/2022-W45-周调度通报.pdf")).unwrap();
    pdf.extend_from_slice(b"% edited\n");
    std::fs::write(d.join("output/2022-W45-周调度通报.pdf"), pdf).unwrap();
    let r = run_in(d, &["verify", "output/2022-W45-周调度通报.pdf"]);
    assert_eq!(r.code, MISMATCH);
    assert!(r.stdout.contains("文书在生成后被改动过"), "{}", r.stdout);
    // --force regenerates everything.
    let r = run(d, &["--today", "2022-11-14", "--force"]);
    assert_eq!(r.code, OK, "{}", r.stderr);
}

#[test]
fn data_not_yet_in_is_skipped_with_the_missing_city_days_named() {
    let dir = copy_fixture("weekly");
    // As of 21 November the week 14–20 November is due, but the data stop on 13 November.
    let r = run(dir.path(), &["--today", "2022-11-21"]);
    assert_eq!(r.code, DATA, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("数据尚未到齐，暂不生成 2022-W46周调度通报：缺 21 个城市日（临江 11月14日"),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join("output/2022-W46-周调度通报.pdf").exists());
    // Configured (or asked) to render anyway: the bulletin states the gaps.
    // Asked to render anyway: this week has no data at all, which is an error naming the week;
    // the other documents are produced (partial failure).
    let r = run(
        dir.path(),
        &["--today", "2022-11-21", "--render-incomplete"],
    );
    assert_eq!(r.code, PARTIAL, "{}", r.stderr);
    assert!(r.stderr.contains("生成失败 2022-W46周调度通报：2022-W46 周（2022-11-14 至 2022-11-20）没有任何城市的数据"), "{}", r.stderr);
}

#[test]
fn a_failing_document_does_not_stop_the_others() {
    let dir = copy_fixture("weekly");
    let t = dir.path().join("模板");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(
        t.join("weekly.typ"),
        "#let data = json(\"/data.json\")\n#data.no_such_key\n",
    )
    .unwrap();
    let cfg = std::fs::read_to_string(dir.path().join("air-bulletin.toml")).unwrap();
    std::fs::write(
        dir.path().join("air-bulletin.toml"),
        cfg.replace("[office]", "[documents]\ntemplates = \"模板\"\n\n[office]"),
    )
    .unwrap();
    let r = run(dir.path(), &["--today", "2022-11-14", "-q"]);
    assert_eq!(r.code, PARTIAL, "{}", r.stderr);
    assert!(
        r.stderr.contains("生成失败 2022-W45周调度通报") && r.stderr.contains("weekly.typ:2:"),
        "{}",
        r.stderr
    );
    assert!(dir.path().join("output/2022-10-月通报.pdf").exists());
}

#[test]
fn a_second_run_waits_for_the_lock_then_gives_up() {
    let dir = copy_fixture("weekly");
    let out = dir.path().join("output");
    std::fs::create_dir_all(&out).unwrap();
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out.join(".air-bulletin.lock"))
        .unwrap();
    f.lock().unwrap();
    let r = run(dir.path(), &["--today", "2022-11-14", "--lock-wait", "1"]);
    assert_eq!(r.code, LOCKED, "{}", r.stderr);
    assert!(
        r.stderr.contains("另一个 air-bulletin 运行正在写"),
        "{}",
        r.stderr
    );
    f.unlock().unwrap();
    let r = run(dir.path(), &["--today", "2022-11-14", "--lock-wait", "1"]);
    assert_eq!(r.code, OK, "{}", r.stderr);
}

#[test]
fn usage_errors() {
    let r = run(&fixture("weekly"), &["--today", "明天"]);
    assert_eq!(r.code, USAGE);
    assert!(
        r.stderr.contains("--today 的日期“明天”无法识别"),
        "{}",
        r.stderr
    );
    let r = run(
        &fixture("weekly"),
        &["--from", "2022-12-01", "--to", "2022-11-01"],
    );
    assert_eq!(r.code, USAGE, "{}", r.stderr);
    assert!(
        r.stderr.contains("--from 2022-12-01 晚于 --to 2022-11-01"),
        "{}",
        r.stderr
    );
}

/// Every regular file in the output folder is complete: PDFs end with %%EOF, the ranking's tables
/// are whole (XLSX a ZIP with its end record), and every manifest vouches for the bytes beside it:
/// its `output_sha256` is the SHA-256 of its PDF (computed here) and `air-bulletin verify` on that
/// PDF, run from the fixture folder `dir`, passes with exit 0. A PDF may lack its manifest (a run
/// killed between the rename of the PDF and the writing of its manifest), never the reverse.
fn check_output(dir: &Path, out: &Path) {
    for e in std::fs::read_dir(out).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name == ".air-bulletin.lock" || name == ".staging" {
            continue;
        }
        let bytes = std::fs::read(e.path()).unwrap();
        if name.ends_with(".pdf") {
            assert!(bytes.starts_with(b"%PDF-"), "{name}");
            let tail =
                String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(16)..]).into_owned();
            assert!(tail.trim_end().ends_with("%%EOF"), "{name} is complete");
        } else if name.ends_with(".manifest.json") {
            let v: serde_json::Value =
                serde_json::from_slice(&bytes).unwrap_or_else(|_| panic!("{name} parses"));
            let doc = v["output"].as_str().unwrap();
            assert_eq!(
                doc.replace(".pdf", ".manifest.json"),
                name,
                "{name} names its own document"
            );
            let pdf = std::fs::read(out.join(doc))
                .unwrap_or_else(|_| panic!("{name} names an existing document"));
            assert_eq!(
                v["output_sha256"].as_str().unwrap(),
                sha256_hex(&pdf),
                "{name} records the hash of the PDF beside it"
            );
            let r = run_in(dir, &["verify", out.join(doc).to_str().unwrap()]);
            assert_eq!(r.code, OK, "verify {doc}: {}{}", r.stdout, r.stderr);
            assert!(r.stdout.contains("核验通过"), "{}", r.stdout);
        } else if name.ends_with(".xlsx") {
            assert!(
                bytes.starts_with(b"PK") && bytes.windows(4).any(|w| w == b"PK\x05\x06"),
                "{name}"
            );
        } else if name.ends_with(".csv") || name.ends_with(".html") {
            assert!(String::from_utf8(bytes).is_ok(), "{name}");
        } else {
            panic!("unexpected file in output: {name}");
        }
    }
}

/// The six documents the `weekly` fixture yields for 2022-10-01 … 2022-11-30 with
/// `--render-incomplete`: both months' bulletins and rankings, and the two weeks with data.
const BACKFILLED: [&str; 6] = [
    "2022-10-月通报",
    "2022-10-城市排名",
    "2022-11-月通报",
    "2022-11-城市排名",
    "2022-W44-周调度通报",
    "2022-W45-周调度通报",
];

/// The backfill of 2022-10-01 … 2022-11-30 (forced, gaps rendered) with `SOURCE_DATE_EPOCH`.
fn backfill_command(dir: &Path, epoch: u64) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_air-bulletin"));
    c.args([
        "run",
        "--from",
        "2022-10-01",
        "--to",
        "2022-11-30",
        "--force",
        "--render-incomplete",
        "-q",
    ])
    .current_dir(dir)
    .env_remove("AIR_BULLETIN_CONFIG")
    .env("SOURCE_DATE_EPOCH", epoch.to_string())
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null());
    c
}

#[test]
fn runs_killed_at_random_moments_leave_only_complete_files() {
    let dir = copy_fixture("weekly");
    let out = dir.path().join("output");
    // One whole run first, timed: the kills below are spread over a quarter to 1.25 times its
    // length, so they land before, during and after the writing however loaded the machine is.
    let start = std::time::Instant::now();
    let status = backfill_command(dir.path(), 1_699_990_000)
        .status()
        .unwrap();
    let whole = start.elapsed();
    assert_eq!(status.code(), Some(PARTIAL));
    check_output(dir.path(), &out);
    // Each run gets its own SOURCE_DATE_EPOCH (one hour apart), so its PDFs differ in bytes from
    // every other run's: a manifest left vouching for another run's document fails its hash,
    // which identical bytes every time could never show. Delays: 12 strata of 0.25 … 1.25 × the
    // whole run (its first quarter is start-up and layout), jittered by a small deterministic
    // random sequence.
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let n = 12u64;
    let (mut none, mut some, mut all) = (0, 0, 0);
    // The timed run may have been slowed by the other tests running beside it; when no kill
    // interrupted a run, the round is repeated with delays halved (at most three more rounds).
    for round in 0..4u64 {
        if round > 0 && none + some > 0 {
            break;
        }
        let scale = 0.5f64.powi(round as i32);
        for i in 0..n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let share = 0.25 + (i as f64 + (x % 1000) as f64 / 1000.0) / n as f64;
            let delay = whole.mul_f64(share * scale);
            let epoch = 1_700_000_000 + 3600 * (i + n * round);
            let mut child = backfill_command(dir.path(), epoch).spawn().unwrap();
            let t = std::time::Instant::now();
            while t.elapsed() < delay && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_millis(2));
            }
            let _ = child.kill();
            let _ = child.wait();
            check_output(dir.path(), &out);
            // How many documents this run had replaced when it was killed (its time is in them).
            let stamp = chrono::DateTime::from_timestamp(epoch as i64, 0)
                .unwrap()
                .format("D:%Y%m%d%H%M%SZ")
                .to_string();
            let mine = BACKFILLED
                .iter()
                .filter(|f| {
                    std::fs::read(out.join(format!("{f}.pdf")))
                        .is_ok_and(|b| creation_date(&b) == stamp)
                })
                .count();
            match mine {
                0 => none += 1,
                6 => all += 1,
                _ => some += 1,
            }
        }
    }
    eprintln!(
        "whole run {whole:?}; killed runs that had replaced no document: {none}, some: {some}, all six: {all}"
    );
    // The kills exercised something: at least one run was stopped before it had written every
    // document, and at least one had written some (typically several of each; only a drastic
    // change of load after the timed run could make either count zero).
    assert!(
        none + some > 0,
        "no run was interrupted: {none} {some} {all}"
    );
    assert!(some + all > 0, "no run wrote anything: {none} {some} {all}");
    // A last, complete run (no --force: documents whose manifest vouches for them are kept), and
    // every file checks. Seven campaign weeks have no data at all (W39–W43, W46, W47) and fail,
    // so the run is a partial failure, exit 4.
    let r = run(
        dir.path(),
        &[
            "--from",
            "2022-10-01",
            "--to",
            "2022-11-30",
            "--render-incomplete",
            "-q",
        ],
    );
    assert_eq!(r.code, PARTIAL, "{}", r.stderr);
    assert_eq!(r.stderr.matches("生成失败").count(), 7, "{}", r.stderr);
    check_output(dir.path(), &out);
    for f in BACKFILLED {
        assert!(out.join(format!("{f}.manifest.json")).exists(), "{f}");
    }
    assert!(
        !out.join(".staging")
            .read_dir()
            .map(|mut d| d.next().is_some())
            .unwrap_or(false),
        "the staging folder is swept"
    );
}

/// The PDF timestamp a document carries (the Info dictionary's `/CreationDate`).
fn creation_date(pdf: &[u8]) -> String {
    let at = pdf
        .windows(14)
        .position(|w| w == b"CreationDate(D")
        .expect("a /CreationDate");
    let rest = &pdf[at + 13..];
    let end = rest.iter().position(|&b| b == b')').unwrap();
    String::from_utf8_lossy(&rest[..end]).into_owned()
}

/// Runs `run --today 2022-11-14 --force` (October's bulletin and ranking, week 45) with
/// `SOURCE_DATE_EPOCH` as given ("" = unset) and returns every file of the output folder.
fn forced_run(dir: &Path, epoch: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let r = run_in_env(
        dir,
        &["run", "--today", "2022-11-14", "--force"],
        &[("SOURCE_DATE_EPOCH", epoch)],
    );
    assert_eq!(r.code, OK, "{}", r.stderr);
    files_in(&dir.join("output"))
}

#[test]
fn the_same_inputs_give_the_same_bytes_at_any_clock_time() {
    let dir = copy_fixture("weekly");
    let d = dir.path();
    // Documented (README "模板和字体", src/render/mod.rs `Renderer::pdf`): the PDF's time is the
    // issue date at 00:00 UTC, or SOURCE_DATE_EPOCH when set. Issue dates: the Monday after the
    // week (2022-11-14) and the 5th of the next month (2022-11-05).
    let first = forced_run(d, "");
    assert_eq!(first.len(), 3 * 2 + 3, "3 PDFs, 3 manifests, XLSX CSV HTML");
    let weekly = "2022-W45-周调度通报.pdf";
    let monthly = "2022-10-月通报.pdf";
    let ranking = "2022-10-城市排名.pdf";
    assert_eq!(creation_date(&first[weekly]), "D:20221114000000Z");
    assert_eq!(creation_date(&first[monthly]), "D:20221105000000Z");
    assert_eq!(creation_date(&first[ranking]), "D:20221105000000Z");
    // More than a second later, unset again: every file, manifests included, is identical.
    std::thread::sleep(Duration::from_millis(1100));
    let second = forced_run(d, "");
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &first {
        assert!(second[name] == *bytes, "{name} changed with the clock");
    }
    // SOURCE_DATE_EPOCH=1700000000 is 2023-11-14 22:13:20 UTC: the PDFs carry that time and so
    // differ from the unset ones, the tables (dated by the issue date) do not.
    let set = forced_run(d, "1700000000");
    for pdf in [weekly, monthly, ranking] {
        assert_eq!(creation_date(&set[pdf]), "D:20231114221320Z", "{pdf}");
        assert!(set[pdf] != first[pdf], "{pdf}");
    }
    for t in [
        "2022-10-城市排名.xlsx",
        "2022-10-城市排名.csv",
        "2022-10-城市排名.html",
    ] {
        assert!(set[t] == first[t], "{t}");
    }
    // Set to the same value again, later: identical to the first set run.
    std::thread::sleep(Duration::from_millis(1100));
    let set_again = forced_run(d, "1700000000");
    for (name, bytes) in &set {
        assert!(set_again[name] == *bytes, "{name} changed with the clock");
    }
    // Set to the weekly bulletin's issue date at midnight (2022-11-14 00:00:00 UTC =
    // 1668384000 = 19310 days × 86400 s): its PDF is the unset one, byte for byte.
    assert_eq!(19310 * 86400, 1_668_384_000);
    let midnight = forced_run(d, "1668384000");
    assert!(midnight[weekly] == first[weekly]);
    assert!(midnight[monthly] != first[monthly]);
}

#[test]
fn a_document_rendered_in_a_parallel_backfill_equals_the_one_rendered_alone() {
    let dir = copy_fixture("weekly");
    let d = dir.path();
    // Six documents rendered side by side on all cores (seven data-less weeks fail: exit 4).
    let r = run(
        d,
        &[
            "--from",
            "2022-10-01",
            "--to",
            "2022-11-30",
            "--render-incomplete",
        ],
    );
    assert_eq!(r.code, PARTIAL, "{}", r.stderr);
    let together = files_in(&d.join("output"));
    // Each one alone, by its own command, into another folder.
    for args in [
        ["monthly", "--month", "2022-10"],
        ["monthly", "--month", "2022-11"],
        ["ranking", "--month", "2022-10"],
        ["ranking", "--month", "2022-11"],
        ["weekly", "--week", "2022-W44"],
        ["weekly", "--week", "2022-W45"],
    ] {
        let mut a = args.to_vec();
        a.extend(["--output", "alone"]);
        let r = run_in(d, &a);
        assert_eq!(r.code, OK, "{args:?}: {}", r.stderr);
    }
    let alone = files_in(&d.join("alone"));
    // Every file a command writes (PDFs and the rankings' tables) is the backfill's, byte for byte.
    assert_eq!(alone.len(), 6 + 2 * 3, "{:?}", alone.keys());
    for f in BACKFILLED {
        assert!(alone.contains_key(&format!("{f}.pdf")), "{f}");
    }
    for (name, bytes) in &alone {
        assert!(
            together.get(name) == Some(bytes),
            "{name} differs between the parallel run and its own command"
        );
    }
}

/// The `weekly` fixture with a template folder `模板` holding a copy of the embedded
/// `weekly.typ` (as compiled into this build), after a first run as of 2022-11-14 (three documents with manifests).
fn with_template_folder() -> tempfile::TempDir {
    let dir = copy_fixture("weekly");
    let d = dir.path();
    std::fs::create_dir_all(d.join("模板")).unwrap();
    // The binary's own embedded text (the repository's file may be mid-edit).
    let embedded = air_bulletin::templates::Templates::embedded();
    std::fs::write(
        d.join("模板/weekly.typ"),
        embedded.get("weekly.typ").unwrap(),
    )
    .unwrap();
    let cfg = std::fs::read_to_string(d.join("air-bulletin.toml")).unwrap();
    std::fs::write(
        d.join("air-bulletin.toml"),
        cfg.replace("[office]", "[documents]\ntemplates = \"模板\"\n\n[office]"),
    )
    .unwrap();
    let r = run(d, &["--today", "2022-11-14"]);
    assert_eq!(r.code, OK, "{}", r.stderr);
    dir
}

const AS_OF_14_NOVEMBER: [&str; 3] = [
    "2022年10月月通报",
    "2022年10月城市排名",
    "2022-W45周调度通报",
];
const FILES_OF_14_NOVEMBER: [&str; 3] =
    ["2022-10-月通报", "2022-10-城市排名", "2022-W45-周调度通报"];

/// `verify` of every document of 14 November: the exit code and the lines naming changed inputs.
fn verify_all(d: &Path) -> Vec<(i32, Vec<String>)> {
    FILES_OF_14_NOVEMBER
        .iter()
        .map(|f| {
            let r = run_in(d, &["verify", &format!("output/{f}.pdf")]);
            let changed = r
                .stdout
                .lines()
                .filter_map(|l| l.strip_prefix("输入已变化："))
                .map(str::to_string)
                .collect();
            (r.code, changed)
        })
        .collect()
}

#[test]
fn a_template_change_regenerates_and_verify_names_the_template() {
    let dir = with_template_folder();
    let d = dir.path();
    let all_ok: Vec<(i32, Vec<String>)> = vec![(OK, vec![]); 3];
    assert_eq!(verify_all(d), all_ok);
    // A comment added to the folder's weekly.typ: every manifest hashes the whole registry, so
    // verify names that file for each document, and run regenerates all three.
    let t = d.join("模板/weekly.typ");
    let mut text = std::fs::read_to_string(&t).unwrap();
    text.push_str("\n// 版式说明：本行为测试所加\n");
    std::fs::write(&t, text).unwrap();
    let name = d.join("模板").join("weekly.typ");
    let v = verify_all(d);
    for (code, changed) in &v {
        assert_eq!(*code, MISMATCH, "{v:?}");
        assert_eq!(changed.len(), 1, "{v:?}");
        assert!(
            Path::new(&changed[0]).ends_with("模板/weekly.typ"),
            "{v:?} names {}",
            name.display()
        );
    }
    let r = run(d, &["--today", "2022-11-14", "-v"]);
    assert_eq!(r.code, OK, "{}", r.stderr);
    for doc in AS_OF_14_NOVEMBER {
        assert!(r.stderr.contains(&format!("已生成 {doc}")), "{}", r.stderr);
    }
    assert_eq!(verify_all(d), all_ok);
}

#[test]
fn a_configuration_change_regenerates_and_verify_names_the_configuration() {
    let dir = copy_fixture("weekly");
    let d = dir.path();
    let r = run(d, &["--today", "2022-11-14"]);
    assert_eq!(r.code, OK, "{}", r.stderr);
    // The issuing office is renamed: every document shows it.
    let cfg = d.join("air-bulletin.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        text.replace("江南省生态环境厅", "江南省生态环境保护厅"),
    )
    .unwrap();
    let config_name = cfg.canonicalize().unwrap().display().to_string();
    assert_eq!(
        verify_all(d),
        vec![(MISMATCH, vec![config_name.clone()]); 3]
    );
    let r = run(d, &["--today", "2022-11-14", "-v"]);
    assert_eq!(r.code, OK, "{}", r.stderr);
    for doc in AS_OF_14_NOVEMBER {
        assert!(r.stderr.contains(&format!("已生成 {doc}")), "{}", r.stderr);
    }
    assert_eq!(verify_all(d), vec![(OK, vec![]); 3]);
    let m: serde_json::Value = serde_json::from_slice(
        &std::fs::read(d.join("output/2022-W45-周调度通报.manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(m["config"]["name"], config_name.as_str());
    assert_eq!(
        m["config"]["sha256"],
        sha256_hex(&std::fs::read(&cfg).unwrap()).as_str()
    );
}

/// A manifest rewritten as if an older air-bulletin had made the document.
fn pretend_older_tool(d: &Path, file: &str) {
    let p = d.join(format!("output/{file}.manifest.json"));
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    assert_eq!(m["tool_version"], env!("CARGO_PKG_VERSION"));
    m["tool_version"] = "0.0.1".into();
    std::fs::write(&p, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
}

#[test]
fn a_document_from_another_tool_version_is_regenerated() {
    let dir = copy_fixture("weekly");
    let d = dir.path();
    let r = run(d, &["--today", "2022-11-14"]);
    assert_eq!(r.code, OK, "{}", r.stderr);
    pretend_older_tool(d, "2022-W45-周调度通报");
    let r = run(d, &["--today", "2022-11-14", "-v"]);
    assert_eq!(r.code, OK, "{}", r.stderr);
    assert!(
        r.stderr.contains("已生成 2022-W45周调度通报"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("未变化，跳过 2022年10月月通报"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("未变化，跳过 2022年10月城市排名"),
        "{}",
        r.stderr
    );
    let m: serde_json::Value = serde_json::from_slice(
        &std::fs::read(d.join("output/2022-W45-周调度通报.manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(m["tool_version"], env!("CARGO_PKG_VERSION"));
}

/// `verify` names a tool-version change: a document made by another version of the tool does not
/// pass.
#[test]
fn verify_names_another_tool_version() {
    let dir = copy_fixture("weekly");
    let d = dir.path();
    let r = run(d, &["--today", "2022-11-14"]);
    assert_eq!(r.code, OK, "{}", r.stderr);
    pretend_older_tool(d, "2022-W45-周调度通报");
    let r = run_in(d, &["verify", "output/2022-W45-周调度通报.pdf"]);
    assert_eq!(r.code, MISMATCH, "{}", r.stdout);
    assert!(
        r.stdout.contains("0.0.1") && r.stdout.contains(env!("CARGO_PKG_VERSION")),
        "names both versions: {}",
        r.stdout
    );
}

/// Whatever `run` decides about a document (regenerate or keep), `verify` agrees with it
/// afterwards: a kept document's manifest is brought up to date with the configuration and data
/// files when they changed without changing what it shows.
#[test]
fn after_a_run_every_document_verifies() {
    let dir = copy_fixture("weekly");
    let d = dir.path();
    let r = run(d, &["--today", "2022-11-14"]);
    assert_eq!(r.code, OK, "{}", r.stderr);
    let cfg = d.join("air-bulletin.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("# 2022年11月修订\n{text}")).unwrap();
    // The exit code is left to the fix (0 if it regenerates, 5 if it refreshes the manifests).
    let r = run(d, &["--today", "2022-11-14"]);
    assert_eq!(verify_all(d), vec![(OK, vec![]); 3], "{}", r.stderr);
    let data = std::fs::read_to_string(d.join("daily.csv")).unwrap();
    std::fs::write(
        d.join("daily.csv"),
        data.replace("2022-11-08,临江,40,", "2022-11-08,临江,42,"),
    )
    .unwrap();
    let r = run(d, &["--today", "2022-11-14"]);
    assert_eq!(r.code, OK, "{}", r.stderr);
    assert_eq!(verify_all(d), vec![(OK, vec![]); 3]);
}

#[test]
fn both_editions_are_written_kept_and_verified_each_with_its_manifest() {
    // `[documents] formats = ["pdf", "docx"]`: every due document in both editions, each with a
    // manifest of its own; a second run keeps both; both verify; a changed Word file fails.
    let dir = copy_fixture("weekly");
    let d = dir.path();
    edit(
        d,
        "air-bulletin.toml",
        "[decimals]",
        "[documents]\nformats = [\"pdf\", \"docx\"]\n\n[decimals]",
    );
    let r = run(d, &["--today", "2022-11-14", "-v"]);
    assert_eq!(r.code, OK, "{}", r.stderr);
    for f in FILES_OF_14_NOVEMBER {
        for (file, manifest) in [
            (
                format!("output/{f}.pdf"),
                format!("output/{f}.manifest.json"),
            ),
            (
                format!("output/{f}.docx"),
                format!("output/{f}.docx.manifest.json"),
            ),
        ] {
            assert!(d.join(&file).exists(), "{file}");
            let m: serde_json::Value =
                serde_json::from_slice(&std::fs::read(d.join(&manifest)).unwrap()).unwrap();
            let name = file.trim_start_matches("output/");
            assert_eq!(m["output"], name, "{manifest}");
            let v = run_in(d, &["verify", &file]);
            assert_eq!(v.code, OK, "{file}: {}", v.stdout);
        }
    }
    assert!(
        r.stderr.contains("周调度通报.pdf、") && r.stderr.contains("周调度通报.docx"),
        "{}",
        r.stderr
    );
    let r = run(d, &["--today", "2022-11-14", "-v"]);
    assert_eq!(r.code, NOTHING, "{}", r.stderr);
    // A Word file edited after the run no longer matches its manifest.
    let f = format!("output/{}.docx", FILES_OF_14_NOVEMBER[0]);
    let mut bytes = std::fs::read(d.join(&f)).unwrap();
    bytes.push(0);
    std::fs::write(d.join(&f), bytes).unwrap();
    assert_eq!(run_in(d, &["verify", &f]).code, MISMATCH);
}
