//! Deterministic generator for the synthetic sample data set
//! `data/sample/guangxi-daily-2021-2022.csv`: published daily values
//! (PM2.5, PM10, SO2, NO2, CO, max 1-h O3, max 8-h O3) for the 14
//! prefecture-level cities of Guangxi, 2021-01-01 … 2022-12-31.
//!
//! The numbers are invented but shaped like real Guangxi data: a strong
//! winter/summer PM2.5 cycle, day-to-day persistence, a regional weather
//! factor shared by all cities, scheduled winter particle episodes and
//! spring/autumn ozone episodes, a few heavy-pollution days, about 2 %
//! missing values and a few whole missing city-days. City levels are tuned
//! against the 2022 plan targets so that some cities are on track, some at
//! risk and one can no longer reach its good-day target by late November.
//!
//! The scenario is written down in the tables below: per-city PM2.5
//! levels for each year (2022 cleaner than 2021 except in 柳州 and 贺州),
//! dated particle and ozone episodes, the six heavy city-days (four in
//! 2021, two on 2022-01-25 in 贵港 and 来宾) and the monitoring outages
//! (including 河池 2022-11-14 … 11-17, leaving it 26 valid November days).
//!
//! Everything comes from one fixed-seed splitmix64 stream consumed in a
//! fixed order, so two runs give byte-identical output. Only `std` float
//! functions are used (`ln`, `sin`, `cos`, `exp`, `sqrt`); last-bit libm
//! differences between platforms cannot realistically change the rounded
//! values.
//!
//! Run it with either
//!
//! ```text
//! cargo run --release --example gen_sample [OUTPUT.csv]
//! rustc -O --edition 2021 examples/gen_sample.rs -o /tmp/gen_sample && /tmp/gen_sample [OUTPUT.csv]
//! ```
//!
//! The output path defaults to `data/sample/guangxi-daily-2021-2022.csv`.

use std::f64::consts::PI;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Fixed seed of the random stream; changing it changes every value.
const SEED: u64 = 0x4758_2021_2022_A1B2;
/// Output path used when no argument is given.
const DEFAULT_OUTPUT: &str = "data/sample/guangxi-daily-2021-2022.csv";
/// CSV header line.
const HEADER: &str = "date,city,pm25,pm10,so2,no2,co,o3_1h,o3_8h";
/// First day of the data set.
const FIRST_DAY: Date = Date::new(2021, 1, 1);
/// Last day of the data set.
const LAST_DAY: Date = Date::new(2022, 12, 31);

/// Probability that a single value of the six pollutants is missing (`o3_1h` uses its own rate).
/// Kept low: a day missing one of the six with an AQI of at most 100 is invalid (decision A5), and
/// real daily values, made of 20 or more hours, rarely lack a single pollutant.
const MISSING_RATE: f64 = 0.004;
/// Probability that the max 1-hour ozone value is missing: it is optional for the daily AQI, and
/// exports often leave it out. With the outages, about 2 % of all values are missing.
const MISSING_RATE_O3_1H: f64 = 0.1;
/// Highest PM2.5 allowed on a non-heavy day (IAQI stays ≤ 200).
const PM25_CAP: f64 = 148.0;
/// Highest max-8-hour ozone allowed (IAQI ≈ 170: ozone days stay light or
/// moderate pollution, never heavy).
const O3_8H_CAP: f64 = 235.0;
/// Fraction of a particle episode's peak reaching cities not listed for it.
const PM_SPILL: f64 = 0.55;
/// Fraction of an ozone episode's peak reaching cities not listed for it.
const O3_SPILL: f64 = 0.70;

// ---------------------------------------------------------------- dates

/// A proleptic Gregorian calendar date.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    y: i32,
    m: u32,
    d: u32,
}

impl Date {
    /// Builds a date (not validated; all uses are literal constants).
    const fn new(y: i32, m: u32, d: u32) -> Self {
        Date { y, m, d }
    }

