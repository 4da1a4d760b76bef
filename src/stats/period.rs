//! Statistics of a period (month, year to date, week…) for one city or the region: day counts,
//! pollutant statistics (HJ 663-2013 §5, decision A6), data sufficiency (A10), composite and
//! maximum index (A7).

use super::aqi::{daily_aqi, AqiBrief, DailyAqi};
use super::rules::RuleBook;
use crate::model::{Day, Decimals, Item, Pollutant, Tenths};
use crate::num::{Dec, Ratio};
use chrono::{Datelike, NaiveDate};

/// A city-day with its daily AQI.
#[derive(Clone, Debug)]
pub struct ScoredDay {
    pub day: Day,
    pub aqi: DailyAqi,
}

/// Daily AQI of each day, each judged by the rule set of its own date (decision A1).
pub fn score(book: &RuleBook, days: &[Day]) -> Vec<ScoredDay> {
    days.iter()
        .map(|d| ScoredDay {
            day: *d,
            aqi: daily_aqi(book.for_date(d.date), &d.values),
        })
        .collect()
}

/// Day counts of a period (decision A10; docs/rules.md#day-counts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// Calendar days in the period.
    pub calendar_days: u32,
    /// Days with a valid AQI (有效监测天数).
    pub valid_days: u32,
    /// AQI ≤ 100.
    pub good_days: u32,
    /// AQI > 100.
    pub polluted_days: u32,
    /// AQI > 200.
    pub heavy_days: u32,
    /// Valid days per level 一级 … 六级.
    pub levels: [u32; 6],
    /// Polluted days on which each pollutant was primary (tie days count for each), indexed like
    /// [`Pollutant::ALL`].
    pub primary_on_polluted: [u32; 6],
}

impl DayCounts {
    /// Counts the scored days.
    pub fn of(days: &[ScoredDay], calendar_days: u32) -> DayCounts {
        let mut c = DayCounts {
            calendar_days,
            ..Default::default()
        };
        for d in days {
            let a = &d.aqi;
            let Some(level) = a.level() else { continue };
            c.valid_days += 1;
            c.levels[level as usize] += 1;
            if a.is_good() {
                c.good_days += 1;
            } else {
                c.polluted_days += 1;
                for p in &a.primary {
                    c.primary_on_polluted[p.index()] += 1;
                }
            }
            if a.is_heavy() {
                c.heavy_days += 1;
            }
        }
        c
    }

    /// Counts days by their brief daily AQI: the same counts as [`DayCounts::of`].
    pub fn of_brief(days: &[AqiBrief], calendar_days: u32) -> DayCounts {
        let mut c = DayCounts {
            calendar_days,
            ..Default::default()
        };
        // Without a branch on the AQI (the days' levels follow no pattern a branch predictor
        // could learn): the level is the number of level boundaries the AQI is above (表2;
        // [`Level::of`]), and each count adds a comparison.
        for a in days {
            let Some(aqi) = a.aqi.filter(|_| a.valid) else {
                continue;
            };
            let level = usize::from(aqi > 50)
                + usize::from(aqi > 100)
                + usize::from(aqi > 150)
                + usize::from(aqi > 200)
                + usize::from(aqi > 300);
            c.valid_days += 1;
            c.levels[level] += 1;
            let polluted = aqi > 100;
            c.good_days += u32::from(!polluted);
            c.polluted_days += u32::from(polluted);
            c.heavy_days += u32::from(aqi > 200);
            let primary = if polluted { a.primary } else { 0 };
            for (i, n) in c.primary_on_polluted.iter_mut().enumerate() {
                *n += u32::from(primary >> i & 1);
            }
        }
        c
    }

    /// Adds another city's counts (region totals: city-days).
    pub fn add(&mut self, o: &DayCounts) {
        self.calendar_days += o.calendar_days;
        self.valid_days += o.valid_days;
        self.good_days += o.good_days;
        self.polluted_days += o.polluted_days;
        self.heavy_days += o.heavy_days;
        for i in 0..6 {
            self.levels[i] += o.levels[i];
            self.primary_on_polluted[i] += o.primary_on_polluted[i];
        }
    }

    /// 优良天数比例 = good / valid days, %, one decimal (A10); `None` with no valid day.
    pub fn good_ratio(&self) -> Option<Dec> {
        ratio_percent(self.good_days, self.valid_days)
    }

    /// 重度及以上污染天数比例, %, one decimal.
    pub fn heavy_ratio(&self) -> Option<Dec> {
        ratio_percent(self.heavy_days, self.valid_days)
    }

