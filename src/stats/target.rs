//! Progress towards a plan's annual targets as of a day (decision A12; docs/rules.md#target-progress).
//!
//! N days in the year, d counted so far, r = N − d left. The remaining days are assumed valid.
//! Where data are missing, the year's denominator is the valid days so far plus the days left
//! (docs/rules.md#target-progress): with no gaps this is exactly A12's N.

use super::period::DayCounts;
use crate::num::{Dec, Ratio};
use serde::Serialize;

/// Status of an indicator or a city (decision A12).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Status {
    /// 正常: the target is reachable without doing better than last year's same period.
    #[serde(rename = "正常")]
    OnTrack,
    /// 预警: meeting the target needs better than the same remaining period of last year.
    #[serde(rename = "预警")]
    AtRisk,
    /// 无法完成: the allowance is already negative.
    #[serde(rename = "无法完成")]
    Unreachable,
}

impl Status {
    /// 正常, 预警, 无法完成.
    pub fn label(self) -> &'static str {
        match self {
            Status::OnTrack => "正常",
            Status::AtRisk => "预警",
            Status::Unreachable => "无法完成",
        }
    }
}

/// What the progress of one city (or the region) is computed from.
#[derive(Clone, Debug)]
pub struct ProgressInput {
    /// Days in the target year (365 or 366).
    pub days_in_year: u32,
    /// Days of the year up to and including the day of assessment.
    pub days_elapsed: u32,
    /// Remaining slots: days left × number of cities (1 for a city).
    pub remaining_slots: u32,
    /// Mean daily PM2.5 so far (exact) and the number of city-days it averages.
    pub pm25_so_far: Option<(Ratio, u32)>,
    /// Day counts so far.
    pub counts: DayCounts,
    /// Last year's same remaining period: mean PM2.5 (exact) with the number of days it averages,
    /// and day counts.
    pub last_year_rest: Option<(Option<(Ratio, u32)>, DayCounts)>,
}

/// Progress of the PM2.5 target.
#[derive(Clone, Debug, Serialize)]
pub struct Pm25Progress {
    pub target: Dec,
    /// Mean PM2.5 so far, printed with the target's decimals.
    pub so_far: Option<Dec>,
    /// so_far − target (positive: above the target), target's decimals.
    pub gap: Option<Dec>,
    /// Mean PM2.5 allowed for the rest of the year (剩余日控制值), target's decimals.
    pub allowed_rest: Option<Dec>,
    /// Last year's mean over the same remaining period.
    pub last_year_rest: Option<Dec>,
    pub status: Status,
    #[serde(skip)]
    pub allowed_rest_exact: Option<Ratio>,
}

/// Progress of the good-day ratio target.
#[derive(Clone, Debug, Serialize)]
pub struct GoodProgress {
    pub target: Dec,
    pub so_far: Option<Dec>,
    /// Good days the year needs: least G with round₁(100·G / N) ≥ target.
    pub needed_days: u32,
    /// Good days still needed (G* − good so far; may be ≤ 0 when already safe).
    pub still_needed: i64,
    /// Polluted days still allowed: (N − G*) − polluted so far.
    pub polluted_allowed: i64,
    /// Last year's good days in the same remaining period.
    pub last_year_rest_good: Option<u32>,
    pub status: Status,
}

/// Progress of the heavy-day ratio target.
#[derive(Clone, Debug, Serialize)]
pub struct HeavyProgress {
    pub target: Dec,
    /// Heavy days the year allows: ⌊ratio × N / 100⌋.
    pub allowed_days: i64,
    pub so_far: u32,
    /// Heavy days still allowed (negative: already exceeded).
    pub allowed_left: i64,
    pub last_year_rest_heavy: Option<u32>,
    pub status: Status,
}

/// Progress of all three targets (decision A12).
#[derive(Clone, Debug, Serialize)]
pub struct Progress {
    pub days_in_year: u32,
    pub days_elapsed: u32,
    pub days_left: u32,
    pub pm25: Pm25Progress,
    pub good: GoodProgress,
    pub heavy: HeavyProgress,
    /// The worst of the three.
    pub status: Status,
    /// Year-end values if the rest of the year repeats last year's same period.
    pub projection: Option<Projection>,
}

/// Year-end values if the rest of the year repeats last year's same period
/// (按去年同期水平测算): so-far sums plus last year's remaining days.
#[derive(Clone, Debug, Serialize)]
pub struct Projection {
    /// Year-end PM2.5, the target's decimals.
    pub pm25: Option<Dec>,
    pub pm25_met: Option<bool>,
    /// Year-end good-day ratio, %, one decimal.
    pub good_ratio: Option<Dec>,
    pub good_met: Option<bool>,
    /// Year-end heavy days.
    pub heavy_days: u32,
    pub heavy_met: bool,
}

