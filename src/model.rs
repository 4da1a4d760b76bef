//! Typed monitoring data: the daily items measured, the six pollutants that statistics and
//! documents speak of, a city's day, and a plan with its cities and targets.
//!
//! Values are kept exactly as published: integers in µg/m³, CO in mg/m³ with one decimal. To keep
//! everything in integers a value is stored in tenths of its unit ([`Tenths`]).

use crate::num::Dec;
use chrono::NaiveDate;
use serde::Serialize;

/// A concentration in tenths of its unit (µg/m³, or mg/m³ for CO): 35 µg/m³ is `350`, 2.2 mg/m³ `22`.
pub type Tenths = i64;

/// One daily item of a city's day (HJ 633-2012 §5: the seven items of the daily report).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Item {
    So2,
    No2,
    Pm10,
    Co,
    Pm25,
    /// Daily maximum 1-hour O3.
    O3_1h,
    /// Daily maximum 8-hour moving average O3.
    O3_8h,
}

impl Item {
    /// All items in a fixed order (also the index into [`DayValues`]).
    pub const ALL: [Item; 7] = [
        Item::So2,
        Item::No2,
        Item::Pm10,
        Item::Co,
        Item::Pm25,
        Item::O3_1h,
        Item::O3_8h,
    ];

    /// Index into arrays ordered like [`Item::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The column name of the daily CSV.
    pub fn key(self) -> &'static str {
        match self {
            Item::So2 => "so2",
            Item::No2 => "no2",
            Item::Pm10 => "pm10",
            Item::Co => "co",
            Item::Pm25 => "pm25",
            Item::O3_1h => "o3_1h",
            Item::O3_8h => "o3_8h",
        }
    }

    /// The pollutant a document names for this item (O3 1-h and 8-h both show as O3, A4).
    pub fn pollutant(self) -> Pollutant {
        match self {
            Item::So2 => Pollutant::So2,
            Item::No2 => Pollutant::No2,
            Item::Pm10 => Pollutant::Pm10,
            Item::Co => Pollutant::Co,
            Item::Pm25 => Pollutant::Pm25,
            Item::O3_1h | Item::O3_8h => Pollutant::O3,
        }
    }

    /// Printed decimals of a published daily value: one for CO, none for the others.
    pub fn published_decimals(self) -> u8 {
        if self == Item::Co {
            1
        } else {
            0
        }
    }

    /// Values above this are implausible for a daily value and rejected on input.
    pub fn plausible_max(self) -> Tenths {
        match self {
            Item::So2 => 30_000,
            Item::No2 => 10_000,
            Item::Pm10 => 30_000,
            Item::Co => 600,
            Item::Pm25 => 20_000,
            Item::O3_1h => 15_000,
            Item::O3_8h => 12_000,
        }
    }
}

/// The six pollutants of the composite index and of documents, in the order documents list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pollutant {
    Pm25,
    Pm10,
    O3,
    So2,
    No2,
    Co,
}

impl Pollutant {
    /// PM10 and PM2.5: the particulate matter a dust process raises.
    pub fn is_particulate(self) -> bool {
        matches!(self, Pollutant::Pm25 | Pollutant::Pm10)
    }

    /// All six in document order.
    pub const ALL: [Pollutant; 6] = [
        Pollutant::Pm25,
        Pollutant::Pm10,
        Pollutant::O3,
        Pollutant::So2,
        Pollutant::No2,
        Pollutant::Co,
    ];

