//! A plan's targets: a CSV (or workbook) with the appendix table of a provincial plan, one row per
//! city plus an optional region row, and the plan's name and year in `#` lines above the table:
//!
//! ```text
//! # 名称: 广西2022年度大气污染防治实施计划
//! # 年度: 2022
//! # 全区名称: 全区
//! 城市,PM2.5浓度目标,优良天数比率目标,重污染天数比率目标
//! 南宁,30.8,95.4,0.0
//! 全区,29.8,95.0,0.0
//! ```

use super::plain_header;
use super::table::{read_table, Row, Table};
use crate::error::{InputError, InputErrors, Location};
use crate::model::{normalize_city, Plan, PlanCity, Targets};
use crate::num::Dec;
use std::path::Path;

/// Names a region row may carry when the file does not say (全区 for autonomous regions).
const REGION_NAMES: [&str; 5] = ["全区", "全省", "全国", "全市", "全域"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    City,
    /// 简称: the short name tables, charts and heat maps print (克州, 黔东南州).
    Short,
    /// 区域: the groups (key regions) a city belongs to, separated by 、 or ;.
    Groups,
    Pm25,
    Good,
    Heavy,
}

fn column_of(h: &str) -> Option<Col> {
    let h = plain_header(h);
    let c = match h.as_str() {
        "city" | "城市" | "设区市" | "地区" | "城市名称" => Col::City,
        "简称" | "short" | "short_name" | "城市简称" => Col::Short,
        "区域" | "所属区域" | "重点区域" | "groups" | "group" => Col::Groups,
        "pm25" | "pm2.5" | "pm2.5浓度" | "pm2.5目标" | "pm2.5浓度目标" | "pm25_target" => {
            Col::Pm25
        }
        "good_ratio"
        | "优良天数比率"
        | "优良天数比例"
        | "优良天数比率目标"
        | "优良天数比例目标"
        | "good_ratio_target" => Col::Good,
        "heavy_ratio"
        | "重污染天数比率"
        | "重污染天数比例"
        | "重度及以上污染天数比率"
        | "重度及以上污染天数比例"
        | "重污染天数比率目标"
        | "heavy_ratio_target" => Col::Heavy,
        _ => return None,
    };
    Some(c)
}

fn label(c: Col) -> &'static str {
    match c {
        Col::City => "城市",
        Col::Short => "简称",
        Col::Groups => "区域",
        Col::Pm25 => "PM2.5浓度目标（µg/m³）",
        Col::Good => "优良天数比率目标（%）",
        Col::Heavy => "重污染天数比率目标（%）",
    }
}

/// Reads a plan file.
pub fn read_plan(path: &Path) -> Result<Plan, InputErrors> {
    let table = read_table(path).map_err(|e| InputErrors(vec![e]))?;
    parse_plan(path, &table)
}