    /// Calendar days without a valid AQI.
    pub fn missing_days(&self) -> u32 {
        self.calendar_days.saturating_sub(self.valid_days)
    }
}

fn ratio_percent(part: u32, whole: u32) -> Option<Dec> {
    (whole > 0).then(|| (Ratio::int(100 * i128::from(part)) / Ratio::int(whole.into())).round(1))
}

/// Percentile of HJ 663-2013 附录A (docs/rules.md#percentile-formula): sort ascending; k = 1 + (n − 1)·p/100;
/// s = ⌊k⌋; m_p = X(s) + (X(s+1) − X(s))·(k − s), and X(n) when s = n. `sorted` must be sorted.
pub fn percentile(sorted: &[Tenths], p: u32) -> Option<Ratio> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    // k = 1 + (n−1)p/100, as (100 + (n−1)p) / 100.
    let k_num = 100 + (n as i128 - 1) * i128::from(p);
    let s = (k_num / 100) as usize;
    let frac = Ratio::new(k_num % 100, 100);
    let xs = Ratio::int(sorted[s - 1].into());
    let v = if s >= n {
        xs
    } else {
        let next = Ratio::int(sorted[s].into());
        xs + (next - xs) * frac
    };
    Some(v / Ratio::int(10))
}

/// [`percentile`] of values in any order, which are reordered: the s-th order statistic by
/// selection and the (s+1)-th as the least of those above it, in linear time instead of a sort.
pub fn percentile_unsorted(values: &mut [Tenths], p: u32) -> Option<Ratio> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let k_num = 100 + (n as i128 - 1) * i128::from(p);
    let s = (k_num / 100) as usize;
    let frac = Ratio::new(k_num % 100, 100);
    let (_, xs, above) = values.select_nth_unstable(s - 1);
    let xs = Ratio::int(i128::from(*xs));
    let v = match above.iter().min() {
        Some(next) if s < n => xs + (Ratio::int(i128::from(*next)) - xs) * frac,
        _ => xs,
    };
    Some(v / Ratio::int(10))
}

/// The exact period statistic of one pollutant over the given daily values (tenths), in natural
/// units (HJ 663-2013 §5.2, decision A6): the mean for SO2, NO2, PM10, PM2.5; the 95th percentile
/// for CO; the 90th percentile of the daily max 8-hour values for O3. `None` with no value.
/// The values may be reordered.
pub fn pollutant_statistic(p: Pollutant, values: &mut [Tenths]) -> Option<Ratio> {
    match p {
        Pollutant::Co => percentile_unsorted(values, 95),
        Pollutant::O3 => percentile_unsorted(values, 90),
        _ => {
            if values.is_empty() {
                return None;
            }
            let sum: i128 = values.iter().map(|v| i128::from(*v)).sum();
            Some(Ratio::new(sum, values.len() as i128 * 10))
        }
    }
}

/// The six period statistics: exact, and rounded once to the printed decimals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Concentrations {
    /// Exact values, indexed like [`Pollutant::ALL`].
    pub exact: [Option<Ratio>; 6],
    /// Printed values (GB/T 8170, once).
    pub printed: [Option<Dec>; 6],
}

impl Concentrations {
    /// Computes all six statistics over the days.
    pub fn of(days: &[ScoredDay], decimals: &Decimals, deduct_dust: bool) -> Concentrations {
        let mut exact = [None; 6];
        for p in Pollutant::ALL {
            let skip = deduct_dust && p.is_particulate();
            let mut vals: Vec<Tenths> = days
                .iter()
                .filter(|d| !(skip && d.day.dust))
                .filter_map(|d| d.day.values.get(p.daily_item()))
                .collect();
            exact[p.index()] = pollutant_statistic(p, &mut vals);
        }
        Concentrations::from_exact(exact, decimals)
    }

