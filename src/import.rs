//! Importing hourly station data: read the files ([`crate::input::hourly`]), turn station hours
//! into city days by the rules of decision A11 ([`crate::stats::hourly`]), report coverage and the
//! station-days that fail a rule, and check the platform's published real-time AQI.

use crate::error::{InputError, InputErrors};
use crate::input::hourly::HourlyStore;
use crate::model::{normalize_city, Dataset, Day, Plan, Pollutant};
use crate::stats::aqi::{hourly_aqi, HourValues};
use crate::stats::hourly::{city_days, CityDays, Shortfall};
use crate::stats::rules::RuleBook;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// What an import read and made.
pub struct Imported {
    pub store: HourlyStore,
    pub result: CityDays,
    /// Cities in the data that the plan does not list (left out).
    pub other_cities: Vec<String>,
}

/// Reads hourly files (and a station list) and computes city days. With a plan, only its cities
/// are kept, under the plan's names (南宁市 = 南宁).
pub fn import(
    files: &[PathBuf],
    stations: Option<&PathBuf>,
    plan: Option<&Plan>,
    keep_published: bool,
) -> Result<Imported, InputErrors> {
    let mut store = HourlyStore::new(keep_published);
    if let Some(s) = stations {
        store
            .read_station_list(s)
            .map_err(|e| InputErrors(vec![e]))?;
    }
    let mut errors = Vec::new();
    // On a terminal: a bar over the bytes of all files.
    let total: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let bar = crate::input::table::progress_bytes(total, "读取小时数据");
    store.show_progress(bar.clone());
    for f in files {
        if let Err(e) = store.read_file(f) {
            errors.push(e);
        }
    }
    store.show_progress(None);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    let city_of = |c: &str| -> Option<String> {
        match plan {
            Some(p) => p.city_index(c).map(|i| p.cities[i].name.clone()),
            None => Some(normalize_city(c)),
        }
    };
    let result = city_days(&store.stations, &store.days, &city_of);
    let mut other: Vec<String> = store
        .stations
        .iter()
        .filter(|s| city_of(&s.city).is_none())
        .map(|s| s.city.clone())
        .collect();
    other.sort();
    other.dedup();
    Ok(Imported {
        store,
        result,
        other_cities: other,
    })
}

/// The daily city CSV (`date,city,pm25,pm10,so2,no2,co,o3_1h,o3_8h`), by date then city (plan
/// order when there is a plan, else by name).
pub fn to_csv(r: &CityDays, plan: Option<&Plan>) -> Vec<u8> {
    let order = |c: &str| plan.and_then(|p| p.city_index(c)).unwrap_or(usize::MAX);
    let mut rows: Vec<&(String, chrono::NaiveDate, crate::model::DayValues)> =
        r.days.iter().collect();
    rows.sort_by(|a, b| {
        a.1.cmp(&b.1)
            .then(order(&a.0).cmp(&order(&b.0)))
            .then(a.0.cmp(&b.0))
    });
    let mut out = String::with_capacity(rows.len() * 48 + 64);
    out.push_str("date,city,pm25,pm10,so2,no2,co,o3_1h,o3_8h\n");
    use crate::model::Item;
    for (city, date, v) in rows {
        let _ = write!(out, "{date},{city}");
        for item in [
            Item::Pm25,
            Item::Pm10,
            Item::So2,
            Item::No2,
            Item::Co,
            Item::O3_1h,
            Item::O3_8h,
        ] {
            out.push(',');
            if let Some(t) = v.get(item) {
                if item == Item::Co {
                    let _ = write!(out, "{}", crate::num::Dec::new(t, 1));
                } else {
                    let _ = write!(out, "{}", t / 10);
                }
            }
        }
        out.push('\n');
    }
    out.into_bytes()
}

