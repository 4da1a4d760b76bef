//! Exact arithmetic for the statistics: rationals and printed decimals.
//!
//! The standards round results (GB/T 8170 修约, ceil for IAQI), and a rounding rule applied to a
//! binary floating-point value can give the wrong digit (CO 2.2 mg/m³ gives IAQI 56 in IEEE doubles,
//! 55 in truth; docs/rules.md#rounding). Every statistic is therefore computed as an exact rational
//! of `i128` and rounded once, at the end, into a [`Dec`]: the number as it is printed.

use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

/// An exact rational number `num / den` with `den > 0`, kept in lowest terms.
#[derive(Clone, Copy, Debug)]
pub struct Ratio {
    num: i128,
    den: i128,
}

/// Greatest common divisor (binary, Stein's algorithm: shifts and subtractions instead of the
/// 128-bit divisions of Euclid's, which the machine does in software).
fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    if a == 0 || b == 0 {
        return (a | b) as i128;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return (a << shift) as i128;
        }
    }
}

impl Ratio {
    /// `num / den`; `den` must not be zero (callers divide by counts they checked).
    pub fn new(num: i128, den: i128) -> Ratio {
        assert!(den != 0, "Ratio with zero denominator");
        let sign = if den < 0 { -1 } else { 1 };
        let g = gcd(num, den).max(1);
        Ratio {
            num: sign * num / g,
            den: sign * den / g,
        }
    }

    /// The integer `n`.
    pub fn int(n: i128) -> Ratio {
        Ratio { num: n, den: 1 }
    }

    /// Numerator (lowest terms).
    pub fn num(self) -> i128 {
        self.num
    }

    /// Denominator (lowest terms, positive).
    pub fn den(self) -> i128 {
        self.den
    }

    /// Largest integer not above the value.
    pub fn floor(self) -> i128 {
        self.num.div_euclid(self.den)
    }

    /// Smallest integer not below the value (the 进位取整 of HJ 633 IAQI).
    pub fn ceil(self) -> i128 {
        -((-self.num).div_euclid(self.den))
    }

    /// Absolute value.
    pub fn abs(self) -> Ratio {
        Ratio::new(self.num.abs(), self.den)
    }

    /// Rounds to `decimals` places by GB/T 8170-2008 (四舍六入五成双: an exact half goes to the
    /// even digit; negative numbers round their absolute value), in one step from the exact value.
    pub fn round(self, decimals: u8) -> Dec {
        let scale = 10i128.pow(decimals as u32);
        let scaled_num = self.num.abs() * scale;
        let q = scaled_num / self.den;
        let r = scaled_num % self.den;
        let up = match (2 * r).cmp(&self.den) {
            Ordering::Less => false,
            Ordering::Greater => true,
            Ordering::Equal => q % 2 == 1,
        };
        let mag = q + i128::from(up);
        let units = if self.num < 0 { -mag } else { mag };
        Dec::new(units as i64, decimals)
    }

    /// Nearest `f64`, for charts only: never round or compare through it.
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// `self × scale` rounded half to even, as an integer (no 64-bit limit).
    fn scaled_half_even(self, scale: i128) -> i128 {
        let q = self.num.div_euclid(self.den);
        let r = self.num.rem_euclid(self.den);
        // q·scale + (r/den)·scale, the fraction rounded.
        let frac = Ratio::new(r, self.den) * Ratio::int(scale);
        let f = frac.floor();
        let rem = frac - Ratio::int(f);
        let up = match rem.cmp(&Ratio::new(1, 2)) {
            Ordering::Greater => 1,
            Ordering::Equal => f.rem_euclid(2),
            Ordering::Less => 0,
        };
        q * scale + f + up
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ratio {}
impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ratio {
    /// Exact for any two ratios: cross-multiplied when that fits in 128 bits, otherwise by
    /// comparing integer parts and then the reciprocals of the fractional parts (Euclid).
    fn cmp(&self, other: &Self) -> Ordering {
        if let (Some(a), Some(b)) = (
            self.num.checked_mul(other.den),
            other.num.checked_mul(self.den),
        ) {
            return a.cmp(&b);
        }
        let (fa, fb) = (self.floor(), other.floor());
        if fa != fb {
            return fa.cmp(&fb);
        }
        // Same integer part: compare the fractional parts ra/da and rb/db in [0, 1).
        let (ra, rb) = (self.num - fa * self.den, other.num - fb * other.den);
        match (ra == 0, rb == 0) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            // ra/da < rb/db ⟺ db/rb < da/ra.
            (false, false) => Ratio::new(other.den, rb).cmp(&Ratio::new(self.den, ra)),
        }
    }
}

impl Ratio {
    /// `self + o`, or `None` when the exact sum does not fit in 128 bits.
    pub fn checked_add(self, o: Ratio) -> Option<Ratio> {
        let g = gcd(self.den, o.den).max(1);
        let l = (self.den / g).checked_mul(o.den)?;
        let n = self
            .num
            .checked_mul(l / self.den)?
            .checked_add(o.num.checked_mul(l / o.den)?)?;
        Some(Ratio::new(n, l))
    }

