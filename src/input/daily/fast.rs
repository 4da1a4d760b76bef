//! The daily reader for CSV text at disk speed. The file is read in blocks of whole lines into
//! reused buffers; the header is mapped once; workers on every core split the blocks' lines
//! ([`cells`](super::cells)), resolve each distinct city spelling once and parse dates and values
//! without allocation; the blocks are put back in file order straight into each city's days.
//! Memory is the days themselves (36 bytes a city-day) and a few blocks.
//!
//! It gives what the general reader ([`super::parse_daily`] over [`read_table`]) gives for the
//! same file, days and errors alike: a row that does not parse is rebuilt as a table row and
//! handed to the general row parser for its messages; rows of another width to the table's own
//! field-count check; a city whose dates do not rise to the general order check (reading the
//! file again with line numbers). Text the fast path does not take on (quoted fields, a carriage
//! return that does not end a line, workbooks, an unreadable file) returns `None` and goes to
//! the general reader. GB18030 and UTF-16 files are decoded first ([`decode`]) and read here.
//!
//! [`read_table`]: crate::input::table::read_table

use super::cells::steps;
use super::cells::{strip_cr, trim_cell};
use super::rows::{text_row, Block, Cache, Ctx, Names};
use super::{check_order, map_header, no_data_rows, parse_row, Col, FileDays};
use crate::error::{InputError, InputErrors};
use crate::input::table::{decode, delimiter, Row, Table};
use crate::model::{Day, Plan};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Blocks in memory per worker (read, parsed, or waiting for an earlier one to be merged).
const IN_FLIGHT: usize = 4;

/// Bytes of a block (whole lines are added to reach it). Small blocks keep the memory of the
/// blocks in flight small: fresh memory costs more than the per-block work saved.
const BLOCK: usize = 256 << 10;

/// Reads a daily file by the fast path; `None` when the general reader must read it.
/// `keep_lines` keeps each day's line (for errors between files). `progress` is told the bytes
/// read as reading goes.
pub(super) fn read(
    path: &Path,
    plan: &Plan,
    keep_lines: bool,
    progress: &(dyn Fn(u64) + Sync),
) -> Option<Result<FileDays, InputErrors>> {
    let outcome = match utf8_file(path, plan, keep_lines, progress) {
        Outcome::NotUtf8 => {
            // GB18030, UTF-16, or bytes that are neither (decode says where).
            let bytes = std::fs::read(path).ok()?;
            let text = match decode(path, &bytes) {
                Ok((t, _)) => t,
                Err(e) => return Some(Err(InputErrors(vec![e]))),
            };
            drop(bytes);
            let mut source = Source::Text(text.as_bytes(), 0);
            let first = source.next_block(Vec::new()).ok()??;
            from_blocks(path, plan, keep_lines, first, source, progress)
        }
        o => o,
    };
    match outcome {
        Outcome::Days(f) => Some(Ok(f)),
        Outcome::Errors(e) => Some(Err(e)),
        // A city's dates do not rise: read again with lines, for the order check's messages.
        Outcome::OutOfOrder if !keep_lines => read(path, plan, true, &|_| {}),
        Outcome::OutOfOrder | Outcome::General | Outcome::NotUtf8 => None,
    }
}

/// Reads a file that looks like UTF-8 text.
fn utf8_file(
    path: &Path,
    plan: &Plan,
    keep_lines: bool,
    progress: &(dyn Fn(u64) + Sync),
) -> Outcome {
    let Ok(file) = std::fs::File::open(path) else {
        return Outcome::General;
    };
    let mut source = Source::File(file, Vec::new());
    let mut first = match source.next_block(Vec::new()) {
        Ok(Some(b)) => b,
        _ => return Outcome::General,
    };
    if first.starts_with(b"PK\x03\x04") || first.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Outcome::General;
    }
    if first.starts_with(&[0xFF, 0xFE]) || first.starts_with(&[0xFE, 0xFF]) {
        return Outcome::NotUtf8;
    }
    progress(first.len() as u64);
    if first.starts_with(b"\xEF\xBB\xBF") {
        first.drain(..3);
    }
    from_blocks(path, plan, keep_lines, first, source, progress)
}

