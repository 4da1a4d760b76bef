//! `check`: everything the configuration names is readable, and which city-days lack a valid
//! AQI, month by month.

use crate::calendar::Month;
use crate::error::{Failure, InputError};
use crate::load::Loaded;
use crate::stats::days::missing_by_city;
use chrono::Datelike;

/// `check`: everything readable, and the missing city-days per month.
pub fn check(l: &Loaded) -> Result<(), Failure> {
    let mut out = String::new();
    out.push_str(&format!("配置文件：{}\n", l.config.path.display()));
    out.push_str(&format!(
        "方案：{}（{}年，{}个城市{}）\n",
        l.plan.name,
        l.plan.year,
        l.plan.cities.len(),
        if l.plan.region.is_some() {
            format!("及{}", l.plan.region_name)
        } else {
            String::new()
        }
    ));
    for f in &l.config.data_files {
        out.push_str(&format!("数据文件：{}\n", f.display()));
    }
    let Some((first, last)) = l.data.span() else {
        return Err(InputError::file(l.first_data_file(), "数据文件中没有任何城市日").into());
    };
    let rows: usize = l.data.days.iter().map(Vec::len).sum();
    out.push_str(&format!("数据：{first} 至 {last}，共 {rows} 个城市日\n"));
    out.push_str("缺测（无有效 AQI）的城市日，按月：\n");
    // Each city's missing dates over the whole span (daily AQI once per city-day), then cut
    // month by month.
    let missing = missing_by_city(&l.rules, &l.data, first, last);
    let mut month = Month::of(first);
    let mut total = 0;
    while month.first() <= last {
        let (a, b) = (month.first().max(first), month.last().min(last));
        let mut lines = Vec::new();
        for (c, all) in l.plan.cities.iter().zip(&missing) {
            let from = all.partition_point(|d| *d < a);
            let miss = &all[from..from + all[from..].partition_point(|d| *d <= b)];
            if !miss.is_empty() {
                total += miss.len();
                let days: Vec<String> = miss.iter().map(|d| d.day().to_string()).collect();
                lines.push(format!(
                    "    {} {}天（{}日）",
                    c.name,
                    miss.len(),
                    days.join("、")
                ));
            }
        }
        if !lines.is_empty() {
            out.push_str(&format!("  {}年{}月\n", month.year(), month.number()));
            for line in lines {
                out.push_str(&line);
                out.push('\n');
            }
        }
        month = month.next();
    }
    if total == 0 {
        out.push_str("  无\n");
    } else {
        out.push_str(&format!("  合计 {total} 个城市日\n"));
    }
    out.push_str("检查通过：配置、目标和数据均可读取。\n");
    print!("{out}");
    Ok(())
}
