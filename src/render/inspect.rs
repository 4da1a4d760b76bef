//! Reading a laid-out document back: its text by page and line, the fonts used, and glyphs that no
//! font had (tofu). Tests check documents through this, and the renderer refuses tofu.

use typst::layout::{Abs, Frame, FrameItem, Point};
use typst_layout::PagedDocument;

/// A run of text placed on a page.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Page number, from 1.
    pub page: usize,
    /// Baseline position in points from the page's top-left corner.
    pub x: f64,
    pub y: f64,
    /// Advance width of the run in points, so `x + width` is where it ends.
    pub width: f64,
    pub text: String,
    /// The font family.
    pub family: String,
    /// Font size in points.
    pub size: f64,
    /// The fill colour, as Typst prints it (e.g. `rgb("#c00000")`).
    pub fill: String,
}

fn walk(frame: &Frame, origin: Point, page: usize, out: &mut Vec<Run>, tofu: &mut Vec<char>) {
    for (pos, item) in frame.items() {
        let at = origin + *pos;
        match item {
            FrameItem::Group(g) => {
                let shifted = at + Point::new(g.transform.tx, g.transform.ty);
                walk(&g.frame, shifted, page, out, tofu);
            }
            FrameItem::Text(t) => {
                for g in &t.glyphs {
                    if g.id == 0 {
                        tofu.extend(t.text[g.range()].chars());
                    }
                }
                out.push(Run {
                    page,
                    x: at.x.to_pt(),
                    y: at.y.to_pt(),
                    width: t.width().to_pt(),
                    text: t.text.to_string(),
                    family: t.font.font().info().family.clone(),
                    size: t.size.to_pt(),
                    fill: format!("{:?}", t.fill),
                });
            }
            _ => {}
        }
    }
}

/// Every text run of the document, in layout order.
pub fn runs(doc: &PagedDocument) -> Vec<Run> {
    let mut out = Vec::new();
    let mut tofu = Vec::new();
    for (i, p) in doc.pages().iter().enumerate() {
        walk(&p.frame, Point::zero(), i + 1, &mut out, &mut tofu);
    }
    out
}

/// Characters drawn with glyph 0 (no font had them), in order of appearance, without repeats.
pub fn missing_glyphs(doc: &PagedDocument) -> Vec<char> {
    let mut out = Vec::new();
    let mut tofu = Vec::new();
    for (i, p) in doc.pages().iter().enumerate() {
        walk(&p.frame, Point::zero(), i + 1, &mut out, &mut tofu);
    }
    let mut seen = Vec::new();
    for c in tofu {
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen
}

/// The text of each page as lines: runs whose baselines are within 2 pt form a line, read left
/// to right; lines top to bottom.
pub fn page_lines(doc: &PagedDocument) -> Vec<Vec<String>> {
    let all = runs(doc);
    let mut pages = Vec::new();
    for p in 1..=doc.pages().len() {
        let mut rs: Vec<&Run> = all.iter().filter(|r| r.page == p).collect();
        rs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
        let mut lines: Vec<(f64, Vec<&Run>)> = Vec::new();
        for r in rs {
            match lines.last_mut() {
                Some((y, line)) if (r.y - *y).abs() <= 2.0 => line.push(r),
                _ => lines.push((r.y, vec![r])),
            }
        }
        pages.push(
            lines
                .into_iter()
                .map(|(_, mut l)| {
                    l.sort_by(|a, b| a.x.total_cmp(&b.x));
                    l.iter().map(|r| r.text.as_str()).collect::<String>()
                })
                .collect(),
        );
    }
    pages
}

/// The lowest point of anything drawn on each page (text, rules, chart shapes, images) above
/// `limit_mm` from the top, in mm; `None` for a page with nothing above it. Measures how full a
/// page's text block is without counting the page number in the bottom margin.
pub fn ink_bottom_mm(doc: &PagedDocument, limit_mm: f64) -> Vec<Option<f64>> {
    fn walk(frame: &Frame, origin: Point, limit: f64, low: &mut Option<f64>) {
        for (pos, item) in frame.items() {
            let at = origin + *pos;
            let bottom = match item {
                FrameItem::Group(g) => {
                    let shifted = at + Point::new(g.transform.tx, g.transform.ty);
                    walk(&g.frame, shifted, limit, low);
                    continue;
                }
                FrameItem::Text(t) => at.y.to_pt() + t.size.to_pt() * 0.12,
                FrameItem::Shape(s, _) => at.y.to_pt() + s.bbox(false).max.y.to_pt(),
                FrameItem::Image(_, size, _) => at.y.to_pt() + size.y.to_pt(),
                _ => continue,
            };
            if bottom <= limit {
                *low = Some(low.map_or(bottom, |l: f64| l.max(bottom)));
            }
        }
    }
    let limit = Abs::mm(limit_mm).to_pt();
    doc.pages()
        .iter()
        .map(|p| {
            let mut low = None;
            walk(&p.frame, Point::zero(), limit, &mut low);
            low.map(|pt| Abs::pt(pt).to_mm())
        })
        .collect()
}

/// Page sizes in millimetres.
pub fn page_sizes_mm(doc: &PagedDocument) -> Vec<(f64, f64)> {
    doc.pages()
        .iter()
        .map(|p| (p.frame.width().to_mm(), p.frame.height().to_mm()))
        .collect()
}

/// Leftmost and topmost text positions of the body on each page, in mm (for margin checks).
pub fn text_extent_mm(doc: &PagedDocument) -> Vec<(f64, f64, f64, f64)> {
    let all = runs(doc);
    (1..=doc.pages().len())
        .map(|p| {
            let rs: Vec<&Run> = all.iter().filter(|r| r.page == p).collect();
            let min_x = rs.iter().map(|r| r.x).fold(f64::MAX, f64::min);
            let min_y = rs
                .iter()
                .map(|r| r.y - r.size * 0.88)
                .fold(f64::MAX, f64::min);
            let max_x = rs.iter().map(|r| r.x).fold(f64::MIN, f64::max);
            let max_y = rs.iter().map(|r| r.y).fold(f64::MIN, f64::max);
            let mm = |pt: f64| Abs::pt(pt).to_mm();
            (mm(min_x), mm(min_y), mm(max_x), mm(max_y))
        })
        .collect()
}
