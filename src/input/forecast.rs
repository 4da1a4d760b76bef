//! Air-quality forecast files for the daily sheet, as the forecast office sends them:
//! `城市,日期,AQI,类别,首要污染物` (CSV in any encoding the tool reads, or xlsx). The AQI is kept
//! as written (a range such as 80—120); the city must be in the plan.

use super::table::{read_table, Table};
use super::{parse_date, plain_header};
use crate::error::{InputError, InputErrors};
use crate::model::Plan;
use chrono::NaiveDate;
use std::path::Path;

/// One forecast line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forecast {
    /// Index of the city in the plan.
    pub city: usize,
    pub date: NaiveDate,
    /// As written: 80—120, 良至轻度污染 …
    pub aqi: String,
    pub category: String,
    pub primary: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    City,
    Date,
    Aqi,
    Category,
    Primary,
}

fn column_of(h: &str) -> Option<Col> {
    Some(match plain_header(h).as_str() {
        "城市" | "city" | "城市名称" => Col::City,
        "日期" | "date" | "预报日期" => Col::Date,
        "aqi" | "aqi范围" | "空气质量指数" | "预报aqi" => Col::Aqi,
        "类别" | "级别" | "空气质量级别" | "category" | "level" => Col::Category,
        "首要污染物" | "primary" | "primary_pollutant" => Col::Primary,
        _ => return None,
    })
}

/// Reads a forecast file.
pub fn read_forecast(path: &Path, plan: &Plan) -> Result<Vec<Forecast>, InputErrors> {
    let table = read_table(path).map_err(|e| InputErrors(vec![e]))?;
    parse_forecast(path, &table, plan)
}

/// Parses a forecast table: a header row, then one row per city and date.
pub fn parse_forecast(
    path: &Path,
    table: &Table,
    plan: &Plan,
) -> Result<Vec<Forecast>, InputErrors> {
    let Some(header) = table.rows.first() else {
        return Err(InputErrors(vec![InputError::file(path, "预报文件为空")]));
    };
    let cols: Vec<Option<Col>> = header.cells.iter().map(|c| column_of(c)).collect();
    let find = |c: Col| cols.iter().position(|x| *x == Some(c));
    let (Some(ci), Some(di), Some(ai)) = (find(Col::City), find(Col::Date), find(Col::Aqi)) else {
        return Err(InputErrors(vec![InputError::at(
            path,
            table.line(header.line),
            "预报文件缺少“城市”“日期”或“AQI”列",
        )
        .hint("表头应为：城市,日期,AQI,类别,首要污染物")]));
    };
    let mut errors = table.field_count_errors(path, 0);
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    let mut out = Vec::new();
    for row in &table.rows[1..] {
        let cell = |i: Option<usize>| {
            i.and_then(|i| row.cells.get(i))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let name = cell(Some(ci));
        let Some(city) = plan.city_index(&name) else {
            errors.push(
                InputError::at(
                    path,
                    table.cell(row.line, ci, Some("城市")),
                    format!("城市“{name}”不在方案中"),
                )
                .hint("预报文件中的城市须与目标表一致"),
            );
            continue;
        };
        let raw_date = cell(Some(di));
        let Some(date) = parse_date(&raw_date) else {
            errors.push(
                InputError::at(
                    path,
                    table.cell(row.line, di, Some("日期")),
                    format!("日期“{raw_date}”无法识别"),
                )
                .hint("请写成 2022-12-22"),
            );
            continue;
        };
        out.push(Forecast {
            city,
            date,
            aqi: cell(Some(ai)),
            category: cell(find(Col::Category)),
            primary: cell(find(Col::Primary)),
        });
    }
    if errors.is_empty() {
        out.sort_by_key(|f| (f.date, f.city));
        Ok(out)
    } else {
        Err(InputErrors(errors))
    }
}
