//! No malformed row is ever read as data: rows of another width, cut last lines of platform
//! exports, Excel "Unicode text" files, broken department fonts, misplaced configuration values,
//! clap's own usage errors and station-hours duplicated across files, each through the binary.

mod common;
use common::*;
use std::path::Path;

const DATA_EXIT: i32 = 3;
const USAGE_EXIT: i32 = 2;

fn stats(dir: &Path) -> Run {
    run_in(
        dir,
        &["stats", "--from", "2022-11-01", "--to", "2022-11-03"],
    )
}

fn line_of(dir: &Path, file: &str, prefix: &str) -> usize {
    let t = std::fs::read_to_string(dir.join(file)).unwrap();
    t.lines().position(|l| l.starts_with(prefix)).unwrap() + 1
}

#[test]
fn a_daily_row_cut_short_is_an_error_at_its_line_not_a_missing_day() {
    let d = copy_fixture("jiangnan");
    let n = line_of(d.path(), "daily.csv", "2022-11-02,安平");
    edit(
        d.path(),
        "daily.csv",
        "2022-11-02,安平,,45,8,22,0.6,110,95",
        "2022-11-02,安平,,45",
    );
    let r = stats(d.path());
    assert_eq!(r.code, DATA_EXIT, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("daily.csv"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("第{n}行只有4个字段，表头有9个字段")),
        "{}",
        r.stderr
    );
}

#[test]
fn a_daily_row_with_a_field_too_many_is_an_error() {
    let d = copy_fixture("jiangnan");
    let n = line_of(d.path(), "daily.csv", "2022-11-02,安平");
    edit(
        d.path(),
        "daily.csv",
        "2022-11-02,安平,,45,8,22,0.6,110,95",
        "2022-11-02,安平,,45,8,22,0.6,110,95,7",
    );
    let r = stats(d.path());
    assert_eq!(r.code, DATA_EXIT, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("第{n}行有10个字段，比表头的9个字段多1个")),
        "{}",
        r.stderr
    );
}

#[test]
fn a_final_line_without_newline_and_blank_trailing_lines_are_fine() {
    let d = copy_fixture("jiangnan");
    let good = stats(d.path());
    assert_eq!(good.code, 0, "{}", good.stderr);
    let p = d.path().join("daily.csv");
    let t = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, t.trim_end()).unwrap();
    assert_eq!(stats(d.path()).stdout, good.stdout);
    std::fs::write(&p, format!("{}\n\n\n", t.trim_end())).unwrap();
    assert_eq!(stats(d.path()).stdout, good.stdout);
}

#[test]
fn a_plan_row_cut_short_is_an_error() {
    let d = copy_fixture("jiangnan");
    let plan = std::fs::read_to_string(d.path().join("plan.csv")).unwrap();
    let (n, line) = plan
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("安平"))
        .unwrap();
    let short: Vec<&str> = line.split(',').take(2).collect();
    edit(d.path(), "plan.csv", line, &short.join(","));
    let r = stats(d.path());
    assert_eq!(r.code, DATA_EXIT, "{}", r.stderr);
    assert!(r.stderr.contains("plan.csv"), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("第{}行只有2个字段", n + 1)),
        "{}",
        r.stderr
    );
}