    /// The stable name used in JSON and CSV: `PM2.5`, `PM10`, `O3`, `SO2`, `NO2`, `CO`.
    pub fn name(self) -> &'static str {
        match self {
            Pollutant::Pm25 => "PM2.5",
            Pollutant::Pm10 => "PM10",
            Pollutant::O3 => "O3",
            Pollutant::So2 => "SO2",
            Pollutant::No2 => "NO2",
            Pollutant::Co => "CO",
        }
    }

    /// The JSON key of its period statistic.
    pub fn key(self) -> &'static str {
        match self {
            Pollutant::Pm25 => "pm25",
            Pollutant::Pm10 => "pm10",
            Pollutant::O3 => "o3",
            Pollutant::So2 => "so2",
            Pollutant::No2 => "no2",
            Pollutant::Co => "co",
        }
    }

    /// The daily item its period statistic is computed from (O3: the daily max 8-hour value).
    pub fn daily_item(self) -> Item {
        match self {
            Pollutant::Pm25 => Item::Pm25,
            Pollutant::Pm10 => Item::Pm10,
            Pollutant::O3 => Item::O3_8h,
            Pollutant::So2 => Item::So2,
            Pollutant::No2 => Item::No2,
            Pollutant::Co => Item::Co,
        }
    }

    /// Index into arrays ordered like [`Pollutant::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl Serialize for Pollutant {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// The seven daily values of one city-day, `None` where missing.
///
/// Stored compactly (a [`Day`] is 24 bytes, not 120), since a national dataset holds millions of
/// city-days and fresh memory costs time: 2 bytes a value in tenths, with a marker for missing
/// ones; a value beyond ±3 276.7 (a dust storm's PM10 from hourly data) is kept in whole units
/// with a flag. Every value an input admits is kept exactly: daily files reject anything above
/// [`Item::plausible_max`] (at most 30 000 tenths), and hourly city-days of µg/m³ items are whole
/// µg/m³ (means of `i16` hours). Anything else would be rounded to whole units (half to even)
/// and saturate at ±327 670 tenths.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct DayValues {
    values: [i16; 7],
    /// Bit i: value i is in whole units (tenths ÷ 10).
    whole: u8,
}

/// The stored form of a missing value in [`DayValues`].
const MISSING_VALUE: i16 = i16::MIN;

impl Default for DayValues {
    fn default() -> Self {
        DayValues {
            values: [MISSING_VALUE; 7],
            whole: 0,
        }
    }
}

impl std::fmt::Debug for DayValues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v: Vec<Option<Tenths>> = Item::ALL.iter().map(|i| self.get(*i)).collect();
        f.debug_tuple("DayValues").field(&v).finish()
    }
}

impl DayValues {
    /// The value of one item.
    #[inline]
    pub fn get(&self, item: Item) -> Option<Tenths> {
        let i = item.index();
        let v = self.values[i];
        let scale = if self.whole >> i & 1 == 1 { 10 } else { 1 };
        (v != MISSING_VALUE).then_some(Tenths::from(v) * scale)
    }

    /// Sets the value of one item.
    #[inline]
    pub fn set(&mut self, item: Item, v: Option<Tenths>) {
        let i = item.index();
        const MAX: Tenths = i16::MAX as Tenths;
        let (stored, whole) = match v {
            Some(t) if (-MAX..=MAX).contains(&t) => (t as i16, false),
            Some(t) => {
                // Whole units, GB/T 8170 half to even.
                let (q, r) = (t.div_euclid(10), t.rem_euclid(10));
                let q = q + Tenths::from(r > 5 || (r == 5 && q % 2 != 0));
                (q.clamp(-MAX, MAX) as i16, true)
            }
            None => (MISSING_VALUE, false),
        };
        self.values[i] = stored;
        self.whole = (self.whole & !(1 << i)) | (u8::from(whole) << i);
    }

    /// True when no item has a value.
    pub fn is_empty(&self) -> bool {
        self.values.iter().all(|v| *v == MISSING_VALUE)
    }
}

/// One city's daily values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    pub values: DayValues,
    /// Affected by a confirmed dust process (沙尘天气): `[[dust_events]]` in the configuration or
    /// the daily file's `dust` column. Its PM10 and PM2.5 leave the statistics when
    /// `[dust] deduct` is on.
    pub dust: bool,
}

