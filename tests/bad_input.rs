//! Bad input gets a clear Chinese message naming file, line and column, and a non-zero exit.
//! Each case copies the `jiangnan` fixture, breaks one thing and runs `stats`.

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

/// Asserts a data error that names the file and the position and says `what`.
fn expect(r: &Run, code: i32, file: &str, position: &str, what: &[&str]) {
    assert_eq!(r.code, code, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "nothing on stdout: {}", r.stdout);
    let e = &r.stderr;
    assert!(e.contains(file), "names the file {file}: {e}");
    assert!(e.contains(position), "names {position}: {e}");
    for w in what {
        assert!(e.contains(w), "says {w}: {e}");
    }
}

#[test]
fn unknown_city() {
    let d = copy_fixture("jiangnan");
    edit(d.path(), "daily.csv", "2022-11-02,安平", "2022-11-02,北平");
    expect(
        &stats(d.path()),
        DATA_EXIT,
        "daily.csv",
        "第9行第2列（城市（city））",
        &["城市“北平”不在方案", "可用的城市：临江、安平、青山"],
    );
}

#[test]
fn bad_date() {
    let d = copy_fixture("jiangnan");
    edit(d.path(), "daily.csv", "2022-11-02,安平", "2022-11-31,安平");
    expect(
        &stats(d.path()),
        DATA_EXIT,
        "daily.csv",
        "第9行第1列（日期（date））",
        &["日期“2022-11-31”无法识别", "2022-11-01"],
    );
}

#[test]
fn date_out_of_order() {
    let d = copy_fixture("jiangnan");
    edit(d.path(), "daily.csv", "2022-11-03,青山", "2022-10-30,青山");
    expect(
        &stats(d.path()),
        DATA_EXIT,
        "daily.csv",
        "第13行",
        &[
            "青山 的日期顺序错误：2022-10-30 排在第12行的 2022-11-02 之后",
            "按日期从早到晚",
        ],
    );
}

#[test]
fn duplicated_city_day() {
    let d = copy_fixture("jiangnan");
    edit(d.path(), "daily.csv", "2022-11-03,青山", "2022-11-02,青山");
    expect(
        &stats(d.path()),
        DATA_EXIT,
        "daily.csv",
        "第13行",
        &["青山 2022-11-02 的数据重复（第12行已有同一城市同一天）"],
    );
}

#[test]
fn negative_value() {
    let d = copy_fixture("jiangnan");
    edit(
        d.path(),
        "daily.csv",
        "2022-11-02,临江,40,70",
        "2022-11-02,临江,-40,70",
    );
    expect(
        &stats(d.path()),
        DATA_EXIT,
        "daily.csv",
        "第6行第3列（PM2.5（pm25））",
        &["负数"],
    );
}

#[test]
fn non_numeric_value() {
    let d = copy_fixture("jiangnan");
    edit(
        d.path(),
        "daily.csv",
        "2022-11-02,临江,40,70,12",
        "2022-11-02,临江,40,七十,12",
    );
    expect(
        &stats(d.path()),
        DATA_EXIT,
        "daily.csv",
        "第6行第4列（PM10（pm10））",
        &["数值“七十”不是数字", "缺测请留空"],
    );
}

#[test]
fn implausible_value() {
    let d = copy_fixture("jiangnan");
    edit(
        d.path(),
        "daily.csv",
        "2022-11-02,临江,40,70",
        "2022-11-02,临江,2500,70",
    );
    expect(
        &stats(d.path()),
        DATA_EXIT,
        "daily.csv",
        "第6行第3列",
        &["2500", "超出合理范围", "单位"],
    );
}

#[test]
fn missing_column() {
    let d = copy_fixture("jiangnan");
    edit(d.path(), "daily.csv", "o3_1h,o3_8h", "o3_1h,o3");
    expect(
        &stats(d.path()),
        DATA_EXIT,
        "daily.csv",
        "第1行",
        &["表头缺少列：O3日最大8小时（o3_8h）"],
    );
}

