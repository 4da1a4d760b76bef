//! WordprocessingML pieces of the Word edition (ECMA-376 element order kept where it matters).
//! Lengths in twips (1/20 pt) unless said; type sizes in half-points (3号 16 pt = 32).

use super::DocxInfo;
use crate::report::outline::Picture;
use std::fmt::Write as _;

/// Faces as offices have them (East-Asian name; fontTable.xml gives each a fallback).
pub const FANG: &str = "仿宋_GB2312";
pub const HEI: &str = "黑体";
pub const KAI: &str = "楷体_GB2312";
pub const SONG: &str = "宋体";
pub const TITLE: &str = "方正小标宋简体";
/// The official red of the 发文机关标志 and its rule (as in the PDF).
pub const RED: &str = "E60012";
/// The region's row.
pub const SHADE: &str = "EBEBEB";
/// The text block: 156 mm wide.
pub const BLOCK_TWIPS: u32 = 8844;
/// The gap between two columns of a two-column section (6 mm).
pub const COLUMN_GAP: u32 = 340;

const NS: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
    r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" "#,
    r#"xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#
);
const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Text escaped for XML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn rpr(face: &str, half_points: u32, colour: Option<&str>) -> String {
    let colour = colour.map_or(String::new(), |c| format!(r#"<w:color w:val="{c}"/>"#));
    // 3号 text is tracked by −0.2 pt, so that 28 characters fill the 156 mm line (15.8 pt each),
    // as the character grid would.
    let tracking = if half_points == 32 {
        r#"<w:spacing w:val="-4"/>"#
    } else {
        ""
    };
    format!(
        r#"<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{face}" w:cs="Times New Roman"/>{colour}{tracking}<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>"#
    )
}

/// A run of text in `face`; "\n" becomes a line break; chemical formulas get their subscripts
/// (PM2.5, PM10, O3, SO2, NO2) and "/m3" its superscript, as in the PDF.
pub fn run(text: &str, face: &str, half_points: u32, colour: Option<&str>) -> String {
    let plain = rpr(face, half_points, colour);
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out += "<w:r><w:br/></w:r>";
        }
        for (piece, script) in chem_pieces(line) {
            let rpr = match script {
                Some(v) => plain.replace(
                    "</w:rPr>",
                    &format!(r#"<w:vertAlign w:val="{v}"/></w:rPr>"#),
                ),
                None => plain.clone(),
            };
            let _ = write!(
                out,
                r#"<w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r>"#,
                esc(&piece)
            );
        }
    }
    out
}

/// A line cut where a formula's index is sub- or superscript: ("PM", None), ("2.5", subscript).
pub fn chem_pieces(line: &str) -> Vec<(String, Option<&'static str>)> {
    const FORMULAS: [(&str, usize, &str); 6] = [
        ("PM2.5", 2, "subscript"),
        ("PM10", 2, "subscript"),
        ("SO2", 2, "subscript"),
        ("NO2", 2, "subscript"),
        ("O3", 1, "subscript"),
        ("/m3", 2, "superscript"),
    ];
    let mut out: Vec<(String, Option<&'static str>)> = Vec::new();
    let mut plain = String::new();
    let mut rest = line;
    'scan: while !rest.is_empty() {
        for (f, base, script) in FORMULAS {
            if let Some(after) = rest.strip_prefix(f) {
                plain.push_str(&f[..base]);
                out.push((std::mem::take(&mut plain), None));
                out.push((f[base..].to_string(), Some(script)));
                rest = after;
                continue 'scan;
            }
        }
        let c = rest.chars().next().unwrap_or_default();
        plain.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if !plain.is_empty() {
        out.push((plain, None));
    }
    out.retain(|(p, _)| !p.is_empty());
    out
}

pub fn run_break() -> String {
    "<w:r><w:br/></w:r>".into()
}

pub fn run_tab() -> String {
    "<w:r><w:tab/></w:r>".into()
}

/// Paragraph properties, written in the schema's order.
#[derive(Default)]
pub struct Ppr {
    keep_next: bool,
    page_break: bool,
    red_rule: bool,
    tab_right: Option<u32>,
    spacing: Option<(u32, u32)>,
    line: Option<(u32, &'static str)>,
    first_chars: Option<(u32, u32)>,
    left: Option<u32>,
    hanging: u32,
    jc: Option<&'static str>,
    outline: Option<u8>,
}

impl Ppr {
    pub fn new() -> Ppr {
        Ppr::default()
    }
    pub fn keep_next(mut self) -> Ppr {
        self.keep_next = true;
        self
    }
    pub fn page_break_before(mut self) -> Ppr {
        self.page_break = true;
        self
    }
    /// The red rule under the 版头 (1.5 pt).
    pub fn red_rule(mut self) -> Ppr {
        self.red_rule = true;
        self
    }
    pub fn tab_right(mut self, at: u32) -> Ppr {
        self.tab_right = Some(at);
        self
    }
    pub fn space(mut self, before: u32, after: u32) -> Ppr {
        self.spacing = Some((before, after));
        self
    }
    pub fn exact(mut self, twips: u32) -> Ppr {
        self.line = Some((twips, "exact"));
        self
    }
    pub fn auto_lines(mut self) -> Ppr {
        self.line = Some((240, "auto"));
        self
    }
    /// First-line indent in hundredths of a character (and its twips, for readers without it).
    pub fn indent_chars(mut self, chars: u32, twips: u32) -> Ppr {
        self.first_chars = Some((chars, twips));
        self
    }
    pub fn left(mut self, twips: u32) -> Ppr {
        self.left = Some(twips);
        self
    }
    /// Lines after the first start at `left`; the first starts `twips` before it.
    pub fn hanging(mut self, twips: u32) -> Ppr {
        self.hanging = twips;
        self
    }
    pub fn center(mut self) -> Ppr {
        self.jc = Some("center");
        self
    }
    pub fn justify(mut self) -> Ppr {
        self.jc = Some("both");
        self
    }
    pub fn outline(mut self, level: u8) -> Ppr {
        self.outline = Some(level);
        self
    }

    fn xml(&self) -> String {
        let mut s = String::from("<w:pPr>");
        if self.keep_next {
            s += "<w:keepNext/>";
        }
        if self.page_break {
            s += "<w:pageBreakBefore/>";
        }
        if self.red_rule {
            let _ = write!(
                s,
                r#"<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="1" w:color="{RED}"/></w:pBdr>"#
            );
        }
        if let Some(at) = self.tab_right {
            let _ = write!(s, r#"<w:tabs><w:tab w:val="right" w:pos="{at}"/></w:tabs>"#);
        }
        // Every paragraph keeps its own metrics (exact 28.95 pt lines, tracked characters) rather
        // than snapping to the section's grid: Word and LibreOffice snap Latin text and
        // punctuation differently, the exact metrics are the same in both.
        s += r#"<w:snapToGrid w:val="0"/>"#;
        let (before, after) = self.spacing.unwrap_or((0, 0));
        let (line, rule) = self.line.unwrap_or((579, "exact"));
        let _ = write!(
            s,
            r#"<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="{rule}"/>"#
        );
        match (self.first_chars, self.left) {
            (Some((c, t)), _) => {
                let _ = write!(s, r#"<w:ind w:firstLineChars="{c}" w:firstLine="{t}"/>"#);
            }
            (None, Some(l)) if self.hanging > 0 => {
                let h = self.hanging;
                let _ = write!(s, r#"<w:ind w:left="{l}" w:hanging="{h}"/>"#);
            }
            (None, Some(l)) => {
                let _ = write!(s, r#"<w:ind w:left="{l}" w:firstLine="0"/>"#);
            }
            (None, None) => s += r#"<w:ind w:firstLine="0"/>"#,
        }
        if let Some(jc) = self.jc {
            let _ = write!(s, r#"<w:jc w:val="{jc}"/>"#);
        }
        if let Some(l) = self.outline {
            let _ = write!(s, r#"<w:outlineLvl w:val="{l}"/>"#);
        }
        s + "</w:pPr>"
    }
}

/// A paragraph of runs.
pub fn para(ppr: &Ppr, runs: &str) -> String {
    format!("<w:p>{}{runs}</w:p>", ppr.xml())
}

/// A table with full 0.5 pt rules and fixed column widths.
pub fn table_start(widths: &[u32]) -> String {
    let total: u32 = widths.iter().sum();
    let rule = r#"w:val="single" w:sz="4" w:space="0" w:color="000000""#;
    let mut s = format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top {rule}/><w:left {rule}/><w:bottom {rule}/><w:right {rule}/><w:insideH {rule}/><w:insideV {rule}/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#
    );
    for w in widths {
        let _ = write!(s, r#"<w:gridCol w:w="{w}"/>"#);
    }
    s + "</w:tblGrid>"
}

/// A row; header rows repeat at the top of every page (`w:tblHeader`); no row splits.
pub fn row(cells: &str, header: bool) -> String {
    let head = if header { "<w:tblHeader/>" } else { "" };
    format!("<w:tr><w:trPr><w:cantSplit/>{head}</w:trPr>{cells}</w:tr>")
}

/// A table cell: text centred, vertically centred. `merge`: Some(true) starts a vertical merge,
/// Some(false) continues one. `whole`: never wrapped (city names).
#[allow(clippy::too_many_arguments)]
pub fn cell(
    text: &str,
    face: &str,
    half_points: u32,
    span: usize,
    merge: Option<bool>,
    fill: Option<&str>,
    widths: &[u32],
    whole: bool,
) -> String {
    let w: u32 = widths.iter().sum();
    let mut s = format!(r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>"#);
    if span > 1 {
        let _ = write!(s, r#"<w:gridSpan w:val="{span}"/>"#);
    }
    match merge {
        Some(true) => s += r#"<w:vMerge w:val="restart"/>"#,
        Some(false) => s += "<w:vMerge/>",
        None => {}
    }
    if let Some(f) = fill {
        let _ = write!(s, r#"<w:shd w:val="clear" w:color="auto" w:fill="{f}"/>"#);
    }
    if whole {
        s += "<w:noWrap/>";
    }
    s += r#"<w:vAlign w:val="center"/></w:tcPr>"#;
    let ppr = Ppr::new().center().auto_lines();
    s += &para(&ppr, &run(text, face, half_points, None));
    s + "</w:tc>"
}

/// An inline picture, `n` counting from 1; at most the block's size (a taller picture is scaled
/// down to fit a page).
pub fn drawing(n: usize, p: &Picture) -> String {
    const EMU_PER_MM: f64 = 36000.0;
    let fit = (215.0 / p.height_mm).min(156.0 / p.width_mm).min(1.0);
    let cx = (p.width_mm * fit * EMU_PER_MM).round() as u64;
    let cy = (p.height_mm * fit * EMU_PER_MM).round() as u64;
    format!(
        r#"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{n}" name="图{n}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="image{n}.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdImg{n}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
    )
}

/// Section properties: A4, GB/T 9704 margins (inside 28 mm, outside 26 mm: mirrored in
/// settings), odd and even footers, `cols` columns, the grid of 22 lines × 28 characters.
fn sect_pr(cols: u32) -> String {
    format!(
        r#"<w:sectPr><w:footerReference w:type="default" r:id="rIdFtrOdd"/><w:footerReference w:type="even" r:id="rIdFtrEven"/><w:type w:val="continuous"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="1304" w:gutter="0"/><w:cols w:num="{cols}" w:space="{COLUMN_GAP}"/><w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-848"/></w:sectPr>"#
    )
}

/// Ends the section so far (laid on `cols` columns); the next starts on the same page.
pub fn section_break(cols: u32) -> String {
    format!(
        r#"<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>{}</w:pPr></w:p>"#,
        sect_pr(cols)
    )
}

/// The 版记 as a table set at the foot of the page: thick first and last rules (0.35 mm),
/// a thin rule (0.25 mm) between 抄送 and 印发机关, 4号仿宋, one character in from each side.
pub fn imprint_table(cc: &str, printer: &str, date: &str) -> String {
    let thick = r#"w:val="single" w:sz="8" w:space="0" w:color="000000""#;
    let thin = r#"w:val="single" w:sz="6" w:space="0" w:color="000000""#;
    let ppr = || {
        Ppr::new()
            .auto_lines()
            .space(90, 90)
            .tab_right(BLOCK_TWIPS - 560)
    };
    let mut rows = String::new();
    if !cc.is_empty() {
        rows += &format!(
            r#"<w:tr><w:tc><w:tcPr><w:tcW w:w="{BLOCK_TWIPS}" w:type="dxa"/></w:tcPr>{}</w:tc></w:tr>"#,
            para(&ppr(), &run(&format!("抄送：{cc}"), FANG, 28, None))
        );
    }
    rows += &format!(
        r#"<w:tr><w:tc><w:tcPr><w:tcW w:w="{BLOCK_TWIPS}" w:type="dxa"/></w:tcPr>{}</w:tc></w:tr>"#,
        para(
            &ppr(),
            &format!(
                "{}{}{}",
                run(printer, FANG, 28, None),
                run_tab(),
                run(date, FANG, 28, None)
            )
        )
    );
    format!(
        r#"<w:tbl><w:tblPr><w:tblpPr w:leftFromText="0" w:rightFromText="0" w:vertAnchor="margin" w:horzAnchor="margin" w:tblpXSpec="center" w:tblpYSpec="bottom"/><w:tblW w:w="{BLOCK_TWIPS}" w:type="dxa"/><w:tblBorders><w:top {thick}/><w:left w:val="nil"/><w:bottom {thick}/><w:right w:val="nil"/><w:insideH {thin}/><w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="280" w:type="dxa"/><w:right w:w="280" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="{BLOCK_TWIPS}"/></w:tblGrid>{rows}</w:tbl>"#
    )
}

/// word/document.xml: the body and the last section's properties.
pub fn document(body: &str) -> String {
    // The body's last paragraph (Word needs one after a table) is 1 pt high, so that it never
    // takes a page of its own after the 版记.
    format!(
        "{HEAD}<w:document {NS}><w:body>{body}{}{}</w:body></w:document>",
        para(&Ppr::new().exact(20), ""),
        sect_pr(1)
    )
}

/// word/styles.xml: 3号仿宋 on the grid by default; the table grid style.
pub fn styles() -> String {
    format!(
        r#"{HEAD}<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{FANG}" w:cs="Times New Roman"/><w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:spacing w:before="0" w:after="0" w:line="579" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#
    )
}

/// word/settings.xml: mirrored margins (inside/outside), odd and even footers, compressed
/// punctuation as Chinese documents set it.
pub const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:mirrorMargins/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

/// word/fontTable.xml: the faces with the names a machine without the _GB2312 faces has.
pub fn font_table() -> String {
    let mut s = format!(
        r#"{HEAD}<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#
    );
    for (name, alt) in [
        (FANG, "仿宋"),
        (KAI, "楷体"),
        (HEI, "SimHei"),
        (SONG, "SimSun"),
        (TITLE, "方正小标宋_GBK"),
    ] {
        let _ = write!(
            s,
            r#"<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#
        );
    }
    s + r#"<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>"#
}

/// A footer with "— n —" in 4号宋体: right with one character's space on odd pages, left on even.
pub fn footer(odd: bool) -> String {
    let (ind, jc) = if odd {
        (r#"w:right="280""#, "right")
    } else {
        (r#"w:left="280""#, "left")
    };
    let rpr = rpr(SONG, 28, None);
    format!(
        r#"{HEAD}<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind {ind} w:firstLine="0"/><w:jc w:val="{jc}"/></w:pPr><w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r>{rpr}<w:t>1</w:t></w:r></w:fldSimple><w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#
    )
}

pub fn content_types() -> String {
    let part = |name: &str, kind: &str| {
        format!(
            r#"<Override PartName="/{name}" ContentType="application/vnd.openxmlformats-{kind}+xml"/>"#
        )
    };
    format!(
        r#"{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>{}{}{}{}{}{}{}{}</Types>"#,
        part(
            "word/document.xml",
            "officedocument.wordprocessingml.document.main"
        ),
        part("word/styles.xml", "officedocument.wordprocessingml.styles"),
        part(
            "word/settings.xml",
            "officedocument.wordprocessingml.settings"
        ),
        part(
            "word/fontTable.xml",
            "officedocument.wordprocessingml.fontTable"
        ),
        part("word/footer1.xml", "officedocument.wordprocessingml.footer"),
        part("word/footer2.xml", "officedocument.wordprocessingml.footer"),
        part("docProps/core.xml", "package.core-properties"),
        part("docProps/app.xml", "officedocument.extended-properties"),
    )
}

pub const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

pub const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>air-bulletin</Application></Properties>"#;

/// docProps/core.xml: title, author, and the document's date as created and modified.
pub fn core(info: &DocxInfo) -> String {
    let t = format!("{}T00:00:00Z", info.date);
    format!(
        r#"{HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>zh-CN</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{t}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{t}</dcterms:modified></cp:coreProperties>"#,
        esc(info.title),
        esc(info.author)
    )
}

/// word/_rels/document.xml.rels.
pub fn document_rels(pictures: usize) -> String {
    let rel = |id: &str, kind: &str, target: &str| {
        format!(
            r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>"#
        )
    };
    let mut s = format!(
        r#"{HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    );
    s += &rel("rIdStyles", "styles", "styles.xml");
    s += &rel("rIdSettings", "settings", "settings.xml");
    s += &rel("rIdFonts", "fontTable", "fontTable.xml");
    s += &rel("rIdFtrOdd", "footer", "footer1.xml");
    s += &rel("rIdFtrEven", "footer", "footer2.xml");
    for n in 1..=pictures {
        s += &rel(
            &format!("rIdImg{n}"),
            "image",
            &format!("media/image{n}.png"),
        );
    }
    s + "</Relationships>"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_cut_for_their_subscripts() {
        let p = chem_pieces("PM2.5浓度为30微克，O3和NO2，单位µg/m3。");
        let sub = |s: &str| (s.to_string(), Some("subscript"));
        let plain = |s: &str| (s.to_string(), None);
        assert_eq!(
            p,
            vec![
                plain("PM"),
                sub("2.5"),
                plain("浓度为30微克，O"),
                sub("3"),
                plain("和NO"),
                sub("2"),
                plain("，单位µg/m"),
                ("3".to_string(), Some("superscript")),
                plain("。"),
            ]
        );
    }
}
