//! The ranking's tables as CSV (UTF-8 with BOM for Excel), XLSX and a self-contained web page.

use crate::report::common::TableRow;
use crate::report::ranking::RankingReport;
use crate::templates::Templates;
use anyhow::{anyhow, Result};
use serde::Serialize;

/// The columns of the ranking tables in XLSX, CSV and HTML.
pub const COLUMNS: [&str; 15] = [
    "排名",
    "城市",
    "综合指数",
    "最大指数",
    "主要污染物",
    "PM2.5(μg/m³)",
    "PM10(μg/m³)",
    "O3(μg/m³)",
    "SO2(μg/m³)",
    "NO2(μg/m³)",
    "CO(mg/m³)",
    "优良天数比例(%)",
    "综合指数同比(%)",
    "有效监测天数",
    "有效天数是否充足",
];

/// A row's cells in [`COLUMNS`] order.
pub fn cells(r: &TableRow) -> Vec<String> {
    vec![
        r.rank.clone(),
        r.city.clone(),
        r.index.clone(),
        r.max_index.clone(),
        r.primary.clone(),
        r.pm25.clone(),
        r.pm10.clone(),
        r.o3.clone(),
        r.so2.clone(),
        r.no2.clone(),
        r.co.clone(),
        r.good_ratio.clone(),
        r.index_change.clone(),
        r.valid_days.to_string(),
        if r.sufficient {
            "是"
        } else {
            "否（排名仅供参考）"
        }
        .to_string(),
    ]
}

/// CSV of all tables: a `时段` column first, then [`COLUMNS`]; UTF-8 with BOM so Excel opens it.
pub fn csv(r: &RankingReport) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut head = vec!["时段"];
    head.extend(COLUMNS);
    w.write_record(&head)?;
    for t in &r.tables {
        for row in t.rows.iter().chain(std::iter::once(&t.region)) {
            let mut c = vec![t.label.clone()];
            c.extend(cells(row));
            w.write_record(&c)?;
        }
    }
    w.into_inner().map_err(|e| anyhow!("{e}"))
}

/// An XLSX workbook with one sheet per table. Numbers are written as numbers with their printed
/// decimals as the cell format, so that Excel shows exactly what the document prints.
pub fn xlsx(r: &RankingReport) -> Result<Vec<u8>> {
    use chrono::Datelike;
    use rust_xlsxwriter::{
        DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
    };
    let mut wb = Workbook::new();
    // A fixed creation time (the document's date) keeps the workbook byte-identical across runs.
    let d = r.meta.date_iso;
    let created = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(&r.meta.title)
            .set_author(&r.meta.office)
            .set_creation_datetime(&created),
    );
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let text = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let title = Format::new().set_bold().set_font_size(14);
    for t in &r.tables {
        let ws = wb.add_worksheet();
        ws.set_name(t.label.replace('—', "-"))?;
        ws.write_string_with_format(0, 0, &t.title, &title)?;
        // The header row stays in view while scrolling.
        ws.set_freeze_panes(3, 0)?;
        for (c, h) in COLUMNS.iter().enumerate() {
            ws.write_string_with_format(2, c as u16, *h, &head)?;
            ws.set_column_width(c as u16, if c == 4 || c == 14 { 16 } else { 11 })?;
        }
        for (i, row) in t.rows.iter().chain(std::iter::once(&t.region)).enumerate() {
            let rr = 3 + i as u32;
            for (c, v) in cells(row).iter().enumerate() {
                match crate::num::Dec::parse(v) {
                    Some(d) if c != 1 && c != 4 => {
                        let fmt = if d.decimals() == 0 {
                            text.clone().set_num_format("0")
                        } else {
                            text.clone()
                                .set_num_format(format!("0.{}", "0".repeat(d.decimals() as usize)))
                        };
                        ws.write_number_with_format(rr, c as u16, d.to_f64(), &fmt)?;
                    }
                    _ => {
                        ws.write_string_with_format(rr, c as u16, v, &text)?;
                    }
                }
            }
        }
        let note_row = 4 + t.rows.len() as u32;
        ws.write_string(note_row, 0, &t.note)?;
    }
    wb.save_to_buffer()
        .map_err(|e| anyhow!("生成 XLSX 失败：{e}"))
}