/// Where blocks of whole lines come from.
enum Source<'t> {
    /// A file and the start of a line read past the last block.
    File(std::fs::File, Vec<u8>),
    /// Decoded text and the position reached.
    Text(&'t [u8], usize),
}

impl Source<'_> {
    /// Bytes in all (for the size of each city's days).
    fn total(&self) -> u64 {
        match self {
            Source::File(f, _) => f.metadata().map_or(0, |m| m.len()),
            Source::Text(t, _) => t.len() as u64,
        }
    }

    /// The next block of whole lines (the last may lack its line break), in `buf`'s memory;
    /// `None` at the end.
    fn next_block(&mut self, mut buf: Vec<u8>) -> std::io::Result<Option<Vec<u8>>> {
        buf.clear();
        match self {
            Source::Text(text, pos) => {
                if *pos >= text.len() {
                    return Ok(None);
                }
                let want = (*pos + BLOCK).min(text.len());
                let end = match memchr::memchr(b'\n', &text[want..]) {
                    Some(p) if want < text.len() => want + p + 1,
                    _ => text.len(),
                };
                buf.extend_from_slice(&text[*pos..end]);
                *pos = end;
                Ok(Some(buf))
            }
            Source::File(file, carry) => {
                buf.reserve(carry.len() + BLOCK + 4096);
                buf.append(carry);
                // Read a block more, and on until a line break (or the end).
                let eof = loop {
                    let start = buf.len();
                    let n = file.take(BLOCK as u64).read_to_end(&mut buf)?;
                    if n < BLOCK {
                        break true;
                    }
                    if memchr::memchr(b'\n', &buf[start..]).is_some() {
                        break false;
                    }
                };
                if buf.is_empty() {
                    return Ok(None);
                }
                if !eof {
                    let cut = memchr::memrchr(b'\n', &buf).map_or(buf.len(), |p| p + 1);
                    carry.extend_from_slice(&buf[cut..]);
                    buf.truncate(cut);
                }
                Ok(Some(buf))
            }
        }
    }
}

/// How reading went.
enum Outcome {
    Days(FileDays),
    Errors(InputErrors),
    /// A city's dates do not rise (an error whose message needs lines).
    OutOfOrder,
    /// Text for the general reader.
    General,
    /// Not UTF-8 (or a NUL byte): decode first.
    NotUtf8,
}

/// What the header gave: the table of the header row (for locations and the field-count
/// check), the columns, the separator, and where the rows begin.
struct Header {
    table: Table,
    cols: Vec<Option<Col>>,
    delim: u8,
    /// Line of the first line after the header.
    next_line: u64,
    /// Byte offset of that line in the first block.
    body: usize,
}

/// Finds the header in the first block: the first row with a non-empty cell (the CSV reader
/// skips empty rows); the separator is decided by the first line with anything on it.
fn header(first: &[u8]) -> Result<Header, Outcome> {
    if first.starts_with(b"\xEF\xBB\xBF") {
        return Err(Outcome::General);
    }
    let mut pos = 0;
    let mut line_no = 1u64;
    let mut delim: Option<u8> = None;
    let mut cells: Vec<&[u8]> = Vec::new();
    loop {
        if pos >= first.len() {
            // No row in the first block: the general reader says what is wrong.
            return Err(Outcome::General);
        }
        let end = memchr::memchr(b'\n', &first[pos..]).map_or(first.len(), |p| pos + p);
        let line = strip_cr(&first[pos..end]);
        if memchr::memchr2(b'"', b'\r', line).is_some() {
            return Err(Outcome::General);
        }
        if memchr::memchr(0, line).is_some() {
            return Err(Outcome::NotUtf8);
        }
        let Ok(s) = std::str::from_utf8(line) else {
            return Err(Outcome::NotUtf8);
        };
        if delim.is_none() && !s.trim().is_empty() {
            delim = Some(delimiter(s));
        }
        pos = end + 1;
        if let Some(d) = delim {
            cells.clear();
            cells.extend(line.split(|b| *b == d).map(trim_cell));
            if cells.iter().any(|c| !c.is_empty()) {
                let row = text_row(line_no, &cells);
                return Ok(Header {
                    table: Table {
                        sheet: None,
                        rows: vec![row],
                        encoding: "UTF-8",
                    },
                    cols: Vec::new(),
                    delim: d,
                    next_line: line_no + 1,
                    body: pos.min(first.len()),
                });
            }
        }
        line_no += 1;
    }
}

