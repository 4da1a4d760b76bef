//! Hourly station data as staff download it (reference/bulletins.md §2): the national real-time
//! publishing platform's export (`timepoint,stationcode,…,co_24h`, one hour or many per file),
//! the mirrored daily files in wide layout (`date,hour,type,<station or city columns>`), and the
//! station list (`监测点编码,监测点名称,城市,经度,纬度,对照点`).
//!
//! Files are streamed: rows go straight into compact per-station day slots (24 hours × 6
//! pollutants of `i16` tenths), so a national year needs a few hundred MB, not the file's size.

use super::table::{decode, io_reason, read_table};
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

    /// Reads a station list (`监测点编码,监测点名称,城市,经度,纬度,对照点`), CSV or xlsx.
    pub fn read_station_list(&mut self, path: &Path) -> Result<usize, InputError> {
        let table = read_table(path)?;
        let header = table
            .rows
            .first()
            .ok_or_else(|| InputError::file(path, "站点列表为空"))?;
        let find = |names: &[&str]| {
            header
                .cells
                .iter()
                .position(|c| names.contains(&super::plain_header(c).as_str()))
        };
        let code = find(&["监测点编码", "站点编码", "stationcode", "code"]);
        let name = find(&["监测点名称", "站点名称", "positionname", "name"]);
        let city = find(&["城市", "city", "area"]);
        let bg = find(&["对照点", "background"]);
        let (Some(code), Some(city)) = (code, city) else {
            return Err(InputError::at(
                path,
                table.line(header.line),
                "站点列表缺少“监测点编码”或“城市”列",
            )
            .hint("表头应为：监测点编码,监测点名称,城市,经度,纬度,对照点"));
        };
        let mut n = 0;
        for row in &table.rows[1..] {
            let get = |i: Option<usize>| {
                i.and_then(|i| row.cells.get(i))
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default()
            };
            let c = get(Some(code));
            if c.is_empty() {
                continue;
            }
            let nm = get(name);
            let flag = get(bg);
            let background =
                matches!(flag.as_str(), "Y" | "y" | "是" | "1" | "true") || nm.contains("对照点");
            self.list.insert(
                c.clone(),
                StationInfo {
                    code: c,
                    name: nm,
                    city: normalize_city(&get(Some(city))),
                    background,
                },
            );
            n += 1;
        }
        Ok(n)
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
        self.index.insert(code.to_string(), i);
        i
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

    /// Reads one hourly file of either layout (recognised by its header).
    pub fn read_file(&mut self, path: &Path) -> Result<(), InputError> {
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
        let reader: Box<dyn Read> = if utf8 {
            Box::new(std::io::Cursor::new(head).chain(f))
        } else {
            let mut all = head;
            f.read_to_end(&mut all)
                .map_err(|e| InputError::file(path, format!("无法读取：{e}")))?;
            let (text, _) = decode(path, &all)?;
            Box::new(std::io::Cursor::new(text.into_bytes()))
        };
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 20)
            .from_reader(reader);
        let mut rec = csv::ByteRecord::new();
        if !rdr
            .read_byte_record(&mut rec)
            .map_err(|e| csv_error(path, &e))?
        {
            return Err(InputError::file(path, "文件为空"));
        }
        let header: Vec<String> = rec
            .iter()
            .map(|c| {
                String::from_utf8_lossy(c)
                    .trim()
                    .trim_start_matches('\u{feff}')
                    .to_ascii_lowercase()
            })
            .collect();
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

    fn read_platform<R: Read>(
        &mut self,
        path: &Path,
        rdr: &mut csv::Reader<R>,
        header: &[String],
    ) -> Result<(), InputError> {
        let col = |name: &str| header.iter().position(|h| h == name);
        let need = |name: &str| {
            col(name).ok_or_else(|| {
                InputError::at(path, Location::line(1), format!("平台导出文件缺少列 {name}"))
                    .hint("表头应为 timepoint,stationcode,longitude,latitude,area,positionname,primarypollutant,aqi,pm10,…")
            })
        };
        let (c_time, c_code, c_area, c_name) = (
            need("timepoint")?,
            need("stationcode")?,
            need("area")?,
            need("positionname")?,
        );
        // The platform swaps the O3 names: `o3_24h` is the latest 1-hour O3 (decision A11).
        let value_cols = [
            need("pm2_5")?,
            need("pm10")?,
            need("so2")?,
            need("no2")?,
            need("co")?,
            need("o3_24h")?,
        ];
        let (c_aqi, c_primary, c_o3, c_so2_24) = (
            col("aqi"),
            col("primarypollutant"),
            col("o3"),
            col("so2_24h"),
        );
        let mut rec = csv::ByteRecord::new();
        let mut last_time: Vec<u8> = Vec::new();
        let mut last_parsed: Option<(NaiveDate, u32)> = None;
        let mut last_code: Vec<u8> = Vec::new();
        let mut last_station = 0u32;
        while rdr
            .read_byte_record(&mut rec)
            .map_err(|e| csv_error(path, &e))?
        {
            self.rows += 1;
            let line = rec.position().map_or(0, |p| p.line());
            let t = rec.get(c_time).unwrap_or(b"");
            if t != last_time.as_slice() {
                last_parsed = parse_timepoint(t);
                last_time.clear();
                last_time.extend_from_slice(t);
            }
            let Some((date, hour)) = last_parsed else {
                return Err(InputError::at(
                    path,
                    Location::cell(line, c_time as u64 + 1, Some("timepoint")),
                    format!("时间“{}”无法识别", String::from_utf8_lossy(t)),
                )
                .hint("应为 2022-01-03T10:00:00"));
            };
            let code = rec.get(c_code).unwrap_or(b"");
            if code.is_empty() {
                continue;
            }
            let station = if code == last_code.as_slice() {
                last_station
            } else {
                let code_s = String::from_utf8_lossy(code).into_owned();
                let area = String::from_utf8_lossy(rec.get(c_area).unwrap_or(b"")).into_owned();
                let name = String::from_utf8_lossy(rec.get(c_name).unwrap_or(b"")).into_owned();
                let s = self.station(&code_s, &area, &name);
                last_code.clear();
                last_code.extend_from_slice(code);
                last_station = s;
                s
            };
            let mut values = [None; 6];
            for (p, c) in value_cols.iter().enumerate() {
                if let Some(v) = rec.get(*c).and_then(tenths) {
                    values[p] = Some(v);
                    self.put(station, date, hour, p, v);
                }
            }
            if self.keep_published {
                self.published.push(PublishedRow {
                    station,
                    timepoint: String::from_utf8_lossy(t).into_owned(),
                    aqi: c_aqi
                        .and_then(|c| rec.get(c))
                        .and_then(|b| std::str::from_utf8(trim(b)).ok()?.parse().ok()),
                    primary: c_primary
                        .and_then(|c| rec.get(c))
                        .map(|b| String::from_utf8_lossy(b).into_owned())
                        .unwrap_or_default(),
                    values,
                    o3_named: c_o3.and_then(|c| rec.get(c)).and_then(tenths),
                    so2_24h: c_so2_24.and_then(|c| rec.get(c)).and_then(tenths),
                });
            }
        }
        self.bytes += rdr.position().byte();
        Ok(())
    }

    fn read_wide<R: Read>(
        &mut self,
        path: &Path,
        rdr: &mut csv::Reader<R>,
        header: &[String],
    ) -> Result<(), InputError> {
        // Columns are station codes (when the station list knows them) or city names.
        let mut cols: Vec<u32> = Vec::new();
        for h in &header[3..] {
            let code = h.to_ascii_uppercase();
            let idx = if self.list.contains_key(&code) {
                self.station(&code, "", "")
            } else {
                // A city column: the city's own hourly value, one pseudo-station per city.
                let raw = header_original(h);
                self.station(&format!("城市:{raw}"), &raw, &raw)
            };
            cols.push(idx);
        }
        let mut rec = csv::ByteRecord::new();
        while rdr
            .read_byte_record(&mut rec)
            .map_err(|e| csv_error(path, &e))?
        {
            self.rows += 1;
            let line = rec.position().map_or(0, |p| p.line());
            let ty = trim(rec.get(2).unwrap_or(b""));
            let p = match ty {
                b"PM2.5" => 0,
                b"PM10" => 1,
                b"SO2" => 2,
                b"NO2" => 3,
                b"CO" => 4,
                b"O3" => 5,
                _ => continue,
            };
            let d = std::str::from_utf8(trim(rec.get(0).unwrap_or(b"")))
                .ok()
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y%m%d").ok());
            let h: Option<u32> = std::str::from_utf8(trim(rec.get(1).unwrap_or(b"")))
                .ok()
                .and_then(|s| s.parse().ok())
                .filter(|h| *h < 24);
            let (Some(d), Some(h)) = (d, h) else {
                return Err(
                    InputError::at(path, Location::line(line), "date 或 hour 无法识别")
                        .hint("date 应为 20220103，hour 为 0—23"),
                );
            };
            for (i, idx) in cols.iter().enumerate() {
                if let Some(v) = rec.get(3 + i).and_then(tenths) {
                    self.put(*idx, d, h, p, v);
                }
            }
        }
        self.bytes += rdr.position().byte();
        Ok(())
    }
}

