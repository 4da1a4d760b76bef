//! Weeks and campaign issue numbers: ISO weeks (Monday to Sunday), the week of a date, and the
//! 期号 of a weekly bulletin counted from the campaign's start.

use chrono::{Datelike, Days, IsoWeek, NaiveDate, Weekday};

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

    /// The seven dates.
    pub fn days(&self) -> Vec<NaiveDate> {
        self.monday.iter_days().take(7).collect()
    }
}

/// The issue number of a week in a campaign: weeks belong to the campaign when they end (Sunday)
/// inside it; the first such week is 第1期. `None` for a week outside the campaign.
pub fn campaign_issue(week: &Week, start: NaiveDate, end: NaiveDate) -> Option<u32> {
    if week.sunday < start || week.sunday > end {
        return None;
    }
    let first_sunday = Week::of(start).sunday;
    Some(((week.sunday - first_sunday).num_days() / 7) as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
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
        assert_eq!(campaign_issue(&w39, start, end), Some(1));
        // 2022-W52 runs 26 December … 1 January 2023: 第14期.
        let w52 = Week::parse("2022-W52").unwrap();
        assert_eq!((w52.monday, w52.sunday), (d("2022-12-26"), d("2023-01-01")));
        assert_eq!(campaign_issue(&w52, start, end), Some(14));
        // 2023-W01 runs 2 … 8 January 2023: 第15期.
        let w01 = Week::parse("2023-W01").unwrap();
        assert_eq!((w01.monday, w01.sunday), (d("2023-01-02"), d("2023-01-08")));
        assert_eq!(campaign_issue(&w01, start, end), Some(15));
        // The week of 31 March 2023 ends on 2 April, after the campaign; W12 (… 26 March) is the last.
        assert_eq!(campaign_issue(&Week::of(d("2023-03-31")), start, end), None);
        assert_eq!(
            campaign_issue(&Week::parse("2023-W12").unwrap(), start, end),
            Some(26)
        );
        // Before the campaign.
        assert_eq!(
            campaign_issue(&Week::parse("2022-W38").unwrap(), start, end),
            None
        );
    }
}