/// Adds imported city days to a dataset; a city-day present in both is an error.
pub fn merge_into(
    data: &mut Dataset,
    plan: &Plan,
    r: &CityDays,
    source: &std::path::Path,
) -> Result<(), InputErrors> {
    let mut errors = Vec::new();
    for (city, date, values) in &r.days {
        let Some(i) = plan.city_index(city) else {
            continue;
        };
        let days = &mut data.days[i];
        match days.binary_search_by_key(date, |d| d.date) {
            Ok(_) => errors.push(
                InputError::file(
                    source,
                    format!("{city} {date} 同时出现在日数据文件和小时数据中"),
                )
                .hint("同一城市日只能来自一种数据源，请从配置中去掉其一"),
            ),
            Err(pos) => days.insert(
                pos,
                Day {
                    date: *date,
                    values: *values,
                    dust: false,
                },
            ),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(InputErrors(errors))
    }
}

/// The coverage summary printed on standard error.
pub fn summary(im: &Imported) -> String {
    let s = &im.store;
    let r = &im.result;
    let mut out = String::new();
    let bg = s.stations.iter().filter(|x| x.background).count();
    let _ = writeln!(
        out,
        "读取 {} 个文件，{} 行，{:.1} MB；站点 {} 个（其中对照点 {} 个，不参与城市均值）",
        s.files.len(),
        s.rows,
        s.bytes as f64 / 1e6,
        s.stations.len(),
        bg
    );
    let cities: std::collections::BTreeSet<&str> = r.days.iter().map(|d| d.0.as_str()).collect();
    let (first, last) = (
        r.days.iter().map(|d| d.1).min(),
        r.days.iter().map(|d| d.1).max(),
    );
    if let (Some(a), Some(b)) = (first, last) {
        let _ = writeln!(
            out,
            "输出 {} 个城市、{} 个城市日（{a} 至 {b}）",
            cities.len(),
            r.days.len()
        );
    }
    let complete = r
        .days
        .iter()
        .filter(|d| {
            crate::stats::aqi::REQUIRED
                .iter()
                .all(|i| d.2.get(*i).is_some())
        })
        .count();
    let _ = writeln!(
        out,
        "六项齐全的城市日 {complete} 个；缺项的城市日 {} 个",
        r.days.len() - complete
    );
    if !im.other_cities.is_empty() {
        let shown: Vec<&str> = im.other_cities.iter().take(8).map(String::as_str).collect();
        let _ = writeln!(
            out,
            "不在方案中的城市 {} 个，未输出：{}{}",
            im.other_cities.len(),
            shown.join("、"),
            if im.other_cities.len() > 8 {
                "……"
            } else {
                ""
            }
        );
    }
    if s.clipped > 0 {
        let _ = writeln!(
            out,
            "超过 32766 的数值 {} 个（不可能的浓度），未计入",
            s.clipped
        );
    }
    let mut by_item: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &r.station_shortfalls {
        for (item, _) in &f.shortfalls {
            *by_item.entry(item.key()).or_default() += 1;
        }
    }
    let _ = writeln!(
        out,
        "评价站点日 {} 个，其中有项目不满足有效性规定的 {} 个（按项目：{}）",
        r.station_days - r.background_station_days,
        r.station_shortfalls.len(),
        by_item
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join("，")
    );
    let mut listed: Vec<&crate::stats::hourly::StationShortfall> =
        r.station_shortfalls.iter().collect();
    listed.sort_by(|a, b| {
        (&s.stations[a.station as usize].code, a.date)
            .cmp(&(&s.stations[b.station as usize].code, b.date))
    });
    for f in listed.into_iter().take(12) {
        let st = &s.stations[f.station as usize];
        let why: Vec<String> = f
            .shortfalls
            .iter()
            .map(|(item, sf)| match sf {
                Shortfall::Hours(h) => format!("{} 仅{}小时", item.key(), h),
                Shortfall::Windows(w) => format!("{} 仅{}个有效8小时段", item.key(), w),
            })
            .collect();
        let _ = writeln!(
            out,
            "  {} {} {}（{}）：{}",
            f.date,
            st.code,
            st.name,
            st.city,
            why.join("，")
        );
    }
    if r.station_shortfalls.len() > 12 {
        let _ = writeln!(out, "  ……另有 {} 个站点日", r.station_shortfalls.len() - 12);
    }
    out
}

/// Agreement of the recomputed real-time AQI with the platform's published one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Agreement {
    pub rows: usize,
    /// Rows with a published AQI.
    pub compared: usize,
    pub aqi_equal: usize,
    pub primary_equal: usize,
    /// Rows whose six 1-hour values are all present.
    pub complete: usize,
    pub complete_equal: usize,
    /// The same with the column named `o3` taken as the 1-hour O3 (to show the swap).
    pub named_o3_equal: usize,
    /// Up to 20 disagreements: station, time, published, computed.
    pub examples: Vec<String>,
}

