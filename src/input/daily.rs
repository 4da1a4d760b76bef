//! The daily city data file: `date,city,pm25,pm10,so2,no2,co,o3_1h,o3_8h` (µg/m³, CO mg/m³), with
//! the Chinese headers staff use in Excel, in CSV or `.xlsx`.

mod cells;
mod fast;
mod rows;

use super::table::{read_table, Table};
use super::{is_missing, parse_date, plain_header};
use crate::error::{InputError, InputErrors};
use crate::model::{Dataset, Day, DayValues, Item, Plan, Tenths};
use crate::num::Dec;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A column of the daily file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Col {
    Date,
    City,
    Value(Item),
    /// Optional: the day was affected by a dust process (沙尘天气).
    Dust,
}

/// Recognises a header cell (after [`plain_header`]): English keys and the usual Chinese ones.
fn column_of(header: &str) -> Option<Col> {
    let h = plain_header(header);
    let col = match h.as_str() {
        "date" | "日期" | "监测日期" | "时间" | "day" => Col::Date,
        "city" | "城市" | "城市名称" | "设区市" | "地区" | "城市名" => Col::City,
        "pm25" | "pm2.5" | "pm2_5" | "细颗粒物" | "pm2.5浓度" => Col::Value(Item::Pm25),
        "pm10" | "可吸入颗粒物" | "pm10浓度" => Col::Value(Item::Pm10),
        "so2" | "二氧化硫" => Col::Value(Item::So2),
        "no2" | "二氧化氮" => Col::Value(Item::No2),
        "co" | "一氧化碳" => Col::Value(Item::Co),
        "o3_1h"
        | "o3-1h"
        | "o31h"
        | "o3_1"
        | "o3(1h)"
        | "o3_1h_max"
        | "o3最大1小时"
        | "臭氧1小时"
        | "臭氧最大1小时"
        | "臭氧日最大1小时"
        | "臭氧1小时平均"
        | "o3日最大1小时" => Col::Value(Item::O3_1h),
        "dust" | "沙尘" | "沙尘天气" | "沙尘日" | "是否沙尘" => Col::Dust,
        "o3_8h"
        | "o3-8h"
        | "o38h"
        | "o3_8"
        | "o3(8h)"
        | "o3_8h_max"
        | "o3最大8小时"
        | "臭氧8小时"
        | "臭氧最大8小时"
        | "臭氧日最大8小时"
        | "臭氧8小时滑动平均"
        | "o3日最大8小时" => Col::Value(Item::O3_8h),
        _ => return None,
    };
    Some(col)
}

/// What each required column is called in messages.
fn col_label(c: Col) -> &'static str {
    match c {
        Col::Date => "日期（date）",
        Col::City => "城市（city）",
        Col::Dust => "沙尘（dust）",
        Col::Value(i) => match i {
            Item::Pm25 => "PM2.5（pm25）",
            Item::Pm10 => "PM10（pm10）",
            Item::So2 => "SO2（so2）",
            Item::No2 => "NO2（no2）",
            Item::Co => "CO（co）",
            Item::O3_1h => "O3日最大1小时（o3_1h）",
            Item::O3_8h => "O3日最大8小时（o3_8h）",
        },
    }
}

/// One city-day read from a file, with where it came from.
#[derive(Clone, Debug)]
pub struct Record {
    pub city: usize,
    pub day: Day,
    pub file: PathBuf,
    pub line: u64,
}

/// The city-days of one file: per plan city, its days in file order and their lines.
pub(crate) struct FileDays {
    days: Vec<Vec<Day>>,
    lines: Vec<Vec<u64>>,
}

impl FileDays {
    fn from_records(records: Vec<Record>, cities: usize) -> FileDays {
        let mut f = FileDays {
            days: vec![Vec::new(); cities],
            lines: vec![Vec::new(); cities],
        };
        for r in records {
            f.days[r.city].push(r.day);
            f.lines[r.city].push(r.line);
        }
        f
    }
}

/// Reads one daily file against the plan's city list. All problems of the file are collected.
/// Records come in file order.
pub fn read_daily(path: &Path, plan: &Plan) -> Result<Vec<Record>, InputErrors> {
    let f = read_file(path, plan, true, &|_| {})?;
    let mut out: Vec<Record> = Vec::new();
    for (city, (days, lines)) in f.days.into_iter().zip(f.lines).enumerate() {
        out.extend(days.into_iter().zip(lines).map(|(day, line)| Record {
            city,
            day,
            file: path.to_path_buf(),
            line,
        }));
    }
    out.sort_by_key(|r| r.line);
    Ok(out)
}