/// Maps the header, then parses the blocks on every core and puts them together in order.
fn from_blocks(
    path: &Path,
    plan: &Plan,
    keep_lines: bool,
    mut first: Vec<u8>,
    mut source: Source,
    progress: &(dyn Fn(u64) + Sync),
) -> Outcome {
    let mut head = match header(&first) {
        Ok(h) => h,
        Err(o) => return o,
    };
    let mut errors = Vec::new();
    let Some(cols) = map_header(path, &head.table, &head.table.rows[0], &mut errors) else {
        // The general reader, which checks the whole file's encoding first, says what is
        // missing (rare, and the file is not read further).
        return Outcome::General;
    };
    if cols.contains(&Some(Col::Dust)) {
        // A dust column is rare and small: the general reader takes the whole file.
        return Outcome::General;
    }
    head.cols = cols;
    first.drain(..head.body);
    let names = Names::new(plan);
    let ctx = Ctx {
        delim: head.delim,
        width: head.table.rows[0].cells.len(),
        cols: &head.cols,
        plan,
        names: &names,
        keep_lines,
        steps: steps(&head.cols),
    };
    let mut merged = Merged::new(plan.cities.len(), keep_lines, head.next_line);
    let total = source.total();
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let stop = AtomicBool::new(false);
    let pool: Mutex<Vec<Block>> = Mutex::new(Vec::new());
    let (work_tx, work_rx) = std::sync::mpsc::sync_channel::<(u64, Vec<u8>)>(workers * 2);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = std::sync::mpsc::channel::<(u64, Vec<u8>, Block)>();
    let (free_tx, free_rx) = std::sync::mpsc::channel::<Vec<u8>>();
    let read_ok = std::thread::scope(|scope| {
        let stop = &stop;
        let reader = scope.spawn(move || -> bool {
            if work_tx.send((0, first)).is_err() {
                return true;
            }
            // Buffers come back from the merger: at most `IN_FLIGHT` blocks are in memory.
            let mut made = 1;
            let mut seq = 1;
            while !stop.load(Ordering::Relaxed) {
                let buf = match free_rx.try_recv() {
                    Ok(b) => b,
                    Err(_) if made < workers * IN_FLIGHT => {
                        made += 1;
                        Vec::new()
                    }
                    Err(_) => match free_rx.recv() {
                        Ok(b) => b,
                        Err(_) => break,
                    },
                };
                match source.next_block(buf) {
                    Ok(Some(b)) => {
                        progress(b.len() as u64);
                        if work_tx.send((seq, b)).is_err() {
                            break;
                        }
                        seq += 1;
                    }
                    Ok(None) => break,
                    Err(_) => return false,
                }
            }
            true
        });
        for _ in 0..workers {
            let (work_rx, done_tx, ctx, pool) = (&work_rx, done_tx.clone(), &ctx, &pool);
            scope.spawn(move || {
                let mut cache = Cache::default();
                loop {
                    let msg = match work_rx.lock() {
                        Ok(r) => r.recv(),
                        Err(_) => break,
                    };
                    let Ok((seq, buf)) = msg else { break };
                    let mut out = pool
                        .lock()
                        .ok()
                        .and_then(|mut p| p.pop())
                        .unwrap_or_else(|| Block::new(ctx.plan.cities.len()));
                    out.parse(&buf, ctx, &mut cache);
                    if done_tx.send((seq, buf, out)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        // Blocks come back in any order and are merged in file order.
        let mut pending: BTreeMap<u64, (Vec<u8>, Block)> = BTreeMap::new();
        let mut next = 0;
        for (seq, buf, out) in done_rx {
            pending.insert(seq, (buf, out));
            while let Some((buf, mut out)) = pending.remove(&next) {
                if out.general || out.not_utf8 {
                    stop.store(true, Ordering::Relaxed);
                }
                if next == 0 && !buf.is_empty() {
                    // Each city's share of the rows the file will have at the first block's
                    // rate: its days are given that room at once, not grown by doubling.
                    let rows = total as f64 * out.rows as f64 / buf.len() as f64;
                    merged.room = (rows / plan.cities.len().max(1) as f64 * 1.02) as usize + 16;
                }
                merged.add(&mut out);
                out.clear();
                if let Ok(mut p) = pool.lock() {
                    p.push(out);
                }
                let _ = free_tx.send(buf);
                next += 1;
            }
        }
        reader.join().unwrap_or(false)
    });
    if !read_ok {
        // The general reader reports the file that could not be read.
        return Outcome::General;
    }
    merged.finish(path, head, errors, plan)
}

/// The blocks put together in file order.
struct Merged {
    days: Vec<Vec<Day>>,
    lines: Vec<Vec<u64>>,
    keep_lines: bool,
    /// Days to make room for when a city's first days come.
    room: usize,
    /// Line of the next block's first line.
    next_line: u64,
    rows: u64,
    general: bool,
    not_utf8: bool,
    out_of_order: bool,
    wrong_width: Vec<Row>,
    bad: Vec<Row>,
}

impl Merged {
    fn new(cities: usize, keep_lines: bool, first_line: u64) -> Merged {
        Merged {
            days: vec![Vec::new(); cities],
            lines: vec![Vec::new(); cities],
            keep_lines,
            room: 0,
            next_line: first_line,
            rows: 0,
            general: false,
            not_utf8: false,
            out_of_order: false,
            wrong_width: Vec::new(),
            bad: Vec::new(),
        }
    }

    fn add(&mut self, b: &mut Block) {
        let base = self.next_line;
        self.next_line += b.breaks;
        self.rows += b.rows;
        self.general |= b.general;
        self.not_utf8 |= b.not_utf8;
        self.out_of_order |= b.unordered;
        for mut r in b.wrong_width.drain(..) {
            r.line += base;
            self.wrong_width.push(r);
        }
        for mut r in b.bad.drain(..) {
            r.line += base;
            self.bad.push(r);
        }
        if self.general || self.not_utf8 || !self.wrong_width.is_empty() || !self.bad.is_empty() {
            // The result is another reader's, or errors: the days are not needed.
            return;
        }
        for (city, days) in b.days.iter().enumerate() {
            let (Some(first), all) = (days.first(), &mut self.days[city]) else {
                continue;
            };
            if all.last().is_some_and(|d| d.date >= first.date) {
                self.out_of_order = true;
            }
            if all.capacity() == 0 {
                all.reserve_exact(self.room.max(days.len()));
            }
            all.extend_from_slice(days);
            if self.keep_lines {
                self.lines[city].extend(b.lines[city].iter().map(|l| base + u64::from(*l)));
            }
        }
    }

    /// The file's days, or its errors as the general reader gives them: the header's, then the
    /// field-count errors (which end reading), or each bad row's, or the order check's.
    fn finish(
        self,
        path: &Path,
        mut head: Header,
        mut errors: Vec<InputError>,
        plan: &Plan,
    ) -> Outcome {
        if self.not_utf8 {
            return Outcome::NotUtf8;
        }
        if self.general {
            return Outcome::General;
        }
        if self.rows == 0 {
            return Outcome::Errors(no_data_rows(path));
        }
        if !self.wrong_width.is_empty() {
            head.table.rows.extend(self.wrong_width);
            errors.extend(head.table.field_count_errors(path, 0));
            return Outcome::Errors(InputErrors(errors));
        }
        for row in &self.bad {
            match parse_row(path, &head.table, row, &head.cols, plan) {
                Err(mut e) => errors.append(&mut e),
                // The fast path refused a row the general parser takes: let it read the file.
                Ok(_) => return Outcome::General,
            }
        }
        if !errors.is_empty() {
            return Outcome::Errors(InputErrors(errors));
        }
        if self.out_of_order {
            if !self.keep_lines {
                return Outcome::OutOfOrder;
            }
            let mut order: Vec<(usize, NaiveDate, u64)> = Vec::new();
            for (city, (days, lines)) in self.days.iter().zip(&self.lines).enumerate() {
                order.extend(days.iter().zip(lines).map(|(d, l)| (city, d.date, *l)));
            }
            order.sort_by_key(|x| x.2);
            check_order(path, &head.table, &order, plan, &mut errors);
            if errors.is_empty() {
                return Outcome::General;
            }
            return Outcome::Errors(InputErrors(errors));
        }
        Outcome::Days(FileDays {
            days: self.days,
            lines: self.lines,
        })
    }
}
