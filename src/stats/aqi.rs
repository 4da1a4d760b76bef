//! Daily and real-time (hourly) AQI, level, category, colour and primary pollutants
//! (HJ 633-2012 / HJ 633-2026; decisions A2–A5).

use super::rules::{AboveTable, Lookup, OtherValue, RuleSet, Table};
use crate::model::{DayValues, Item, Pollutant, Tenths};
use serde::Serialize;

/// The AQI level of HJ 633 表2 (2026: 表1) with its category and colour (附录A).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Level {
    /// 一级 优, 0–50.
    L1,
    /// 二级 良, 51–100.
    L2,
    /// 三级 轻度污染, 101–150.
    L3,
    /// 四级 中度污染, 151–200.
    L4,
    /// 五级 重度污染, 201–300.
    L5,
    /// 六级 严重污染, above 300.
    L6,
}

impl Level {
    /// All six, best first.
    pub const ALL: [Level; 6] = [
        Level::L1,
        Level::L2,
        Level::L3,
        Level::L4,
        Level::L5,
        Level::L6,
    ];

    /// The level of an AQI value (HJ 633-2012 表2; 0 counts as 优, docs/rules.md#levels-and-colours).
    pub fn of(aqi: u32) -> Level {
        match aqi {
            0..=50 => Level::L1,
            51..=100 => Level::L2,
            101..=150 => Level::L3,
            151..=200 => Level::L4,
            201..=300 => Level::L5,
            _ => Level::L6,
        }
    }

    /// 一级 … 六级.
    pub fn name(self) -> &'static str {
        ["一级", "二级", "三级", "四级", "五级", "六级"][self as usize]
    }

    /// 优, 良, 轻度污染, 中度污染, 重度污染, 严重污染.
    pub fn category(self) -> &'static str {
        ["优", "良", "轻度污染", "中度污染", "重度污染", "严重污染"][self as usize]
    }

    /// The official colour as `#RRGGBB` (HJ 633-2012 附录A).
    pub fn colour(self) -> &'static str {
        [
            "#00E400", "#FFFF00", "#FF7E00", "#FF0000", "#99004C", "#7E0023",
        ][self as usize]
    }
}

/// The daily AQI of one city-day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DailyAqi {
    /// The AQI, when it could be determined (see [`DailyAqi::valid`]).
    pub aqi: Option<u32>,
    /// IAQI of each item that had a value, indexed like [`Item::ALL`].
    pub iaqi: [Option<u32>; 7],
    /// Primary pollutants (AQI > 50, all tied ones; O3 named once), in document order.
    pub primary: Vec<Pollutant>,
    /// True when the day counts (decision A5).
    pub valid: bool,
    /// Items required by the rule set that are missing.
    pub missing: Vec<Item>,
}

impl DailyAqi {
    /// The level, for a valid day.
    pub fn level(&self) -> Option<Level> {
        self.aqi.filter(|_| self.valid).map(Level::of)
    }

    /// Good (优良): AQI ≤ 100 (decision A10).
    pub fn is_good(&self) -> bool {
        self.valid && self.aqi.is_some_and(|a| a <= 100)
    }

    /// Polluted (超标): AQI > 100.
    pub fn is_polluted(&self) -> bool {
        self.valid && self.aqi.is_some_and(|a| a > 100)
    }

    /// Heavy (重度及以上): AQI > 200 (decision A10).
    pub fn is_heavy(&self) -> bool {
        self.valid && self.aqi.is_some_and(|a| a > 200)
    }
}

fn value_iaqi(table: &Table, v: Tenths) -> u32 {
    match table.lookup(v) {
        Lookup::Iaqi(i) => i,
        // Above the top breakpoint: 500 (decision A2).
        Lookup::Above => 500,
    }
}

/// The daily items a rule set needs for a complete day: the six, and O3 1-h never (decision A3).
pub const REQUIRED: [Item; 6] = [
    Item::So2,
    Item::No2,
    Item::Pm10,
    Item::Co,
    Item::Pm25,
    Item::O3_8h,
];