/// One file's city-days: CSV text through the fast reader ([`fast`]), which hands workbooks and
/// unusual text (quoted fields, lone carriage returns) to the general one ([`parse_daily`]);
/// both give the same days and the same errors. Lines are kept when asked (errors between
/// files need them); `progress` is told the bytes read.
fn read_file(
    path: &Path,
    plan: &Plan,
    keep_lines: bool,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<FileDays, InputErrors> {
    if let Some(r) = fast::read(path, plan, keep_lines, progress) {
        return r;
    }
    let table = read_table(path).map_err(|e| InputErrors(vec![e]))?;
    parse_daily(path, &table, plan).map(|r| FileDays::from_records(r, plan.cities.len()))
}

/// Maps the header row to columns. Duplicated columns are errors (reading goes on); missing
/// required columns are errors that end reading (`None`).
fn map_header(
    path: &Path,
    table: &Table,
    header: &super::table::Row,
    errors: &mut Vec<InputError>,
) -> Option<Vec<Option<Col>>> {
    let mut cols: Vec<Option<Col>> = Vec::new();
    let mut seen: HashMap<Col, usize> = HashMap::new();
    for (i, cell) in header.cells.iter().enumerate() {
        let c = column_of(cell);
        if let Some(c) = c {
            if let Some(first) = seen.insert(c, i) {
                errors.push(
                    InputError::at(
                        path,
                        table.cell(header.line, i, Some(cell)),
                        format!(
                            "表头“{cell}”与第{}列重复，都表示 {}",
                            first + 1,
                            col_label(c)
                        ),
                    )
                    .hint("请删除或改名其中一列"),
                );
            }
        }
        cols.push(c);
    }
    let mut required = vec![Col::Date, Col::City];
    required.extend(
        [
            Item::Pm25,
            Item::Pm10,
            Item::So2,
            Item::No2,
            Item::Co,
            Item::O3_8h,
        ]
        .map(Col::Value),
    );
    let missing: Vec<&str> = required
        .iter()
        .filter(|c| !seen.contains_key(c))
        .map(|c| col_label(*c))
        .collect();
    if !missing.is_empty() {
        let found: Vec<&str> = header.cells.iter().map(String::as_str).collect();
        errors.push(
            InputError::at(path, table.line(header.line), format!(
                "表头缺少列：{}（表头为：{}）",
                missing.join("、"),
                found.join(",")
            ))
            .hint("第一行应为表头，如 date,city,pm25,pm10,so2,no2,co,o3_1h,o3_8h 或 日期,城市,PM2.5,PM10,SO2,NO2,CO,O3_1h,O3_8h"),
        );
        return None;
    }
    Some(cols)
}

/// The error of a file with a header and no data row.
fn no_data_rows(path: &Path) -> InputErrors {
    InputErrors(vec![
        InputError::file(path, "只有表头，没有数据行").hint("请确认导出的数据范围")
    ])
}

/// Parses a daily table.
pub fn parse_daily(path: &Path, table: &Table, plan: &Plan) -> Result<Vec<Record>, InputErrors> {
    let mut errors = Vec::new();
    let Some(header) = table.rows.first() else {
        return Err(InputErrors(vec![
            InputError::file(path, "文件为空").hint("请导出包含表头和数据行的文件")
        ]));
    };
    let Some(cols) = map_header(path, table, header, &mut errors) else {
        return Err(InputErrors(errors));
    };
    if table.rows.len() < 2 {
        return Err(no_data_rows(path));
    }
    let widths = table.field_count_errors(path, 0);
    if !widths.is_empty() {
        errors.extend(widths);
        return Err(InputErrors(errors));
    }
    let mut records = Vec::new();
    for row in &table.rows[1..] {
        match parse_row(path, table, row, &cols, plan) {
            Ok(r) => records.push(r),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        let order: Vec<(usize, NaiveDate, u64)> = records
            .iter()
            .map(|r| (r.city, r.day.date, r.line))
            .collect();
        check_order(path, table, &order, plan, &mut errors);
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(InputErrors(errors))
    }
}

fn parse_row(
    path: &Path,
    table: &Table,
    row: &super::table::Row,
    cols: &[Option<Col>],
    plan: &Plan,
) -> Result<Record, Vec<InputError>> {
    let mut errors = Vec::new();
    let mut date = None;
    let mut city = None;
    let mut values = DayValues::default();
    let mut dust = false;
    for (i, col) in cols.iter().enumerate() {
        let Some(col) = col else { continue };
        let raw = row.cells.get(i).map(String::as_str).unwrap_or("");
        let loc = || table.cell(row.line, i, Some(col_label(*col)));
        match col {
            Col::Date => match parse_date(raw) {
                Some(d) => date = Some(d),
                None => errors.push(
                    InputError::at(path, loc(), format!("日期“{raw}”无法识别"))
                        .hint("请写成 2022-11-01 或 2022/11/1 或 2022年11月1日"),
                ),
            },
            Col::City => match plan.city_index(raw) {
                Some(c) => city = Some(c),
                None if raw.is_empty() => {
                    errors.push(InputError::at(path, loc(), "城市名称为空").hint("请填写城市名称"))
                }
                None => {
                    let names: Vec<&str> = plan.cities.iter().map(|c| c.name.as_str()).collect();
                    errors.push(
                        InputError::at(
                            path,
                            loc(),
                            format!("城市“{raw}”不在方案“{}”的城市名单中", plan.name),
                        )
                        .hint(format!(
                            "可用的城市：{}（带不带“市”均可）",
                            names.join("、")
                        )),
                    )
                }
            },
            Col::Value(item) => match parse_value(*item, raw) {
                Ok(v) => values.set(*item, v),
                Err(msg) => errors.push(InputError::at(path, loc(), msg.0).hint(msg.1)),
            },
            Col::Dust => match parse_dust(raw) {
                Some(d) => dust = d,
                None => errors.push(
                    InputError::at(path, loc(), format!("沙尘标记“{raw}”无法识别"))
                        .hint("沙尘日填 1、是 或 true，其他日子填 0、否 或留空"),
                ),
            },
        }
    }
    match (errors.is_empty(), date, city) {
        (true, Some(date), Some(city)) => Ok(Record {
            city,
            day: Day { date, values, dust },
            file: path.to_path_buf(),
            line: row.line,
        }),
        _ => {
            if errors.is_empty() {
                errors.push(InputError::at(path, table.line(row.line), "缺少日期或城市"));
            }
            Err(errors)
        }
    }
}

/// Parses a dust mark (the `dust` column): 1/是/true/y/yes/沙尘 mark the day; 0/否/false/n/no,
/// empty or a missing-value mark leave it unmarked; anything else is `None` (an error).
fn parse_dust(raw: &str) -> Option<bool> {
    let t = raw.trim().to_ascii_lowercase();
    match t.as_str() {
        "1" | "是" | "true" | "y" | "yes" | "沙尘" | "√" => Some(true),
        "0" | "否" | "false" | "n" | "no" => Some(false),
        _ if is_missing(&t) => Some(false),
        _ => None,
    }
}

/// Parses one value: empty, —, NA, / are missing; decimals beyond the published ones are
/// rounded (GB/T 8170) to the published precision (integers, CO one decimal; decision A6).
fn parse_value(item: Item, raw: &str) -> Result<Option<Tenths>, (String, String)> {
    if is_missing(raw) {
        return Ok(None);
    }
    let Some(d) = Dec::parse(raw) else {
        return Err((
            format!("数值“{raw}”不是数字"),
            "请填写数字（如 35 或 0.8），缺测请留空".into(),
        ));
    };
    if d.units() < 0 {
        return Err((
            format!("数值 {raw} 为负数，浓度不可能小于 0"),
            "请核对原始数据，缺测请留空".into(),
        ));
    }
    let v = d.ratio().round(item.published_decimals());
    let tenths = if item.published_decimals() == 1 {
        v.units()
    } else {
        v.units() * 10
    };
    if tenths > item.plausible_max() {
        let max = Dec::new(item.plausible_max(), 1);
        let unit = if item == Item::Co {
            "mg/m³"
        } else {
            "µg/m³"
        };
        return Err((
            format!("数值 {raw} {unit} 超出合理范围（日均值不应超过 {max}）"),
            "请核对单位（CO 为 mg/m³，其余为 µg/m³）和小数点位置".into(),
        ));
    }
    Ok(Some(tenths))
}

/// Within a file, each city's dates must rise; a city-day may appear once. `records` are
/// (city, date, line) in file order.
fn check_order(
    path: &Path,
    table: &Table,
    records: &[(usize, NaiveDate, u64)],
    plan: &Plan,
    errors: &mut Vec<InputError>,
) {
    let mut last: HashMap<usize, (NaiveDate, u64)> = HashMap::new();
    let mut seen: HashMap<(usize, NaiveDate), u64> = HashMap::new();
    for &(city, date, line) in records {
        let name = &plan.cities[city].name;
        if let Some(first) = seen.insert((city, date), line) {
            errors.push(
                InputError::at(
                    path,
                    table.line(line),
                    format!("{name} {date} 的数据重复（第{first}行已有同一城市同一天）"),
                )
                .hint("每个城市每天只能有一行，请删除重复行"),
            );
            continue;
        }
        if let Some((prev, prev_line)) = last.get(&city) {
            if date < *prev {
                errors.push(
                    InputError::at(
                        path,
                        table.line(line),
                        format!("{name} 的日期顺序错误：{date} 排在第{prev_line}行的 {prev} 之后"),
                    )
                    .hint("请把同一城市的数据按日期从早到晚排列（可在 Excel 中按城市、日期排序）"),
                );
            }
        }
        last.insert(city, (date, line));
    }
}

/// Daily files from this size on show a progress bar on a terminal.
const LARGE_FILE: u64 = 16 << 20;

/// Reads several daily files into one dataset; the same city-day in two files is an error.
pub fn load_dataset(paths: &[PathBuf], plan: &Plan) -> Result<Dataset, InputErrors> {
    let n = plan.cities.len();
    if paths.is_empty() {
        return Ok(Dataset::new(n));
    }
    let mut files: Vec<FileDays> = Vec::new();
    let mut errors = Vec::new();
    let keep_lines = paths.len() > 1;
    for p in paths {
        // On a terminal: a bar for a large file (bytes read, throughput, time left).
        let size = std::fs::metadata(p).map_or(0, |m| m.len());
        let bar = (size >= LARGE_FILE)
            .then(|| {
                let name = p.file_name().map_or(p.as_os_str(), |n| n);
                super::table::progress_bytes(size, &format!("读取 {}", name.to_string_lossy()))
            })
            .flatten();
        let tick = |n: u64| {
            if let Some(b) = &bar {
                b.inc(n);
            }
        };
        match read_file(p, plan, keep_lines, &tick) {
            Ok(f) => files.push(f),
            Err(mut e) => errors.append(&mut e.0),
        }
        if let Some(b) = bar {
            b.finish_and_clear();
        }
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    if files.len() == 1 {
        // Each city's dates rise within a file (checked), so they are the dataset as they are.
        let f = files
            .pop()
            .unwrap_or_else(|| FileDays::from_records(Vec::new(), n));
        return Ok(Dataset { days: f.days });
    }
    let mut data = Dataset::new(n);
    for city in 0..n {
        // This city's days of every file, in file order, then by date (a stable sort keeps the
        // earlier file first among equal dates).
        let mut all: Vec<(Day, usize, u64)> = Vec::new();
        for (k, f) in files.iter_mut().enumerate() {
            let days = std::mem::take(&mut f.days[city]);
            let lines = std::mem::take(&mut f.lines[city]);
            all.extend(days.into_iter().zip(lines).map(|(d, l)| (d, k, l)));
        }
        all.sort_by_key(|x| x.0.date);
        for w in all.windows(2) {
            if w[0].0.date == w[1].0.date {
                errors.push(
                    InputError::at(
                        &paths[w[1].1],
                        crate::error::Location::line(w[1].2),
                        format!(
                            "{} {} 的数据与文件 {} 第{}行重复",
                            plan.cities[city].name,
                            w[1].0.date,
                            paths[w[0].1].display(),
                            w[0].2
                        ),
                    )
                    .hint("同一城市同一天只能出现在一个文件中"),
                );
            }
        }
        data.days[city] = all.into_iter().map(|x| x.0).collect();
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_english_and_chinese() {
        assert_eq!(column_of("PM2.5"), Some(Col::Value(Item::Pm25)));
        assert_eq!(column_of("PM2.5(μg/m³)"), Some(Col::Value(Item::Pm25)));
        assert_eq!(column_of("二氧化硫"), Some(Col::Value(Item::So2)));
        assert_eq!(column_of("O3-8h"), Some(Col::Value(Item::O3_8h)));
        assert_eq!(column_of("臭氧8小时"), Some(Col::Value(Item::O3_8h)));
        assert_eq!(column_of("O3_1h"), Some(Col::Value(Item::O3_1h)));
        assert_eq!(column_of(" 日期 "), Some(Col::Date));
        assert_eq!(column_of("AQI"), None);
    }

    #[test]
    fn values_are_rounded_to_the_published_precision() {
        assert_eq!(parse_value(Item::Pm25, "35.5"), Ok(Some(360)));
        assert_eq!(parse_value(Item::Pm25, "34.5"), Ok(Some(340)));
        assert_eq!(parse_value(Item::Co, "0.85"), Ok(Some(8)));
        assert_eq!(parse_value(Item::Co, "1.15"), Ok(Some(12)));
        assert_eq!(parse_value(Item::Pm25, "—"), Ok(None));
        assert!(parse_value(Item::Pm25, "-3").is_err());
        assert!(parse_value(Item::Pm25, "2500").is_err());
        assert!(parse_value(Item::Pm25, "abc").is_err());
    }
}