/// A station seen by one worker: code, area, position name, and its days.
type PartStation = (String, String, String, HashMap<NaiveDate, Box<DaySlots>>);

/// What one worker parsed from its blocks.
#[derive(Default)]
struct Part {
    index: HashMap<Vec<u8>, usize>,
    stations: Vec<PartStation>,
    rows: u64,
    clipped: u64,
    error: Option<(u64, String)>,
}

/// Splits a CSV line into fields; a quoted field (the platform quotes lists of primary
/// pollutants) loses its quotes and keeps its commas.
fn split_fields<'a>(line: &'a [u8], out: &mut Vec<&'a [u8]>) {
    out.clear();
    if memchr::memchr(b'"', line).is_none() {
        let mut start = 0;
        for p in memchr::memchr_iter(b',', line) {
            out.push(&line[start..p]);
            start = p + 1;
        }
        out.push(&line[start..]);
        return;
    }
    let mut i = 0;
    let n = line.len();
    while i <= n {
        if i < n && line[i] == b'"' {
            let start = i + 1;
            let end = line[start..]
                .iter()
                .position(|c| *c == b'"')
                .map_or(n, |p| start + p);
            out.push(&line[start..end]);
            i = line[end..]
                .iter()
                .position(|c| *c == b',')
                .map_or(n + 1, |p| end + p + 1);
        } else {
            let end = line[i..]
                .iter()
                .position(|c| *c == b',')
                .map_or(n, |p| i + p);
            out.push(&line[i..end]);
            i = end + 1;
        }
    }
}