    /// The mean of values. Exact while the common denominator fits in 128 bits (always for a
    /// province's cities); beyond that (hundreds of cities with different day counts) each value
    /// enters at 10⁻¹⁵, far below any printed digit.
    pub fn mean_of(values: &[Ratio]) -> Option<Ratio> {
        if values.is_empty() {
            return None;
        }
        let k = values.len() as i128;
        let exact = values
            .iter()
            .try_fold(Ratio::int(0), |acc, v| acc.checked_add(*v));
        Some(match exact {
            Some(sum) => Ratio::new(sum.num, sum.den.checked_mul(k)?),
            None => {
                const SCALE: i128 = 1_000_000_000_000_000;
                let sum: i128 = values.iter().map(|v| v.scaled_half_even(SCALE)).sum();
                Ratio::new(sum, SCALE * k)
            }
        })
    }
}

impl std::ops::Add for Ratio {
    type Output = Ratio;
    fn add(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.den + o.num * self.den, self.den * o.den)
    }
}
impl std::ops::Sub for Ratio {
    type Output = Ratio;
    fn sub(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.den - o.num * self.den, self.den * o.den)
    }
}
impl std::ops::Mul for Ratio {
    type Output = Ratio;
    fn mul(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.num, self.den * o.den)
    }
}
impl std::ops::Div for Ratio {
    type Output = Ratio;
    fn div(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.den, self.den * o.num)
    }
}

/// A decimal number as it is printed: `units / 10^decimals`, e.g. `Dec::new(298, 1)` is 29.8.
///
/// It keeps its decimals, so 1.0 prints (and serializes to JSON) as `1.0`, and 3.10 as `3.10`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dec {
    units: i64,
    decimals: u8,
}

impl Dec {
    /// `units / 10^decimals`.
    pub fn new(units: i64, decimals: u8) -> Dec {
        Dec { units, decimals }
    }

    /// The integer count in hundredths, tenths… of the last printed place.
    pub fn units(self) -> i64 {
        self.units
    }

    /// Number of printed decimals.
    pub fn decimals(self) -> u8 {
        self.decimals
    }

    /// The exact value.
    pub fn ratio(self) -> Ratio {
        Ratio::new(self.units as i128, 10i128.pow(self.decimals as u32))
    }

    /// Compares the values (1.0 equals 1.00), exactly, without building ratios.
    pub fn cmp_value(self, o: Dec) -> Ordering {
        let d = self.decimals.max(o.decimals);
        let scaled = |x: Dec| i128::from(x.units) * 10i128.pow(u32::from(d - x.decimals));
        scaled(self).cmp(&scaled(o))
    }

    /// Nearest `f64`, for charts only.
    pub fn to_f64(self) -> f64 {
        self.units as f64 / 10f64.powi(self.decimals as i32)
    }

    /// Parses a plain decimal such as `29.8`, `-3`, `0.05`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Dec> {
        let t = text.trim();
        let (neg, body) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let (int_part, frac_part) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        if !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
            || frac_part.len() > 6
            || int_part.len() > 12
        {
            return None;
        }
        let digits = format!("{int_part}{frac_part}");
        let units: i64 = if digits.is_empty() {
            0
        } else {
            digits.parse().ok()?
        };
        Some(Dec::new(
            if neg { -units } else { units },
            frac_part.len() as u8,
        ))
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.units < 0 { "-" } else { "" };
        let mag = self.units.unsigned_abs();
        if self.decimals == 0 {
            return write!(f, "{sign}{mag}");
        }
        let scale = 10u64.pow(self.decimals as u32);
        write!(
            f,
            "{sign}{}.{:0width$}",
            mag / scale,
            mag % scale,
            width = self.decimals as usize
        )
    }
}

