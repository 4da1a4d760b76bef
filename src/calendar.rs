//! The documents' calendar, in one place: months and their bounds, years, ISO weeks (Monday to
//! Sunday), the 期号 of a weekly bulletin counted from the campaign's start, and the Chinese
//! period labels ("11月", "1—11月"). Every bound is computed from a valid date, so nothing here
//! falls back to a made-up date.

use chrono::{Datelike, Days, IsoWeek, NaiveDate, Weekday};
use std::cmp::Ordering;

/// Days in a month (1–12) of a proleptic Gregorian year.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether a year has 366 days.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a year: 365 or 366.
pub fn days_in_year(year: i32) -> u32 {
    if is_leap(year) {
        366
    } else {
        365
    }
}

/// 1 January of the date's year.
pub fn year_start(d: NaiveDate) -> NaiveDate {
    d - Days::new(u64::from(d.ordinal0()))
}

/// 31 December of the date's year.
pub fn year_end(d: NaiveDate) -> NaiveDate {
    d + Days::new(u64::from(days_in_year(d.year()) - d.ordinal()))
}

/// The last day of the date's month.
pub fn month_last_day(d: NaiveDate) -> NaiveDate {
    d + Days::new(u64::from(days_in_month(d.year(), d.month()) - d.day()))
}

/// A calendar month with its first and last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    first: NaiveDate,
}

impl Month {
    /// The month of a date.
    pub fn of(d: NaiveDate) -> Month {
        Month {
            first: d - Days::new(u64::from(d.day0())),
        }
    }

    /// Month `number` (1–12) of `year`; `None` when there is no such month.
    pub fn new(year: i32, number: u32) -> Option<Month> {
        NaiveDate::from_ymd_opt(year, number, 1).map(Month::of)
    }

    /// `2022-11` (also `2022/11`, `2022年11月`), years 2000–2100.
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.trim().split_once(['-', '/', '年'])?;
        let m = m.trim_end_matches('月');
        let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
        if !(2000..=2100).contains(&y) {
            return None;
        }
        Month::new(y, m)
    }

    pub fn year(&self) -> i32 {
        self.first.year()
    }

    /// 1–12.
    pub fn number(&self) -> u32 {
        self.first.month()
    }

    pub fn first(&self) -> NaiveDate {
        self.first
    }

    pub fn last(&self) -> NaiveDate {
        month_last_day(self.first)
    }

    /// 1 January of the month's year (the start of 1—N月).
    pub fn year_start(&self) -> NaiveDate {
        year_start(self.first)
    }

    pub fn days(&self) -> u32 {
        days_in_month(self.year(), self.number())
    }

    pub fn next(&self) -> Month {
        Month::of(self.last() + Days::new(1))
    }

    pub fn previous(&self) -> Month {
        Month::of(self.first - Days::new(1))
    }

    /// `2022-11`, for file names and manifests.
    pub fn key(&self) -> String {
        format!("{}-{:02}", self.year(), self.number())
    }

    /// `11月`.
    pub fn label(&self) -> String {
        format!("{}月", self.number())
    }

    /// `1—11月` (`1月` for January).
    pub fn ytd_label(&self) -> String {
        ytd_label(self.number())
    }

    /// The default date of a month's bulletin and ranking: the 5th of the next month.
    pub fn default_issue_date(&self) -> NaiveDate {
        self.next().first() + Days::new(4)
    }
}

/// `1—N月` for the months of a year up to month `n`, `1月` when `n` is 1.
pub fn ytd_label(n: u32) -> String {
    if n <= 1 {
        "1月".to_string()
    } else {
        format!("1—{n}月")
    }
}

/// An ISO week: its Monday and Sunday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Week {
    pub year: i32,
    pub number: u32,
    pub monday: NaiveDate,
    pub sunday: NaiveDate,
}

impl Week {
    /// The ISO week of a date.
    pub fn of(d: NaiveDate) -> Week {
        let iso: IsoWeek = d.iso_week();
        let monday = d - Days::new(u64::from(d.weekday().num_days_from_monday()));
        Week {
            year: iso.year(),
            number: iso.week(),
            monday,
            sunday: monday + Days::new(6),
        }
    }

    /// `2022-W45` (also `2022W45`, `2022-w45`).
    pub fn parse(s: &str) -> Option<Week> {
        let t = s.trim().to_ascii_uppercase();
        let (y, w) = t.split_once('W')?;
        let y: i32 = y
            .trim_end_matches('-')
            .parse()
            .ok()
            .filter(|y| (1900..=2100).contains(y))?;
        let w: u32 = w.parse().ok()?;
        let monday = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)?;
        Some(Week::of(monday))
    }

    /// `2022-W45`, for file names.
    pub fn key(&self) -> String {
        format!("{}-W{:02}", self.year, self.number)
    }

    /// The week before.
    pub fn previous(&self) -> Week {
        Week::of(self.monday - Days::new(7))
    }

    /// The week after.
    pub fn next(&self) -> Week {
        Week::of(self.monday + Days::new(7))
    }

    /// The seven dates.
    pub fn days(&self) -> Vec<NaiveDate> {
        self.monday.iter_days().take(7).collect()
    }
}

impl PartialOrd for Week {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Week {
    fn cmp(&self, o: &Self) -> Ordering {
        self.monday.cmp(&o.monday)
    }
}

/// Which week of a campaign is its 第1期 (configurable: offices count both ways).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FirstIssue {
    /// The week containing the campaign's first day (a campaign starting on Saturday 1 October
    /// 2022 has 26 September – 2 October as 第1期).
    #[default]
    WeekOfStart,
    /// The first week that lies wholly inside the campaign (3 – 9 October for that campaign).
    FirstFullWeek,
}

