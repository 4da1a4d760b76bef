//! The `stats` command's outputs: CSV (one row per city, then the region) and a plain-text table
//! for the terminal.

use crate::report::stats::{CityEntry, StatsReport};

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or(String::new(), ToString::to_string)
}

/// The CSV columns of `stats --format csv`.
const CSV_HEADER: [&str; 22] = [
    "city",
    "valid_days",
    "good_days",
    "polluted_days",
    "heavy_days",
    "good_ratio",
    "pm25",
    "pm10",
    "so2",
    "no2",
    "co",
    "o3",
    "composite_index",
    "max_index",
    "primary_pollutants",
    "rank",
    "data_sufficient",
    "composite_index_change",
    "pm25_change",
    "good_ratio_change",
    "target_status",
    "pm25_allowed_rest",
];

fn csv_row(e: &CityEntry) -> Vec<String> {
    let s = &e.stats;
    let prim: Vec<&str> = s.primary_pollutants.iter().map(|p| p.name()).collect();
    let ch = e.change.as_ref();
    vec![
        s.city.clone(),
        s.valid_days.to_string(),
        s.good_days.to_string(),
        s.polluted_days.to_string(),
        s.heavy_days.to_string(),
        opt(&s.good_ratio),
        opt(&s.pm25),
        opt(&s.pm10),
        opt(&s.so2),
        opt(&s.no2),
        opt(&s.co),
        opt(&s.o3),
        opt(&s.composite_index),
        opt(&s.max_index),
        prim.join(";"),
        opt(&e.rank),
        s.data_sufficient.to_string(),
        opt(&ch.and_then(|c| c.composite_index)),
        opt(&ch.and_then(|c| c.pm25)),
        opt(&ch.and_then(|c| c.good_ratio)),
        e.target
            .as_ref()
            .map_or(String::new(), |t| t.progress.status.label().to_string()),
        opt(&e.target.as_ref().and_then(|t| t.progress.pm25.allowed_rest)),
    ]
}

/// CSV text: one row per city, then the region.
pub fn csv(r: &StatsReport) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    for e in r.cities.iter().chain(std::iter::once(&r.region)) {
        w.write_record(csv_row(e))?;
    }
    Ok(w.into_inner()?)
}

/// Display width of text in a terminal (CJK characters take two cells).
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if ('\u{1100}'..='\u{FFEF}').contains(&c) && !('\u{2000}'..='\u{2FFF}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

/// Pads to a display width (right-aligned unless `left`).
pub fn pad(s: &str, width: usize, left: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(display_width(s)));
    if left {
        format!("{s}{fill}")
    } else {
        format!("{fill}{s}")
    }
}

/// A plain-text table for the terminal.
pub fn table(r: &StatsReport) -> String {
    let head = [
        "城市",
        "排名",
        "综合指数",
        "PM2.5",
        "PM10",
        "O3",
        "SO2",
        "NO2",
        "CO",
        "优良率%",
        "有效天",
        "重污染",
        "指数同比%",
        "目标进度",
    ];
    let mut rows: Vec<Vec<String>> = vec![head.iter().map(|s| s.to_string()).collect()];
    for e in r.cities.iter().chain(std::iter::once(&r.region)) {
        let s = &e.stats;
        let mut name = s.city.clone();
        if !s.data_sufficient {
            name.push('*');
        }
        rows.push(vec![
            name,
            opt(&e.rank),
            opt(&s.composite_index),
            opt(&s.pm25),
            opt(&s.pm10),
            opt(&s.o3),
            opt(&s.so2),
            opt(&s.no2),
            opt(&s.co),
            opt(&s.good_ratio),
            s.valid_days.to_string(),
            s.heavy_days.to_string(),
            opt(&e.change.as_ref().and_then(|c| c.composite_index)),
            e.target
                .as_ref()
                .map_or(String::new(), |t| t.progress.status.label().to_string()),
        ]);
    }
    let widths: Vec<usize> = (0..head.len())
        .map(|i| rows.iter().map(|r| display_width(&r[i])).max().unwrap_or(0))
        .collect();
    let mut out = format!("{} 至 {}（{}）\n", r.from, r.to, r.plan);
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, c)| pad(c, widths[i], i == 0))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    if r.cities.iter().any(|c| !c.stats.data_sufficient) {
        out.push_str("* 有效监测天数不足（月不少于27天，2月不少于25天；年不少于324天）\n");
    }
    out
}
