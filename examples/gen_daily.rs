//! Writes the statistics benchmark's data set as files the command line reads: daily data of
//! 400 cities × 10 years (2013-01-01 … 2022-12-31, 1.46 million city-days, about 64 MB), a plan
//! with made-up targets for those cities, and a configuration naming both.
//!
//! The values come from the generator of `benches/stats.rs` (splitmix64, the same ranges:
//! PM2.5 5–150, PM10 10–250, SO2 3–30, NO2 5–80 µg/m³, CO 0.3–2.5 mg/m³, O3 1-h 30–260,
//! O3 8-h 20–220), one stream per city, plus about 0.3 % missing values so that missing days and
//! sufficiency are exercised. Rows are written by date, then city, as an export would list them.
//!
//! ```text
//! cargo run --release --example gen_daily -- DIR [--cities 400] [--from 2013] [--to 2022]
//! air-bulletin --config DIR/air-bulletin.toml stats --from 2013-01-01 --to 2022-12-31 --format json
//! ```
//!
//! `benches/stats-vs-pandas.sh` runs it when the files are missing.

use chrono::NaiveDate;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

/// A small deterministic generator (splitmix64), as in `benches/stats.rs`.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
}

/// Items in file order (`pm25,pm10,so2,no2,co,o3_1h,o3_8h`) with their range in tenths.
const RANGES: [(i64, i64); 7] = [
    (50, 1500),
    (100, 2500),
    (30, 300),
    (50, 800),
    (3, 25),
    (300, 2600),
    (200, 2200),
];

fn main() -> io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut dir: Option<PathBuf> = None;
    let (mut cities, mut from, mut to) = (400usize, 2013i32, 2022i32);
    while let Some(a) = args.next() {
        let mut num = |what: &str| -> i64 {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{what} needs a number"))
        };
        match a.as_str() {
            "--cities" => cities = num("--cities") as usize,
            "--from" => from = num("--from") as i32,
            "--to" => to = num("--to") as i32,
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir = dir.unwrap_or_else(|| PathBuf::from("/tmp/air-bulletin-stats-bench"));
    fs::create_dir_all(&dir)?;
    let first = NaiveDate::from_ymd_opt(from, 1, 1).expect("year");
    let last = NaiveDate::from_ymd_opt(to, 12, 31).expect("year");
    let dates: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();

    // Plan: made-up targets, the region's too; the plan year is the last year of the data, so
    // the ten-year statistics also compute target progress.
    let mut plan = BufWriter::new(File::create(dir.join("plan.csv"))?);
    writeln!(plan, "# 名称: 全国{to}年度空气质量目标（基准测试用）")?;
    writeln!(plan, "# 年度: {to}")?;
    writeln!(plan, "# 全区名称: 全国")?;
    writeln!(plan, "# 地区: 全国")?;
    writeln!(
        plan,
        "城市,PM2.5浓度目标,优良天数比率目标,重污染天数比率目标"
    )?;
    for c in 0..cities {
        writeln!(plan, "城市{c:03},{}.0,85.0,1.0", 30 + c % 20)?;
    }
    writeln!(plan, "全国,35.0,85.0,1.0")?;
    plan.flush()?;

    let mut config = BufWriter::new(File::create(dir.join("air-bulletin.toml"))?);
    write!(
        config,
        "# 统计基准测试：{cities} 个城市 × {from}—{to} 年日数据（examples/gen_daily.rs 生成）\n\
         [plan]\nfile = \"plan.csv\"\n[data]\nfiles = [\"daily.csv\"]\n\
         [office]\nname = \"基准测试\"\n"
    )?;
    config.flush()?;

    let mut rngs: Vec<Rng> = (0..cities).map(|c| Rng(42 + 0x1000 * c as u64)).collect();
    let mut out = BufWriter::with_capacity(1 << 20, File::create(dir.join("daily.csv"))?);
    out.write_all(b"date,city,pm25,pm10,so2,no2,co,o3_1h,o3_8h\n")?;
    let mut line = String::with_capacity(64);
    for date in &dates {
        let ds = date.format("%Y-%m-%d").to_string();
        for (c, rng) in rngs.iter_mut().enumerate() {
            use std::fmt::Write as _;
            line.clear();
            let _ = write!(line, "{ds},城市{c:03}");
            for (k, (lo, hi)) in RANGES.iter().enumerate() {
                let x = rng.range(*lo, *hi);
                line.push(',');
                if rng.next() % 1000 < 3 {
                    continue;
                }
                if k == 4 {
                    let _ = write!(line, "{}.{}", x / 10, x % 10);
                } else {
                    let _ = write!(line, "{}", x / 10);
                }
            }
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
    }
    out.flush()?;
    eprintln!(
        "{}: {} cities × {} days = {} city-days",
        dir.join("daily.csv").display(),
        cities,
        dates.len(),
        cities * dates.len()
    );
    Ok(())
}
