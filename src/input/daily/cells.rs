//! The cells of a daily CSV line, read without allocation: white space trimmed as `str::trim`
//! trims it, dates from fixed positions, values as digits with at most one decimal, found and
//! converted eight bytes at a time; the columns as the plain-line reader walks them. Each agrees
//! with the general reader's function it stands in for (tests below).

use super::Col;
use crate::input::parse_date;
use crate::model::{Item, Tenths};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Characters `str::trim` removes that are ASCII.
pub(super) fn ascii_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Whether a UTF-8 lead byte may start a non-ASCII white-space character (U+0085, U+00A0,
/// U+1680, U+2000–U+205F, U+3000: lead bytes C2, E1, E2, E3). CJK characters never do.
fn may_be_space(lead: u8) -> bool {
    matches!(lead, 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// A cell without surrounding white space, as `str::trim` makes it (`b` is UTF-8).
#[inline]
pub(super) fn trim_cell(b: &[u8]) -> &[u8] {
    // The common case: printable ASCII at both ends (white space is at most 0x20).
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) if (0x21..0x80).contains(&f) && (0x21..0x80).contains(&l) => b,
        (None, _) => b,
        _ => trim_any(b),
    }
}

/// [`trim_cell`] of any cell.
fn trim_any(b: &[u8]) -> &[u8] {
    let mut s = 0;
    let mut e = b.len();
    while s < e && ascii_space(b[s]) {
        s += 1;
    }
    while e > s && ascii_space(b[e - 1]) {
        e -= 1;
    }
    let t = &b[s..e];
    let (Some(&first), Some(&last)) = (t.first(), t.last()) else {
        return t;
    };
    let last_lead = if last < 0x80 {
        last
    } else {
        // The lead byte of the last character.
        t.iter()
            .rev()
            .take(4)
            .find(|c| *c & 0xC0 != 0x80)
            .copied()
            .unwrap_or(last)
    };
    if may_be_space(first) || may_be_space(last_lead) {
        match std::str::from_utf8(t) {
            Ok(s) => s.trim().as_bytes(),
            Err(_) => t,
        }
    } else {
        t
    }
}

/// The line without its `\r` of a `\r\n` ending.
pub(super) fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A quick hash for short keys (city names): the multiply-rotate hash of the Rust compiler.
#[derive(Clone, Copy, Default)]
pub(super) struct QuickHasher(u64);

impl std::hash::Hasher for QuickHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(super) type QuickMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<QuickHasher>>;

/// A date written `YYYY-MM-DD` (or with `/` or `.`), read from its fixed positions; anything
/// else through [`parse_date`]. `cell` is trimmed UTF-8.
pub(super) fn date_of(cell: &[u8]) -> Option<NaiveDate> {
    if cell.len() == 10
        && matches!(cell[4], b'-' | b'/' | b'.')
        && matches!(cell[7], b'-' | b'/' | b'.')
    {
        let d = |i: usize| -> Option<u32> {
            let c = cell[i];
            c.is_ascii_digit().then(|| u32::from(c - b'0'))
        };
        if let (Some(y0), Some(y1), Some(y2), Some(y3), Some(m0), Some(m1), Some(d0), Some(d1)) =
            (d(0), d(1), d(2), d(3), d(5), d(6), d(8), d(9))
        {
            let y = (y0 * 1000 + y1 * 100 + y2 * 10 + y3) as i32;
            return NaiveDate::from_ymd_opt(y, m0 * 10 + m1, d0 * 10 + d1);
        }
    }
    parse_date(std::str::from_utf8(cell).ok()?)
}

/// A value written as digits with at most one decimal, in tenths, as [`parse_value`] reads it
/// (GB/T 8170 rounding to the published precision); `None` for anything else, which then goes
/// through [`parse_value`] itself.
pub(super) fn quick_value(item: Item, cell: &[u8]) -> Option<Tenths> {
    let mut n: i64 = 0;
    let mut i = 0;
    while i < cell.len() && cell[i].is_ascii_digit() {
        n = n * 10 + i64::from(cell[i] - b'0');
        i += 1;
    }
    if i == 0 || i > 6 {
        return None;
    }
    let t = match &cell[i..] {
        [] => n * 10,
        [b'.', f] if f.is_ascii_digit() => {
            let f = i64::from(f - b'0');
            if item.published_decimals() == 1 {
                n * 10 + f
            } else {
                let up = f > 5 || (f == 5 && n % 2 == 1);
                (n + i64::from(up)) * 10
            }
        }
        _ => return None,
    };
    (t <= item.plausible_max()).then_some(t)
}

/// A column as the plain-line reader takes it: what it holds and, for a value, the item's
/// bounds (looked up once, not per cell).
#[derive(Clone, Copy)]
pub(super) struct Step {
    pub(super) kind: StepKind,
    pub(super) item: Item,
    /// The largest plausible value in tenths.
    pub(super) max: i64,
    /// The item is published with one decimal (CO), so a decimal is kept, not rounded.
    pub(super) one_decimal: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum StepKind {
    Value,
    Date,
    City,
    Other,
    Dust,
}

/// The steps of a header's columns.
pub(super) fn steps(cols: &[Option<Col>]) -> Vec<Step> {
    cols.iter()
        .map(|c| {
            let (kind, item) = match c {
                Some(Col::Value(item)) => (StepKind::Value, *item),
                Some(Col::Date) => (StepKind::Date, Item::Pm25),
                Some(Col::City) => (StepKind::City, Item::Pm25),
                Some(Col::Dust) => (StepKind::Dust, Item::Pm25),
                None => (StepKind::Other, Item::Pm25),
            };
            Step {
                kind,
                item,
                max: item.plausible_max(),
                one_decimal: item.published_decimals() == 1,
            }
        })
        .collect()
}

/// Bit 7 of each byte of `w` that is not an ASCII digit.
#[inline]
pub(super) fn non_digits(w: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let x = w ^ 0x3030_3030_3030_3030;
    // A byte of x from 10 up (or with bit 7 set) is not a digit: adding 0x76 to its low seven
    // bits carries into bit 7 exactly then, and never into the next byte.
    (((x & LOW7).wrapping_add(0x7676_7676_7676_7676)) | x) & HIGH
}

/// The number written by the first `k` (1 to 8) bytes of `w`, which are digits.
#[inline]
pub(super) fn digits_value(w: u64, k: u32) -> u64 {
    // The digits' values moved to the top bytes (leading zeros below), then combined in pairs,
    // fours and eights (first digit the most significant).
    let mut v = (w ^ 0x3030_3030_3030_3030) << (64 - 8 * k);
    v = (v.wrapping_mul(10) + (v >> 8)) & 0x00FF_00FF_00FF_00FF;
    v = (v.wrapping_mul(100) + (v >> 16)) & 0x0000_FFFF_0000_FFFF;
    (v.wrapping_mul(10_000) + (v >> 32)) & 0xFFFF_FFFF
}

/// Eight bytes of `b` from `at` (little-endian), if there are eight.
#[inline]
pub(super) fn word(b: &[u8], at: usize) -> Option<u64> {
    let s: [u8; 8] = b.get(at..at + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(s))
}

#[cfg(test)]
mod tests {
    use super::super::parse_value;
    use super::*;

    #[test]
    fn cells_are_trimmed_like_str_trim() {
        for s in [
            "",
            " a ",
            "\u{3000}南宁\u{3000}",
            " \u{a0}x\t",
            "\u{0b}y\u{0c}",
            "市 ",
            "南宁\u{2009}",
            "\u{85}x\u{1680}",
            "城市000",
            "\u{feff}x",
            "x\u{205f}",
        ] {
            assert_eq!(trim_cell(s.as_bytes()), s.trim().as_bytes(), "{s:?}");
        }
    }

    #[test]
    fn quick_values_agree_with_parse_value() {
        for item in Item::ALL {
            for s in [
                "0", "7", "35", "35.5", "34.5", "1.4", "0.85", "1.", ".5", "2500", "30000",
                "30001", "600", "60.0", "000035", "1234567", "3a",
            ] {
                if let Some(q) = quick_value(item, s.as_bytes()) {
                    assert_eq!(parse_value(item, s), Ok(Some(q)), "{item:?} {s}");
                }
            }
        }
        assert_eq!(quick_value(Item::Pm25, b"35.5"), Some(360));
        assert_eq!(quick_value(Item::Co, b"1.4"), Some(14));
        assert_eq!(quick_value(Item::Co, b"0.85"), None);
    }

    #[test]
    fn dates_agree_with_parse_date() {
        for s in [
            "2022-11-01",
            "2022/11/01",
            "2022.11.01",
            "2022-02-30",
            "2022-1-01",
            "2022年11月1日",
            "20221101",
            "2022-11-01 00:00:00",
            "2022-11/01",
            "２022-11-01",
        ] {
            assert_eq!(date_of(s.as_bytes()), parse_date(s), "{s}");
        }
    }

    #[test]
    fn digits_are_found_and_read_eight_bytes_at_a_time() {
        // Every byte value in every position: the digit flags are exact.
        for at in 0..8 {
            for b in 0..=255u8 {
                let mut bytes = *b"12345678";
                bytes[at] = b;
                let got = non_digits(u64::from_le_bytes(bytes));
                let want = if b.is_ascii_digit() {
                    0
                } else {
                    0x80 << (8 * at)
                };
                assert_eq!(got, want, "byte {b:#x} at {at}");
            }
        }
        for s in [
            "7", "35", "121", "2500", "30000", "000035", "999999", "1234567", "12345678",
        ] {
            let mut bytes = [b','; 8];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            let w = u64::from_le_bytes(bytes);
            assert_eq!(
                non_digits(w).trailing_zeros() / 8,
                s.len().min(8) as u32,
                "{s}"
            );
            assert_eq!(
                digits_value(w, s.len() as u32),
                s.parse::<u64>().unwrap(),
                "{s}"
            );
        }
    }
}
