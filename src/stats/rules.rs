//! Rule sets as data: the HJ 633 breakpoint tables, their special rules and the composite-index
//! denominators, read from `data/rules/*.toml` (embedded in the binary), and the choice of a set
//! per day by date (decision A1).

use crate::model::{Pollutant, Tenths};
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use serde::Deserialize;

/// The rule files shipped with the tool, oldest first.
const BUNDLED: [(&str, &str); 2] = [
    (
        "data/rules/hj633-2012.toml",
        include_str!("../../data/rules/hj633-2012.toml"),
    ),
    (
        "data/rules/hj633-2026.toml",
        include_str!("../../data/rules/hj633-2026.toml"),
    ),
];

/// What to do with a value above the last breakpoint of a table that has a footnote for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum AboveTable {
    /// A fixed IAQI (HJ 633-2026 notes b and c).
    Fixed(u32),
    /// Use another value of the same pollutant (HJ 633-2012 notes 2 and 3).
    Other(OtherValue),
}

/// The other value HJ 633-2012 falls back to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum OtherValue {
    /// The 1-hour O3 value instead of the 8-hour one.
    #[serde(rename = "use-1h")]
    Use1h,
    /// The 24-hour SO2 value instead of the 1-hour one.
    #[serde(rename = "use-24h")]
    Use24h,
}

/// One piecewise-linear breakpoint table: concentrations in tenths, IAQI nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    bp: Vec<Tenths>,
    iaqi: Vec<u32>,
}

/// What an IAQI lookup gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The IAQI, rounded up (decision A2).
    Iaqi(u32),
    /// The value lies above the table's last breakpoint.
    Above,
}

impl Table {
    /// IAQI_P = (IAQI_Hi − IAQI_Lo)/(BP_Hi − BP_Lo) × (C_P − BP_Lo) + IAQI_Lo, rounded up
    /// (HJ 633-2012 §6.2 formula (1); HJ 633-2026 §4.2.6 进位取整; decision A2). Computed in
    /// integers: no floating point, so CO 2.2 gives 55.
    pub fn lookup(&self, c: Tenths) -> Lookup {
        let c = c.max(0);
        for i in 0..self.bp.len() - 1 {
            let (lo, hi) = (self.bp[i], self.bp[i + 1]);
            if c <= hi {
                let (ilo, ihi) = (i64::from(self.iaqi[i]), i64::from(self.iaqi[i + 1]));
                let num = (ihi - ilo) * (c - lo);
                let den = hi - lo;
                let v = ilo + (num + den - 1).div_euclid(den);
                return Lookup::Iaqi(v as u32);
            }
        }
        Lookup::Above
    }

    /// The last IAQI node of the table (500 for complete tables).
    pub fn top_iaqi(&self) -> u32 {
        *self.iaqi.last().unwrap_or(&500)
    }
}