/// The projection of [`Projection`]: PM2.5 = (Σ so far + Σ last year's rest) / (PM2.5 days so far
/// + last year's PM2.5 days in the rest), each sum weighted by its own PM2.5 days; good-day ratio = (good so far + last year's rest good) / (valid so far
/// + last year's rest valid); a target is met when the printed value meets it.
pub fn projection(targets: &crate::model::Targets, input: &ProgressInput) -> Option<Projection> {
    let (last_mean, last) = input.last_year_rest.as_ref()?;
    let c = &input.counts;
    let pm25 = match (input.pm25_so_far, last_mean) {
        (Some((m, n)), Some((lm, ln))) => {
            let total = m * Ratio::int(n.into()) + *lm * Ratio::int((*ln).into());
            Some((total / Ratio::int(i128::from(n + ln))).round(targets.pm25.decimals()))
        }
        (Some((m, _)), None) => Some(m.round(targets.pm25.decimals())),
        _ => None,
    };
    let valid = c.valid_days + last.valid_days;
    let good_ratio = (valid > 0).then(|| {
        (Ratio::int(100 * i128::from(c.good_days + last.good_days)) / Ratio::int(valid.into()))
            .round(1)
    });
    let heavy_days = c.heavy_days + last.heavy_days;
    let allowed_heavy =
        (targets.heavy_ratio.ratio() * Ratio::int(valid.into()) / Ratio::int(100)).floor();
    Some(Projection {
        pm25_met: pm25.map(|p| p.ratio() <= targets.pm25.ratio()),
        pm25,
        good_met: good_ratio.map(|g| g.ratio() >= targets.good_ratio.ratio()),
        good_ratio,
        heavy_met: i128::from(heavy_days) <= allowed_heavy,
        heavy_days,
    })
}