/// Daily AQI of one city-day (HJ 633-2012 §5–6 / HJ 633-2026 §4–5; decisions A2–A5).
///
/// - IAQI of the 24-h SO2, NO2, PM10, PM2.5, CO and the daily max 8-h O3; under HJ 633-2012 also
///   the daily max 1-h O3 when the day has it (A3).
/// - O3 8-h above 800: HJ 633-2012 表1 注3 uses the 1-h value (if the day has none, the 8-h IAQI
///   is taken as the table's top of 300); HJ 633-2026 注c gives 300.
/// - Missing items: with all six the day is valid; with some missing it is valid only when the
///   AQI of those present is above 100 (A5, HJ 633-2026 §5.3.1).
pub fn daily_aqi(rules: &RuleSet, v: &DayValues) -> DailyAqi {
    let missing: Vec<Item> = REQUIRED
        .iter()
        .copied()
        .filter(|i| v.get(*i).is_none())
        .collect();
    finish(daily_iaqi(rules, v, &|_, t, c| t.lookup(c)), missing)
}

/// The daily AQI of a city-day in brief: what period statistics count, computed as
/// [`daily_aqi`] computes it, without its lists (no allocation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AqiBrief {
    /// The AQI, when it could be determined.
    pub aqi: Option<u32>,
    /// True when the day counts (decision A5).
    pub valid: bool,
    /// Primary pollutants as bits by [`Pollutant::index`].
    pub primary: u8,
}

impl AqiBrief {
    /// The level, for a valid day (as [`DailyAqi::level`]).
    pub fn level(&self) -> Option<Level> {
        self.aqi.filter(|_| self.valid).map(Level::of)
    }
}

/// [`daily_aqi`] in brief.
pub fn daily_aqi_brief(rules: &RuleSet, v: &DayValues) -> AqiBrief {
    brief_of(daily_iaqi(rules, v, &|_, t, c| t.lookup(c)), v)
}

/// [`daily_aqi_brief`] with the lookups memoized in `memo` (the same values). Each value's
/// IAQI is read from the memo in one pass; a day with anything the memo does not hold (a value
/// beyond it, an O3 8-h value above its table) goes the general way.
#[inline]
pub fn daily_aqi_brief_memo(memo: &DailyIaqi, v: &DayValues) -> AqiBrief {
    let mut iaqi = [0u32; 7];
    let (mut max, mut any, mut missing) = (0u32, false, false);
    for item in Item::ALL {
        let i = item.index();
        let Some(c) = v.get(item) else {
            missing |= item != Item::O3_1h;
            continue;
        };
        if item == Item::O3_1h && !memo.rules.daily_uses_o3_1h {
            continue;
        }
        let m = match usize::try_from(c).ok().and_then(|c| memo.memo[i].get(c)) {
            Some(&MEMO_ABOVE) if item != Item::O3_8h => 500,
            Some(&m) if m < MEMO_NONE => u32::from(m),
            _ => return daily_aqi_brief_looked_up(memo, v),
        };
        iaqi[i] = m;
        max = max.max(m);
        any = true;
    }
    // As `brief_of`: valid with every required item or an AQI above 100 (A5); the primary
    // pollutants those whose IAQI is the AQI, when above 50.
    let mut primary = 0u8;
    if max > 50 {
        for item in Item::ALL {
            if iaqi[item.index()] == max {
                primary |= 1 << item.pollutant().index();
            }
        }
    }
    AqiBrief {
        aqi: any.then_some(max),
        valid: any && (!missing || max > 100),
        primary: if any { primary } else { 0 },
    }
}

/// [`daily_aqi_brief_memo`] the general way (the memo where it holds the value).
#[cold]
fn daily_aqi_brief_looked_up(memo: &DailyIaqi, v: &DayValues) -> AqiBrief {
    brief_of(
        daily_iaqi(memo.rules, v, &|item, t, c| memo.lookup(item, t, c)),
        v,
    )
}