#[test]
fn a_utf16_tab_separated_excel_export_reads_like_the_csv() {
    let d = copy_fixture("jiangnan");
    let csv = std::fs::read_to_string(d.path().join("daily.csv")).unwrap();
    let tabbed = csv.replace(',', "\t").replace('\n', "\r\n");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(tabbed.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(d.path().join("daily.txt"), bytes).unwrap();
    let from_csv = stats(d.path());
    let from_utf16 = run_in(
        d.path(),
        &[
            "stats",
            "--from",
            "2022-11-01",
            "--to",
            "2022-11-03",
            "--data",
            "daily.txt",
        ],
    );
    assert_eq!(from_utf16.code, 0, "{}", from_utf16.stderr);
    assert!(from_csv.stdout.contains("\"pm25\""));
    assert_eq!(from_utf16.stdout, from_csv.stdout);
}

#[test]
fn a_cut_last_line_of_a_platform_export_is_named() {
    let d = tempfile::tempdir().unwrap();
    let src = fixture("cnemc").join("national-2022-01-03T10.csv");
    let text = std::fs::read_to_string(&src).unwrap();
    let lines = text.lines().count();
    // An interrupted download: the last line stops after its sixth field.
    let last = text.trim_end().rsplit('\n').next().unwrap();
    let cut: Vec<&str> = last.split(',').take(6).collect();
    let broken = format!(
        "{}\n{}",
        &text.trim_end()[..text.trim_end().len() - last.len() - 1],
        cut.join(",")
    );
    let f = d.path().join("cut.csv");
    std::fs::write(&f, broken).unwrap();
    let r = run_in(d.path(), &["import", "--all-cities", f.to_str().unwrap()]);
    assert_eq!(r.code, DATA_EXIT, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("cut.csv"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("第{lines}行只有6个字段，表头有22个字段")),
        "{}",
        r.stderr
    );
}

#[test]
fn a_broken_font_file_is_warned_and_the_document_still_renders() {
    let d = copy_fixture("jiangnan");
    std::fs::create_dir(d.path().join("fonts")).unwrap();
    std::fs::write(d.path().join("fonts/仿宋_GB2312.ttf"), b"not a font at all").unwrap();
    edit(
        d.path(),
        "air-bulletin.toml",
        "[decimals]",
        "[documents]\nfonts = [\"fonts\"]\n\n[decimals]",
    );
    let r = run_in(d.path(), &["monthly", "--month", "2022-11"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("仿宋_GB2312.ttf") && r.stderr.contains("不是可用的字体"),
        "{}",
        r.stderr
    );
    let pdf = std::fs::read(d.path().join("output/2022-11-月通报.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-") && pdf.ends_with(b"%%EOF\n") || pdf.ends_with(b"%%EOF"));
}

#[test]
fn a_misplaced_configuration_value_is_pointed_at_its_own_line_and_column() {
    let d = copy_fixture("jiangnan");
    // "start" also occurs earlier in the file (in a comment and a key name); the error must point
    // at the value of [campaign] end's sibling that is wrong, not at the first "start".
    edit(
        d.path(),
        "air-bulletin.toml",
        "[decimals]",
        "# start here\n[campaign]\nname = \"攻坚\"\nstart = 2022-10-01\nend = 2023-03-31\n\n[run]\nincomplete = \"maybe\"\n\n[decimals]",
    );
    let text = std::fs::read_to_string(d.path().join("air-bulletin.toml")).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("incomplete"))
        .unwrap()
        + 1;
    let r = stats(d.path());
    assert_eq!(r.code, DATA_EXIT, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("第{line}行第14列")),
        "points at the value: {}",
        r.stderr
    );
    assert!(r.stderr.contains("incomplete = \"maybe\" 无法识别"));
}

#[test]
fn a_decimals_value_out_of_range_is_pointed_at_its_value() {
    let d = copy_fixture("jiangnan");
    edit(
        d.path(),
        "air-bulletin.toml",
        "pm25 = 1",
        "pm25 = 1\nco = 7",
    );
    let text = std::fs::read_to_string(d.path().join("air-bulletin.toml")).unwrap();
    let line = text.lines().position(|l| l == "co = 7").unwrap() + 1;
    let r = stats(d.path());
    assert_eq!(r.code, DATA_EXIT, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("第{line}行第6列")),
        "{}",
        r.stderr
    );
}

#[test]
fn an_unknown_rule_set_in_the_configuration_is_a_configuration_error_with_its_line() {
    let d = copy_fixture("jiangnan");
    edit(
        d.path(),
        "air-bulletin.toml",
        "[decimals]",
        "[rules]\nset = \"hj633-1999\"\n\n[decimals]",
    );
    let text = std::fs::read_to_string(d.path().join("air-bulletin.toml")).unwrap();
    let line = text.lines().position(|l| l.starts_with("set =")).unwrap() + 1;
    let r = stats(d.path());
    assert_eq!(r.code, DATA_EXIT, "{}", r.stderr);
    assert!(r.stderr.contains("air-bulletin.toml"), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("第{line}行第7列")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("未知的规则集“hj633-1999”"),
        "{}",
        r.stderr
    );
}

