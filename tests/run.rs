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
    // verify: the weekly bulletin matches its inputs; October's manifest names the old data.
    let r = run_in(d, &["verify", "output/2022-W45-周调度通报.pdf"]);
    assert_eq!(r.code, OK, "{}", r.stdout);
    assert!(r.stdout.contains("核验通过"));
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
    assert_eq!(r.code, USAGE);
}

/// Every regular file in the output folder is complete: PDFs end with %%EOF, manifests parse and
/// name an existing PDF, the ranking's tables are whole (XLSX a ZIP with its end record).
fn check_output(out: &Path) {
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
            let pdf = out.join(v["output"].as_str().unwrap());
            assert!(pdf.exists(), "{name} names an existing document");
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

#[test]
fn runs_killed_at_random_moments_leave_only_complete_files() {
    let dir = copy_fixture("weekly");
    let out = dir.path().join("output");
    // A small deterministic random sequence of delays between 5 and 400 ms.
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..20 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let delay = 5 + x % 395;
        let mut child = Command::new(env!("CARGO_BIN_EXE_air-bulletin"))
            .args([
                "run",
                "--from",
                "2022-10-01",
                "--to",
                "2022-11-30",
                "--force",
                "--render-incomplete",
                "-q",
            ])
            .current_dir(dir.path())
            .env_remove("AIR_BULLETIN_CONFIG")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        if out.exists() {
            check_output(&out);
        }
    }
    // A last, complete run, and every file checks.
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
    assert!(
        r.code == OK || r.code == NOTHING || r.code == PARTIAL,
        "{}",
        r.stderr
    );
    check_output(&out);
    assert!(out.join("2022-10-月通报.pdf").exists());
    assert!(
        !out.join(".staging")
            .read_dir()
            .map(|mut d| d.next().is_some())
            .unwrap_or(false),
        "the staging folder is swept"
    );
}
