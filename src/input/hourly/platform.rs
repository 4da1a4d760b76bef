//! The national real-time publishing platform's export (`timepoint,stationcode,…,co_24h`, one
//! hour or many per file): read serially (when published AQIs are kept) or in parallel blocks.

use super::*;

impl HourlyStore {
    pub(super) fn read_platform<R: Read>(
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
        while let Some(line) = next_row(self, path, rdr, &mut rec, header.len())? {
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
            self.mark_read(station, date, hour, 0..6);
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
}

/// A station-day read by one worker: its values and the hours its rows gave.
struct PartDay {
    slots: DaySlots,
    seen: Seen,
}

/// A station seen by one worker: code, area, position name, and its days.
type PartStation = (String, String, String, HashMap<NaiveDate, Box<PartDay>>);

/// What one worker parsed from its blocks.
#[derive(Default)]
struct Part {
    index: HashMap<Vec<u8>, usize>,
    stations: Vec<PartStation>,
    rows: u64,
    clipped: u64,
    error: Option<(u64, String)>,
    /// The first line with another number of fields than the header, and its count.
    width_error: Option<(u64, usize)>,
    /// The first station-hour this worker read twice (station index in `stations`).
    duplicate: Option<(usize, NaiveDate, usize)>,
}

/// Splits a CSV line into fields; a quoted field (the platform quotes lists of primary
/// pollutants) loses its quotes and keeps its commas.
pub(super) fn split_fields<'a>(line: &'a [u8], out: &mut Vec<&'a [u8]>) {
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
    fn parse_block(&mut self, block: &[u8], cols: &[usize; 10], width: usize, first_line: u64) {
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
            if fields.len() != width {
                if self.width_error.is_none() {
                    self.width_error = Some((first_line + k as u64, fields.len()));
                }
                continue;
            }
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
            let entry = self.stations[si].3.entry(day).or_insert_with(|| {
                Box::new(PartDay {
                    slots: [[NONE; 24]; 6],
                    seen: [0; 6],
                })
            });
            if mark(&mut entry.seen, slot, 0..6).is_some() && self.duplicate.is_none() {
                self.duplicate = Some((si, day, slot));
            }
            for p in 0..6 {
                if let Some(v) = tenths(get(cols[4 + p])) {
                    match crate::model::slot_value(p, v) {
                        Some(x) => entry.slots[p][slot] = x,
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
    pub(super) fn read_platform_parallel(
        &mut self,
        path: &Path,
        header: &[String],
    ) -> Result<(), InputError> {
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
        let bar = self.progress.clone();
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
                            part.parse_block(&block, cols, header.len(), line);
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
                if let Some((bar, base)) = &bar {
                    bar.set_position(base + bytes);
                }
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
        if let Some((line, found)) = parts.iter().filter_map(|p| p.width_error).min() {
            return Err(width_error(path, line, found, header.len()));
        }
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
            let mut local: Vec<u32> = Vec::with_capacity(part.stations.len());
            for (code, area, name, days) in part.stations {
                let si = self.station(&code, &area, &name);
                local.push(si);
                for (day, d) in &days {
                    self.merge_seen(si, *day, &d.seen);
                }
                let target = &mut self.days[si as usize];
                for (day, d) in days {
                    let slots = d.slots;
                    if slots.iter().all(|p| p.iter().all(|v| *v == NONE)) {
                        continue;
                    }
                    match target.get_mut(&day) {
                        None => {
                            target.insert(day, Box::new(slots));
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
            if let Some((si, day, slot)) = part.duplicate {
                if let Some(&station) = local.get(si) {
                    self.duplicate.get_or_insert(Duplicate {
                        station,
                        day,
                        slot,
                        pollutant: 0,
                    });
                }
            }
        }
        Ok(())
    }
}