fn brief_of(iaqi: [Option<u32>; 7], v: &DayValues) -> AqiBrief {
    let any_missing = REQUIRED.iter().any(|i| v.get(*i).is_none());
    let max = iaqi.iter().flatten().copied().max();
    let valid = match max {
        Some(m) => !any_missing || m > 100,
        None => false,
    };
    let mut primary = 0u8;
    if let Some(m) = max.filter(|m| *m > 50) {
        for item in Item::ALL {
            if iaqi[item.index()] == Some(m) {
                primary |= 1 << item.pollutant().index();
            }
        }
    }
    AqiBrief {
        aqi: max,
        valid,
        primary,
    }
}

/// The daily IAQI tables of a rule set looked up once for every value from 0 to the highest
/// plausible daily value, for statistics over many city-days (a load instead of a search and a
/// division; values outside the memo are looked up as usual).
pub struct DailyIaqi<'r> {
    rules: &'r RuleSet,
    /// Per item (indexed like [`Item::ALL`]): the lookup of each value in tenths.
    memo: [Vec<u16>; 7],
}

/// In a memo: above the table's last breakpoint.
const MEMO_ABOVE: u16 = u16::MAX;
/// In a memo: not kept (an IAQI too large for it), looked up again.
const MEMO_NONE: u16 = u16::MAX - 1;

impl<'r> DailyIaqi<'r> {
    /// The memo of a rule set's daily tables.
    pub fn new(rules: &'r RuleSet) -> DailyIaqi<'r> {
        let top = Item::ALL
            .iter()
            .map(|i| i.plausible_max())
            .max()
            .unwrap_or(0);
        let memo = Item::ALL.map(|item| {
            let table = daily_table(rules, item);
            (0..=top)
                .map(|c| match table.lookup(c) {
                    Lookup::Above => MEMO_ABOVE,
                    Lookup::Iaqi(i) => u16::try_from(i)
                        .ok()
                        .filter(|i| *i < MEMO_NONE)
                        .unwrap_or(MEMO_NONE),
                })
                .collect()
        });
        DailyIaqi { rules, memo }
    }

    /// The rule set memoized.
    pub fn rules(&self) -> &'r RuleSet {
        self.rules
    }

    #[inline]
    fn lookup(&self, item: Item, table: &Table, c: Tenths) -> Lookup {
        match usize::try_from(c)
            .ok()
            .and_then(|i| self.memo[item.index()].get(i))
        {
            Some(&MEMO_ABOVE) => Lookup::Above,
            Some(&i) if i != MEMO_NONE => Lookup::Iaqi(u32::from(i)),
            _ => table.lookup(c),
        }
    }
}

/// The table a rule set gives for an item's daily value.
fn daily_table(rules: &RuleSet, item: Item) -> &Table {
    match item {
        Item::So2 => &rules.so2_24h,
        Item::No2 => &rules.no2_24h,
        Item::Pm10 => &rules.pm10_24h,
        Item::Co => &rules.co_24h,
        Item::Pm25 => &rules.pm25_24h,
        Item::O3_1h => &rules.o3_1h,
        Item::O3_8h => &rules.o3_8h,
    }
}

/// The IAQI of each item of a city-day (see [`daily_aqi`]), each table looked up through `look`
/// (item, table, value).
fn daily_iaqi(
    rules: &RuleSet,
    v: &DayValues,
    look: &impl Fn(Item, &Table, Tenths) -> Lookup,
) -> [Option<u32>; 7] {
    let iaqi_of = |item: Item, c: Tenths| match look(item, daily_table(rules, item), c) {
        Lookup::Iaqi(i) => i,
        // Above the top breakpoint: 500 (decision A2).
        Lookup::Above => 500,
    };
    let mut iaqi = [None; 7];
    for item in [Item::So2, Item::No2, Item::Pm10, Item::Co, Item::Pm25] {
        iaqi[item.index()] = v.get(item).map(|c| iaqi_of(item, c));
    }
    let o3_1h = v.get(Item::O3_1h);
    if rules.daily_uses_o3_1h {
        iaqi[Item::O3_1h.index()] = o3_1h.map(|c| iaqi_of(Item::O3_1h, c));
    }
    iaqi[Item::O3_8h.index()] =
        v.get(Item::O3_8h)
            .map(|c| match look(Item::O3_8h, &rules.o3_8h, c) {
                Lookup::Iaqi(i) => i,
                Lookup::Above => match rules.o3_8h_above_table {
                    AboveTable::Fixed(i) => i,
                    AboveTable::Other(OtherValue::Use1h) => o3_1h
                        .map(|h| iaqi_of(Item::O3_1h, h))
                        .unwrap_or_else(|| rules.o3_8h.top_iaqi()),
                    AboveTable::Other(OtherValue::Use24h) => rules.o3_8h.top_iaqi(),
                },
            });
    iaqi
}