/// The issue number of a week in a campaign: a week belongs to the campaign when it ends (Sunday)
/// inside it, and, under [`FirstIssue::FirstFullWeek`], also begins (Monday) inside it; the
/// first such week is 第1期. `None` for a week outside the campaign.
pub fn campaign_issue(
    week: &Week,
    start: NaiveDate,
    end: NaiveDate,
    rule: FirstIssue,
) -> Option<u32> {
    if week.sunday < start || week.sunday > end {
        return None;
    }
    let first = match rule {
        FirstIssue::WeekOfStart => Week::of(start),
        FirstIssue::FirstFullWeek => {
            let w = Week::of(start);
            if w.monday < start {
                w.next()
            } else {
                w
            }
        }
    };
    if week.monday < first.monday {
        return None;
    }
    Some(((week.sunday - first.sunday).num_days() / 7) as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn months_and_years() {
        let m = Month::parse("2022-11").unwrap();
        assert_eq!((m.first(), m.last()), (d("2022-11-01"), d("2022-11-30")));
        assert_eq!(Month::parse("2022年3月").unwrap().key(), "2022-03");
        assert_eq!(Month::parse("2022-13"), None);
        assert_eq!(Month::parse("1999-12"), None);
        assert_eq!(Month::new(2024, 2).unwrap().last(), d("2024-02-29"));
        assert_eq!(Month::new(2100, 2).unwrap().last(), d("2100-02-28"));
        assert_eq!(Month::new(2000, 2).unwrap().days(), 29);
        let dec = Month::new(2022, 12).unwrap();
        assert_eq!(dec.default_issue_date(), d("2023-01-05"));
        assert_eq!(dec.next().key(), "2023-01");
        assert_eq!(Month::new(2023, 1).unwrap().previous().key(), "2022-12");
        assert_eq!((m.label(), m.ytd_label()), ("11月".into(), "1—11月".into()));
        assert_eq!(Month::new(2023, 1).unwrap().ytd_label(), "1月");
        assert_eq!(year_end(d("2024-03-01")), d("2024-12-31"));
        assert_eq!(year_start(d("2024-12-31")), d("2024-01-01"));
        assert_eq!((days_in_year(2024), days_in_year(2022)), (366, 365));
    }

    #[test]
    fn iso_weeks() {
        let w = Week::parse("2022-W45").unwrap();
        assert_eq!((w.monday, w.sunday), (d("2022-11-07"), d("2022-11-13")));
        assert_eq!(Week::of(d("2022-11-10")), w);
        assert_eq!(w.key(), "2022-W45");
        assert_eq!(w.previous().key(), "2022-W44");
        assert_eq!(Week::parse("2022-W54"), None);
        assert_eq!(Week::parse("2022-45"), None);
    }

    #[test]
    fn campaign_numbering_across_the_year_boundary() {
        // Campaign 2022-10-01 (a Saturday) … 2023-03-31.
        let (start, end) = (d("2022-10-01"), d("2023-03-31"));
        // The week of 1 October ends on Sunday 2 October inside the campaign: 第1期.
        let w39 = Week::parse("2022-W39").unwrap();
        assert_eq!(w39.sunday, d("2022-10-02"));
        assert_eq!(
            campaign_issue(&w39, start, end, FirstIssue::WeekOfStart),
            Some(1)
        );
        // 2022-W52 runs 26 December … 1 January 2023: 第14期.
        let w52 = Week::parse("2022-W52").unwrap();
        assert_eq!((w52.monday, w52.sunday), (d("2022-12-26"), d("2023-01-01")));
        assert_eq!(
            campaign_issue(&w52, start, end, FirstIssue::WeekOfStart),
            Some(14)
        );
        // 2023-W01 runs 2 … 8 January 2023: 第15期.
        let w01 = Week::parse("2023-W01").unwrap();
        assert_eq!((w01.monday, w01.sunday), (d("2023-01-02"), d("2023-01-08")));
        assert_eq!(
            campaign_issue(&w01, start, end, FirstIssue::WeekOfStart),
            Some(15)
        );
        // The week of 31 March 2023 ends on 2 April, after the campaign; W12 (… 26 March) is the last.
        assert_eq!(
            campaign_issue(
                &Week::of(d("2023-03-31")),
                start,
                end,
                FirstIssue::WeekOfStart
            ),
            None
        );
        assert_eq!(
            campaign_issue(
                &Week::parse("2023-W12").unwrap(),
                start,
                end,
                FirstIssue::WeekOfStart
            ),
            Some(26)
        );
        // Before the campaign.
        assert_eq!(
            campaign_issue(
                &Week::parse("2022-W38").unwrap(),
                start,
                end,
                FirstIssue::WeekOfStart
            ),
            None
        );
        // Counting from the first full week: 3–9 October is 第1期, the week of 1 October none.
        let full = FirstIssue::FirstFullWeek;
        assert_eq!(campaign_issue(&w39, start, end, full), None);
        assert_eq!(campaign_issue(&w39.next(), start, end, full), Some(1));
        assert_eq!(campaign_issue(&w52, start, end, full), Some(13));
        // A campaign starting on a Monday: both rules agree.
        let monday = d("2022-10-03");
        for rule in [FirstIssue::WeekOfStart, full] {
            assert_eq!(campaign_issue(&w39.next(), monday, end, rule), Some(1));
        }
    }
}
