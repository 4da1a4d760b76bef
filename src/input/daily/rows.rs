//! The rows of a block of a daily CSV file, parsed by one worker of the fast reader
//! ([`super::fast`]): each line's cells as the separators are found, a plain good row straight
//! into its city's days; anything else split again and read as the general reader reads a row.

use super::cells::{date_of, quick_value, strip_cr, trim_cell, QuickMap, Separators};
use super::{parse_value, Col};
use crate::input::table::Row;
use crate::model::{Day, DayValues, Plan};
use chrono::NaiveDate;

pub(super) fn text_row(line: u64, cells: &[&[u8]]) -> Row {
    Row {
        line,
        cells: cells
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect(),
    }
}

/// The plan's city names as written there, resolved once through [`Plan::city_index`].
pub(super) struct Names<'p> {
    exact: QuickMap<&'p [u8], Option<usize>>,
}

impl<'p> Names<'p> {
    pub(super) fn new(plan: &'p Plan) -> Names<'p> {
        let exact = plan
            .cities
            .iter()
            .map(|c| (c.name.as_bytes(), plan.city_index(&c.name)))
            .collect();
        Names { exact }
    }
}

/// A worker's memory of the other spellings it has resolved (南宁市, " 南宁 ").
#[derive(Default)]
pub(super) struct Cache {
    other: QuickMap<Vec<u8>, Option<usize>>,
    /// After each city (by index; the last slot for none): the city cell that followed it
    /// last time, as written, and its city. Files list the cities in the same order day after
    /// day, so the next cell is almost always the one remembered.
    next: Vec<(Vec<u8>, Option<usize>)>,
}

/// What every worker reads by.
pub(super) struct Ctx<'a> {
    pub(super) delim: u8,
    pub(super) width: usize,
    pub(super) cols: &'a [Option<Col>],
    pub(super) plan: &'a Plan,
    pub(super) names: &'a Names<'a>,
    pub(super) keep_lines: bool,
}

/// What one worker parsed from a block (its buffers are reused for the next block).
pub(super) struct Block {
    /// Line breaks in the block.
    pub(super) breaks: u64,
    /// Rows with a non-empty cell.
    pub(super) rows: u64,
    pub(super) general: bool,
    pub(super) not_utf8: bool,
    /// Some city's dates do not rise within the block.
    pub(super) unordered: bool,
    /// Per plan city: its days in the block, and (when kept) their lines in the block (0-based).
    pub(super) days: Vec<Vec<Day>>,
    pub(super) lines: Vec<Vec<u32>>,
    /// Rows of another width than the header (lines in the block).
    pub(super) wrong_width: Vec<Row>,
    /// Rows with a cell that does not parse (lines in the block), for the general row parser.
    pub(super) bad: Vec<Row>,
}

impl Block {
    pub(super) fn new(cities: usize) -> Block {
        Block {
            breaks: 0,
            rows: 0,
            general: false,
            not_utf8: false,
            unordered: false,
            days: vec![Vec::new(); cities],
            lines: vec![Vec::new(); cities],
            wrong_width: Vec::new(),
            bad: Vec::new(),
        }
    }

    /// Empties the block, keeping its memory.
    pub(super) fn clear(&mut self) {
        self.breaks = 0;
        self.rows = 0;
        self.general = false;
        self.not_utf8 = false;
        self.unordered = false;
        self.days.iter_mut().for_each(Vec::clear);
        self.lines.iter_mut().for_each(Vec::clear);
        self.wrong_width.clear();
        self.bad.clear();
    }