/// Parses a plan table.
pub fn parse_plan(path: &Path, table: &Table) -> Result<Plan, InputErrors> {
    let mut errors = Vec::new();
    let mut name = None;
    let mut year = None;
    let mut region_name = None;
    let mut region_line = 0;
    let mut unit = None;
    let mut area = None;
    let mut rows = table.rows.iter().peekable();
    // Metadata lines: "# key: value".
    while let Some(row) = rows.peek() {
        let first = row.cells.first().map(String::as_str).unwrap_or("");
        let Some(meta) = first.strip_prefix('#') else {
            break;
        };
        let line = row.cells.join(",");
        let meta_line = line.strip_prefix('#').unwrap_or(meta).trim();
        if let Some((k, v)) = meta_line.split_once([':', '：']) {
            let (k, v) = (k.trim(), v.trim().trim_end_matches(',').trim());
            match k {
                "名称" | "name" | "plan" => name = Some(v.to_string()),
                "年度" | "year" => match v.parse::<i32>() {
                    Ok(y) if (2000..=2100).contains(&y) => year = Some(y),
                    _ => errors.push(
                        InputError::at(
                            path,
                            table.line(row.line),
                            format!("年度“{v}”不是有效年份"),
                        )
                        .hint("请写成“# 年度: 2022”"),
                    ),
                },
                "全区名称" | "region" | "区域名称" => {
                    region_name = Some(v.to_string());
                    region_line = row.line;
                }
                "地区" | "area" => area = Some(v.to_string()),
                "单位" | "unit" | "城市单位" => unit = Some(v.to_string()),
                _ => errors.push(
                    InputError::at(path, table.line(row.line), format!("未知的说明项“{k}”"))
                        .hint("可用的说明项：名称、年度、全区名称、地区、单位"),
                ),
            }
        }
        rows.next();
    }
    let Some(header) = rows.next() else {
        errors.push(
            InputError::file(path, "没有找到目标表的表头")
                .hint("表头应为：城市,PM2.5浓度目标,优良天数比率目标,重污染天数比率目标"),
        );
        return Err(InputErrors(errors));
    };
    let header_index = table.rows.len() - rows.len() - 1;
    let widths = table.field_count_errors(path, header_index);
    if !widths.is_empty() {
        errors.extend(widths);
        return Err(InputErrors(errors));
    }
    let cols: Vec<Option<Col>> = header.cells.iter().map(|c| column_of(c)).collect();
    // A plan that only ranks has no target columns at all; one that sets targets needs all three.
    let has_targets = [Col::Pm25, Col::Good, Col::Heavy]
        .iter()
        .any(|c| cols.contains(&Some(*c)));
    let needed: &[Col] = if has_targets {
        &[Col::City, Col::Pm25, Col::Good, Col::Heavy]
    } else {
        &[Col::City]
    };
    let missing: Vec<&str> = needed
        .iter()
        .filter(|c| !cols.contains(&Some(**c)))
        .map(|c| label(*c))
        .collect();
    if !missing.is_empty() {
        errors.push(
            InputError::at(
                path,
                table.line(header.line),
                format!("目标表缺少列：{}", missing.join("、")),
            )
            .hint("表头应为：城市,PM2.5浓度目标,优良天数比率目标,重污染天数比率目标"),
        );
        return Err(InputErrors(errors));
    }
    if year.is_none() && has_targets {
        errors.push(
            InputError::file(path, "没有写明方案年度").hint("请在表头前加一行“# 年度: 2022”"),
        );
    }
    let mut cities: Vec<PlanCity> = Vec::new();
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut region = None;
    let mut region_seen: Option<String> = None;
    for row in rows {
        match parse_row(path, table, row, &cols) {
            Ok(ParsedRow {
                city,
                targets,
                short,
                groups: city_groups,
            }) => {
                let is_region = match &region_name {
                    Some(r) => r == &city || normalize_city(r) == city,
                    None => REGION_NAMES.contains(&city.as_str()),
                };
                if is_region {
                    region = targets;
                    region_seen = Some(city);
                } else if let Some(dup) = cities.iter().find(|c| c.name == city) {
                    errors.push(
                        InputError::at(
                            path,
                            table.line(row.line),
                            format!("城市“{}”出现了两次", dup.name),
                        )
                        .hint("每个城市只能有一行目标"),
                    );
                } else {
                    for g in city_groups {
                        match groups.iter_mut().find(|(n, _)| *n == g) {
                            Some((_, m)) => m.push(cities.len()),
                            None => groups.push((g, vec![cities.len()])),
                        }
                    }
                    cities.push(PlanCity {
                        name: city,
                        short,
                        targets,
                    });
                }
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if let (Some(r), None, true) = (&region_name, &region_seen, has_targets) {
        errors.push(
            InputError::at(
                path,
                table.line(region_line),
                format!("说明项写了全区名称“{r}”，但表中没有这一行"),
            )
            .hint("请补上全区的目标行，或删去“# 全区名称”一行"),
        );
    }
    if cities.is_empty() {
        errors.push(
            InputError::file(path, "目标表中没有城市")
                .hint("每个城市一行：城市,PM2.5,优良天数比率,重污染天数比率"),
        );
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    let region_name = region_name.or(region_seen).unwrap_or_else(|| "全区".into());
    Ok(Plan {
        area: area.unwrap_or_else(|| region_name.clone()),
        name: name.unwrap_or_else(|| {
            path.file_stem()
                .map_or(String::new(), |s| s.to_string_lossy().into_owned())
        }),
        year: year.unwrap_or_default(),
        region_name,
        region,
        cities,
        unit: unit.unwrap_or_else(|| "设区市".into()),
        groups,
    })
}

/// One row of the target table, read.
struct ParsedRow {
    city: String,
    targets: Option<Targets>,
    short: Option<String>,
    groups: Vec<String>,
}

fn parse_row(
    path: &Path,
    table: &Table,
    row: &Row,
    cols: &[Option<Col>],
) -> Result<ParsedRow, Vec<InputError>> {
    let mut errors = Vec::new();
    let mut city = None;
    let mut short = None;
    let mut groups = Vec::new();
    // Target cells left empty (a city that is ranked but has no targets leaves all three empty).
    let mut empty: [Option<Location>; 3] = [None, None, None];
    let mut vals = [None; 3];
    for (i, c) in cols.iter().enumerate() {
        let Some(c) = c else { continue };
        let raw = row.cells.get(i).map(String::as_str).unwrap_or("").trim();
        let loc: Location = table.cell(row.line, i, Some(label(*c)));
        if *c == Col::City {
            if raw.is_empty() {
                errors.push(
                    InputError::at(path, loc, "城市名称为空（缺少城市）")
                        .hint("请填写该行的城市名称"),
                );
            } else {
                // 全市 is a region, not a city called 全.
                city = Some(if REGION_NAMES.contains(&raw) {
                    raw.to_string()
                } else {
                    normalize_city(raw)
                });
            }
            continue;
        }
        if *c == Col::Short {
            short = Some(raw.to_string()).filter(|s| !s.is_empty());
            continue;
        }
        if *c == Col::Groups {
            groups = raw
                .split(['、', ';', '；', '/'])
                .map(str::trim)
                .filter(|g| !g.is_empty())
                .map(str::to_string)
                .collect();
            continue;
        }
        let idx = match c {
            Col::Pm25 => 0,
            Col::Good => 1,
            _ => 2,
        };
        if raw.is_empty() {
            empty[idx] = Some(loc);
            continue;
        }
        let max = if idx == 0 { 500 } else { 100 };
        match Dec::parse(raw) {
            Some(d) if d.units() >= 0 && d.ratio() <= crate::num::Ratio::int(max) => {
                vals[idx] = Some(d)
            }
            Some(_) => errors.push(
                InputError::at(
                    path,
                    loc,
                    format!("目标值 {raw} 超出范围（应在 0 到 {max} 之间）"),
                )
                .hint("比率以百分数填写，如 95.4"),
            ),
            None => errors.push(
                InputError::at(
                    path,
                    loc,
                    if raw.is_empty() {
                        "目标值为空".to_string()
                    } else {
                        format!("目标值“{raw}”不是数字")
                    },
                )
                .hint("请填写数字，如 30.8"),
            ),
        }
    }
    let given = vals.iter().filter(|v| v.is_some()).count();
    if given > 0 {
        for loc in empty.into_iter().flatten() {
            errors
                .push(InputError::at(path, loc, "目标值为空").hint(
                    "一个城市的三项目标要么都填写，要么都留空（只参加排名、不评价目标进度）",
                ));
        }
    }
    match (city, vals) {
        (Some(city), [Some(pm25), Some(good_ratio), Some(heavy_ratio)]) if errors.is_empty() => {
            Ok(ParsedRow {
                city,
                targets: Some(Targets {
                    pm25,
                    good_ratio,
                    heavy_ratio,
                }),
                short,
                groups,
            })
        }
        (Some(city), [None, None, None]) if errors.is_empty() => Ok(ParsedRow {
            city,
            targets: None,
            short,
            groups,
        }),
        _ => Err(errors),
    }
}