/// A complete rule set: one of HJ 633-2012 or HJ 633-2026 with its companions.
#[derive(Clone, Debug)]
pub struct RuleSet {
    /// `hj633-2012` or `hj633-2026`.
    pub id: String,
    /// The standards it stands for, as printed in documents.
    pub name: String,
    /// First day judged by this set.
    pub valid_from: NaiveDate,
    /// Whether the daily AQI includes the IAQI of the daily max 1-hour O3 (decision A3).
    pub daily_uses_o3_1h: bool,
    pub o3_8h_above_table: AboveTable,
    pub so2_1h_above_table: AboveTable,
    pub so2_24h: Table,
    pub so2_1h: Table,
    pub no2_24h: Table,
    pub no2_1h: Table,
    pub pm10_24h: Table,
    pub co_24h: Table,
    pub co_1h: Table,
    pub o3_1h: Table,
    pub o3_8h: Table,
    pub pm25_24h: Table,
    /// S_i of the composite index, in tenths, indexed like [`Pollutant::ALL`].
    pub index_standards: [Tenths; 6],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRuleSet {
    id: String,
    name: String,
    valid_from: toml::value::Datetime,
    iaqi: Vec<u32>,
    daily_uses_o3_1h: bool,
    o3_8h_above_table: AboveTable,
    so2_1h_above_table: AboveTable,
    breakpoints: RawBreakpoints,
    index_standards: RawStandards,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBreakpoints {
    so2_24h: Vec<i64>,
    so2_1h: Vec<i64>,
    no2_24h: Vec<i64>,
    no2_1h: Vec<i64>,
    pm10_24h: Vec<i64>,
    co_24h: Vec<i64>,
    co_1h: Vec<i64>,
    o3_1h: Vec<i64>,
    o3_8h: Vec<i64>,
    pm25_24h: Vec<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStandards {
    pm25: i64,
    pm10: i64,
    so2: i64,
    no2: i64,
    co: i64,
    o3: i64,
}

fn table(name: &str, bp: &[i64], iaqi: &[u32]) -> Result<Table> {
    if bp.len() < 2 || bp.len() > iaqi.len() {
        bail!(
            "断点表 {name} 的断点数 {} 与 IAQI 分级数 {} 不符",
            bp.len(),
            iaqi.len()
        );
    }
    if bp.windows(2).any(|w| w[0] >= w[1]) {
        bail!("断点表 {name} 的浓度断点必须严格递增");
    }
    Ok(Table {
        bp: bp.iter().map(|v| v * 10).collect(),
        iaqi: iaqi[..bp.len()].to_vec(),
    })
}

impl RuleSet {
    /// Parses one rule file; `path` names it in errors.
    pub fn parse(path: &str, text: &str) -> Result<RuleSet> {
        let raw: RawRuleSet =
            toml::from_str(text).with_context(|| format!("规则文件 {path} 有误"))?;
        let d = raw.valid_from.date.context("valid_from 必须是日期")?;
        let valid_from = NaiveDate::from_ymd_opt(i32::from(d.year), d.month.into(), d.day.into())
            .context("valid_from 不是有效日期")?;
        let b = &raw.breakpoints;
        let s = &raw.index_standards;
        let mut standards = [0; 6];
        for (p, v) in [
            (Pollutant::Pm25, s.pm25),
            (Pollutant::Pm10, s.pm10),
            (Pollutant::O3, s.o3),
            (Pollutant::So2, s.so2),
            (Pollutant::No2, s.no2),
            (Pollutant::Co, s.co),
        ] {
            standards[p.index()] = v * 10;
        }
        let iaqi = &raw.iaqi;
        Ok(RuleSet {
            id: raw.id,
            name: raw.name,
            valid_from,
            daily_uses_o3_1h: raw.daily_uses_o3_1h,
            o3_8h_above_table: raw.o3_8h_above_table,
            so2_1h_above_table: raw.so2_1h_above_table,
            so2_24h: table("so2_24h", &b.so2_24h, iaqi)?,
            so2_1h: table("so2_1h", &b.so2_1h, iaqi)?,
            no2_24h: table("no2_24h", &b.no2_24h, iaqi)?,
            no2_1h: table("no2_1h", &b.no2_1h, iaqi)?,
            pm10_24h: table("pm10_24h", &b.pm10_24h, iaqi)?,
            co_24h: table("co_24h", &b.co_24h, iaqi)?,
            co_1h: table("co_1h", &b.co_1h, iaqi)?,
            o3_1h: table("o3_1h", &b.o3_1h, iaqi)?,
            o3_8h: table("o3_8h", &b.o3_8h, iaqi)?,
            pm25_24h: table("pm25_24h", &b.pm25_24h, iaqi)?,
            index_standards: standards,
        })
    }
}

/// The rule sets known to the tool and the choice between them.
#[derive(Clone, Debug)]
pub struct RuleBook {
    /// Sorted by `valid_from`.
    sets: Vec<RuleSet>,
    /// A set forced for every day (configuration or `--rules`).
    forced: Option<usize>,
}

impl RuleBook {
    /// The bundled rule sets, each day judged by its own date.
    pub fn bundled() -> Result<RuleBook> {
        let mut sets = BUNDLED
            .iter()
            .map(|(path, text)| RuleSet::parse(path, text))
            .collect::<Result<Vec<_>>>()?;
        sets.sort_by_key(|s| s.valid_from);
        Ok(RuleBook { sets, forced: None })
    }

    /// Forces the set with this id (`hj633-2012`, `hj633-2026`) for every day; `auto` keeps the
    /// choice by date.
    pub fn force(mut self, id: &str) -> Result<RuleBook> {
        if id == "auto" {
            self.forced = None;
            return Ok(self);
        }
        match self.sets.iter().position(|s| s.id == id) {
            Some(i) => self.forced = Some(i),
            None => {
                let known: Vec<&str> = self.sets.iter().map(|s| s.id.as_str()).collect();
                bail!("未知的规则集“{id}”，可选：auto、{}", known.join("、"))
            }
        }
        Ok(self)
    }

    /// The set that judges `date` (decision A1: before 2026-03-01 HJ 633-2012, from then on
    /// HJ 633-2026), unless one is forced.
    pub fn for_date(&self, date: NaiveDate) -> &RuleSet {
        if let Some(i) = self.forced {
            return &self.sets[i];
        }
        self.sets
            .iter()
            .rev()
            .find(|s| s.valid_from <= date)
            .unwrap_or(&self.sets[0])
    }

    /// The set by id.
    pub fn by_id(&self, id: &str) -> Option<&RuleSet> {
        self.sets.iter().find(|s| s.id == id)
    }

    /// The ids of the sets used for the days `from..=to`, oldest first (for document footnotes).
    pub fn ids_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for s in [self.for_date(from), self.for_date(to)] {
            if !ids.contains(&s.id) {
                ids.push(s.id.clone());
            }
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_set_is_chosen_by_date_and_can_be_forced() {
        let book = RuleBook::bundled().unwrap();
        assert_eq!(book.for_date(date("2026-02-28")).id, "hj633-2012");
        assert_eq!(book.for_date(date("2026-03-01")).id, "hj633-2026");
        assert_eq!(book.for_date(date("2010-01-01")).id, "hj633-2012");
        let forced = book.clone().force("hj633-2026").unwrap();
        assert_eq!(forced.for_date(date("2022-11-01")).id, "hj633-2026");
        assert!(book.force("hj633-1999").is_err());
    }

    #[test]
    fn only_the_pm_nodes_differ_between_the_sets() {
        let book = RuleBook::bundled().unwrap();
        let (a, b) = (
            book.by_id("hj633-2012").unwrap(),
            book.by_id("hj633-2026").unwrap(),
        );
        assert_eq!(a.pm25_24h.lookup(750), Lookup::Iaqi(100));
        assert_eq!(b.pm25_24h.lookup(600), Lookup::Iaqi(100));
        assert_eq!(a.pm10_24h.lookup(1500), Lookup::Iaqi(100));
        assert_eq!(b.pm10_24h.lookup(1200), Lookup::Iaqi(100));
        assert_eq!(a.o3_8h, b.o3_8h);
        assert_eq!(a.co_24h, b.co_24h);
        assert_eq!(a.o3_8h.lookup(8010), Lookup::Above);
        assert_eq!(a.pm25_24h.lookup(5010), Lookup::Above);
    }
}
