//! Rankings with ties (decision A8) and year-on-year changes (decision A9).

use crate::num::{Dec, Ratio};
use std::cmp::Ordering;

/// Which end of a ranking is best.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    /// Smaller is better (composite index, PM2.5, change rate).
    Lower,
    /// Larger is better (good-day ratio).
    Higher,
}

/// Competition ranking of printed values (城市环境空气质量排名技术规定: equal values 以并列计;
/// decision A8): equal printed values share a rank and the next rank skips, 1, 2, 2, 4. Entries
/// without a value get no rank and do not take a place.
pub fn competition_rank(values: &[Option<Dec>], better: Better) -> Vec<Option<u32>> {
    let cmp = |a: &Dec, b: &Dec| {
        let o = a.cmp_value(*b);
        if better == Better::Lower {
            o
        } else {
            o.reverse()
        }
    };
    // Best first; each entry's rank is one more than the number of entries strictly ahead.
    let mut order: Vec<(usize, Dec)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    order.sort_by(|a, b| cmp(&a.1, &b.1));
    let mut ranks = vec![None; values.len()];
    let mut rank = 0;
    for (place, (i, v)) in order.iter().enumerate() {
        if place == 0 || cmp(&order[place - 1].1, v) == Ordering::Less {
            rank = place as u32 + 1;
        }
        ranks[*i] = Some(rank);
    }
    ranks
}

/// Year-on-year change in percent of printed values, one decimal (decision A9):
/// (this − last) / last × 100. `None` when last year's value is zero.
pub fn percent_change(this: Dec, last: Dec) -> Option<Dec> {
    let last_r = last.ratio();
    if last_r == Ratio::int(0) {
        return None;
    }
    Some(((this.ratio() - last_r) / last_r * Ratio::int(100)).round(1))
}

/// Year-on-year change of a ratio in percentage points (decision A9): this − last, printed
/// with the larger number of decimals of the two (exact: both are printed values).
pub fn point_change(this: Dec, last: Dec) -> Dec {
    let d = this.decimals().max(last.decimals());
    (this.ratio() - last.ratio()).round(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Option<Dec> {
        Dec::parse(s)
    }

    #[test]
    fn ties_share_a_rank_and_the_next_skips() {
        let v = [dec("2.10"), dec("2.45"), dec("2.45"), dec("3.01"), None];
        assert_eq!(
            competition_rank(&v, Better::Lower),
            vec![Some(1), Some(2), Some(2), Some(4), None]
        );
        let g = [dec("95.1"), dec("99.0"), dec("95.1"), dec("90.0")];
        assert_eq!(
            competition_rank(&g, Better::Higher),
            vec![Some(2), Some(1), Some(2), Some(4)]
        );
    }

    #[test]
    fn ranks_count_the_entries_strictly_ahead() {
        // The definition, entry by entry, on values with ties, mixed decimals (1.0 = 1.00),
        // negatives and gaps.
        let mut x = 7u64;
        let values: Vec<Option<Dec>> = (0..300)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let r = x >> 33;
                (!r.is_multiple_of(11)).then(|| {
                    let d = (r % 3) as u8;
                    Dec::new((r / 3 % 41) as i64 * 10i64.pow(u32::from(d)) / 4 - 50, d)
                })
            })
            .collect();
        for better in [Better::Lower, Better::Higher] {
            let want: Vec<Option<u32>> = values
                .iter()
                .map(|v| {
                    v.map(|v| {
                        let ahead = values.iter().flatten().filter(|o| match better {
                            Better::Lower => o.ratio() < v.ratio(),
                            Better::Higher => o.ratio() > v.ratio(),
                        });
                        ahead.count() as u32 + 1
                    })
                })
                .collect();
            assert_eq!(competition_rank(&values, better), want);
        }
        assert_eq!(
            competition_rank(&[dec("1.0"), dec("1.00"), dec("0.95")], Better::Lower),
            vec![Some(2), Some(2), Some(1)]
        );
    }

    #[test]
    fn c3_change_rate_from_printed_indices() {
        // Decision A9: printed indices 3.79 and 3.95 give −4.1 % (raw indices would give −4.0 %).
        let c = percent_change(Dec::parse("3.79").unwrap(), Dec::parse("3.95").unwrap());
        assert_eq!(c.unwrap().to_string(), "-4.1");
        assert_eq!(
            percent_change(Dec::parse("30").unwrap(), Dec::parse("30").unwrap())
                .unwrap()
                .to_string(),
            "0.0"
        );
        assert_eq!(
            percent_change(Dec::parse("1").unwrap(), Dec::parse("0").unwrap()),
            None
        );
        // 28 vs 32: −12.5 exactly.
        assert_eq!(
            percent_change(Dec::parse("28").unwrap(), Dec::parse("32").unwrap())
                .unwrap()
                .to_string(),
            "-12.5"
        );
    }

    #[test]
    fn ratio_changes_are_points() {
        let c = point_change(Dec::parse("95.4").unwrap(), Dec::parse("93.9").unwrap());
        assert_eq!(c.to_string(), "1.5");
        let c = point_change(Dec::parse("90.0").unwrap(), Dec::parse("100.0").unwrap());
        assert_eq!(c.to_string(), "-10.0");
    }
}
