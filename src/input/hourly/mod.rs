//! Hourly station data as staff download it (docs/rules.md#hourly-validity): the national real-time
//! publishing platform's export (`timepoint,stationcode,…,co_24h`, one hour or many per file),
//! the mirrored daily files in wide layout (`date,hour,type,<station or city columns>`), and the
//! station list (`监测点编码,监测点名称,城市,经度,纬度,对照点`).
//!
//! Files are streamed: rows go straight into compact per-station day slots (24 hours × 6
//! pollutants of `i16` tenths), so a national year needs a few hundred MB, not the file's size.

mod duplicates;
mod platform;
mod stations;
mod wide;

use super::table::{decode, io_reason};
use crate::error::{InputError, Location};
use crate::model::normalize_city;
pub use crate::model::{DaySlots, StationInfo, NONE};
use chrono::{Days, NaiveDate};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A published real-time AQI of a platform row, kept for the agreement check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedRow {
    pub station: u32,
    pub timepoint: String,
    pub aqi: Option<u32>,
    pub primary: String,
    /// 1-hour values in tenths: PM2.5, PM10, SO2, NO2, CO, O3 (`o3_24h`), and the column named
    /// `o3` (the 24-hour max), and the 24-hour SO2.
    pub values: [Option<i64>; 6],
    pub o3_named: Option<i64>,
    pub so2_24h: Option<i64>,
}

/// Everything read from hourly files.
#[derive(Debug, Default)]
pub struct HourlyStore {
    pub stations: Vec<StationInfo>,
    index: HashMap<String, u32>,
    /// Per station: its days.
    pub days: Vec<HashMap<NaiveDate, Box<DaySlots>>>,
    pub files: Vec<PathBuf>,
    pub rows: u64,
    pub bytes: u64,
    /// Values above 32,766 µg/m³ (3,276.6 mg/m³ for CO): impossible, left out and counted.
    pub clipped: u64,
    /// Platform rows with their published AQI, when asked for.
    pub published: Vec<PublishedRow>,
    pub keep_published: bool,
    /// Station list entries, by code.
    list: HashMap<String, StationInfo>,
    /// Per station: the hours of each day already read (rows, whether or not they had values).
    seen: Vec<HashMap<NaiveDate, Seen>>,
    /// The first station-hour found twice (in one file or two).
    duplicate: Option<Duplicate>,
    /// A progress bar over the bytes of all files being read, and where this file began on it.
    progress: Option<(indicatif::ProgressBar, u64)>,
}

/// The hours of a station-day already read, per pollutant: bit `h` is slot `h`.
pub type Seen = [u32; 6];

/// A station-hour (of one pollutant) given twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub station: u32,
    pub day: NaiveDate,
    pub slot: usize,
    pub pollutant: usize,
}

/// Marks `pollutants` of a slot as read in `seen`; the first pollutant already marked, if any.
fn mark(seen: &mut Seen, slot: usize, pollutants: std::ops::Range<usize>) -> Option<usize> {
    let mut again = None;
    for p in pollutants {
        if seen[p] & (1 << slot) != 0 && again.is_none() {
            again = Some(p);
        }
        seen[p] |= 1 << slot;
    }
    again
}

/// Parses a value into tenths: empty, —, NA are missing; more than one decimal is rounded
/// (GB/T 8170). Negative or unreadable values are missing too (the platform never has them).
pub fn tenths(field: &[u8]) -> Option<i64> {
    let f = trim(field);
    if f.is_empty() {
        return None;
    }
    let mut int: i64 = 0;
    let mut frac: Vec<u8> = Vec::new();
    let mut seen_dot = false;
    let mut digits = 0;
    for &b in f {
        match b {
            b'0'..=b'9' if !seen_dot => {
                int = int.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
                digits += 1;
            }
            b'0'..=b'9' => frac.push(b - b'0'),
            b'.' if !seen_dot => seen_dot = true,
            _ => return None,
        }
    }
    if digits == 0 && frac.is_empty() {
        return None;
    }
    let first = i64::from(frac.first().copied().unwrap_or(0));
    let mut v = int.checked_mul(10)?.checked_add(first)?;
    if frac.len() > 1 {
        let rest = &frac[1..];
        let half = rest[0] == 5 && rest[1..].iter().all(|d| *d == 0);
        if rest[0] > 5 || (rest[0] == 5 && !half) || (half && v % 2 == 1) {
            v += 1;
        }
    }
    Some(v)
}