#[test]
fn empty_file() {
    let d = copy_fixture("jiangnan");
    std::fs::write(d.path().join("daily.csv"), "").unwrap();
    expect(&stats(d.path()), DATA_EXIT, "daily.csv", "文件为空", &[]);
}

#[test]
fn header_only() {
    let d = copy_fixture("jiangnan");
    std::fs::write(
        d.path().join("daily.csv"),
        "date,city,pm25,pm10,so2,no2,co,o3_1h,o3_8h\n",
    )
    .unwrap();
    expect(
        &stats(d.path()),
        DATA_EXIT,
        "daily.csv",
        "只有表头，没有数据行",
        &[],
    );
}

#[test]
fn wrong_encoding() {
    let d = copy_fixture("jiangnan");
    let mut bytes = std::fs::read(d.path().join("daily.csv")).unwrap();
    // A lone GB18030 lead byte followed by a comma on line 3, after "2021-11-02,".
    let at = bytes.windows(11).position(|w| w == b"2021-11-02,").unwrap() + 11;
    bytes.splice(at..at + 6, [0x81, b',']);
    std::fs::write(d.path().join("daily.csv"), bytes).unwrap();
    expect(
        &stats(d.path()),
        DATA_EXIT,
        "daily.csv",
        "第3行第12列",
        &["编码", "UTF-8"],
    );
}

#[test]
fn unknown_config_key() {
    let d = copy_fixture("jiangnan");
    edit(
        d.path(),
        "air-bulletin.toml",
        "pm25 = 1",
        "pm25 = 1\npm2_5 = 1",
    );
    expect(
        &stats(d.path()),
        DATA_EXIT,
        "air-bulletin.toml",
        "第12行第1列",
        &["未知的配置项“pm2_5”", "pm25"],
    );
}

#[test]
fn target_file_with_a_missing_city() {
    let d = copy_fixture("jiangnan");
    edit(d.path(), "plan.csv", "安平市,30.0", ",30.0");
    expect(
        &stats(d.path()),
        DATA_EXIT,
        "plan.csv",
        "第7行第1列（城市）",
        &["城市名称为空"],
    );
}

#[test]
fn target_value_not_a_number() {
    let d = copy_fixture("jiangnan");
    edit(d.path(), "plan.csv", "青山市,30.0,90.0", "青山市,30.0,九成");
    expect(
        &stats(d.path()),
        DATA_EXIT,
        "plan.csv",
        "第8行第3列（优良天数比率目标（%））",
        &["目标值“九成”不是数字"],
    );
}

