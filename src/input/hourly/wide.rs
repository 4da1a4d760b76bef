//! The mirrored daily files in wide layout (`date,hour,type,<station or city columns>`).

use super::*;

impl HourlyStore {
    pub(super) fn read_wide<R: Read>(
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
        while let Some(line) = next_row(self, path, rdr, &mut rec, header.len())? {
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
                self.mark_read(*idx, d, h, p..p + 1);
                if let Some(v) = rec.get(3 + i).and_then(tenths) {
                    self.put(*idx, d, h, p, v);
                }
            }
        }
        self.bytes += rdr.position().byte();
        Ok(())
    }
}