/// A city's targets for the plan year (the plan's appendix table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Targets {
    /// Annual mean PM2.5 not above this, µg/m³.
    pub pm25: Dec,
    /// Good-day ratio not below this, %.
    pub good_ratio: Dec,
    /// Heavy-pollution-day ratio not above this, %.
    pub heavy_ratio: Dec,
}

/// A pollution-control plan: its cities in official order and their targets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The plan's title, e.g. 广西2022年度大气污染防治实施计划.
    pub name: String,
    /// The year its targets are for.
    pub year: i32,
    /// What the region row is called (全区, 全省, 全国).
    pub region_name: String,
    /// The area's short name for titles (广西); the region name when the plan does not say.
    pub area: String,
    /// Targets of the whole region, if the plan gives them.
    pub region: Option<Targets>,
    /// Cities in the plan's order.
    pub cities: Vec<PlanCity>,
    /// What the ranked units are called in sentences and titles: 设区市 (default), 城区, 县（市、区）.
    pub unit: String,
    /// Groups of cities (key regions such as 京津冀及周边地区, 北部湾城市群) from the plan's 区域
    /// column, in order of first appearance, each with its members' indices in plan order.
    pub groups: Vec<(String, Vec<usize>)>,
}

/// One city of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanCity {
    /// The name without 市 (南宁), as documents print it in sentences.
    pub name: String,
    /// The plan's 简称 (克州 for 克孜勒苏柯尔克孜自治州), printed in tables, charts and heat maps.
    pub short: Option<String>,
    /// None for a city that is ranked and reported without targets.
    pub targets: Option<Targets>,
}

impl PlanCity {
    /// The name tables and charts print: the 简称 when the plan gives one.
    pub fn label(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }
}

impl Plan {
    /// The index of a city by any usual spelling (南宁, 南宁市), or `None`.
    pub fn city_index(&self, name: &str) -> Option<usize> {
        let key = normalize_city(name);
        self.cities.iter().position(|c| c.name == key)
    }
}

/// A city name without surrounding spaces or a trailing 市 (南宁市 → 南宁), and full-width spaces
/// removed. A name that is only 市 is kept.
pub fn normalize_city(name: &str) -> String {
    let t: String = name
        .trim()
        .chars()
        .filter(|c| *c != '\u{3000}' && *c != ' ')
        .collect();
    match t.strip_suffix('市') {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => t,
    }
}

/// A missing value in a [`DaySlots`].
pub const NONE: i16 = i16::MIN;

/// One day of one monitoring station: `[pollutant][hour slot]`, pollutants PM2.5, PM10, SO2, NO2,
/// CO, O3 (1-hour); slot 0 is the hour ending 01:00, slot 23 the hour ending 24:00. Values are in
/// whole µg/m³ (as the platform publishes them, up to 32,766, so dust-storm PM10 fits), CO in
/// tenths of mg/m³ ([`slot_value`]).
pub type DaySlots = [[i16; 24]; 6];

/// Index of CO among the hourly pollutants of [`DaySlots`].
pub const SLOT_CO: usize = 4;

/// The stored form of an hourly value given in tenths: whole units (GB/T 8170 half to even) for
/// µg/m³, tenths for CO; `None` above what an `i16` holds.
pub fn slot_value(pollutant: usize, tenths: Tenths) -> Option<i16> {
    let v = if pollutant == SLOT_CO {
        tenths
    } else {
        let (q, r) = (tenths / 10, tenths % 10);
        q + i64::from(r > 5 || (r == 5 && q % 2 == 1))
    };
    i16::try_from(v).ok().filter(|v| *v != NONE)
}

/// A stored hourly value back in tenths.
pub fn slot_tenths(pollutant: usize, v: i16) -> Tenths {
    if pollutant == SLOT_CO {
        i64::from(v)
    } else {
        i64::from(v) * 10
    }
}

/// A monitoring station.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StationInfo {
    pub code: String,
    pub name: String,
    /// City name without 市.
    pub city: String,
    /// 对照点 (background station): excluded from city values.
    pub background: bool,
}