impl Part {
    fn parse_block(&mut self, block: &[u8], cols: &[usize; 10], first_line: u64) {
        let mut fields: Vec<&[u8]> = Vec::with_capacity(24);
        let mut last_time: &[u8] = b"";
        let mut parsed: Option<(NaiveDate, u32)> = None;
        let mut start = 0;
        let ends = memchr::memchr_iter(b'\n', block).chain(std::iter::once(block.len()));
        for (k, end) in ends.enumerate() {
            let line = &block[start..end.min(block.len())];
            start = end + 1;
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.is_empty() {
                continue;
            }
            split_fields(line, &mut fields);
            self.rows += 1;
            let get = |i: usize| fields.get(i).copied().unwrap_or(b"");
            let t = get(cols[0]);
            if t != last_time {
                parsed = parse_timepoint(t);
                last_time = t;
            }
            let Some((date, hour)) = parsed else {
                if self.error.is_none() {
                    self.error = Some((
                        first_line + k as u64,
                        String::from_utf8_lossy(t).into_owned(),
                    ));
                }
                continue;
            };
            let code = get(cols[1]);
            if code.is_empty() {
                continue;
            }
            let si = match self.index.get(code) {
                Some(i) => *i,
                None => {
                    let i = self.stations.len();
                    self.stations.push((
                        String::from_utf8_lossy(code).into_owned(),
                        String::from_utf8_lossy(get(cols[2])).into_owned(),
                        String::from_utf8_lossy(get(cols[3])).into_owned(),
                        HashMap::new(),
                    ));
                    self.index.insert(code.to_vec(), i);
                    i
                }
            };
            let (day, slot) = day_slot(date, hour);
            let mut vals = [None; 6];
            for p in 0..6 {
                vals[p] = tenths(get(cols[4 + p]));
            }
            if vals.iter().all(Option::is_none) {
                continue;
            }
            let slots = self.stations[si]
                .3
                .entry(day)
                .or_insert_with(|| Box::new([[NONE; 24]; 6]));
            for (p, v) in vals.iter().enumerate() {
                if let Some(v) = v {
                    match crate::model::slot_value(p, *v) {
                        Some(x) => slots[p][slot] = x,
                        None => self.clipped += 1,
                    }
                }
            }
        }
    }
}