fn trim(b: &[u8]) -> &[u8] {
    let s = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let e = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(s, |p| p + 1);
    &b[s..e]
}

/// The day and hour slot of an hour labelled by its end: `D HH:00` belongs to day D, slot HH − 1;
/// `D 00:00` is hour 24 of the day before (the platform's convention, decision A11).
pub fn day_slot(date: NaiveDate, hour: u32) -> (NaiveDate, usize) {
    if hour == 0 {
        (date - Days::new(1), 23)
    } else {
        (date, hour as usize - 1)
    }
}

/// `2022-01-03T10:00:00` (or `2022-01-03 10:00:00`) → date and hour.
fn parse_timepoint(b: &[u8]) -> Option<(NaiveDate, u32)> {
    let b = trim(b);
    if b.len() < 13 {
        return None;
    }
    let num = |s: &[u8]| -> Option<u32> {
        let mut v = 0u32;
        for c in s {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
        }
        Some(v)
    };
    let y = num(&b[0..4])? as i32;
    let m = num(&b[5..7])?;
    let d = num(&b[8..10])?;
    let h = num(&b[11..13])?;
    if h > 23 {
        return None;
    }
    Some((NaiveDate::from_ymd_opt(y, m, d)?, h))
}
impl HourlyStore {
    /// An empty store; `keep_published` keeps platform rows for the AQI agreement check.
    pub fn new(keep_published: bool) -> HourlyStore {
        HourlyStore {
            keep_published,
            ..Default::default()
        }
    }

    /// The index of a station, registering it on first sight.
    fn station(&mut self, code: &str, city: &str, name: &str) -> u32 {
        if let Some(i) = self.index.get(code) {
            return *i;
        }
        let info = match self.list.get(code) {
            Some(s) => s.clone(),
            None => StationInfo {
                code: code.to_string(),
                name: name.to_string(),
                city: normalize_city(city),
                background: name.contains("对照点"),
            },
        };
        let i = self.stations.len() as u32;
        self.stations.push(info);
        self.days.push(HashMap::new());
        self.seen.push(HashMap::new());
        self.index.insert(code.to_string(), i);
        i
    }

    /// Records that a row gave `pollutants` of a station-hour; a second time is a duplicate.
    fn mark_read(
        &mut self,
        station: u32,
        date: NaiveDate,
        hour: u32,
        pollutants: std::ops::Range<usize>,
    ) {
        let (day, slot) = day_slot(date, hour);
        let seen = self.seen[station as usize].entry(day).or_insert([0; 6]);
        if let Some(pollutant) = mark(seen, slot, pollutants) {
            self.duplicate.get_or_insert(Duplicate {
                station,
                day,
                slot,
                pollutant,
            });
        }
    }

    /// Merges the hours a worker read of a station-day, noting any hour read before.
    fn merge_seen(&mut self, station: u32, day: NaiveDate, seen: &Seen) {
        let have = self.seen[station as usize].entry(day).or_insert([0; 6]);
        for p in 0..6 {
            let both = have[p] & seen[p];
            if both != 0 && self.duplicate.is_none() {
                self.duplicate = Some(Duplicate {
                    station,
                    day,
                    slot: both.trailing_zeros() as usize,
                    pollutant: p,
                });
            }
            have[p] |= seen[p];
        }
    }

    fn put(&mut self, station: u32, date: NaiveDate, hour: u32, pollutant: usize, v: i64) {
        let (day, slot) = day_slot(date, hour);
        let Some(v) = crate::model::slot_value(pollutant, v) else {
            // Beyond any real concentration: left out and counted.
            self.clipped += 1;
            return;
        };
        let slots = self.days[station as usize]
            .entry(day)
            .or_insert_with(|| Box::new([[NONE; 24]; 6]));
        slots[pollutant][slot] = v;
    }

