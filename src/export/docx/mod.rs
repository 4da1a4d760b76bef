//! The Word edition (.docx) of a document, from its outline (`report::outline`): the same
//! sentences, tables and pictures as the PDF, in Word's own terms of GB/T 9704
//! (docs/rules.md#word-edition): A4, margins 37 / 35 mm and 28 mm inside, 26 mm outside (mirrored),
//! the 22 × 28 grid, 3号仿宋 body, 黑体 and 楷体 headings, 小标宋 title, the red 发文机关标志 and
//! rule, "— n —" page numbers right on odd pages and left on even ones, the 版记 with its rules.
//!
//! Written as WordprocessingML by hand and zipped with `zip`: `docx-rs` (the usual crate) cannot
//! mark table header rows to repeat (`w:tblHeader`), which every long table here needs, and the
//! parts used are few. Fonts are named, not embedded (README: Word edition).

mod xml;

use crate::report::outline::{Block, Picture, Table};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::io::Write;
use xml::*;

/// What the package's properties say.
pub struct DocxInfo<'a> {
    pub title: &'a str,
    pub author: &'a str,
    /// The document's date: the package's created and modified time (so the file is reproducible).
    pub date: NaiveDate,
}

/// The .docx bytes of a document's outline.
pub fn docx(blocks: &[Block], info: &DocxInfo) -> Result<Vec<u8>> {
    let mut body = String::new();
    let mut pictures: Vec<&Picture> = Vec::new();
    let mut two_up_pending = false;
    for block in blocks {
        match block {
            Block::Header {
                name,
                issue,
                office,
                date,
            } => header(&mut body, name, issue, office, date),
            Block::Title { lines } => {
                let runs: Vec<String> = lines.iter().map(|l| run(l, TITLE, 44, None)).collect();
                body += &para(
                    &Ppr::new().center().exact(700).space(0, 0),
                    &runs.join(&run_break()),
                );
                body += &para(&Ppr::new(), "");
            }
            Block::Recipients { text } => body += &para(&Ppr::new(), &run(text, FANG, 32, None)),
            Block::Heading { level, text } => {
                let face = match level {
                    1 => HEI,
                    2 => KAI,
                    _ => FANG,
                };
                body += &para(
                    &Ppr::new()
                        .indent_chars(200, 640)
                        .keep_next()
                        .outline(level.saturating_sub(1)),
                    &run(text, face, 32, None),
                );
            }
            Block::Para { lead, text } => {
                let mut r = String::new();
                if !lead.is_empty() {
                    r += &run(lead, KAI, 32, None);
                }
                r += &run(text, FANG, 32, None);
                body += &para(&Ppr::new().justify().indent_chars(200, 640), &r);
            }
            Block::Caption { text } => {
                body += &caption(text);
                two_up_pending = true;
            }
            Block::Table(t) => {
                let two_up = t.two_up && two_up_pending;
                if two_up {
                    // The caption spans the page; the table runs on two columns.
                    body += &section_break(1);
                }
                table(&mut body, t, two_up);
                if two_up {
                    body += &section_break(2);
                }
                two_up_pending = false;
            }
            Block::AppendixList { word, names } => appendix_list(&mut body, word, names),
            Block::Attachment { label } => {
                body += &para(
                    &Ppr::new().page_break_before().keep_next(),
                    &run(label, HEI, 32, None),
                );
            }
            Block::Figure { pictures: parts } => {
                for p in parts {
                    pictures.push(p);
                    body += &para(
                        &Ppr::new().center().auto_lines().space(120, 120),
                        &drawing(pictures.len(), p),
                    );
                }
            }
            Block::FigureEnd => {}
            Block::Imprint { cc, printer, date } => body += &imprint_table(cc, printer, date),
        }
    }
    package(&body, &pictures, info)
}

/// 版头: the bulletin's name in red, one line; 期号; office left and date right over a red rule.
fn header(body: &mut String, name: &str, issue: &str, office: &str, date: &str) {
    // 小初 (36 pt), smaller for a long name so that it stays on one line of the block.
    let n = name.chars().count().max(1) as f64;
    let pt = (150.0 / (n * 1.1) * 72.0 / 25.4).min(36.0);
    let half_points = (pt * 2.0).floor() as u32;
    body.push_str(&para(
        &Ppr::new().center().auto_lines().space(0, 340),
        &run(name, TITLE, half_points, Some(RED)),
    ));
    body.push_str(&para(&Ppr::new().center(), &run(issue, FANG, 32, None)));
    body.push_str(&para(
        &Ppr::new().tab_right(BLOCK_TWIPS).red_rule(),
        &format!(
            "{}{}{}",
            run(office, FANG, 32, None),
            run_tab(),
            run(date, FANG, 32, None)
        ),
    ));
    body.push_str(&para(&Ppr::new(), ""));
}