    /// Parses a block: each line's cells as the separators are found; a line that is not a
    /// plain good row (another width, a cell that does not parse, an empty or non-UTF-8 cell)
    /// is split again and read by [`RowParser::line`], as the general reader would.
    pub(super) fn parse(&mut self, block: &[u8], ctx: &Ctx, cache: &mut Cache) {
        if memchr::memchr(0, block).is_some() {
            self.not_utf8 = true;
            return;
        }
        // Quotes, and carriage returns other than those of `\r\n`: the general reader's.
        if memchr::memchr(b'"', block).is_some()
            || memchr::memchr_iter(b'\r', block).any(|p| block.get(p + 1) != Some(&b'\n'))
        {
            self.general = true;
            return;
        }
        let mut row = RowParser {
            ctx,
            cache,
            last_date: (b"\x00", None),
            last_city: (b"\x00", None),
        };
        let mut good = Good::default();
        let (mut line_start, mut cell_start, mut i, mut rel) = (0, 0, 0, 0u32);
        for p in Separators::new(block, ctx.delim) {
            let nl = block[p] == b'\n';
            let end = if nl && p > cell_start && block[p - 1] == b'\r' {
                p - 1
            } else {
                p
            };
            row.cell(i, &block[cell_start..end], &mut good);
            i += 1;
            cell_start = p + 1;
            if nl {
                row.end(&block[line_start..p], i, rel, &mut good, self);
                if self.not_utf8 {
                    return;
                }
                line_start = p + 1;
                i = 0;
                rel += 1;
            }
        }
        self.breaks = u64::from(rel);
        if line_start < block.len() {
            row.cell(i, &block[cell_start..], &mut good);
            row.end(&block[line_start..], i + 1, rel, &mut good, self);
        }
    }
}

/// The row being read cell by cell.
struct Good {
    ok: bool,
    date: Option<NaiveDate>,
    city: Option<usize>,
    values: DayValues,
}

impl Default for Good {
    fn default() -> Good {
        Good {
            ok: true,
            date: None,
            city: None,
            values: DayValues::default(),
        }
    }
}

