//! Reading and validating what the user supplies: plan targets, daily monitoring data and the
//! configuration. Every problem becomes an [`crate::error::InputError`] naming file, line and
//! column.

pub mod config;
pub mod daily;
pub mod forecast;
pub mod hourly;
pub mod paths;
pub mod plan;
pub mod table;

use chrono::NaiveDate;

/// A header cell reduced to a comparable key: trimmed, lower-case, without spaces, with full-width
/// brackets and subscript digits made plain, and without a trailing unit in brackets
/// (“PM2.5（μg/m³）” → “pm2.5”).
pub fn plain_header(h: &str) -> String {
    let mut s: String = h
        .trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '₂' | '²' => '2',
            '₃' | '³' => '3',
            '．' => '.',
            '－' | '—' => '-',
            '＿' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    if let Some(open) = s.rfind('(') {
        let unit = &s[open..];
        if unit.contains("/m")
            || unit.contains("μg")
            || unit.contains("µg")
            || unit.contains("mg")
            || unit.contains('%')
        {
            s.truncate(open);
        }
    }
    s
}

/// Cells meaning "no value": empty, —, -, --, NA, N/A, /, 无, 缺测.
pub fn is_missing(raw: &str) -> bool {
    matches!(
        raw.trim(),
        "" | "—"
            | "-"
            | "--"
            | "——"
            | "NA"
            | "na"
            | "N/A"
            | "n/a"
            | "/"
            | "无"
            | "缺测"
            | "NaN"
            | "nan"
    )
}

/// A date as staff write it: 2022-11-01, 2022/11/1, 2022.11.1, 2022年11月1日, 20221101, with an
/// optional time after it (Excel adds 00:00:00).
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let t = raw.trim();
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(t, "%Y%m%d").ok();
    }
    let t = t.trim_end_matches('日');
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
    if parts.len() != 3 || parts[0].len() != 4 {
        return None;
    }
    let nums: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    let n = nums?;
    NaiveDate::from_ymd_opt(n[0] as i32, n[1], n[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_usual_spellings() {
        let d = NaiveDate::from_ymd_opt(2022, 11, 1);
        for s in [
            "2022-11-01",
            "2022/11/1",
            "2022.11.01",
            "2022年11月1日",
            "20221101",
            "2022-11-01 00:00:00",
        ] {
            assert_eq!(parse_date(s), d, "{s}");
        }
        assert_eq!(parse_date("2022-02-30"), None);
        assert_eq!(parse_date("11/01/2022"), None);
        assert_eq!(parse_date("昨天"), None);
    }

    #[test]
    fn headers_lose_units_and_width() {
        assert_eq!(plain_header("PM2.5（μg/m³）"), "pm2.5");
        assert_eq!(plain_header("SO₂"), "so2");
        assert_eq!(plain_header("O3(8h)"), "o3(8h)");
        assert_eq!(plain_header("\u{feff}Date"), "date");
    }
}