/// A table title: 黑体 4号, centred, kept with the table.
fn caption(text: &str) -> String {
    para(
        &Ppr::new().center().keep_next().auto_lines().space(120, 60),
        &run(text, HEI, 28, None),
    )
}

/// "附表：1．名称": one line down, two characters in; later names under the first, and a name
/// that runs on aligned under its own first character (GB/T 9704 §7.3.4).
fn appendix_list(body: &mut String, word: &str, names: &[String]) {
    body.push_str(&para(&Ppr::new(), ""));
    // Widths at 3号 tracked: a hanzi 316 twips; "1．" about 1.5 of them.
    const HANZI: u32 = 316;
    let numbered = names.len() > 1;
    let lead = HANZI * (word.chars().count() as u32 + 1);
    let number = if numbered { HANZI * 3 / 2 } else { 0 };
    let names_at = 640 + lead + number;
    for (i, n) in names.iter().enumerate() {
        let no = if numbered {
            format!("{}．", i + 1)
        } else {
            String::new()
        };
        let (hang, text) = if i == 0 {
            (lead + number, format!("{word}：{no}{n}"))
        } else {
            (number, format!("{no}{n}"))
        };
        let ppr = Ppr::new().left(names_at).hanging(hang);
        body.push_str(&para(&ppr, &run(&text, FANG, 32, None)));
    }
}

/// A table: its title, the grid with header rows that repeat on every page, and its note.
fn table(body: &mut String, t: &Table, two_up: bool) {
    if let (Some(title), false) = (&t.title, two_up) {
        body.push_str(&caption(title));
    }
    let ncols = t.columns();
    let total = if two_up {
        (BLOCK_TWIPS - COLUMN_GAP) / 2
    } else {
        BLOCK_TWIPS
    };
    let (widths, size) = column_widths(t, ncols, total, if t.compact { 18 } else { 21 });
    body.push_str(&table_start(&widths));
    // Header rows: a cell starts where it is placed; cells covered by a row span continue it.
    for y in 0..t.header_rows {
        let mut cells = String::new();
        let mut x = 0;
        while x < ncols {
            let (text, span, merge) = if let Some(c) = t.head.iter().find(|c| c.y == y && c.x == x)
            {
                (
                    c.text.replace('|', ""),
                    c.colspan,
                    (c.rowspan > 1).then_some(true),
                )
            } else if let Some(c) = t
                .head
                .iter()
                .find(|c| c.x == x && c.y < y && y < c.y + c.rowspan)
            {
                (String::new(), c.colspan, Some(false))
            } else {
                (String::new(), 1, None)
            };
            let span = span.clamp(1, ncols - x);
            cells += &cell(
                &text,
                HEI,
                size,
                span,
                merge,
                None,
                &widths[x..x + span],
                false,
            );
            x += span;
        }
        body.push_str(&row(&cells, true));
    }
    let shaded_from = t.rows.len().saturating_sub(t.shade);
    for (i, r) in t.rows.iter().enumerate() {
        let fill = (i >= shaded_from).then_some(SHADE);
        let cells: String = r
            .iter()
            .enumerate()
            .take(ncols)
            .map(|(x, v)| {
                let whole = t.whole_cols.contains(&x);
                cell(v, FANG, size, 1, None, fill, &widths[x..=x], whole)
            })
            .collect();
        body.push_str(&row(&cells, false));
    }
    body.push_str("</w:tbl>");
    let note = if t.note.is_empty() {
        String::new()
    } else {
        run(&t.note, FANG, 21, None)
    };
    body.push_str(&para(
        &Ppr::new().justify().auto_lines().space(60, 120),
        &note,
    ));
}