fn label_pollutant(label: &str) -> Option<Pollutant> {
    let l = label.trim().trim_matches('"');
    Some(match l {
        "细颗粒物(PM2.5)" | "PM2.5" => Pollutant::Pm25,
        "颗粒物(PM10)" | "可吸入颗粒物(PM10)" | "PM10" => Pollutant::Pm10,
        "臭氧1小时" | "臭氧8小时" | "O3" => Pollutant::O3,
        "二氧化氮" | "NO2" => Pollutant::No2,
        "二氧化硫" | "SO2" => Pollutant::So2,
        "一氧化碳" | "CO" => Pollutant::Co,
        _ => return None,
    })
}

/// Recomputes every platform row's real-time AQI (HJ 633-2012 hourly rules: 1-hour values, PM on
/// the 24-hour breakpoints, O3 from the `o3_24h` column) and compares it with the published one.
pub fn aqi_agreement(store: &HourlyStore, rules: &RuleBook) -> Agreement {
    let mut a = Agreement::default();
    for row in &store.published {
        a.rows += 1;
        let Some(published) = row.aqi else { continue };
        a.compared += 1;
        let date = row
            .timepoint
            .get(..10)
            .and_then(|d| d.parse().ok())
            .unwrap_or_default();
        let set = rules.for_date(date);
        let v = &row.values;
        let mut h = HourValues {
            pm25: v[0],
            pm10: v[1],
            so2: v[2],
            no2: v[3],
            co: v[4],
            o3: v[5],
            so2_24h: row.so2_24h,
            o3_8h: None,
        };
        let r = hourly_aqi(set, &h);
        let mut want: Vec<Pollutant> = row
            .primary
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .filter_map(label_pollutant)
            .collect();
        want.sort();
        want.dedup();
        let complete = v.iter().all(Option::is_some);
        if complete {
            a.complete += 1;
        }
        if r.aqi == Some(published) {
            a.aqi_equal += 1;
            if complete {
                a.complete_equal += 1;
            }
        } else if a.examples.len() < 20 {
            let code = &store.stations[row.station as usize].code;
            a.examples.push(format!(
                "{} {}：发布 {}，计算 {:?}",
                code, row.timepoint, published, r.aqi
            ));
        }
        if r.primary == want {
            a.primary_equal += 1;
        }
        h.o3 = row.o3_named;
        if hourly_aqi(set, &h).aqi == Some(published) {
            a.named_o3_equal += 1;
        }
    }
    a
}

/// The agreement report.
pub fn agreement_report(a: &Agreement) -> String {
    let pct = |n: usize, d: usize| {
        if d == 0 {
            0.0
        } else {
            100.0 * n as f64 / d as f64
        }
    };
    let mut out = format!(
        "实时 AQI 复核：{} 行，其中有发布 AQI 的 {} 行\n  AQI 一致 {} 行（{:.2}%），首要污染物一致 {} 行（{:.2}%）\n  六项 1 小时值齐全的 {} 行中 AQI 一致 {} 行（{:.2}%）\n  若把名为 o3 的列当作 1 小时臭氧：AQI 一致 {} 行（{:.2}%）——平台的 o3 与 o3_24h 列名互换\n",
        a.rows,
        a.compared,
        a.aqi_equal,
        pct(a.aqi_equal, a.compared),
        a.primary_equal,
        pct(a.primary_equal, a.compared),
        a.complete,
        a.complete_equal,
        pct(a.complete_equal, a.complete),
        a.named_o3_equal,
        pct(a.named_o3_equal, a.compared),
    );
    for e in &a.examples {
        let _ = writeln!(out, "  不一致：{e}");
    }
    out
}