    /// Shows progress over the files to read on `bar` (bytes).
    pub fn show_progress(&mut self, bar: Option<indicatif::ProgressBar>) {
        self.progress = bar.map(|b| (b, 0));
    }

    /// Moves the progress bar to `bytes` into the current file.
    fn progress_at(&self, bytes: u64) {
        if let Some((bar, base)) = &self.progress {
            bar.set_position(base + bytes);
        }
    }

    /// Reads one hourly file of either layout (recognised by its header). A station-hour that
    /// this file gives again (or that an earlier file gave) is an error naming every line that
    /// gives it: overlapping exports are never resolved by whichever row came last.
    pub fn read_file(&mut self, path: &Path) -> Result<(), InputError> {
        if let Some((bar, base)) = &mut self.progress {
            *base = bar.position();
        }
        let read = self.read_any(path);
        if let Ok(m) = std::fs::metadata(path) {
            self.progress_at(m.len());
        }
        read?;
        match self.duplicate {
            Some(d) => Err(self.duplicate_error(&d)),
            None => Ok(()),
        }
    }

    fn read_any(&mut self, path: &Path) -> Result<(), InputError> {
        let mut f = std::fs::File::open(path).map_err(|e| {
            InputError::file(path, format!("无法读取：{}", io_reason(&e))).hint("请检查文件路径")
        })?;
        let mut head = vec![0u8; 65536];
        let n = read_full(&mut f, &mut head)
            .map_err(|e| InputError::file(path, format!("无法读取：{e}")))?;
        head.truncate(n);
        if head.is_empty() {
            return Err(InputError::file(path, "文件为空"));
        }
        let utf8 = match std::str::from_utf8(&head) {
            Ok(_) => true,
            // A multi-byte character cut at the end of the sniffed block is still UTF-8.
            Err(e) => e.error_len().is_none(),
        };
        let (reader, delim): (Box<dyn Read>, u8) = if utf8 {
            let first = head.split(|b| *b == b'\n').next().unwrap_or(&[]);
            let tabs = first.contains(&b'\t') && !first.contains(&b',');
            (
                Box::new(std::io::Cursor::new(head).chain(f)),
                if tabs { b'\t' } else { b',' },
            )
        } else {
            let mut all = head;
            f.read_to_end(&mut all)
                .map_err(|e| InputError::file(path, format!("无法读取：{e}")))?;
            let (text, _) = decode(path, &all)?;
            let delim = super::table::delimiter(&text);
            (Box::new(std::io::Cursor::new(text.into_bytes())), delim)
        };
        let utf8 = utf8 && delim == b',';
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delim)
            .buffer_capacity(1 << 20)
            .from_reader(reader);
        let mut rec = csv::ByteRecord::new();
        if !rdr
            .read_byte_record(&mut rec)
            .map_err(|e| csv_error(path, &e))?
        {
            return Err(InputError::file(path, "文件为空"));
        }
        let header = header_keys(&rec);
        self.files.push(path.to_path_buf());
        if header.first().map(String::as_str) == Some("timepoint") {
            if utf8 && !self.keep_published {
                // The common large case: parse blocks of lines on both cores.
                drop(rdr);
                return self.read_platform_parallel(path, &header);
            }
            self.read_platform(path, &mut rdr, &header)
        } else if header.len() > 3
            && header[0] == "date"
            && header[1] == "hour"
            && header[2] == "type"
        {
            self.read_wide(path, &mut rdr, &header)
        } else {
            Err(InputError::at(path, Location::line(1), format!("无法识别的表头：{}", header.join(",")))
                .hint("支持全国城市空气质量实时发布平台导出格式（timepoint,stationcode,…）和按日宽表（date,hour,type,站点或城市…）"))
        }
    }
}

/// A header row as keys: trimmed, without a byte-order mark, lower case.
fn header_keys(rec: &csv::ByteRecord) -> Vec<String> {
    rec.iter()
        .map(|c| {
            String::from_utf8_lossy(c)
                .trim()
                .trim_start_matches('\u{feff}')
                .to_ascii_lowercase()
        })
        .collect()
}

