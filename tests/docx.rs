//! The Word edition of the four documents, opened as a ZIP and read as XML: the page (A4,
//! GB/T 9704 margins mirrored, the 22 × 28 grid), the faces and sizes of body, headings and
//! title, the red 版头, odd and even page numbers, every table with its header rows marked to
//! repeat, and every sentence of the report model (the PDF's text) in the Word text.

mod common;
use air_bulletin::calendar::{Month, Week};
use air_bulletin::documents::{
    prepare_daily, prepare_monthly, prepare_ranking, prepare_weekly, render_docx, DocFormat,
    DocOptions, Prepared, Tools,
};
use air_bulletin::render::inspect::runs;
use common::*;
use serde_json::Value;
use std::io::Read;

struct Docx {
    name: String,
    model: Value,
    bytes: Vec<u8>,
    /// The PDF's laid-out text, runs joined.
    pdf_text: String,
}

impl Docx {
    fn part(&self, name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&self.bytes)).unwrap();
        let mut s = String::new();
        zip.by_name(name)
            .unwrap_or_else(|_| panic!("{}: no {name}", self.name))
            .read_to_string(&mut s)
            .unwrap();
        s
    }

    /// The text of each paragraph of the body (runs joined, line breaks as "\n").
    fn paragraphs(&self) -> Vec<String> {
        let doc = self.part("word/document.xml");
        doc.split("</w:p>")
            .map(|p| {
                let mut out = String::new();
                let mut rest = p;
                while let Some(i) = rest.find("<w:t") {
                    rest = &rest[i..];
                    let open = rest.find('>').unwrap();
                    if rest[..open].ends_with('/') || !(rest[4..5] == *">" || rest[4..5] == *" ") {
                        rest = &rest[open + 1..];
                        continue;
                    }
                    let close = rest.find("</w:t>").unwrap();
                    out += &unescape(&rest[open + 1..close]);
                    rest = &rest[close..];
                }
                out
            })
            .collect()
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

fn documents() -> Vec<Docx> {
    let l = load_config(&root().join("air-bulletin.toml"));
    let tools = Tools::new(&l).unwrap();
    let nov = Month::new(2022, 11).unwrap();
    let opts = DocOptions {
        format: DocFormat::Docx,
        output_dir: std::env::temp_dir(),
        date: None,
        timestamp: None,
        pdfa: false,
    };
    let prepared: Vec<Prepared> = vec![
        prepare_monthly(&l, &tools, nov, None).unwrap(),
        prepare_ranking(&l, &tools, nov, None).unwrap(),
        prepare_weekly(&l, &tools, Week::parse("2022-W47").unwrap(), None).unwrap(),
        prepare_daily(&l, &tools, "2022-12-21".parse().unwrap(), None).unwrap(),
    ];
    prepared
        .iter()
        .map(|p| Docx {
            name: p.stem.clone(),
            model: serde_json::from_slice(&p.json).unwrap(),
            bytes: render_docx(&tools, p, &opts).unwrap(),
            pdf_text: runs(
                &tools
                    .renderer
                    .compile(&p.job(None, false))
                    .unwrap()
                    .document,
            )
            .iter()
            .map(|r| r.text.as_str())
            .collect(),
        })
        .collect()
}

/// Every sentence of a report model: its strings that end a sentence (。 or ：), at any depth,
/// leaving out titles.
fn sentences(v: &Value, key: &str, out: &mut Vec<String>) {
    match v {
        Value::String(s)
            if (s.ends_with('。') || s.ends_with('：'))
                && s.chars().count() > 8
                && !matches!(key, "title" | "table_title" | "chart_title") =>
        {
            // A note joined to the table's own note loses its "注：" (as in the PDF).
            out.push(s.trim_start_matches("注：").to_string());
        }
        Value::Array(a) => a.iter().for_each(|x| sentences(x, key, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| sentences(x, k, out)),
        _ => {}
    }
}

#[test]
fn the_word_edition_is_the_same_document_in_words_terms() {
    for d in documents() {
        let doc = d.part("word/document.xml");
        let n = &d.name;
        // A4; margins top 37, bottom 35, inside 28, outside 26 mm (mirrored); the 22 × 28 grid:
        // 225 mm / 22 = 579 twips a line, a character cell of 16 pt − 848/4096 pt = 15.79 pt.
        assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#), "{n}");
        assert!(
            doc.contains(r#"<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588""#),
            "{n}"
        );
        assert!(
            doc.contains(
                r#"<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-848"/>"#
            ),
            "{n}"
        );
        let settings = d.part("word/settings.xml");
        assert!(
            settings.contains("<w:mirrorMargins/>") && settings.contains("<w:evenAndOddHeaders/>")
        );
        // Page numbers "— n —" in 4号宋体: right on odd pages, left on even ones, one character in.
        let odd = d.part("word/footer1.xml");
        let even = d.part("word/footer2.xml");
        for (f, side) in [(&odd, r#"w:right="280""#), (&even, r#"w:left="280""#)] {
            assert!(f.contains(side) && f.contains(r#"w:instr=" PAGE ""#), "{n}");
            assert!(f.contains(r#"w:eastAsia="宋体""#) && f.contains(r#"<w:sz w:val="28"/>"#));
            assert!(f.contains("— </w:t>") && f.contains("> —</w:t>"));
        }
        assert!(
            odd.contains(r#"<w:jc w:val="right"/>"#) && even.contains(r#"<w:jc w:val="left"/>"#)
        );
        // The 版头: the bulletin's name in official red, 小标宋; the title 2号小标宋.
        let meta = &d.model["meta"];
        let name = meta["bulletin_name"].as_str().unwrap();
        let at = doc
            .find(&format!(">{name}</w:t>"))
            .expect("the bulletin's name");
        let run = &doc[doc[..at].rfind("<w:r>").unwrap()..at];
        assert!(
            run.contains(r#"w:eastAsia="方正小标宋简体""#)
                && run.contains(r#"<w:color w:val="E60012"/>"#),
            "{n}: {run}"
        );
        assert!(
            doc.contains(r#"w:color="E60012"/></w:pBdr>"#),
            "{n}: the red rule"
        );
        // The title (the daily sheet has none, in the PDF neither).
        if d.model["kind"] != "daily" {
            let title = meta["title_lines"][0].as_str().unwrap();
            let at = doc
                .find(&format!(">{title}</w:t>"))
                .unwrap_or_else(|| panic!("{n}: the title {title}"));
            let run = &doc[doc[..at].rfind("<w:r>").unwrap()..at];
            assert!(
                run.contains(r#"w:eastAsia="方正小标宋简体""#)
                    && run.contains(r#"<w:sz w:val="44"/>"#),
                "{n}: {run}"
            );
        }
        // Body 3号仿宋, first line indented two characters.
        let intro = d.model["intro"]
            .as_str()
            .or(d.model["summary"].as_str())
            .unwrap();
        let first = &intro[..intro.char_indices().nth(16).unwrap().0];
        let at = doc.find(first).unwrap_or_else(|| panic!("{n}: {first}"));
        let p = &doc[doc[..at].rfind("<w:p>").unwrap()..at];
        assert!(
            p.contains(r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"#),
            "{n}: {p}"
        );
        assert!(
            p.contains(r#"w:eastAsia="仿宋_GB2312""#) && p.contains(r#"<w:sz w:val="32"/>"#),
            "{n}: {p}"
        );
        // Every sentence of the model that the PDF prints is a sentence of the Word text.
        let text = d.paragraphs().join("\n");
        let mut said = Vec::new();
        sentences(&d.model, "", &mut said);
        let printed: Vec<&String> = said
            .iter()
            .filter(|s| d.pdf_text.contains(s.as_str()))
            .collect();
        assert!(printed.len() >= 2, "{n}: {printed:?}");
        for s in printed {
            assert!(text.contains(s.as_str()), "{n}: missing “{s}”");
        }
        assert!(d.bytes.starts_with(b"PK\x03\x04"));
    }
}

#[test]
fn headings_tables_and_figures_are_those_of_the_pdf() {
    let docs = documents();
    let monthly = &docs[0];
    let doc = monthly.part("word/document.xml");
    // Level 1 in 黑体, level 2 in 楷体, both 3号, in the navigation outline.
    for (text, face, level) in [
        ("一、设区市环境空气质量状况", "黑体", 0),
        ("（一）11月", "楷体_GB2312", 1),
    ] {
        let at = doc
            .find(&format!(">{text}</w:t>"))
            .unwrap_or_else(|| panic!("{text}"));
        let p = &doc[doc[..at].rfind("<w:p>").unwrap()..at];
        assert!(
            p.contains(&format!(r#"w:eastAsia="{face}""#)),
            "{text}: {p}"
        );
        assert!(
            p.contains(&format!(r#"<w:outlineLvl w:val="{level}"/>"#)),
            "{text}: {p}"
        );
    }
    // Three tables (11月, 1—11月, progress) and the 版记: each data table's header rows repeat.
    let tables: Vec<&str> = doc.split("<w:tbl>").skip(1).collect();
    assert_eq!(tables.len(), 4, "three tables and the 版记");
    for t in &tables[..3] {
        let rows: Vec<&str> = t.split("<w:tr>").skip(1).collect();
        let heads = rows.iter().filter(|r| r.contains("<w:tblHeader/>")).count();
        assert_eq!(heads, 2, "two header rows");
        assert!(rows[0].contains("<w:tblHeader/>") && rows[1].contains("<w:tblHeader/>"));
        assert!(!rows[2].contains("<w:tblHeader/>"));
    }
    // Table 1: 15 rows of cities and the region (14 + 1), 13 columns; 排名 spans both header
    // rows, 浓度 six columns; 防城港 first, 全区 last and shaded.
    let t1 = tables[0];
    assert_eq!(t1.matches("<w:gridCol ").count(), 13);
    assert_eq!(t1.split("<w:tr>").count() - 1, 2 + 15);
    assert!(
        t1.contains(r#"<w:gridSpan w:val="6"/>"#) && t1.contains(r#"<w:vMerge w:val="restart"/>"#)
    );
    assert!(t1.contains(">防城港</w:t>"));
    let last = t1.split("<w:tr>").last().unwrap();
    assert!(last.contains(">全区</w:t>") && last.contains(r#"w:fill="EBEBEB""#));
    // The 版记 at the foot of the page, with its rules.
    let imprint = tables[3];
    assert!(imprint.contains(r#"w:tblpYSpec="bottom""#) && imprint.contains("抄送："));
    // The PM2.5 chart, a PNG picture of the block's width (156 mm = 5616000 EMU).
    assert!(doc.contains(r#"<wp:extent cx="5616000""#));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&monthly.bytes)).unwrap();
    let mut png = Vec::new();
    zip.by_name("word/media/image1.png")
        .unwrap()
        .read_to_end(&mut png)
        .unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    // Same documents, same bytes (fixed times in the package, pictures drawn the same).
    for (a, b) in documents().iter().zip(&docs) {
        assert!(a.bytes == b.bytes, "{} is not reproducible", a.name);
    }
    // The weekly's heat map continues on a second page in the PDF: two pictures.
    let weekly = docs[2].part("word/document.xml");
    assert!(
        weekly.matches("<wp:inline").count() >= 2,
        "heat map parts and the chart"
    );
}