#[test]
fn from_after_to() {
    let r = run_in(
        &fixture("jiangnan"),
        &["stats", "--from", "2022-11-03", "--to", "2022-11-01"],
    );
    assert_eq!(r.code, USAGE_EXIT, "{}", r.stderr);
    assert!(
        r.stderr.contains("--from 2022-11-03 晚于 --to 2022-11-01"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_period_with_no_data() {
    let r = run_in(
        &fixture("jiangnan"),
        &["stats", "--from", "2020-01-01", "--to", "2020-01-31"],
    );
    expect(
        &r,
        DATA_EXIT,
        "daily.csv",
        "2020-01-01 至 2020-01-31 没有任何城市的数据",
        &["数据覆盖 2021-11-01 至 2022-11-03"],
    );
}

#[test]
fn a_data_file_that_does_not_exist() {
    let r = run_in(
        &fixture("jiangnan"),
        &[
            "stats",
            "--from",
            "2022-11-01",
            "--to",
            "2022-11-03",
            "--data",
            "nope.csv",
        ],
    );
    expect(&r, DATA_EXIT, "nope.csv", "文件不存在", &[]);
}

#[test]
fn the_same_city_day_in_two_files() {
    let d = copy_fixture("jiangnan");
    std::fs::write(
        d.path().join("more.csv"),
        "date,city,pm25,pm10,so2,no2,co,o3_1h,o3_8h\n2022-11-02,青山,35,70,10,40,1.0,150,120\n",
    )
    .unwrap();
    let r = run_in(
        d.path(),
        &[
            "stats",
            "--from",
            "2022-11-01",
            "--to",
            "2022-11-03",
            "--data",
            "daily.csv",
            "--data",
            "more.csv",
        ],
    );
    expect(
        &r,
        DATA_EXIT,
        "more.csv",
        "第2行",
        &["青山 2022-11-02 的数据与文件 daily.csv 第12行重复"],
    );
}

#[test]
fn a_plan_without_its_year() {
    let d = copy_fixture("jiangnan");
    edit(d.path(), "plan.csv", "# 年度: 2022\n", "");
    expect(
        &stats(d.path()),
        DATA_EXIT,
        "plan.csv",
        "没有写明方案年度",
        &["# 年度: 2022"],
    );
}

#[test]
fn a_missing_configuration_file() {
    let r = run_in(&fixture("jiangnan"), &["--config", "nope.toml", "check"]);
    expect(
        &r,
        DATA_EXIT,
        "nope.toml",
        "无法读取配置文件：文件不存在",
        &["--config"],
    );
}

#[test]
fn an_unknown_rule_set() {
    let r = run_in(
        &fixture("jiangnan"),
        &[
            "stats",
            "--from",
            "2022-11-01",
            "--to",
            "2022-11-03",
            "--rules",
            "hj633-1999",
        ],
    );
    assert_eq!(r.code, USAGE_EXIT, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("未知的规则集“hj633-1999”"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_workbook_with_a_bad_cell_names_the_sheet_and_column_letter() {
    let d = copy_fixture("jiangnan");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("日数据").unwrap();
    let head = [
        "日期", "城市", "PM2.5", "PM10", "SO2", "NO2", "CO", "O3_1h", "O3_8h",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "2022-11-01").unwrap();
    ws.write_string(1, 1, "临江市").unwrap();
    for (c, v) in [30.0, 50.0, 10.0, 30.0, 0.8, 120.0].iter().enumerate() {
        ws.write_number(1, c as u16 + 2, *v).unwrap();
    }
    ws.write_string(1, 8, "很高").unwrap();
    wb.save(d.path().join("daily.xlsx")).unwrap();
    let r = run_in(
        d.path(),
        &[
            "stats",
            "--from",
            "2022-11-01",
            "--to",
            "2022-11-03",
            "--data",
            "daily.xlsx",
        ],
    );
    expect(
        &r,
        DATA_EXIT,
        "daily.xlsx",
        "工作表“日数据” 第2行第9列（I列，O3日最大8小时（o3_8h））",
        &["数值“很高”不是数字"],
    );
}

#[test]
fn a_good_workbook_gives_the_same_statistics_as_the_csv() {
    let d = copy_fixture("jiangnan");
    let text = std::fs::read_to_string(d.path().join("daily.csv")).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let date_fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            if r > 0 && c == 0 {
                let dt = rust_xlsxwriter::ExcelDateTime::parse_from_str(cell).unwrap();
                ws.write_datetime_with_format(r, c, &dt, &date_fmt).unwrap();
            } else if let Ok(v) = cell.parse::<f64>() {
                ws.write_number(r, c, v).unwrap();
            } else if !cell.is_empty() {
                ws.write_string(r, c, cell).unwrap();
            }
        }
    }
    wb.save(d.path().join("daily.xlsx")).unwrap();
    let csv = run_in(
        d.path(),
        &["stats", "--from", "2022-11-01", "--to", "2022-11-03"],
    );
    let xlsx = run_in(
        d.path(),
        &[
            "stats",
            "--from",
            "2022-11-01",
            "--to",
            "2022-11-03",
            "--data",
            "daily.xlsx",
        ],
    );
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    assert_eq!(xlsx.code, 0, "{}", xlsx.stderr);
    assert_eq!(csv.stdout, xlsx.stdout);
}
