//! The rows of a block of a daily CSV file, parsed by one worker of the fast reader
//! ([`super::fast`]): each line's cells as the separators are found, a plain good row straight
//! into its city's days; anything else split again and read as the general reader reads a row.

use super::cells::{
    date_of, digits_value, non_digits, quick_value, strip_cr, trim_cell, word, QuickMap, Step,
    StepKind,
};
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
    /// The columns as the plain-line reader takes them ([`steps`]).
    pub(super) steps: Vec<Step>,
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
            fast: FastState::default(),
        };
        let mut good = Good::default();
        let (mut pos, mut rel) = (0, 0u32);
        while pos < block.len() {
            if let Some(next) = row.plain_line(block, pos, rel, self) {
                pos = next;
                rel += 1;
                continue;
            }
            // Anything else: the line's cells one by one.
            let nl = memchr::memchr(b'\n', &block[pos..]).map(|p| pos + p);
            let end = nl.unwrap_or(block.len());
            let line = &block[pos..end];
            let mut i = 0;
            let mut cell_start = 0;
            for p in memchr::memchr_iter(ctx.delim, line) {
                row.cell(i, &line[cell_start..p], &mut good);
                i += 1;
                cell_start = p + 1;
            }
            let last = &line[cell_start..];
            let last = match nl {
                Some(_) => strip_cr(last),
                None => last,
            };
            row.cell(i, last, &mut good);
            row.end(line, i + 1, rel, &mut good, self);
            if self.not_utf8 {
                return;
            }
            match nl {
                Some(p) => {
                    pos = p + 1;
                    rel += 1;
                }
                None => break,
            }
        }
        self.breaks = u64::from(rel);
    }
}

/// What the plain-line reader remembers from line to line.
#[derive(Default)]
struct FastState {
    /// The last date cell's ten bytes (as two words) and its date.
    date: Option<(u64, u16, NaiveDate)>,
    /// The city of the last plain line (the slot of [`Cache::next`] to look in).
    city: Option<usize>,
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
    fast: FastState,
}

impl<'b> RowParser<'_, 'b> {
    /// A plain line at `pos`: every cell where the header says, without white space, the date
    /// as `YYYY-MM-DD` (or with `/` or `.`), a city spelt as the file spelt it before, values
    /// as digits with at most one decimal (or empty), ending in a line break. Its day goes
    /// straight into its city's days and the next line's position is returned; anything else
    /// gives `None` and the line is read cell by cell (which reaches the same day, or the
    /// line's errors). Values are read eight bytes at a time: the digits found and converted
    /// without a branch per byte.
    #[inline]
    fn plain_line(
        &mut self,
        block: &'b [u8],
        pos: usize,
        rel: u32,
        out: &mut Block,
    ) -> Option<usize> {
        let ctx = self.ctx;
        if ctx.cols.len() != ctx.width {
            return None;
        }
        let delim = ctx.delim;
        let last_col = ctx.width - 1;
        let mut p = pos;
        let (mut date, mut city) = (None, None);
        let mut values = DayValues::default();
        for (i, step) in ctx.steps.iter().enumerate() {
            // The byte that must end this cell, and the position after it.
            let ends = |at: usize| -> Option<usize> {
                let c = *block.get(at)?;
                if i < last_col {
                    (c == delim).then_some(at + 1)
                } else if c == b'\n' {
                    Some(at + 1)
                } else if c == b'\r' && block.get(at + 1) == Some(&b'\n') {
                    Some(at + 2)
                } else {
                    None
                }
            };
            if step.kind == StepKind::Value {
                {
                    let item = step.item;
                    let w = word(block, p)?;
                    let k = non_digits(w).trailing_zeros() / 8;
                    if k > 6 {
                        return None;
                    }
                    let term = (w >> (8 * k)) as u8;
                    let n = if k == 0 { 0 } else { digits_value(w, k) as i64 };
                    if let Some(next) = (term != b'.').then(|| ends(p + k as usize)).flatten() {
                        if k > 0 {
                            let t = n * 10;
                            if t > step.max {
                                return None;
                            }
                            values.set(item, Some(t));
                        }
                        p = next;
                    } else if term == b'.' && k > 0 && k <= 5 {
                        let f = (w >> (8 * (k + 1))) as u8;
                        if !f.is_ascii_digit() {
                            return None;
                        }
                        let f = i64::from(f - b'0');
                        let t = if step.one_decimal {
                            n * 10 + f
                        } else {
                            // GB/T 8170 to a whole number, as `quick_value` rounds.
                            let up = f > 5 || (f == 5 && n % 2 == 1);
                            (n + i64::from(up)) * 10
                        };
                        if t > step.max {
                            return None;
                        }
                        p = ends(p + k as usize + 2)?;
                        values.set(item, Some(t));
                    } else {
                        return None;
                    }
                }
                continue;
            }
            match step.kind {
                StepKind::Value => {}
                StepKind::Date => {
                    let cell = block.get(p..p + 10)?;
                    let (a, b) = (word(block, p)?, u16::from_le_bytes([cell[8], cell[9]]));
                    let d = match self.fast.date {
                        Some((x, y, d)) if x == a && y == b => d,
                        _ => {
                            if !cell
                                .iter()
                                .all(|c| c.is_ascii_digit() || matches!(c, b'-' | b'/' | b'.'))
                            {
                                return None;
                            }
                            let d = date_of(cell)?;
                            self.fast.date = Some((a, b, d));
                            d
                        }
                    };
                    date = Some(d);
                    p = ends(p + 10)?;
                }
                StepKind::City => {
                    let n = ctx.plan.cities.len();
                    if self.cache.next.len() != n + 1 {
                        self.cache.next = vec![(Vec::new(), None); n + 1];
                    }
                    let slot = self.fast.city.unwrap_or(n);
                    let (seen, c) = &self.cache.next[slot];
                    let c = match block.get(p..p + seen.len()) {
                        Some(cell)
                            if !seen.is_empty()
                                && cell == seen.as_slice()
                                && ends(p + seen.len()).is_some() =>
                        {
                            p = ends(p + seen.len())?;
                            *c
                        }
                        _ => {
                            let rest = &block[p..];
                            let e = memchr::memchr2(delim, b'\n', rest)?;
                            let raw = &rest[..e];
                            if raw.is_empty()
                                || raw.contains(&b'\r')
                                || !raw.is_ascii() && std::str::from_utf8(raw).is_err()
                            {
                                return None;
                            }
                            let c = self.city_of(trim_cell(raw));
                            self.cache.next[slot] = (raw.to_vec(), c);
                            p = ends(p + e)?;
                            c
                        }
                    };
                    city = Some(c?);
                }
                StepKind::Other => {
                    let rest = &block[p..];
                    let e = memchr::memchr2(delim, b'\n', rest)?;
                    let raw = &rest[..e];
                    let raw = if i == last_col { strip_cr(raw) } else { raw };
                    if !raw.is_ascii() && std::str::from_utf8(raw).is_err() {
                        return None;
                    }
                    p = ends(p + raw.len())?;
                }
                StepKind::Dust => return None,
            }
        }
        let (date, city) = (date?, city?);
        self.fast.city = Some(city);
        out.rows += 1;
        self.push(
            city,
            Day {
                date,
                values,
                dust: false,
            },
            rel,
            out,
        );
        Some(p)
    }

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