    /// Computes all six statistics over the days (as [`Concentrations::of`]); `buf` is reused
    /// for the percentiles' values.
    pub fn of_days(
        days: &[Day],
        decimals: &Decimals,
        buf: &mut Vec<Tenths>,
        deduct_dust: bool,
    ) -> Concentrations {
        let mut exact = [None; 6];
        // One pass over the days: the four means' sums and counts (tenths), and the CO and O3
        // values for their percentiles (written in place, kept by advancing past them).
        let means = [
            Pollutant::So2,
            Pollutant::No2,
            Pollutant::Pm10,
            Pollutant::Pm25,
        ];
        let mut sum = [0i64; 4];
        let mut n = [0i64; 4];
        let len = days.len();
        buf.clear();
        buf.resize(2 * len, 0);
        let (co, o3) = buf.split_at_mut(len);
        let (mut n_co, mut n_o3) = (0, 0);
        for d in days {
            for (k, p) in means.iter().enumerate() {
                // Dust deduction (环办监测〔2016〕120号, docs/rules.md#dust-deduction): PM10 and
                // PM2.5 leave out dust-affected days; the other four keep every day.
                if deduct_dust && d.dust && p.is_particulate() {
                    continue;
                }
                if let Some(v) = d.values.get(p.daily_item()) {
                    sum[k] += v;
                    n[k] += 1;
                }
            }
            let c = d.values.get(Item::Co);
            co[n_co] = c.unwrap_or(0);
            n_co += usize::from(c.is_some());
            let o = d.values.get(Item::O3_8h);
            o3[n_o3] = o.unwrap_or(0);
            n_o3 += usize::from(o.is_some());
        }
        for (k, p) in means.iter().enumerate() {
            exact[p.index()] =
                (n[k] > 0).then(|| Ratio::new(i128::from(sum[k]), i128::from(n[k]) * 10));
        }
        exact[Pollutant::Co.index()] = pollutant_statistic(Pollutant::Co, &mut co[..n_co]);
        exact[Pollutant::O3.index()] = pollutant_statistic(Pollutant::O3, &mut o3[..n_o3]);
        Concentrations::from_exact(exact, decimals)
    }

    /// Rounds exact statistics.
    pub fn from_exact(exact: [Option<Ratio>; 6], decimals: &Decimals) -> Concentrations {
        let mut printed = [None; 6];
        for p in Pollutant::ALL {
            printed[p.index()] = exact[p.index()].map(|r| r.round(decimals.of(p)));
        }
        Concentrations { exact, printed }
    }

    /// The printed value of one pollutant.
    pub fn get(&self, p: Pollutant) -> Option<Dec> {
        self.printed[p.index()]
    }
}

/// Composite index and maximum index of a period (decision A7).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexResult {
    /// Σ C_i/S_i over the six, rounded once to two decimals.
    pub composite: Dec,
    /// The largest C_i/S_i, two decimals.
    pub max_index: Dec,
    /// The pollutants whose single index equals the largest one (all tied ones).
    pub primary: Vec<Pollutant>,
    /// The single indices I_i, exact, indexed like [`Pollutant::ALL`].
    pub single: [Ratio; 6],
}

/// 环境空气质量综合指数 (城市环境空气质量排名技术规定 §4, docs/rules.md#composite-index, decision A7):
/// I_i = C_i / S_i with C_i the printed period statistic; I_sum = Σ I_i rounded once to two
/// decimals; the max index and its pollutant(s). `None` unless all six statistics exist.
pub fn composite_index(c: &Concentrations, standards: &[Tenths; 6]) -> Option<IndexResult> {
    let mut single = [Ratio::int(0); 6];
    let mut sum = Ratio::int(0);
    for p in Pollutant::ALL {
        let ci = c.get(p)?.ratio();
        let si = Ratio::new(standards[p.index()].into(), 10);
        single[p.index()] = ci / si;
        sum = sum + single[p.index()];
    }
    let max = *single.iter().max()?;
    let primary = Pollutant::ALL
        .iter()
        .copied()
        .filter(|p| single[p.index()] == max)
        .collect();
    Some(IndexResult {
        composite: sum.round(2),
        max_index: max.round(2),
        primary,
        single,
    })
}

/// Minimum valid days of a month (GB 3095-2012 表4 via HJ 663; decision A10): 27, February 25.
pub fn month_threshold(_year: i32, month: u32) -> u32 {
    if month == 2 {
        25
    } else {
        27
    }
}

