//! The station list (`监测点编码,监测点名称,城市,经度,纬度,对照点`), CSV or xlsx: which city each
//! station belongs to and whether it is a background (对照) station.

use super::*;
use crate::input::table::read_table;

impl HourlyStore {
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
                .position(|c| names.contains(&crate::input::plain_header(c).as_str()))
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
        if let Some(e) = table.field_count_errors(path, 0).into_iter().next() {
            return Err(e);
        }
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
}