impl Serialize for Dec {
    /// A number: an integer when printed without decimals, else the `f64` nearest to the printed
    /// value, whose shortest form (`serde_json` prints it so) is the printed text without
    /// trailing zeros beyond the first decimal: 29.8, 1.0, 3.1 for 3.10.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.decimals == 0 {
            s.serialize_i64(self.units)
        } else {
            s.serialize_f64(self.to_f64())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i128, d: i128) -> Ratio {
        Ratio::new(n, d)
    }

    /// Euclid's algorithm, the definition the binary [`gcd`] must agree with.
    fn euclid(a: i128, b: i128) -> i128 {
        let (mut a, mut b) = (a.abs(), b.abs());
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    }

    #[test]
    fn binary_gcd_agrees_with_euclid() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z ^ (z >> 31)
        };
        for _ in 0..20_000 {
            // Products of small numbers share factors; shifts mix 64- and 128-bit sizes.
            let a = i128::from(next() % 1_000_000) * i128::from(next() >> (next() % 64));
            let b = i128::from(next() % 1_000_000) * i128::from(next() >> (next() % 64));
            let k = i128::from(next() % 5000 + 1) << (next() % 8);
            let (a, b) = (a * k, -(b * k));
            assert_eq!(gcd(a, b), euclid(a, b), "{a} {b}");
        }
        assert_eq!(gcd(0, -12), 12);
        assert_eq!(gcd(1 << 100, 3 << 90), 1 << 90);
        assert_eq!(gcd(0, 0), 0);
    }

    #[test]
    fn gbt8170_ties_go_to_even() {
        // GB/T 8170 examples (docs/rules.md#rounding).
        assert_eq!(r(345, 10).round(0).to_string(), "34");
        assert_eq!(r(355, 10).round(0).to_string(), "36");
        assert_eq!(r(165, 100).round(1).to_string(), "1.6");
        assert_eq!(r(375, 1000).round(2).to_string(), "0.38");
        // Round once from the raw value: 97.46 → 97, never 97.5 → 98.
        assert_eq!(r(9746, 100).round(0).to_string(), "97");
        // Negative numbers round their absolute value.
        assert_eq!(r(-165, 100).round(1).to_string(), "-1.6");
        assert_eq!(r(-41, 1000).round(1).to_string(), "0.0");
    }

    #[test]
    fn comparisons_and_means_do_not_overflow() {
        // Denominators near 10^30 each: the cross products do not fit in 128 bits.
        let a = Ratio::new(10i128.pow(30) + 1, 10i128.pow(30) - 1);
        let b = Ratio::new(10i128.pow(30) + 3, 10i128.pow(30) - 1 + 2);
        assert_eq!(a.cmp(&b), Ordering::Greater);
        assert_eq!(b.cmp(&a), Ordering::Less);
        assert_eq!(a.cmp(&a), Ordering::Equal);
        // Means of 40 values with pairwise distinct day counts (denominators 10·N, N = 326 … 365).
        let vals: Vec<Ratio> = (326..366)
            .map(|n| Ratio::new(35 * 10 * n + 7, 10 * n))
            .collect();
        let m = Ratio::mean_of(&vals).unwrap();
        // Each value is 35 + 0.7/N: the mean is 35.002… → 35.0.
        assert_eq!(m.round(1).to_string(), "35.0");
        assert_eq!(m.round(3).to_string(), "35.002");
        assert_eq!(Ratio::mean_of(&[r(1, 3), r(2, 3)]), Some(r(1, 2)));
        assert_eq!(Ratio::mean_of(&[]), None);
    }

    #[test]
    fn ceil_and_floor_are_exact() {
        assert_eq!(r(11000, 100).ceil(), 110);
        assert_eq!(r(11001, 100).ceil(), 111);
        assert_eq!(r(-3, 2).floor(), -2);
        assert_eq!(r(-3, 2).ceil(), -1);
    }

    #[test]
    fn dec_prints_and_parses_its_decimals() {
        assert_eq!(Dec::new(10, 1).to_string(), "1.0");
        assert_eq!(Dec::new(310, 2).to_string(), "3.10");
        assert_eq!(Dec::new(-5, 2).to_string(), "-0.05");
        assert_eq!(Dec::parse("29.8"), Some(Dec::new(298, 1)));
        assert_eq!(Dec::parse(".5"), Some(Dec::new(5, 1)));
        assert_eq!(Dec::parse("1e3"), None);
        assert_eq!(Dec::parse(""), None);
        assert_eq!(serde_json::to_string(&Dec::new(310, 2)).unwrap(), "3.1");
        assert_eq!(serde_json::to_string(&Dec::new(10, 1)).unwrap(), "1.0");
        assert_eq!(serde_json::to_string(&Dec::new(35, 0)).unwrap(), "35");
    }
}