/// Parses the rows of a block, remembering the last date and city cells.
struct RowParser<'a, 'b> {
    ctx: &'a Ctx<'a>,
    cache: &'a mut Cache,
    last_date: (&'b [u8], Option<NaiveDate>),
    last_city: (&'b [u8], Option<usize>),
}

impl<'b> RowParser<'_, 'b> {
    /// Cell `i` of the line being read (untrimmed): parsed into `good`, which stops being ok
    /// at anything that is not a plain good cell.
    #[inline]
    fn cell(&mut self, i: usize, raw: &'b [u8], good: &mut Good) {
        let ctx = self.ctx;
        let Some(col) = ctx.cols.get(i) else {
            good.ok = false;
            return;
        };
        match col {
            None => good.ok &= raw.is_ascii() || std::str::from_utf8(raw).is_ok(),
            Some(Col::Date) => {
                if raw != self.last_date.0 {
                    self.last_date = (raw, date_of(trim_cell(raw)));
                }
                good.date = self.last_date.1;
                good.ok &= good.date.is_some();
            }
            Some(Col::City) => {
                if raw != self.last_city.0 {
                    let n = ctx.plan.cities.len();
                    if self.cache.next.len() != n + 1 {
                        self.cache.next = vec![(Vec::new(), None); n + 1];
                    }
                    let slot = self.last_city.1.unwrap_or(n);
                    let city = match &self.cache.next[slot] {
                        (cell, city) if cell.as_slice() == raw => *city,
                        _ => {
                            let city = self.city_of(trim_cell(raw));
                            self.cache.next[slot] = (raw.to_vec(), city);
                            city
                        }
                    };
                    self.last_city = (raw, city);
                }
                good.city = self.last_city.1;
                good.ok &= good.city.is_some();
            }
            // The fast reader hands files with a dust column to the general one.
            Some(Col::Dust) => good.ok = false,
            Some(Col::Value(item)) => {
                let cell = trim_cell(raw);
                if cell.is_empty() {
                    return;
                }
                let v = quick_value(*item, cell).map(Some).or_else(|| {
                    let s = std::str::from_utf8(cell).ok()?;
                    parse_value(*item, s).ok()
                });
                match v {
                    Some(v) => good.values.set(*item, v),
                    None => good.ok = false,
                }
            }
        }
    }

    /// The end of a line of `cells` cells: its day, or the line read again by [`Self::line`].
    fn end(&mut self, line: &'b [u8], cells: usize, rel: u32, good: &mut Good, out: &mut Block) {
        let g = std::mem::take(good);
        match (g.ok && cells == self.ctx.width, g.date, g.city) {
            (true, Some(date), Some(city)) => {
                out.rows += 1;
                self.push(
                    city,
                    Day {
                        date,
                        values: g.values,
                        dust: false,
                    },
                    rel,
                    out,
                );
            }
            _ => {
                let Ok(_) = std::str::from_utf8(line) else {
                    out.not_utf8 = true;
                    return;
                };
                let line = strip_cr(line);
                let mut cells: Vec<&'b [u8]> = line.split(|b| *b == self.ctx.delim).collect();
                self.line(&mut cells, rel, out);
            }
        }
    }

    fn push(&self, city: usize, day: Day, rel: u32, out: &mut Block) {
        let days = &mut out.days[city];
        if days.last().is_some_and(|d| d.date >= day.date) {
            out.unordered = true;
        }
        days.push(day);
        if self.ctx.keep_lines {
            out.lines[city].push(rel);
        }
    }

    /// The plan's city of a (trimmed) cell, each spelling resolved once.
    fn city_of(&mut self, cell: &[u8]) -> Option<usize> {
        let ctx = self.ctx;
        match ctx.names.exact.get(cell) {
            Some(c) => *c,
            None => *self.cache.other.entry(cell.to_vec()).or_insert_with(|| {
                std::str::from_utf8(cell)
                    .ok()
                    .and_then(|s| ctx.plan.city_index(s))
            }),
        }
    }

    /// One line's cells (untrimmed; the last may end with the `\r` of `\r\n`).
    fn line(&mut self, cells: &mut [&'b [u8]], rel: u32, out: &mut Block) {
        if let Some(last) = cells.last_mut() {
            *last = strip_cr(last);
        }
        if cells.iter().all(|c| trim_cell(c).is_empty()) {
            return;
        }
        out.rows += 1;
        let ctx = self.ctx;
        if cells.len() != ctx.width {
            out.wrong_width.push(Row {
                line: u64::from(rel),
                cells: vec![String::new(); cells.len()],
            });
            return;
        }
        let mut date = None;
        let mut city = None;
        let mut values = DayValues::default();
        let mut ok = true;
        for (i, col) in ctx.cols.iter().enumerate() {
            let Some(col) = col else { continue };
            let cell = trim_cell(cells[i]);
            match col {
                Col::Date => {
                    if cell != self.last_date.0 {
                        self.last_date = (cell, date_of(cell));
                    }
                    date = self.last_date.1;
                    ok &= date.is_some();
                }
                Col::City => {
                    if cell != self.last_city.0 {
                        self.last_city = (cell, self.city_of(cell));
                    }
                    city = self.last_city.1;
                    ok &= city.is_some();
                }
                Col::Dust => ok = false,
                Col::Value(item) => {
                    let v = if cell.is_empty() {
                        Ok(None)
                    } else if let Some(t) = quick_value(*item, cell) {
                        Ok(Some(t))
                    } else {
                        std::str::from_utf8(cell)
                            .map_err(|_| ())
                            .and_then(|s| parse_value(*item, s).map_err(|_| ()))
                    };
                    match v {
                        Ok(v) => values.set(*item, v),
                        Err(()) => ok = false,
                    }
                }
            }
        }
        match (ok, date, city) {
            (true, Some(date), Some(city)) => self.push(
                city,
                Day {
                    date,
                    values,
                    dust: false,
                },
                rel,
                out,
            ),
            _ => {
                let trimmed: Vec<&[u8]> = cells.iter().map(|c| trim_cell(c)).collect();
                out.bad.push(text_row(u64::from(rel), &trimmed));
            }
        }
    }
}