/// Real-time (hourly) AQI of one station or city hour (HJ 633-2012 §6; HJ 633-2026 §4.2).
///
/// Inputs are 1-hour values of SO2, NO2, CO, O3 and PM10, PM2.5, plus the 24-h moving SO2 and the
/// 8-h moving O3 when known. PM 1-hour values are indexed on the 24-h breakpoints
/// (docs/rules.md#real-time-aqi; the practice the national platform's published AQI follows,
/// decision A2). SO2 1-h above
/// 800: HJ 633-2012 注2 uses the 24-h value, HJ 633-2026 注b gives 200. The 8-h O3 counts under
/// HJ 633-2012 (a real-time item there), not under HJ 633-2026.
pub fn hourly_aqi(rules: &RuleSet, h: &HourValues) -> DailyAqi {
    let mut iaqi = [None; 7];
    iaqi[Item::So2.index()] = h.so2.map(|c| match rules.so2_1h.lookup(c) {
        Lookup::Iaqi(i) => i,
        Lookup::Above => match rules.so2_1h_above_table {
            AboveTable::Fixed(i) => i,
            AboveTable::Other(_) => h
                .so2_24h
                .map(|d| value_iaqi(&rules.so2_24h, d))
                .unwrap_or(rules.so2_1h.top_iaqi()),
        },
    });
    iaqi[Item::No2.index()] = h.no2.map(|c| value_iaqi(&rules.no2_1h, c));
    iaqi[Item::Co.index()] = h.co.map(|c| value_iaqi(&rules.co_1h, c));
    iaqi[Item::Pm10.index()] = h.pm10.map(|c| value_iaqi(&rules.pm10_24h, c));
    iaqi[Item::Pm25.index()] = h.pm25.map(|c| value_iaqi(&rules.pm25_24h, c));
    iaqi[Item::O3_1h.index()] = h.o3.map(|c| value_iaqi(&rules.o3_1h, c));
    if rules.daily_uses_o3_1h {
        iaqi[Item::O3_8h.index()] = h.o3_8h.and_then(|c| match rules.o3_8h.lookup(c) {
            Lookup::Iaqi(i) => Some(i),
            Lookup::Above => None,
        });
    }
    let needed = [
        (Item::So2, h.so2),
        (Item::No2, h.no2),
        (Item::Pm10, h.pm10),
        (Item::Co, h.co),
        (Item::Pm25, h.pm25),
        (Item::O3_1h, h.o3),
    ];
    let missing = needed
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(i, _)| *i)
        .collect();
    finish(iaqi, missing)
}

/// The 1-hour values of a real-time AQI, in tenths.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HourValues {
    pub so2: Option<Tenths>,
    pub no2: Option<Tenths>,
    pub pm10: Option<Tenths>,
    pub co: Option<Tenths>,
    pub pm25: Option<Tenths>,
    pub o3: Option<Tenths>,
    /// 24-h moving SO2, for HJ 633-2012 注2.
    pub so2_24h: Option<Tenths>,
    /// 8-h moving O3 (a real-time item of HJ 633-2012).
    pub o3_8h: Option<Tenths>,
}

