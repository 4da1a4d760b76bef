//! A station-hour given twice: find every line that gives it (only on this error path, so the
//! readers keep one bit per hour, not a line number), and say so in words staff can act on.

use super::*;

/// The platform's label of a slot: slot `h` of day D ends at `h + 1`:00; slot 23 is 00:00 of the
/// next day (decision A11).
fn label(day: NaiveDate, slot: usize) -> String {
    if slot == 23 {
        format!("{} 00:00", day + Days::new(1))
    } else {
        format!("{day} {:02}:00", slot + 1)
    }
}

const POLLUTANTS: [&str; 6] = ["PM2.5", "PM10", "SO2", "NO2", "CO", "O3"];

impl HourlyStore {
    /// The error for a duplicated station-hour, naming each file and line that gives it.
    pub(super) fn duplicate_error(&self, d: &Duplicate) -> InputError {
        let info = &self.stations[d.station as usize];
        let places: Vec<String> = self
            .files
            .iter()
            .flat_map(|f| {
                self.lines_giving(f, d)
                    .into_iter()
                    .map(move |line| format!("{} 第{line}行", f.display()))
            })
            .collect();
        let who = if info.code.starts_with("城市:") {
            format!("城市 {} 的", info.city)
        } else {
            format!("监测点 {}（{}）", info.code, info.name)
        };
        let first = self.files.last().map_or(Path::new(""), |p| p.as_path());
        InputError::file(
            first,
            format!(
                "{who}{} 的{}小时数据重复出现：{}",
                label(d.day, d.slot),
                POLLUTANTS[d.pollutant],
                if places.is_empty() {
                    "（未能定位行号）".to_string()
                } else {
                    places.join("、")
                }
            ),
        )
        .hint("同一监测点同一小时只能出现一次：重叠下载的导出文件，请删去重复的时段后再导入")
    }

    /// The lines of `path` that give the duplicated station-hour.
    fn lines_giving(&self, path: &Path, d: &Duplicate) -> Vec<u64> {
        let Ok(bytes) = std::fs::read(path) else {
            return Vec::new();
        };
        let Ok((text, _)) = decode(path, &bytes) else {
            return Vec::new();
        };
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(super::super::table::delimiter(&text))
            .from_reader(text.as_bytes());
        let mut rec = csv::ByteRecord::new();
        if !rdr.read_byte_record(&mut rec).unwrap_or(false) {
            return Vec::new();
        }
        let header = header_keys(&rec);
        let info = &self.stations[d.station as usize];
        let mut out = Vec::new();
        if header.first().map(String::as_str) == Some("timepoint") {
            let col = |n: &str| header.iter().position(|h| h == n);
            let (Some(ct), Some(cc)) = (col("timepoint"), col("stationcode")) else {
                return out;
            };
            while rdr.read_byte_record(&mut rec).unwrap_or(false) {
                let same_station = rec.get(cc).is_some_and(|c| c == info.code.as_bytes());
                let same_hour = rec
                    .get(ct)
                    .and_then(parse_timepoint)
                    .is_some_and(|(date, hour)| day_slot(date, hour) == (d.day, d.slot));
                if same_station && same_hour {
                    out.push(rec.position().map_or(0, |p| p.line()));
                }
            }
        } else if header.len() > 3 {
            let column = header[3..].iter().position(|h| {
                h.to_ascii_uppercase() == info.code || format!("城市:{h}") == info.code
            });
            let Some(column) = column else {
                return out;
            };
            while rdr.read_byte_record(&mut rec).unwrap_or(false) {
                let ty = trim(rec.get(2).unwrap_or(b""));
                let date = std::str::from_utf8(trim(rec.get(0).unwrap_or(b"")))
                    .ok()
                    .and_then(|s| NaiveDate::parse_from_str(s, "%Y%m%d").ok());
                let hour: Option<u32> = std::str::from_utf8(trim(rec.get(1).unwrap_or(b"")))
                    .ok()
                    .and_then(|s| s.parse().ok());
                let same = ty == POLLUTANTS[d.pollutant].as_bytes()
                    && rec.get(3 + column).is_some()
                    && date
                        .zip(hour)
                        .is_some_and(|(date, hour)| day_slot(date, hour) == (d.day, d.slot));
                if same {
                    out.push(rec.position().map_or(0, |p| p.line()));
                }
            }
        }
        out
    }
}