/// Whether a period has enough valid days (decision A10, extended to any period):
/// every calendar month of the period must reach its threshold (27, February 25); a month only
/// partly inside the period needs the same share, ⌈threshold × days inside / days of month⌉;
/// a whole calendar year needs at least 324 in total. `valid_dates` must be sorted.
pub fn data_sufficient(from: NaiveDate, to: NaiveDate, valid_dates: &[NaiveDate]) -> bool {
    let mut start = from;
    while start <= to {
        let (y, m) = (start.year(), start.month());
        let dim = crate::calendar::days_in_month(y, m);
        let month_end = NaiveDate::from_ymd_opt(y, m, dim).unwrap_or(to);
        let end = month_end.min(to);
        let inside = (end - start).num_days() as u32 + 1;
        let need = (month_threshold(y, m) * inside).div_ceil(dim);
        let a = valid_dates.partition_point(|d| *d < start);
        let b = valid_dates.partition_point(|d| *d <= end);
        if ((b - a) as u32) < need {
            return false;
        }
        start = end + chrono::Days::new(1);
    }
    let whole_year = from.month() == 1
        && from.day() == 1
        && Some(to) == NaiveDate::from_ymd_opt(from.year(), 12, 31);
    !(whole_year && valid_dates.len() < 324)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::days_in_month;

    fn tenths(values: &[f64]) -> Vec<Tenths> {
        values.iter().map(|v| (v * 10.0).round() as i64).collect()
    }

    #[test]
    fn p1_o3_90th_percentile_of_30_days() {
        let mut v = tenths(&[
            76., 88., 95., 99., 102., 110., 112., 118., 120., 129., 131., 134., 137., 140., 143.,
            147., 148., 150., 155., 158., 161., 163., 166., 170., 172., 176., 181., 188., 190.,
            205.,
        ]);
        v.reverse();
        let p = pollutant_statistic(Pollutant::O3, &mut v).unwrap();
        assert_eq!(p, Ratio::new(1817, 10));
        assert_eq!(p.round(0).to_string(), "182");
        assert_eq!(
            (Ratio::int(182) / Ratio::int(160)),
            Ratio::new(11375, 10000)
        );
    }

    #[test]
    fn p2_co_95th_percentile_rounds_half_even() {
        let mut v = tenths(&[
            0.5, 0.5, 0.6, 0.6, 0.6, 0.6, 0.7, 0.7, 0.7, 0.7, 0.8, 0.8, 0.8, 0.9, 0.9, 0.9, 0.9,
            1.0, 1.0, 1.0, 1.1, 1.1, 1.2, 1.2, 1.3, 1.3, 1.4, 1.5, 1.6, 1.7, 1.9,
        ]);
        let p = pollutant_statistic(Pollutant::Co, &mut v).unwrap();
        assert_eq!(p, Ratio::new(165, 100));
        assert_eq!(p.round(1).to_string(), "1.6");
    }

    #[test]
    fn selection_gives_the_percentile_of_the_sorted_values() {
        let mut x: u64 = 11;
        for n in 1..300usize {
            let mut v: Vec<Tenths> = (0..n)
                .map(|_| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    ((x >> 35) % 40) as Tenths * 5
                })
                .collect();
            let mut sorted = v.clone();
            sorted.sort_unstable();
            for p in [90, 95, 50, 1, 99, 100] {
                assert_eq!(
                    percentile_unsorted(&mut v, p),
                    percentile(&sorted, p),
                    "{n} {p}"
                );
            }
        }
        assert_eq!(percentile_unsorted(&mut [], 95), None);
    }

    #[test]
    fn percentile_edges() {
        assert_eq!(percentile(&[50], 95), Some(Ratio::int(5)));
        assert_eq!(percentile(&[], 95), None);
        // n = 2, p = 90: k = 1.9 → X1 + 0.9 (X2 − X1).
        assert_eq!(percentile(&[100, 200], 90), Some(Ratio::int(19)));
    }

    fn conc(values: [f64; 6]) -> Concentrations {
        // Order of Pollutant::ALL: PM2.5, PM10, O3, SO2, NO2, CO.
        let mut exact = [None; 6];
        for (i, v) in values.iter().enumerate() {
            exact[i] = Some(Ratio::new((v * 10.0).round() as i128, 10));
        }
        Concentrations::from_exact(exact, &Decimals::default())
    }

    const S: [Tenths; 6] = [350, 700, 1600, 600, 400, 40];

    #[test]
    fn c1_sum_is_rounded_once() {
        let r = composite_index(&conc([21., 39., 192., 9., 15., 0.7]), &S).unwrap();
        assert_eq!(r.composite.to_string(), "3.06");
        assert_eq!(r.max_index.to_string(), "1.20");
        assert_eq!(r.primary, vec![Pollutant::O3]);
    }

    #[test]
    fn c2_and_c3() {
        let r = composite_index(&conc([45., 78., 172., 12., 38., 1.3]), &S).unwrap();
        assert_eq!(r.composite.to_string(), "4.95");
        assert_eq!(r.max_index.to_string(), "1.29");
        assert_eq!(r.primary, vec![Pollutant::Pm25]);
        let this = composite_index(&conc([30., 56., 168., 8., 28., 1.0]), &S).unwrap();
        let last = composite_index(&conc([32., 60., 160., 9., 30., 1.1]), &S).unwrap();
        assert_eq!(this.composite.to_string(), "3.79");
        assert_eq!(last.composite.to_string(), "3.95");
    }

    #[test]
    fn tied_single_indices_are_all_primary() {
        // PM2.5 35/35 = 1 and PM10 70/70 = 1.
        let r = composite_index(&conc([35., 70., 100., 6., 4., 0.4]), &S).unwrap();
        assert_eq!(r.primary, vec![Pollutant::Pm25, Pollutant::Pm10]);
    }

    fn dates(from: &str, to: &str, skip: &[&str]) -> Vec<NaiveDate> {
        let (a, b): (NaiveDate, NaiveDate) = (from.parse().unwrap(), to.parse().unwrap());
        a.iter_days()
            .take_while(|d| *d <= b)
            .filter(|d| !skip.contains(&d.to_string().as_str()))
            .collect()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn sufficiency_in_february_and_leap_years() {
        // February 2022 (28 days): 25 valid suffice, 24 do not.
        let feb = dates(
            "2022-02-01",
            "2022-02-28",
            &["2022-02-03", "2022-02-04", "2022-02-05"],
        );
        assert!(data_sufficient(d("2022-02-01"), d("2022-02-28"), &feb));
        let feb24 = dates(
            "2022-02-01",
            "2022-02-28",
            &["2022-02-03", "2022-02-04", "2022-02-05", "2022-02-06"],
        );
        assert!(!data_sufficient(d("2022-02-01"), d("2022-02-28"), &feb24));
        // February 2024 (29 days): 25 of 29 suffice.
        let feb = dates(
            "2024-02-01",
            "2024-02-29",
            &["2024-02-01", "2024-02-02", "2024-02-03", "2024-02-04"],
        );
        assert_eq!(feb.len(), 25);
        assert!(data_sufficient(d("2024-02-01"), d("2024-02-29"), &feb));
        // November: 27 of 30 suffice, 26 do not.
        let nov = dates(
            "2022-11-01",
            "2022-11-30",
            &["2022-11-10", "2022-11-11", "2022-11-12"],
        );
        assert!(data_sufficient(d("2022-11-01"), d("2022-11-30"), &nov));
        let nov = dates(
            "2022-11-01",
            "2022-11-30",
            &["2022-11-10", "2022-11-11", "2022-11-12", "2022-11-13"],
        );
        assert!(!data_sufficient(d("2022-11-01"), d("2022-11-30"), &nov));
    }

    /// The days of 2024 (leap year, 366 days) with `drop` days removed, as many per month as the
    /// month allows (January 4, February 29 − 25 = 4, April 3 …), from each month's end.
    fn leap_year_minus(drop: u32) -> Vec<NaiveDate> {
        let mut left = drop;
        let mut kept = Vec::new();
        for m in 1..=12u32 {
            let dim = days_in_month(2024, m);
            let allowed = (dim - month_threshold(2024, m)).min(left);
            left -= allowed;
            for day in 1..=dim - allowed {
                kept.push(NaiveDate::from_ymd_opt(2024, m, day).unwrap());
            }
        }
        kept
    }

    #[test]
    fn sufficiency_of_a_whole_year_needs_324() {
        let (from, to) = (d("2024-01-01"), d("2024-12-31"));
        // Every month passes with 42 or 43 days dropped; the year needs 324 of 366.
        assert_eq!(leap_year_minus(42).len(), 324);
        assert!(data_sufficient(from, to, &leap_year_minus(42)));
        assert_eq!(leap_year_minus(43).len(), 323);
        assert!(!data_sufficient(from, to, &leap_year_minus(43)));
        // The same days are enough for the months alone (1—11月 is not a whole year).
        assert!(data_sufficient(from, d("2024-11-30"), &leap_year_minus(43)));
    }

    #[test]
    fn a_partial_month_needs_its_share() {
        // A week in November: ⌈27 × 7 / 30⌉ = 7, so one missing day makes it short.
        let week = dates("2022-11-07", "2022-11-13", &["2022-11-09"]);
        assert!(!data_sufficient(d("2022-11-07"), d("2022-11-13"), &week));
        // 1—10 November: ⌈27 × 10 / 30⌉ = 9, one missing day is allowed.
        let ten = dates("2022-11-01", "2022-11-10", &["2022-11-09"]);
        assert!(data_sufficient(d("2022-11-01"), d("2022-11-10"), &ten));
    }
}