impl HourlyStore {
    /// Reads a platform export in blocks of whole lines: one thread reads, two parse into their
    /// own partial stores, which are merged slot by slot at the end (the same station-day may
    /// have hours in blocks of both workers).
    fn read_platform_parallel(&mut self, path: &Path, header: &[String]) -> Result<(), InputError> {
        let col = |name: &str| {
            header.iter().position(|h| h == name).ok_or_else(|| {
                InputError::at(path, Location::line(1), format!("平台导出文件缺少列 {name}"))
                    .hint("表头应为 timepoint,stationcode,longitude,latitude,area,positionname,primarypollutant,aqi,pm10,…")
            })
        };
        // timepoint, stationcode, area, positionname, then PM2.5, PM10, SO2, NO2, CO and the
        // 1-hour O3, which the platform names o3_24h (decision A11).
        let cols = [
            col("timepoint")?,
            col("stationcode")?,
            col("area")?,
            col("positionname")?,
            col("pm2_5")?,
            col("pm10")?,
            col("so2")?,
            col("no2")?,
            col("co")?,
            col("o3_24h")?,
        ];
        let mut file = std::fs::File::open(path)
            .map_err(|e| InputError::file(path, format!("无法读取：{}", io_reason(&e))))?;
        const BLOCK: usize = 8 << 20;
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 4);
        let (tx, rx) = std::sync::mpsc::sync_channel::<(Vec<u8>, u64)>(workers * 2);
        let rx = std::sync::Mutex::new(rx);
        let mut bytes = 0u64;
        let read_result: Result<Vec<Part>, InputError> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    let rx = &rx;
                    let cols = &cols;
                    scope.spawn(move || {
                        let mut part = Part::default();
                        loop {
                            let msg = match rx.lock() {
                                Ok(r) => r.recv(),
                                Err(_) => break,
                            };
                            let Ok((block, line)) = msg else { break };
                            part.parse_block(&block, cols, line);
                        }
                        part
                    })
                })
                .collect();
            // The reader: whole lines per block, the header line skipped.
            let mut carry: Vec<u8> = Vec::new();
            let mut line_no: u64 = 1;
            let mut first = true;
            loop {
                let mut buf = std::mem::take(&mut carry);
                let start = buf.len();
                buf.resize(start + BLOCK, 0);
                let n = read_full(&mut file, &mut buf[start..])
                    .map_err(|e| InputError::file(path, format!("无法读取：{e}")))?;
                buf.truncate(start + n);
                bytes += n as u64;
                if buf.is_empty() {
                    break;
                }
                let cut = if n == 0 {
                    buf.len()
                } else {
                    buf.iter().rposition(|c| *c == b'\n').map_or(0, |p| p + 1)
                };
                carry = buf.split_off(cut);
                if first {
                    let skip = buf
                        .iter()
                        .position(|c| *c == b'\n')
                        .map_or(buf.len(), |p| p + 1);
                    buf.drain(..skip);
                    line_no += 1;
                    first = false;
                }
                let lines = memchr::memchr_iter(b'\n', &buf).count() as u64;
                if !buf.is_empty() && tx.send((buf, line_no)).is_err() {
                    break;
                }
                line_no += lines;
                if n == 0 {
                    break;
                }
            }
            drop(tx);
            Ok(handles.into_iter().filter_map(|h| h.join().ok()).collect())
        });
        let parts = read_result?;
        self.bytes += bytes;
        for part in parts {
            if let Some((line, t)) = &part.error {
                return Err(InputError::at(
                    path,
                    Location::cell(*line, cols[0] as u64 + 1, Some("timepoint")),
                    format!("时间“{t}”无法识别"),
                )
                .hint("应为 2022-01-03T10:00:00"));
            }
            self.rows += part.rows;
            self.clipped += part.clipped;
            for (code, area, name, days) in part.stations {
                let si = self.station(&code, &area, &name) as usize;
                let target = &mut self.days[si];
                for (day, slots) in days {
                    match target.get_mut(&day) {
                        None => {
                            target.insert(day, slots);
                        }
                        Some(have) => {
                            for p in 0..6 {
                                for h in 0..24 {
                                    if slots[p][h] != NONE {
                                        have[p][h] = slots[p][h];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }
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

fn csv_error(path: &Path, e: &csv::Error) -> InputError {
    let line = e.position().map_or(0, |p| p.line());
    InputError::at(path, Location::line(line), format!("CSV 格式有误：{e}"))
        .hint("请检查引号和分隔符")
}

#[cfg(test)]
mod tests {
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