/// A self-contained HTML page (no external resources) for the department's website.
pub fn html(r: &RankingReport, templates: &Templates) -> Result<Vec<u8>> {
    let mut env = minijinja::Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.add_template(
        "ranking.html",
        templates
            .get("ranking.html")
            .ok_or_else(|| anyhow!("找不到网页模板 ranking.html"))?,
    )
    .map_err(|e| anyhow!("网页模板 templates/ranking.html 有误：{e}"))?;
    env.add_filter("chem", |v: String| {
        minijinja::Value::from_safe_string(chem_html(&v))
    });
    env.add_filter("head", |v: String| {
        minijinja::Value::from_safe_string(head_html(&v))
    });
    #[derive(Serialize)]
    struct T<'a> {
        title: &'a str,
        sentence: &'a str,
        groups: &'a [String],
        note: &'a str,
        rows: Vec<Vec<String>>,
        region: Vec<String>,
    }
    let tables: Vec<T> = r
        .tables
        .iter()
        .map(|t| T {
            title: &t.title,
            sentence: &t.sentence,
            groups: &t.groups,
            note: &t.note,
            rows: t.rows.iter().map(web_cells).collect(),
            region: web_cells(&t.region),
        })
        .collect();
    let html = env
        .get_template("ranking.html")
        .and_then(|t| {
            t.render(minijinja::context! {
                meta => &r.meta,
                intro => &r.intro,
                columns => COLUMNS,
                tables => tables,
            })
        })
        .map_err(|e| anyhow!("网页模板 templates/ranking.html 出错：{e:#}"))?;
    Ok(html.into_bytes())
}

/// A row's cells for the web page: as [`cells`], the last column only 是/否 (the note below the
/// table says what 否 means), so that the table fits a 1100 px page.
fn web_cells(r: &TableRow) -> Vec<String> {
    let mut c = cells(r);
    if let Some(last) = c.last_mut() {
        *last = if r.sufficient { "是" } else { "否" }.to_string();
    }
    c
}

/// `s` escaped for HTML text.
fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped HTML with chemical formulas and units set as they are printed: PM<sub>2.5</sub>,
/// O<sub>3</sub>, m<sup>3</sup>.
pub fn chem_html(s: &str) -> String {
    let mut out = escape_html(s);
    for (from, to) in [
        ("PM2.5", "PM<sub>2.5</sub>"),
        ("PM10", "PM<sub>10</sub>"),
        ("SO2", "SO<sub>2</sub>"),
        ("NO2", "NO<sub>2</sub>"),
        ("O3", "O<sub>3</sub>"),
        ("m³", "m<sup>3</sup>"),
        ("/m3", "/m<sup>3</sup>"),
    ] {
        out = out.replace(from, to);
    }
    out
}

/// A column heading: "名称(单位)" with the unit on a line of its own.
pub fn head_html(s: &str) -> String {
    match s.strip_suffix(')').and_then(|t| t.rsplit_once('(')) {
        Some((name, unit)) => format!(
            "{}<span class=\"unit\">{}</span>",
            chem_html(name),
            chem_html(unit)
        ),
        None => chem_html(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_and_units_are_set_with_sub_and_superscripts() {
        assert_eq!(
            chem_html("PM2.5平均浓度为30.1微克/立方米；O3、SO2、NO2、PM10 <b>"),
            "PM<sub>2.5</sub>平均浓度为30.1微克/立方米；O<sub>3</sub>、SO<sub>2</sub>、\
             NO<sub>2</sub>、PM<sub>10</sub> &lt;b&gt;"
        );
        assert_eq!(
            head_html("PM2.5(μg/m³)"),
            "PM<sub>2.5</sub><span class=\"unit\">μg/m<sup>3</sup></span>"
        );
        assert_eq!(head_html("排名"), "排名");
    }
}