/// The next record of an hourly file, counted (and shown on the progress bar), checked against
/// the header's width; `None` at the end of the file.
fn next_row<R: Read>(
    store: &mut HourlyStore,
    path: &Path,
    rdr: &mut csv::Reader<R>,
    rec: &mut csv::ByteRecord,
    width: usize,
) -> Result<Option<u64>, InputError> {
    if !rdr.read_byte_record(rec).map_err(|e| csv_error(path, &e))? {
        return Ok(None);
    }
    store.rows += 1;
    if store.rows.is_multiple_of(65_536) {
        store.progress_at(rdr.position().byte());
    }
    let line = rec.position().map_or(0, |p| p.line());
    if rec.len() != width {
        return Err(width_error(path, line, rec.len(), width));
    }
    Ok(Some(line))
}

/// City names keep their case (the header was lower-cased for matching).
fn header_original(h: &str) -> String {
    h.to_string()
}

fn read_full(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// A line of an hourly file with another number of fields than its header: most often the last
/// line of an interrupted download. It is an error, not a skipped line: one station-hour lost
/// silently changes a day's validity and so a city's good days, and a cron run that stops with
/// the line named is the safer outcome (the next run picks up the completed download).
fn width_error(path: &Path, line: u64, found: usize, expected: usize) -> InputError {
    let what = if found < expected {
        format!(
            "只有{found}个字段，表头有{expected}个字段：这一行不完整（下载中断时最后一行常被截断）"
        )
    } else {
        format!("有{found}个字段，比表头的{expected}个字段多：多出的值无法对应到列")
    };
    InputError::at(path, Location::line(line), format!("第{line}行{what}"))
        .hint("请重新下载或导出该文件，或删除这一行后再导入")
}

fn csv_error(path: &Path, e: &csv::Error) -> InputError {
    let line = e.position().map_or(0, |p| p.line());
    InputError::at(path, Location::line(line), format!("CSV 格式有误：{e}"))
        .hint("请检查引号和分隔符")
}

#[cfg(test)]
mod tests {
    use super::platform::split_fields;
    use super::*;

    #[test]
    fn values_in_tenths() {
        assert_eq!(tenths(b"68"), Some(680));
        assert_eq!(tenths(b"1.2"), Some(12));
        assert_eq!(tenths(b"1"), Some(10));
        assert_eq!(tenths(b"0.85"), Some(8));
        assert_eq!(tenths(b"0.95"), Some(10));
        assert_eq!(tenths(b""), None);
        assert_eq!(tenths("—".as_bytes()), None);
        assert_eq!(tenths(b"NA"), None);
        assert_eq!(
            tenths(b"922337203685477581"),
            None,
            "too large for tenths, not a panic"
        );
    }

    #[test]
    fn fields_split_with_quoted_lists() {
        let mut f = Vec::new();
        split_fields("a,\"颗粒物(PM10),细颗粒物(PM2.5)\",,1.2".as_bytes(), &mut f);
        let got: Vec<String> = f
            .iter()
            .map(|x| String::from_utf8_lossy(x).into_owned())
            .collect();
        assert_eq!(got, ["a", "颗粒物(PM10),细颗粒物(PM2.5)", "", "1.2"]);
        split_fields(b"x,", &mut f);
        assert_eq!(f.len(), 2);
    }

    #[test]
    fn hours_are_labelled_by_their_end() {
        let d = NaiveDate::from_ymd_opt(2022, 1, 4).unwrap();
        assert_eq!(day_slot(d, 1), (d, 0));
        assert_eq!(day_slot(d, 23), (d, 22));
        assert_eq!(
            day_slot(d, 0),
            (NaiveDate::from_ymd_opt(2022, 1, 3).unwrap(), 23)
        );
        assert_eq!(
            parse_timepoint(b"2022-01-03T10:00:00"),
            Some((NaiveDate::from_ymd_opt(2022, 1, 3).unwrap(), 10))
        );
    }
}