/// Column widths in twips and the type size, as the PDF's `fit-columns`: each column at least
/// its longest body cell and header word; room to spare goes first to whole header lines, then
/// evenly; when even the least does not fit, the whole table takes a smaller size.
fn column_widths(t: &Table, ncols: usize, total: u32, half_points: u32) -> (Vec<u32>, u32) {
    let pt = f64::from(half_points) / 2.0;
    // Twips of a text at `pt`: a hanzi one em, Latin letters and digits about half.
    let width = |s: &str| -> f64 {
        s.chars()
            .map(|c| match c {
                'A'..='Z' => 0.72,
                c if c.is_ascii() => 0.55,
                _ => 1.0,
            })
            .sum::<f64>()
            * pt
            * 20.0
    };
    // Cell margins (57 twips a side) and 3 pt so that nothing touches the rule.
    let pad = 2.0 * 57.0 + 60.0;
    let mut least = vec![0.0f64; ncols];
    let mut wish = vec![0.0f64; ncols];
    for r in &t.rows {
        for (x, v) in r.iter().enumerate().take(ncols) {
            let w = v.split('\n').map(width).fold(0.0, f64::max);
            least[x] = least[x].max(w);
            wish[x] = wish[x].max(w);
        }
    }
    for c in t.head.iter().filter(|c| c.colspan == 1 && c.x < ncols) {
        let lines: Vec<&str> = c.text.split('\n').collect();
        let word = lines
            .iter()
            .flat_map(|l| l.split('|'))
            .map(width)
            .fold(0.0, f64::max);
        let line = lines
            .iter()
            .map(|l| width(&l.replace('|', "")))
            .fold(0.0, f64::max);
        least[c.x] = least[c.x].max(word);
        wish[c.x] = wish[c.x].max(line);
    }
    let least: Vec<f64> = least.iter().map(|w| w + pad).collect();
    let wish: Vec<f64> = wish
        .iter()
        .zip(&least)
        .map(|(w, l)| (w + pad).max(*l))
        .collect();
    let (sl, sw, total_f) = (
        least.iter().sum::<f64>(),
        wish.iter().sum::<f64>(),
        f64::from(total),
    );
    let (widths, size): (Vec<f64>, u32) = if sw <= total_f {
        let extra = (total_f - sw) / ncols as f64;
        (wish.iter().map(|w| w + extra).collect(), half_points)
    } else if sl <= total_f {
        let share = (total_f - sl) / (sw - sl);
        (
            least
                .iter()
                .zip(&wish)
                .map(|(l, w)| l + (w - l) * share)
                .collect(),
            half_points,
        )
    } else {
        let f = total_f / sl;
        (
            least.iter().map(|l| l * f).collect(),
            ((f64::from(half_points) * f).floor() as u32).max(12),
        )
    };
    let mut out: Vec<u32> = widths.iter().map(|w| w.floor() as u32).collect();
    let used: u32 = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += total.saturating_sub(used);
    }
    (out, size)
}

/// Zips the parts.
fn package(body: &str, pictures: &[&Picture], info: &DocxInfo) -> Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        // A fixed time in every entry: the same document gives the same bytes.
        let opts = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        let mut put = |name: &str, bytes: &[u8]| -> Result<()> {
            zip.start_file(name, opts).context("docx")?;
            zip.write_all(bytes).context("docx")?;
            Ok(())
        };
        put("[Content_Types].xml", content_types().as_bytes())?;
        put("_rels/.rels", ROOT_RELS.as_bytes())?;
        put("docProps/core.xml", core(info).as_bytes())?;
        put("docProps/app.xml", APP.as_bytes())?;
        put("word/document.xml", document(body).as_bytes())?;
        put("word/styles.xml", styles().as_bytes())?;
        put("word/settings.xml", SETTINGS.as_bytes())?;
        put("word/fontTable.xml", font_table().as_bytes())?;
        put("word/footer1.xml", footer(true).as_bytes())?;
        put("word/footer2.xml", footer(false).as_bytes())?;
        put(
            "word/_rels/document.xml.rels",
            document_rels(pictures.len()).as_bytes(),
        )?;
        for (i, p) in pictures.iter().enumerate() {
            put(&format!("word/media/image{}.png", i + 1), &p.png)?;
        }
        zip.finish().context("docx")?;
    }
    Ok(buf.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appendix_names_run_on_under_their_first_character() {
        // "附表：" is 3 characters (948 twips at 316 a character) after the two-character indent
        // (640); "1．" about 1.5 characters (474): names begin at 640 + 948 + 474 = 2062. The first
        // line hangs back by "附表：1．" (1422), later ones by their number (474).
        let mut body = String::new();
        appendix_list(&mut body, "附表", &["甲".to_string(), "乙".to_string()]);
        assert!(
            body.contains(r#"<w:ind w:left="2062" w:hanging="1422"/>"#),
            "{body}"
        );
        assert!(
            body.contains(r#"<w:ind w:left="2062" w:hanging="474"/>"#),
            "{body}"
        );
        assert!(
            body.contains(">附表：1．甲<") && body.contains(">2．乙<"),
            "{body}"
        );
    }
}