/// All daily data of the plan's cities: `days[city]` sorted by date, at most one per date.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub days: Vec<Vec<Day>>,
}

impl Dataset {
    /// An empty dataset for `n` cities.
    pub fn new(n: usize) -> Dataset {
        Dataset {
            days: vec![Vec::new(); n],
        }
    }

    /// The days of one city inside `from..=to`.
    pub fn range(&self, city: usize, from: NaiveDate, to: NaiveDate) -> &[Day] {
        let days = &self.days[city];
        let a = days.partition_point(|d| d.date < from);
        let b = days.partition_point(|d| d.date <= to);
        &days[a..b.max(a)]
    }

    /// First and last date with any value, over all cities.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = self
            .days
            .iter()
            .filter_map(|d| d.first())
            .map(|d| d.date)
            .min()?;
        let last = self
            .days
            .iter()
            .filter_map(|d| d.last())
            .map(|d| d.date)
            .max()?;
        Some((first, last))
    }
}

/// Printed decimals of each pollutant's period statistic, indexed like [`Pollutant::ALL`]
/// (decision A6: integers and CO one decimal by default; configurable per province).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimals(pub [u8; 6]);

impl Default for Decimals {
    fn default() -> Self {
        let mut d = [0; 6];
        d[Pollutant::Co.index()] = 1;
        Decimals(d)
    }
}

impl Decimals {
    /// Decimals of one pollutant.
    pub fn of(&self, p: Pollutant) -> u8 {
        self.0[p.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hourly_values_keep_dust_storm_concentrations() {
        // PM10 8,000 µg/m³ (given in tenths) is stored as 8,000; CO 1.2 mg/m³ as 12 tenths.
        assert_eq!(slot_value(1, 80_000), Some(8000));
        assert_eq!(slot_tenths(1, 8000), 80_000);
        assert_eq!(slot_value(SLOT_CO, 12), Some(12));
        // Decimals of µg/m³ values round half to even: 35.5 → 36, 34.5 → 34.
        assert_eq!(slot_value(0, 355), Some(36));
        assert_eq!(slot_value(0, 345), Some(34));
        assert_eq!(slot_value(0, 400_000), None);
    }

    #[test]
    fn day_values_are_compact_and_keep_missing_apart_from_zero() {
        assert_eq!(std::mem::size_of::<Day>(), 24);
        let mut v = DayValues::default();
        assert!(v.is_empty());
        v.set(Item::Co, Some(0));
        v.set(Item::Pm10, Some(327_660));
        assert_eq!(
            (v.get(Item::Co), v.get(Item::Pm10)),
            (Some(0), Some(327_660))
        );
        assert_eq!(v.get(Item::Pm25), None);
        v.set(Item::Co, None);
        assert_eq!(v.get(Item::Co), None);
        assert!(!v.is_empty());
        // Every value up to ±3 276.7 exactly; a dust storm's 8 000 µg/m³ exactly; beyond
        // 3 276.7 a value that is not whole rounds half to even, and the range saturates.
        for t in (-32_767..=32_767)
            .step_by(7)
            .chain([32_767, -32_767, 80_000, 300_000])
        {
            v.set(Item::Pm10, Some(t));
            assert_eq!(v.get(Item::Pm10), Some(t), "{t}");
            assert_eq!(v.get(Item::Pm25), None);
        }
        for (t, kept) in [
            (32_768, 32_770),
            (32_775, 32_780),
            (32_785, 32_780),
            (400_000, 327_670),
        ] {
            v.set(Item::So2, Some(t));
            assert_eq!(v.get(Item::So2), Some(kept), "{t}");
        }
        v.set(Item::So2, Some(5));
        assert_eq!(v.get(Item::So2), Some(5), "back to tenths");
    }

    #[test]
    fn city_names_are_normalised() {
        assert_eq!(normalize_city(" 南宁市 "), "南宁");
        assert_eq!(normalize_city("防城港"), "防城港");
        assert_eq!(normalize_city("市"), "市");
    }
}