fn finish(iaqi: [Option<u32>; 7], missing: Vec<Item>) -> DailyAqi {
    let max = iaqi.iter().flatten().copied().max();
    let valid = match max {
        Some(m) => missing.is_empty() || m > 100,
        None => false,
    };
    let mut primary = Vec::new();
    if let Some(m) = max.filter(|m| *m > 50) {
        for item in Item::ALL {
            let p = item.pollutant();
            if iaqi[item.index()] == Some(m) && !primary.contains(&p) {
                primary.push(p);
            }
        }
        primary.sort();
    }
    DailyAqi {
        aqi: max,
        iaqi,
        primary,
        valid,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::rules::RuleBook;

    /// A day with the given values (natural units; CO in mg/m³) and nothing else.
    fn day(values: &[(Item, f64)]) -> DayValues {
        let mut d = DayValues::default();
        for (item, v) in values {
            d.set(*item, Some((v * 10.0).round() as i64));
        }
        d
    }

    /// AQI, category and primary pollutants under one set, ignoring missing items: the worked
    /// examples give only the pollutants that matter.
    fn check(set: &str, values: &[(Item, f64)], aqi: u32, category: &str, primary: &[&str]) {
        let book = RuleBook::bundled().unwrap();
        let r = daily_aqi(book.by_id(set).unwrap(), &day(values));
        assert_eq!(r.aqi, Some(aqi), "{set} {values:?}");
        assert_eq!(Level::of(aqi).category(), category, "{set} {values:?}");
        let names: Vec<&str> = r.primary.iter().map(|p| p.name()).collect();
        assert_eq!(names, primary, "{set} {values:?}");
    }

    use Item::*;

    #[test]
    fn v1_to_v3_pm_nodes() {
        for set in ["hj633-2012", "hj633-2026"] {
            check(set, &[(Pm25, 35.0)], 50, "优", &[]);
            check(set, &[(Pm25, 36.0)], 52, "良", &["PM2.5"]);
        }
        check(
            "hj633-2012",
            &[(Pm25, 75.0), (Pm10, 150.0)],
            100,
            "良",
            &["PM2.5", "PM10"],
        );
        check(
            "hj633-2026",
            &[(Pm25, 75.0), (Pm10, 150.0)],
            114,
            "轻度污染",
            &["PM2.5"],
        );
    }

    #[test]
    fn v4_v5_full_days() {
        let v4 = [
            (So2, 10.0),
            (No2, 45.0),
            (Pm10, 120.0),
            (Pm25, 60.0),
            (Co, 0.8),
            (O3_8h, 150.0),
        ];
        check("hj633-2012", &v4, 92, "良", &["O3"]);
        check("hj633-2026", &v4, 100, "良", &["PM2.5", "PM10"]);
        let v5 = [(Pm25, 80.0), (Pm10, 110.0), (No2, 60.0)];
        check("hj633-2012", &v5, 107, "轻度污染", &["PM2.5"]);
        check("hj633-2026", &v5, 119, "轻度污染", &["PM2.5"]);
    }

    #[test]
    fn v6_to_v10() {
        for set in ["hj633-2012", "hj633-2026"] {
            check(
                set,
                &[(O3_8h, 170.0), (Pm25, 30.0)],
                110,
                "轻度污染",
                &["O3"],
            );
            // V7: CO 2.2 gives exactly 55 (56 in floating point).
            check(set, &[(Co, 2.2), (Pm25, 20.0)], 55, "良", &["CO"]);
            check(
                set,
                &[(Pm10, 400.0), (Pm25, 180.0)],
                272,
                "重度污染",
                &["PM10"],
            );
            check(set, &[(Pm25, 260.0)], 310, "严重污染", &["PM2.5"]);
            check(
                set,
                &[(So2, 200.0), (No2, 100.0)],
                110,
                "轻度污染",
                &["NO2"],
            );
        }
    }

    #[test]
    fn v11_o3_8h_above_800() {
        let v11 = [(O3_8h, 850.0), (O3_1h, 900.0), (Pm25, 50.0)];
        check("hj633-2012", &v11, 350, "严重污染", &["O3"]);
        check("hj633-2026", &v11, 300, "重度污染", &["O3"]);
        let book = RuleBook::bundled().unwrap();
        let r = daily_aqi(book.by_id("hj633-2012").unwrap(), &day(&v11));
        assert_eq!(r.iaqi[Pm25.index()], Some(69));
        let r = daily_aqi(book.by_id("hj633-2026").unwrap(), &day(&v11));
        assert_eq!(r.iaqi[Pm25.index()], Some(80));
    }

    #[test]
    fn v12_v13_real_time() {
        let book = RuleBook::bundled().unwrap();
        let h = HourValues {
            so2: Some(9000),
            so2_24h: Some(3000),
            ..Default::default()
        };
        let r12 = hourly_aqi(book.by_id("hj633-2012").unwrap(), &h);
        assert_eq!(r12.iaqi[So2.index()], Some(124));
        let r26 = hourly_aqi(book.by_id("hj633-2026").unwrap(), &h);
        assert_eq!(r26.iaqi[So2.index()], Some(200));
        let h = HourValues {
            no2: Some(3500),
            ..Default::default()
        };
        for set in ["hj633-2012", "hj633-2026"] {
            let r = hourly_aqi(book.by_id(set).unwrap(), &h);
            assert_eq!(r.aqi, Some(115));
            assert_eq!(Level::of(115).category(), "轻度污染");
        }
    }

    #[test]
    fn missing_items_follow_a5() {
        let book = RuleBook::bundled().unwrap();
        let rules = book.by_id("hj633-2012").unwrap();
        let full = [
            (So2, 10.0),
            (No2, 20.0),
            (Pm10, 40.0),
            (Co, 0.8),
            (Pm25, 20.0),
            (O3_8h, 90.0),
        ];
        assert!(daily_aqi(rules, &day(&full)).valid);
        // O3 1-h is optional: the six are all there.
        assert!(daily_aqi(rules, &day(&full)).missing.is_empty());
        // PM2.5 missing, rest clean: invalid.
        let r = daily_aqi(rules, &day(&full[..4]));
        assert!(!r.valid);
        assert_eq!(r.missing, vec![Pm25, O3_8h]);
        // Missing NO2 but PM2.5 at 120: polluted, valid.
        let r = daily_aqi(rules, &day(&[(Pm25, 120.0), (Pm10, 150.0)]));
        assert!(r.valid && r.is_polluted() && !r.is_heavy());
        assert_eq!(r.aqi, Some(158));
    }

    #[test]
    fn levels_and_colours() {
        let cases = [
            (0, "优", "#00E400"),
            (50, "优", "#00E400"),
            (51, "良", "#FFFF00"),
            (100, "良", "#FFFF00"),
            (101, "轻度污染", "#FF7E00"),
            (150, "轻度污染", "#FF7E00"),
            (151, "中度污染", "#FF0000"),
            (200, "中度污染", "#FF0000"),
            (201, "重度污染", "#99004C"),
            (300, "重度污染", "#99004C"),
            (301, "严重污染", "#7E0023"),
            (500, "严重污染", "#7E0023"),
        ];
        for (aqi, cat, colour) in cases {
            assert_eq!(Level::of(aqi).category(), cat);
            assert_eq!(Level::of(aqi).colour(), colour);
        }
    }

    #[test]
    fn the_brief_daily_aqi_agrees_with_the_full_one() {
        let book = RuleBook::bundled().unwrap();
        let mut x: u64 = 7;
        let mut next = |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        for set in ["hj633-2012", "hj633-2026"] {
            let rules = book.by_id(set).unwrap();
            let memo = DailyIaqi::new(rules);
            for _ in 0..20_000 {
                let mut v = DayValues::default();
                for item in Item::ALL {
                    // Missing now and then; ties of round values; values above the tables.
                    if next(12) != 0 {
                        // Now and then beyond the memo (and any table).
                        let max = if next(10) == 0 {
                            400_000
                        } else {
                            item.plausible_max() as u64 / 4
                        };
                        v.set(item, Some((next(max) / 10 * 10) as i64));
                    }
                }
                let full = daily_aqi(rules, &v);
                let brief = daily_aqi_brief(rules, &v);
                assert_eq!(daily_aqi_brief_memo(&memo, &v), brief, "{v:?}");
                assert_eq!((brief.aqi, brief.valid), (full.aqi, full.valid), "{v:?}");
                assert_eq!(brief.level(), full.level());
                let primary: Vec<Pollutant> = Pollutant::ALL
                    .into_iter()
                    .filter(|p| brief.primary & (1 << p.index()) != 0)
                    .collect();
                assert_eq!(primary, full.primary, "{v:?}");
            }
        }
    }
}