#[test]
fn clap_usage_errors_are_in_chinese_with_the_suggestion() {
    let d = fixture("jiangnan");
    let r = run_in(&d, &["monthly", "--mont", "2022-11"]);
    assert_eq!(r.code, USAGE_EXIT);
    assert!(r.stderr.contains("无法识别的选项“--mont”"), "{}", r.stderr);
    assert!(r.stderr.contains("您是否想用 --month？"), "{}", r.stderr);
    assert!(r.stderr.contains("用法："), "{}", r.stderr);
    assert!(!r.stderr.contains("unexpected argument"), "{}", r.stderr);
    let r = run_in(&d, &["monthly", "--month"]);
    assert_eq!(r.code, USAGE_EXIT);
    assert!(
        r.stderr.contains("选项 --month <MONTH> 后面缺少取值"),
        "{}",
        r.stderr
    );
    let r = run_in(
        &d,
        &[
            "stats",
            "--from",
            "2022-11-01",
            "--to",
            "2022-11-02",
            "--format",
            "xml",
        ],
    );
    assert_eq!(r.code, USAGE_EXIT);
    assert!(r.stderr.contains("取值“xml”无效"), "{}", r.stderr);
    assert!(r.stderr.contains("可选：json、csv、table"), "{}", r.stderr);
    let r = run_in(&d, &["monthy"]);
    assert_eq!(r.code, USAGE_EXIT);
    assert!(r.stderr.contains("无法识别的命令“monthy”"), "{}", r.stderr);
    assert!(
        r.stderr.contains("您是否想用命令 monthly？"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_same_station_hour_in_two_hourly_files_is_an_error_naming_both() {
    let d = tempfile::tempdir().unwrap();
    let src = fixture("cnemc").join("national-2022-01-03T10.csv");
    let text = std::fs::read_to_string(&src).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    // Two overlapping exports: the second repeats the first's rows 10–19.
    let a = format!("{header}\n{}\n", rows[..20].join("\n"));
    let b = format!("{header}\n{}\n", rows[10..30].join("\n"));
    std::fs::write(d.path().join("a.csv"), a).unwrap();
    std::fs::write(d.path().join("b.csv"), b).unwrap();
    let r = run_in(d.path(), &["import", "--all-cities", "a.csv", "b.csv"]);
    assert_eq!(r.code, DATA_EXIT, "{}", r.stderr);
    let code = rows[10].split(',').nth(1).unwrap();
    assert!(r.stderr.contains(code), "{}", r.stderr);
    assert!(r.stderr.contains("重复"), "{}", r.stderr);
    assert!(
        r.stderr.contains("a.csv 第12行") && r.stderr.contains("b.csv 第2行"),
        "{}",
        r.stderr
    );
    // The same rows concatenated into one file are reported the same way.
    let both = format!(
        "{header}\n{}\n{}\n",
        rows[..20].join("\n"),
        rows[10..30].join("\n")
    );
    std::fs::write(d.path().join("both.csv"), both).unwrap();
    let r = run_in(d.path(), &["import", "--all-cities", "both.csv"]);
    assert_eq!(r.code, DATA_EXIT, "{}", r.stderr);
    assert!(
        r.stderr.contains("both.csv 第12行") && r.stderr.contains("both.csv 第22行"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_unknown_output_format_is_pointed_at_its_value() {
    let d = copy_fixture("jiangnan");
    edit(
        d.path(),
        "air-bulletin.toml",
        "[decimals]",
        "[documents]\nformats = [\"pdf\", \"odt\"]\n\n[decimals]",
    );
    let text = std::fs::read_to_string(d.path().join("air-bulletin.toml")).unwrap();
    let line = text.lines().position(|l| l.starts_with("formats")).unwrap() + 1;
    let r = stats(d.path());
    assert_eq!(r.code, DATA_EXIT, "{}", r.stderr);
    // `formats = ["pdf", "odt"]`: the second value starts at column 19.
    assert!(
        r.stderr.contains(&format!("第{line}行第19列"))
            && r.stderr.contains("formats 中的“odt”无法识别"),
        "{}",
        r.stderr
    );
}