    /// Whether `y` is a leap year.
    fn is_leap(y: i32) -> bool {
        (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
    }

    /// Number of days in this date's month.
    fn days_in_month(self) -> u32 {
        match self.m {
            2 if Date::is_leap(self.y) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// The following day.
    fn succ(self) -> Date {
        if self.d < self.days_in_month() {
            Date::new(self.y, self.m, self.d + 1)
        } else if self.m < 12 {
            Date::new(self.y, self.m + 1, 1)
        } else {
            Date::new(self.y + 1, 1, 1)
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    fn ordinal(self) -> i64 {
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Position in the year in fractional months, 0.0 = middle of January.
    fn month_position(self) -> f64 {
        let within = (f64::from(self.d) - 0.5) / f64::from(self.days_in_month());
        f64::from(self.m - 1) + within - 0.5
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

/// Interpolates a 12-entry table of mid-month values linearly (cyclic).
fn seasonal(table: &[f64; 12], date: Date) -> f64 {
    let x = date.month_position();
    let lo = x.floor();
    let w = x - lo;
    let i = (lo as i64).rem_euclid(12) as usize;
    table[i] * (1.0 - w) + table[(i + 1) % 12] * w
}

// ---------------------------------------------------------------- random numbers

/// splitmix64 generator with a cached second Box–Muller deviate.
struct Rng {
    state: u64,
    spare: Option<f64>,
}

impl Rng {
    /// Creates the generator from a seed.
    fn new(seed: u64) -> Self {
        Rng {
            state: seed,
            spare: None,
        }
    }

    /// Next raw 64-bit output (splitmix64).
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform deviate in the open interval (0, 1).
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Uniform deviate in (lo, hi).
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// Standard normal deviate (Box–Muller, both deviates used).
    fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let r = (-2.0 * self.uniform().ln()).sqrt();
        let theta = 2.0 * PI * self.uniform();
        self.spare = Some(r * theta.sin());
        r * theta.cos()
    }

    /// Mean-one lognormal factor with log-standard-deviation `sigma`.
    fn lognormal(&mut self, sigma: f64) -> f64 {
        (sigma * self.normal() - 0.5 * sigma * sigma).exp()
    }
}

/// Stationary AR(1) process in log space with standard deviation `sigma`.
struct Ar1 {
    phi: f64,
    sigma: f64,
    state: f64,
}

impl Ar1 {
    /// Creates the process at its mean (zero).
    const fn new(phi: f64, sigma: f64) -> Self {
        Ar1 {
            phi,
            sigma,
            state: 0.0,
        }
    }

    /// Advances one day with the standard normal innovation `z`.
    fn step(&mut self, z: f64) {
        let scale = (1.0 - self.phi * self.phi).sqrt() * self.sigma;
        self.state = self.phi * self.state + scale * z;
    }

    /// Mean-one multiplicative factor for the current state.
    fn factor(&self) -> f64 {
        (self.state - 0.5 * self.sigma * self.sigma).exp()
    }
}

// ---------------------------------------------------------------- cities

/// Static description of one city.
struct City {
    name: &'static str,
    /// Background annual-mean PM2.5 level (µg/m³) for 2021 and 2022,
    /// before episodes are added.
    pm_level: [f64; 2],
    /// Multiplier on the regional ozone climatology.
    o3_level: f64,
    /// Annual-mean NO2 level (µg/m³).
    no2_level: f64,
    /// Annual-mean SO2 level (µg/m³).
    so2_level: f64,
    /// Annual-mean CO level (mg/m³).
    co_level: f64,
}

/// The 14 cities in output order.
#[rustfmt::skip]
const CITIES: [City; 14] = [
    City { name: "南宁", pm_level: [29.5, 28.0], o3_level: 1.00, no2_level: 29.0, so2_level: 9.0, co_level: 0.85 },
    City { name: "柳州", pm_level: [29.5, 32.5], o3_level: 1.00, no2_level: 28.0, so2_level: 15.0, co_level: 0.95 },
    City { name: "桂林", pm_level: [31.0, 29.5], o3_level: 1.00, no2_level: 22.0, so2_level: 11.0, co_level: 0.85 },
    City { name: "梧州", pm_level: [28.0, 26.5], o3_level: 0.97, no2_level: 20.0, so2_level: 10.0, co_level: 0.80 },
    City { name: "北海", pm_level: [26.0, 24.0], o3_level: 0.95, no2_level: 15.0, so2_level: 7.0, co_level: 0.70 },
    City { name: "防城港", pm_level: [26.5, 24.5], o3_level: 0.95, no2_level: 16.0, so2_level: 8.0, co_level: 0.70 },
    City { name: "钦州", pm_level: [28.5, 26.5], o3_level: 0.98, no2_level: 18.0, so2_level: 9.0, co_level: 0.75 },
    City { name: "贵港", pm_level: [31.0, 30.0], o3_level: 1.02, no2_level: 21.0, so2_level: 12.0, co_level: 0.90 },
    City { name: "玉林", pm_level: [30.5, 29.0], o3_level: 1.00, no2_level: 21.0, so2_level: 10.0, co_level: 0.85 },
    City { name: "百色", pm_level: [30.5, 28.5], o3_level: 1.00, no2_level: 18.0, so2_level: 13.0, co_level: 0.90 },
    City { name: "贺州", pm_level: [27.0, 29.8], o3_level: 0.98, no2_level: 17.0, so2_level: 10.0, co_level: 0.80 },
    City { name: "河池", pm_level: [28.0, 26.0], o3_level: 0.95, no2_level: 16.0, so2_level: 12.0, co_level: 0.85 },
    City { name: "来宾", pm_level: [31.5, 29.0], o3_level: 1.02, no2_level: 19.0, so2_level: 13.0, co_level: 0.90 },
    City { name: "崇左", pm_level: [28.5, 26.5], o3_level: 1.04, no2_level: 16.0, so2_level: 8.0, co_level: 0.75 },
];

/// City indices, for readable episode tables.
const NANNING: usize = 0;
const LIUZHOU: usize = 1;
const GUILIN: usize = 2;
const WUZHOU: usize = 3;
const BEIHAI: usize = 4;
const FANGCHENGGANG: usize = 5;
const QINZHOU: usize = 6;
const GUIGANG: usize = 7;
const YULIN: usize = 8;
const BAISE: usize = 9;
const HEZHOU: usize = 10;
const HECHI: usize = 11;
const LAIBIN: usize = 12;
const CHONGZUO: usize = 13;

// ---------------------------------------------------------------- climatology

/// Regional mid-month PM2.5 shape (relative; normalised to mean 1 in use).
const PM_SEASON: [f64; 12] = [
    52.0, 44.0, 37.0, 30.0, 22.0, 15.0, 14.0, 15.0, 22.0, 29.0, 36.0, 47.0,
];
/// Regional mid-month max-8-hour ozone (µg/m³).
const O3_SEASON: [f64; 12] = [
    70.0, 74.0, 86.0, 100.0, 98.0, 72.0, 68.0, 78.0, 112.0, 116.0, 96.0, 78.0,
];
/// Seasonal multiplier for NO2 and CO (traffic + stagnant winter air).
const NO2_SEASON: [f64; 12] = [
    1.30, 1.15, 1.05, 0.95, 0.85, 0.75, 0.72, 0.75, 0.90, 1.05, 1.20, 1.30,
];
/// Seasonal multiplier for SO2 (weak).
const SO2_SEASON: [f64; 12] = [
    1.15, 1.10, 1.05, 1.00, 0.95, 0.90, 0.88, 0.90, 0.95, 1.00, 1.05, 1.12,
];

/// Mean of a 12-entry table.
fn table_mean(table: &[f64; 12]) -> f64 {
    table.iter().sum::<f64>() / 12.0
}

// ---------------------------------------------------------------- episodes

/// A scheduled multi-day pollution episode.
struct Episode {
    start: Date,
    days: i64,
    /// Plateau value (PM2.5 or max-8-hour ozone, µg/m³) in the listed cities.
    peak: f64,
    /// Cities fully affected; the others get a spill-over fraction.
    cities: &'static [usize],
}

/// Cities of the north and centre that trap winter pollution most.
const INLAND: &[usize] = &[
    NANNING, LIUZHOU, GUILIN, GUIGANG, YULIN, HEZHOU, LAIBIN, HECHI,
];

/// Winter particle episodes (PM2.5 plateau).
#[rustfmt::skip]
const PM_EPISODES: [Episode; 16] = [
    Episode { start: Date::new(2021, 1, 7), days: 5, peak: 112.0, cities: INLAND },
    Episode { start: Date::new(2021, 1, 21), days: 4, peak: 98.0, cities: &[LIUZHOU, GUILIN, LAIBIN, HEZHOU, GUIGANG, WUZHOU] },
    Episode { start: Date::new(2021, 2, 12), days: 3, peak: 95.0, cities: &[NANNING, LIUZHOU, GUIGANG, YULIN, LAIBIN, BAISE] },
    Episode { start: Date::new(2021, 3, 3), days: 3, peak: 84.0, cities: &[GUILIN, LIUZHOU, HEZHOU] },
    Episode { start: Date::new(2021, 11, 19), days: 4, peak: 88.0, cities: &[LIUZHOU, GUILIN, LAIBIN, GUIGANG, NANNING] },
    Episode { start: Date::new(2021, 12, 9), days: 6, peak: 108.0, cities: INLAND },
    Episode { start: Date::new(2021, 12, 24), days: 4, peak: 96.0, cities: &[LIUZHOU, LAIBIN, GUIGANG, YULIN, WUZHOU, BAISE] },
    Episode { start: Date::new(2022, 1, 9), days: 3, peak: 92.0, cities: &[LIUZHOU, GUILIN, HEZHOU, LAIBIN] },
    Episode { start: Date::new(2022, 1, 22), days: 6, peak: 114.0, cities: INLAND },
    Episode { start: Date::new(2022, 2, 1), days: 3, peak: 96.0, cities: &[LIUZHOU, GUIGANG, YULIN, LAIBIN, BAISE, CHONGZUO] },
    Episode { start: Date::new(2022, 2, 21), days: 3, peak: 84.0, cities: &[LIUZHOU, HECHI] },
    Episode { start: Date::new(2022, 11, 14), days: 3, peak: 84.0, cities: &[LIUZHOU, GUILIN] },
    Episode { start: Date::new(2022, 11, 22), days: 5, peak: 90.0, cities: &[LIUZHOU, LAIBIN, GUILIN, GUIGANG, NANNING, HEZHOU] },
    Episode { start: Date::new(2022, 12, 5), days: 4, peak: 100.0, cities: INLAND },
    Episode { start: Date::new(2022, 12, 12), days: 3, peak: 86.0, cities: &[LIUZHOU, GUILIN, HEZHOU] },
    Episode { start: Date::new(2022, 12, 17), days: 5, peak: 104.0, cities: &[LIUZHOU, LAIBIN, GUIGANG, YULIN, NANNING, WUZHOU, GUILIN] },
];

/// Spring and autumn ozone episodes (max-8-hour O3 plateau).
#[rustfmt::skip]
const O3_EPISODES: [Episode; 13] = [
    Episode { start: Date::new(2021, 4, 22), days: 3, peak: 168.0, cities: &[NANNING, CHONGZUO, BAISE, QINZHOU] },
    Episode { start: Date::new(2021, 5, 10), days: 3, peak: 165.0, cities: &[GUIGANG, YULIN] },
    Episode { start: Date::new(2021, 9, 14), days: 5, peak: 200.0, cities: &[NANNING, LIUZHOU, GUIGANG, YULIN, LAIBIN, CHONGZUO, GUILIN] },
    Episode { start: Date::new(2021, 10, 5), days: 4, peak: 175.0, cities: &[GUIGANG, LAIBIN, YULIN, WUZHOU] },
    Episode { start: Date::new(2021, 10, 20), days: 3, peak: 168.0, cities: &[LIUZHOU, GUILIN, HEZHOU, LAIBIN] },
    Episode { start: Date::new(2022, 4, 27), days: 3, peak: 168.0, cities: &[CHONGZUO, BAISE] },
    Episode { start: Date::new(2022, 5, 16), days: 2, peak: 165.0, cities: &[LIUZHOU, LAIBIN] },
    Episode { start: Date::new(2022, 9, 5), days: 5, peak: 205.0, cities: &[LIUZHOU, GUIGANG, LAIBIN, GUILIN] },
    Episode { start: Date::new(2022, 9, 21), days: 4, peak: 178.0, cities: &[LIUZHOU, GUILIN] },
    Episode { start: Date::new(2022, 10, 1), days: 4, peak: 180.0, cities: &[LIUZHOU, GUIGANG] },
    Episode { start: Date::new(2022, 10, 11), days: 5, peak: 215.0, cities: &[NANNING, LIUZHOU, YULIN, LAIBIN, CHONGZUO, GUILIN] },
    Episode { start: Date::new(2022, 10, 27), days: 4, peak: 176.0, cities: &[LIUZHOU, YULIN] },
    Episode { start: Date::new(2022, 11, 8), days: 3, peak: 166.0, cities: &[LIUZHOU, NANNING] },
];

/// Heavy-pollution city-days (AQI > 200): (date, city, PM2.5 in µg/m³ > 150).
#[rustfmt::skip]
const HEAVY_DAYS: [(Date, usize, f64); 6] = [
    (Date::new(2021, 1, 9), LIUZHOU, 162.0),
    (Date::new(2021, 1, 9), LAIBIN, 156.0),
    (Date::new(2021, 1, 10), LIUZHOU, 153.0),
    (Date::new(2021, 12, 12), GUILIN, 158.0),
    (Date::new(2022, 1, 25), GUIGANG, 157.0),
    (Date::new(2022, 1, 25), LAIBIN, 163.0),
];

/// Whole missing city-days (monitoring outages): (first day, city, length).
#[rustfmt::skip]
const OUTAGES: [(Date, usize, i64); 16] = [
    (Date::new(2021, 2, 26), BAISE, 1),
    (Date::new(2021, 4, 8), BEIHAI, 2),
    (Date::new(2021, 6, 17), HECHI, 1),
    (Date::new(2021, 7, 22), CHONGZUO, 2),
    (Date::new(2021, 8, 30), WUZHOU, 1),
    (Date::new(2021, 10, 13), QINZHOU, 1),
    (Date::new(2021, 11, 3), FANGCHENGGANG, 1),
    (Date::new(2021, 12, 28), GUILIN, 1),
    (Date::new(2022, 3, 15), YULIN, 1),
    (Date::new(2022, 5, 24), HEZHOU, 1),
    (Date::new(2022, 6, 9), BEIHAI, 1),
    (Date::new(2022, 7, 5), NANNING, 1),
    (Date::new(2022, 8, 18), BAISE, 1),
    (Date::new(2022, 11, 14), HECHI, 4),
    (Date::new(2022, 12, 2), CHONGZUO, 1),
    (Date::new(2022, 12, 20), WUZHOU, 1),
];

/// Shape of an episode over its days: ramps from 0.7 to 1.0 and back.
fn episode_shape(day: i64, days: i64) -> f64 {
    0.7 + 0.3 * (PI * (day as f64 + 0.5) / days as f64).sin()
}

/// Highest episode value affecting `city` on `date`, if any episode is active.
fn episode_value(episodes: &[Episode], date: Date, city: usize, spill: f64) -> Option<f64> {
    let today = date.ordinal();
    episodes
        .iter()
        .filter_map(|e| {
            let k = today - e.start.ordinal();
            if k < 0 || k >= e.days {
                return None;
            }
            let weight = if e.cities.contains(&city) { 1.0 } else { spill };
            Some(e.peak * weight * episode_shape(k, e.days))
        })
        .reduce(f64::max)
}

/// Scheduled heavy-day PM2.5 for `city` on `date`, if any.
fn heavy_value(date: Date, city: usize) -> Option<f64> {
    HEAVY_DAYS
        .iter()
        .find(|h| h.0 == date && h.1 == city)
        .map(|h| h.2)
}

/// Whether `city` has a whole-day monitoring outage on `date`.
fn is_outage(date: Date, city: usize) -> bool {
    let today = date.ordinal();
    OUTAGES.iter().any(|&(start, c, len)| {
        let k = today - start.ordinal();
        c == city && (0..len).contains(&k)
    })
}

// ---------------------------------------------------------------- generation

/// Regional weather state shared by all cities (log-space AR(1) factors).
struct Regional {
    pm: Ar1,
    o3: Ar1,
}

/// Per-city persistent noise (log-space AR(1) factors).
struct Local {
    pm: Ar1,
    o3: Ar1,
}

/// One city-day of (unrounded) concentrations.
struct Values {
    pm25: f64,
    pm10: f64,
    so2: f64,
    no2: f64,
    co: f64,
    o3_1h: f64,
    o3_8h: f64,
}

/// Compresses values above `cap - 8` smoothly so they never exceed `cap`.
fn soft_cap(v: f64, cap: f64) -> f64 {
    let knee = cap - 8.0;
    if v <= knee {
        v
    } else {
        (knee + (v - knee) * 0.15).min(cap)
    }
}

/// PM2.5 for one city-day: seasonal background times weather, or an episode.
fn gen_pm25(rng: &mut Rng, date: Date, c: usize, region: &Regional, local: &Local) -> f64 {
    let year = usize::from(date.y != FIRST_DAY.y);
    let season = seasonal(&PM_SEASON, date) / table_mean(&PM_SEASON);
    let background = CITIES[c].pm_level[year] * season * region.pm.factor() * local.pm.factor();
    let noise = rng.lognormal(0.12);
    let episode = episode_value(&PM_EPISODES, date, c, PM_SPILL).map_or(0.0, |p| p * noise);
    match heavy_value(date, c) {
        Some(v) => v,
        None => soft_cap(background.max(episode), PM25_CAP),
    }
}

/// Max-8-hour ozone for one city-day: climatology times weather, or an episode.
fn gen_o3_8h(rng: &mut Rng, date: Date, c: usize, region: &Regional, local: &Local) -> f64 {
    let background =
        seasonal(&O3_SEASON, date) * CITIES[c].o3_level * region.o3.factor() * local.o3.factor();
    let noise = rng.lognormal(0.06);
    let episode = episode_value(&O3_EPISODES, date, c, O3_SPILL).map_or(0.0, |p| p * noise);
    soft_cap(background.max(episode), O3_8H_CAP)
}

/// Max-1-hour ozone from the max-8-hour value and a peak ratio (≥ 1.15).
/// While the 8-hour value is not polluting (≤ 160) the 1-hour value stays
/// ≤ 200, so its IAQI never turns a good day into a polluted one.
fn gen_o3_1h(o3_8h: f64, ratio: f64) -> f64 {
    let o3_1h = o3_8h * ratio;
    if o3_8h.round() <= 160.0 {
        o3_1h.min(200.0)
    } else {
        o3_1h
    }
}

/// All seven concentrations for one city-day.
fn gen_values(rng: &mut Rng, date: Date, c: usize, region: &Regional, local: &Local) -> Values {
    let city = &CITIES[c];
    let pm25 = gen_pm25(rng, date, c, region, local);
    let pm10 = (pm25 * rng.range(1.4, 1.8) + 3.0 * rng.normal())
        .max(pm25 + 1.0)
        .min(345.0);
    let o3_8h = gen_o3_8h(rng, date, c, region, local);
    let o3_1h = gen_o3_1h(o3_8h, rng.range(1.15, 1.35));
    // Stagnant days raise the primary pollutants along with particles.
    let stagnation = (0.5 * region.pm.state).exp();
    let so2 = (city.so2_level * seasonal(&SO2_SEASON, date) * rng.lognormal(0.25)).clamp(4.0, 24.0);
    let no2 = city.no2_level * seasonal(&NO2_SEASON, date) * stagnation * rng.lognormal(0.2);
    let co = city.co_level
        * seasonal(&NO2_SEASON, date).sqrt()
        * stagnation.sqrt()
        * rng.lognormal(0.12);
    Values {
        pm25,
        pm10,
        so2,
        no2: no2.clamp(5.0, 75.0),
        co: co.clamp(0.3, 2.2),
        o3_1h,
        o3_8h,
    }
}

/// Formats an integer field, or an empty string when `missing`.
fn int_field(v: f64, missing: bool) -> String {
    if missing {
        String::new()
    } else {
        format!("{}", v.round() as i64)
    }
}

/// Formats the CSV fields of one city-day, blanking missing values.
/// Always consumes seven uniforms so the stream stays aligned.
fn format_row(rng: &mut Rng, date: Date, c: usize, v: &Values) -> String {
    let outage = is_outage(date, c);
    let protected = heavy_value(date, c).is_some();
    let mut miss = [false; 7];
    for (i, m) in miss.iter_mut().enumerate() {
        let rate = if i == 5 {
            MISSING_RATE_O3_1H
        } else {
            MISSING_RATE
        };
        let drawn = rng.uniform() < rate;
        *m = outage || (drawn && !(protected && i < 2));
    }
    let co = if miss[4] {
        String::new()
    } else {
        format!("{:.1}", (v.co * 10.0).round() / 10.0)
    };
    format!(
        "{},{},{},{},{},{},{},{},{}",
        date,
        CITIES[c].name,
        int_field(v.pm25, miss[0]),
        int_field(v.pm10, miss[1]),
        int_field(v.so2, miss[2]),
        int_field(v.no2, miss[3]),
        co,
        int_field(v.o3_1h, miss[5]),
        int_field(v.o3_8h, miss[6]),
    )
}

/// Writes the whole data set as CSV to `out`.
fn generate(out: &mut impl Write) -> io::Result<()> {
    let mut rng = Rng::new(SEED);
    let mut region = Regional {
        pm: Ar1::new(0.70, 0.25),
        o3: Ar1::new(0.65, 0.18),
    };
    let mut locals: Vec<Local> = CITIES
        .iter()
        .map(|_| Local {
            pm: Ar1::new(0.55, 0.14),
            o3: Ar1::new(0.5, 0.10),
        })
        .collect();
    writeln!(out, "{HEADER}")?;
    let mut date = FIRST_DAY;
    while date <= LAST_DAY {
        region.pm.step(rng.normal());
        region.o3.step(rng.normal());
        for (c, local) in locals.iter_mut().enumerate() {
            local.pm.step(rng.normal());
            local.o3.step(rng.normal());
            let values = gen_values(&mut rng, date, c, &region, local);
            writeln!(out, "{}", format_row(&mut rng, date, c, &values))?;
        }
        date = date.succ();
    }
    Ok(())
}

/// Entry point: `gen_sample [OUTPUT.csv]`.
fn main() -> io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| DEFAULT_OUTPUT.to_string());
    if let Some(dir) = Path::new(&path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        fs::create_dir_all(dir)?;
    }
    let mut out = BufWriter::new(File::create(&path)?);
    generate(&mut out)?;
    out.flush()
}
