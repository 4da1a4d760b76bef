//! The `aqi` command's CSV: one row per city-day.

use crate::report::aqi::AqiRow;

/// CSV text: `date,city,aqi,level,category,primary_pollutants,valid`.
pub fn csv(rows: &[AqiRow]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "date",
        "city",
        "aqi",
        "level",
        "category",
        "primary_pollutants",
        "valid",
    ])?;
    for r in rows {
        let prim: Vec<&str> = r.primary_pollutants.iter().map(|p| p.name()).collect();
        w.write_record([
            r.date.to_string(),
            r.city.clone(),
            r.aqi.map_or(String::new(), |a| a.to_string()),
            r.level.unwrap_or("").to_string(),
            r.category.unwrap_or("").to_string(),
            prim.join(";"),
            r.valid.to_string(),
        ])?;
    }
    Ok(w.into_inner()?)
}