/// Least G with round₁(100·G/N) ≥ target (GB/T 8170 rounding of the ratio; decision A12).
pub fn good_days_needed(target: Dec, n: u32) -> u32 {
    let t = target.ratio();
    let meets = |g: u32| {
        let r = (Ratio::int(100 * i128::from(g)) / Ratio::int(n.max(1).into())).round(1);
        r.ratio() >= t
    };
    // The rounded ratio never falls as G grows, so the least G that meets the target is found
    // by bisection (a region counts hundreds of thousands of city-days).
    let (mut lo, mut hi) = (0u32, n + 1);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if meets(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// Computes the progress (decision A12).
pub fn progress(targets: &crate::model::Targets, input: &ProgressInput) -> Progress {
    let c = &input.counts;
    let rest = input.remaining_slots;
    // Year denominator: valid so far + slots left (= N with no gaps).
    let n_eff = c.valid_days + rest;
    let last = input.last_year_rest.as_ref();

    // PM2.5.
    let t = targets.pm25;
    let dec = t.decimals();
    let (so_far, allowed_exact) = match input.pm25_so_far {
        Some((mean, n)) => {
            let budget = t.ratio() * Ratio::int(i128::from(n + rest)) - mean * Ratio::int(n.into());
            let allowed = (rest > 0).then(|| budget / Ratio::int(rest.into()));
            (Some(mean), allowed)
        }
        None => (None, (rest > 0).then(|| t.ratio())),
    };
    let last_pm = last.and_then(|(m, _)| m.map(|(m, _)| m));
    let pm_status = match (allowed_exact, so_far) {
        (Some(a), _) if a < Ratio::int(0) => Status::Unreachable,
        (Some(a), _) => match last_pm {
            Some(l) if a < l => Status::AtRisk,
            _ => Status::OnTrack,
        },
        // The year is over: the printed annual mean against the target.
        (None, Some(m)) if m.round(dec).ratio() > t.ratio() => Status::Unreachable,
        (None, _) => Status::OnTrack,
    };
    let pm25 = Pm25Progress {
        target: t,
        so_far: so_far.map(|m| m.round(dec)),
        gap: so_far.map(|m| (m - t.ratio()).round(dec)),
        allowed_rest: allowed_exact.map(|a| a.round(dec)),
        last_year_rest: last_pm.map(|l| l.round(dec)),
        status: pm_status,
        allowed_rest_exact: allowed_exact,
    };

    // Good days.
    let g_star = good_days_needed(targets.good_ratio, n_eff);
    let still_needed = i64::from(g_star) - i64::from(c.good_days);
    let polluted_allowed = i64::from(n_eff) - i64::from(g_star) - i64::from(c.polluted_days);
    let last_good = last.map(|(_, lc)| lc);
    let good_status = if polluted_allowed < 0 {
        Status::Unreachable
    } else {
        match last_good {
            // Needed share of the rest, still_needed / rest, against last year's good / valid.
            Some(lc) if rest > 0 && lc.valid_days > 0 && still_needed > 0 => {
                let need = Ratio::new(still_needed.into(), rest.into());
                let had = Ratio::new(lc.good_days.into(), lc.valid_days.into());
                if need > had {
                    Status::AtRisk
                } else {
                    Status::OnTrack
                }
            }
            _ => Status::OnTrack,
        }
    };
    let good = GoodProgress {
        target: targets.good_ratio,
        so_far: c.good_ratio(),
        needed_days: g_star,
        still_needed,
        polluted_allowed,
        last_year_rest_good: last_good.map(|lc| lc.good_days),
        status: good_status,
    };

    // Heavy days.
    let allowed_days =
        (targets.heavy_ratio.ratio() * Ratio::int(n_eff.into()) / Ratio::int(100)).floor() as i64;
    let allowed_left = allowed_days - i64::from(c.heavy_days);
    let last_heavy = last.map(|(_, lc)| lc.heavy_days);
    let heavy_status = if allowed_left < 0 {
        Status::Unreachable
    } else {
        match last_heavy {
            Some(h) if i64::from(h) > allowed_left => Status::AtRisk,
            _ => Status::OnTrack,
        }
    };
    let heavy = HeavyProgress {
        target: targets.heavy_ratio,
        allowed_days,
        so_far: c.heavy_days,
        allowed_left,
        last_year_rest_heavy: last_heavy,
        status: heavy_status,
    };
    let status = pm_status.max(good_status).max(heavy_status);
    Progress {
        projection: projection(targets, input),
        days_in_year: input.days_in_year,
        days_elapsed: input.days_elapsed,
        days_left: input.days_in_year - input.days_elapsed,
        pm25,
        good,
        heavy,
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Targets;

    fn targets(pm: &str, good: &str, heavy: &str) -> Targets {
        Targets {
            pm25: Dec::parse(pm).unwrap(),
            good_ratio: Dec::parse(good).unwrap(),
            heavy_ratio: Dec::parse(heavy).unwrap(),
        }
    }

    fn counts(valid: u32, good: u32, heavy: u32) -> DayCounts {
        DayCounts {
            calendar_days: valid,
            valid_days: valid,
            good_days: good,
            polluted_days: valid - good,
            heavy_days: heavy,
            ..Default::default()
        }
    }

    #[test]
    fn good_days_needed_follows_the_rounded_ratio() {
        // Fact sheet §5: target 80 % of 365 → 292 (291 gives 79.7 %).
        assert_eq!(good_days_needed(Dec::parse("80").unwrap(), 365), 292);
        // 95.4 % of 365: 348/365 = 95.34 → 95.3; 349/365 = 95.62 → 95.6.
        assert_eq!(good_days_needed(Dec::parse("95.4").unwrap(), 365), 349);
        // 92.4 % of 365: 337/365 = 92.33 → 92.3; 338/365 = 92.60.
        assert_eq!(good_days_needed(Dec::parse("92.4").unwrap(), 365), 338);
        // The bisection agrees with trying every G, at the ends too.
        for (t, n) in [
            ("0.0", 10),
            ("100.0", 10),
            ("99.9", 366),
            ("50.0", 1),
            ("95.0", 0),
        ] {
            let target = Dec::parse(t).unwrap();
            let linear = (0..=n)
                .find(|g| {
                    (Ratio::int(100 * i128::from(*g)) / Ratio::int(n.max(1).into()))
                        .round(1)
                        .ratio()
                        >= target.ratio()
                })
                .unwrap_or(n + 1);
            assert_eq!(good_days_needed(target, n), linear, "{t} of {n}");
        }
    }

    #[test]
    fn fact_sheet_mid_year_example() {
        // §5: by 06-30, 181 days, PM2.5 mean 42, target 35: rest ≤ (35×365 − 42×181)/184 = 28.1.
        // Good-day target 80 %: G* = 292; 140 good and 41 non-good so far → 32 polluted days left.
        let input = ProgressInput {
            days_in_year: 365,
            days_elapsed: 181,
            remaining_slots: 184,
            pm25_so_far: Some((Ratio::int(42), 181)),
            counts: counts(181, 140, 2),
            last_year_rest: None,
        };
        let p = progress(&targets("35.0", "80.0", "1.0"), &input);
        assert_eq!(p.pm25.allowed_rest.unwrap().to_string(), "28.1");
        assert_eq!(p.pm25.gap.unwrap().to_string(), "7.0");
        assert_eq!(p.good.needed_days, 292);
        assert_eq!(p.good.still_needed, 152);
        assert_eq!(p.good.polluted_allowed, 32);
        // ⌊1 % × 365⌋ = 3 heavy days, 2 used.
        assert_eq!(p.heavy.allowed_days, 3);
        assert_eq!(p.heavy.allowed_left, 1);
        assert_eq!(p.status, Status::OnTrack);
    }

    #[test]
    fn every_status_value() {
        let t = targets("30.0", "95.0", "0.0");
        // 300 days so far, 290 good, 10 polluted; N = 365 → G* = 347 (346/365 = 94.8, 347 = 95.07).
        let base = ProgressInput {
            days_in_year: 365,
            days_elapsed: 300,
            remaining_slots: 65,
            pm25_so_far: Some((Ratio::int(29), 300)),
            counts: counts(300, 290, 0),
            last_year_rest: Some((Some((Ratio::int(40), 65)), counts(65, 60, 0))),
        };
        let p = progress(&t, &base);
        assert_eq!(p.good.needed_days, 347);
        assert_eq!(p.good.polluted_allowed, 8);
        // Needs 57 of 65 good (87.7 %); last year had 60 of 65 (92.3 %): 正常.
        assert_eq!(p.good.status, Status::OnTrack);
        // PM2.5 allowed (30×365 − 29×300)/65 = 2250/65 = 34.6; last year 40 → needs better: 预警.
        assert_eq!(p.pm25.allowed_rest.unwrap().to_string(), "34.6");
        assert_eq!(p.pm25.status, Status::AtRisk);
        assert_eq!(p.heavy.status, Status::OnTrack);
        assert_eq!(p.status, Status::AtRisk);

        // 17 polluted days so far: 365 − 347 − 17 = 1 left, needs 64 of 65 good, last year 60: 预警.
        let mut i = base.clone();
        i.counts = counts(300, 283, 0);
        assert_eq!(progress(&t, &i).good.status, Status::AtRisk);
        // 19 polluted: −1 left → 无法完成.
        i.counts = counts(300, 281, 0);
        let p = progress(&t, &i);
        assert_eq!(p.good.polluted_allowed, -1);
        assert_eq!(p.good.status, Status::Unreachable);
        assert_eq!(p.status, Status::Unreachable);

        // A heavy day against a 0.0 % target: 无法完成; none but last year had one: 预警.
        let mut h = base.clone();
        h.counts = counts(300, 290, 1);
        assert_eq!(progress(&t, &h).heavy.status, Status::Unreachable);
        let mut h = base.clone();
        h.last_year_rest = Some((Some((Ratio::int(20), 65)), counts(65, 60, 1)));
        let p = progress(&t, &h);
        assert_eq!(p.heavy.allowed_left, 0);
        assert_eq!(p.heavy.status, Status::AtRisk);
        // Projection of the first case: PM2.5 (29 × 300 + 40 × 65)/365 = 11300/365 = 30.96 → 31.0,
        // above 30.0; good ratio (290 + 60)/365 = 95.89 → 95.9 ≥ 95.0.
        let p = progress(&t, &base);
        let pr = p.projection.unwrap();
        assert_eq!(pr.pm25.unwrap().to_string(), "31.0");
        assert_eq!(pr.pm25_met, Some(false));
        assert_eq!(pr.good_ratio.unwrap().to_string(), "95.9");
        assert_eq!(pr.good_met, Some(true));
        assert!(pr.heavy_met);
        // PM2.5 mean so far 37 over 300 days: (10950 − 11100)/65 < 0 → 无法完成.
        let mut m = base;
        m.pm25_so_far = Some((Ratio::int(37), 300));
        assert_eq!(progress(&t, &m).pm25.status, Status::Unreachable);
    }

    #[test]
    fn allowed_equal_to_last_year_is_on_track() {
        // The rule (docs/rules.md#target-progress): 预警 when the allowed mean for the rest is
        // *below* last year's mean over the same remaining period. Target 30.0, 300 days at 29:
        // allowed (30 × 365 − 29 × 300)/65 = 2250/65 = 34.615…; last year exactly 2250/65.
        let t = targets("30.0", "95.0", "0.0");
        let exact = Ratio::new(2250, 65);
        let mut i = ProgressInput {
            days_in_year: 365,
            days_elapsed: 300,
            remaining_slots: 65,
            pm25_so_far: Some((Ratio::int(29), 300)),
            counts: counts(300, 290, 0),
            last_year_rest: Some((Some((exact, 65)), counts(65, 65, 0))),
        };
        assert_eq!(progress(&t, &i).pm25.status, Status::OnTrack);
        // A hair above the allowance last year: 预警.
        i.last_year_rest = Some((Some((Ratio::new(2251, 65), 65)), counts(65, 65, 0)));
        assert_eq!(progress(&t, &i).pm25.status, Status::AtRisk);
        // Good days: 57 still needed of 65 is exactly last year's 57 of 65: 正常; 56 of 65: 预警.
        i.last_year_rest = Some((Some((exact, 65)), counts(65, 57, 0)));
        assert_eq!(progress(&t, &i).good.still_needed, 57);
        assert_eq!(progress(&t, &i).good.status, Status::OnTrack);
        i.last_year_rest = Some((Some((exact, 65)), counts(65, 56, 0)));
        assert_eq!(progress(&t, &i).good.status, Status::AtRisk);
    }

    #[test]
    fn on_31_december_no_day_is_left_and_the_printed_mean_decides() {
        let t = targets("30.0", "95.0", "1.0");
        let year = |mean: Ratio, good: u32| ProgressInput {
            days_in_year: 365,
            days_elapsed: 365,
            remaining_slots: 0,
            pm25_so_far: Some((mean, 365)),
            counts: counts(365, good, 0),
            last_year_rest: None,
        };
        // 30.04 prints 30.0: met; 30.05 prints 30.0 too (half to even): met; 30.06 → 30.1: not.
        let p = progress(&t, &year(Ratio::new(3004, 100), 350));
        assert_eq!((p.days_left, p.pm25.allowed_rest), (0, None));
        assert_eq!(p.pm25.status, Status::OnTrack);
        assert_eq!(
            progress(&t, &year(Ratio::new(3005, 100), 350)).pm25.status,
            Status::OnTrack
        );
        assert_eq!(
            progress(&t, &year(Ratio::new(3006, 100), 350)).pm25.status,
            Status::Unreachable
        );
        // 95 % of 365 needs 347 good days (346/365 = 94.8 %): 347 met, 346 not.
        assert_eq!(
            progress(&t, &year(Ratio::int(20), 347)).good.status,
            Status::OnTrack
        );
        assert_eq!(
            progress(&t, &year(Ratio::int(20), 346)).good.status,
            Status::Unreachable
        );
    }

    #[test]
    fn a_leap_year_counts_366_days() {
        // As of 29 February 2024: 60 days elapsed, 306 left; 95 % of 366 needs 348 good days
        // (347/366 = 94.8 %, 348/366 = 95.08 %).
        let t = targets("30.0", "95.0", "0.0");
        let i = ProgressInput {
            days_in_year: 366,
            days_elapsed: 60,
            remaining_slots: 306,
            pm25_so_far: Some((Ratio::int(40), 60)),
            counts: counts(60, 55, 0),
            last_year_rest: None,
        };
        let p = progress(&t, &i);
        assert_eq!((p.days_in_year, p.days_left), (366, 306));
        assert_eq!(p.good.needed_days, 348);
        assert_eq!(p.good.polluted_allowed, 366 - 348 - 5);
        // PM2.5: (30 × 366 − 40 × 60)/306 = 8580/306 = 28.04 → 28.0.
        assert_eq!(p.pm25.allowed_rest.unwrap().to_string(), "28.0");
    }

    #[test]
    fn the_projection_weights_last_year_s_pm25_by_its_own_pm25_days() {
        // 300 days at 29 so far; last year's rest: 65 valid days but PM2.5 on only 60, mean 40.
        // (29 × 300 + 40 × 60) / 360 = 11100 / 360 = 30.83 → 30.8 (weighting by the 65 valid
        // days would give 11300 / 365 = 30.96 → 31.0).
        let t = targets("31.0", "95.0", "0.0");
        let i = ProgressInput {
            days_in_year: 365,
            days_elapsed: 300,
            remaining_slots: 65,
            pm25_so_far: Some((Ratio::int(29), 300)),
            counts: counts(300, 290, 0),
            last_year_rest: Some((Some((Ratio::int(40), 60)), counts(65, 60, 0))),
        };
        let pr = progress(&t, &i).projection.unwrap();
        assert_eq!(pr.pm25.unwrap().to_string(), "30.8");
        assert_eq!(pr.pm25_met, Some(true));
    }
}
