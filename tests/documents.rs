//! Rendering tests: the laid-out text of the monthly bulletin and the ranking release (from
//! Typst's laid-out document), fonts, page geometry, and the PDF bytes themselves. No system
//! packages are needed.
//!
//! The `jiangnan` fixture's numbers are worked out by hand in `tests/stats_cli.rs`. For the
//! bulletin of November 2022 the year-to-date target progress is as of 30 November: day 334 of 365,
//! 31 days left. 青山 has three days of PM2.5 35 against a target of 30.0, so the rest of the year
//! is allowed (30 × (3 + 31) − 35 × 3) / 31 = 915/31 = 29.5; its year counts 3 + 31 = 34 days, and
//! 90.0 % of them needs 31 good days (31/34 = 91.2 %, 30/34 = 88.2 %): 34 − 31 − 0 = 3 polluted days
//! are still allowed.

mod common;
use air_bulletin::calendar::Month;
use air_bulletin::documents::{self, DocFormat, DocOptions, Tools};
use air_bulletin::export;
use air_bulletin::load::Loaded;
use air_bulletin::render::inspect::{missing_glyphs, page_lines, page_sizes_mm, runs};
use air_bulletin::render::{Job, Renderer};
use air_bulletin::report::common::MetaInput;
use air_bulletin::report::wording::Texts;
use air_bulletin::report::{monthly, ranking};
use air_bulletin::templates::Templates;
use chrono::NaiveDate;
use common::*;

fn loaded(fixture_name: &str) -> Loaded {
    load_config(&fixture(fixture_name).join("air-bulletin.toml"))
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn meta<'a>(l: &'a Loaded, name: &'a str) -> MetaInput<'a> {
    MetaInput {
        office: &l.config.office,
        to: "",
        bulletin_name: name,
        cc: "生态环境部。",
        date: date("2022-12-05"),
        plan: &l.plan.name,
        rules: "HJ 633-2012".into(),
    }
}

fn monthly_model(l: &Loaded) -> monthly::MonthlyReport {
    let texts = Texts::new(&Templates::embedded()).unwrap();
    let input = monthly::MonthlyInput {
        settings: l.settings(),
        data: &l.data,
        month: Month::new(2022, 11).unwrap(),
        requirements: &[],
        counties: None,
        meta: meta(l, "环境空气质量月通报"),
    };
    monthly::build(&texts, &input).unwrap()
}

fn job(template: &str, model: &impl serde::Serialize) -> Job {
    Job {
        template: template.into(),
        data: serde_json::to_vec(model).unwrap(),
        ident: "test".into(),
        date: date("2022-12-05"),
        timestamp: None,
        pdfa: false,
    }
}

/// The laid-out document of a model.
fn compiled(template: &str, model: &impl serde::Serialize) -> typst_layout::PagedDocument {
    Renderer::embedded()
        .unwrap()
        .compile(&job(template, model))
        .unwrap()
        .document
}

/// The text of all pages with line breaks removed (paragraphs wrap anywhere), and each page's
/// lines.
fn text_of(doc: &typst_layout::PagedDocument) -> (String, Vec<Vec<String>>) {
    let pages = page_lines(doc);
    let all = pages.iter().flatten().cloned().collect::<Vec<_>>().concat();
    (all, pages)
}

#[test]
fn the_monthly_bulletin_reads_as_computed_by_hand() {
    let l = loaded("jiangnan");
    let model = monthly_model(&l);
    let r = Renderer::embedded().unwrap();
    let doc = r.compile(&job("monthly.typ", &model)).unwrap().document;
    let (text, pages) = text_of(&doc);
    // Header and title.
    assert!(pages[0][0].contains("环境空气质量月通报"), "{:?}", pages[0]);
    assert!(text.contains("2022年第11期"));
    assert_eq!(pages[0][3], "2022年11月和1—11月");
    assert_eq!(pages[0][4], "江南省城市环境空气质量状况");
    // Section 一 (month): region and ranking.
    assert!(
        text.contains("全省3个设区市环境空气质量优良天数比例为87.5%"),
        "{text}"
    );
    assert!(text.contains("综合指数为3.91"), "{text}");
    assert!(
        text.contains(
            "按照综合指数进行排名（由好向差）：安平*、青山*、临江*。带“*”的城市有效监测天数不足，排名仅供参考。"
        ),
        "{text}"
    );
    assert!(
        text.contains("综合指数排名后三位的城市为临江、青山和安平"),
        "{text}"
    );
    // Table 1 row of 临江: rank, index, PM2.5 … index change +7.9 %, PM2.5 change +25.0 %.
    assert!(
        text.contains("3临江*4.7750.08012412371.266.707.925.0"),
        "{text}"
    );
    // Three days of thirty: every city is short of valid days, marked and explained.
    assert!(text.contains("1安平*2.76"), "{text}");
    assert!(
        text.contains("临江（3天）、安平（2天）、青山（3天）11月有效监测天数不足"),
        "{text}"
    );
    // Section 二: target progress of 青山 (hand-computed above) and its status.
    assert!(text.contains("青山35.030.05.029.5"), "{text}");
    let qs = pages
        .iter()
        .flatten()
        .find(|l| l.starts_with("青山35.0"))
        .unwrap();
    // Good ratio 100.0 of 90.0, 3 polluted and 0 heavy days allowed; no data for the rest of
    // 2021 to compare with, so 正常.
    assert!(qs.ends_with("100.090.030正常"), "{qs}");
    assert!(
        text.contains("临江50.035.015.033.5"),
        "(35 × 34 − 50 × 3)/31 = 33.5: {text}"
    );
    // Page numbers — 1 —, — 2 — … on every page.
    for (i, p) in pages.iter().enumerate() {
        let mark = format!("— {} —", i + 1);
        assert!(
            p.iter().any(|l| l.contains(&mark)),
            "page {} lacks {mark}: {p:?}",
            i + 1
        );
    }
    // 版记 on the last page.
    let last = pages.last().unwrap().join("\n");
    assert!(last.contains("抄送：生态环境部。"), "{last}");
    assert!(last.contains("2022年12月5日印发"), "{last}");
}

#[test]
fn ties_are_said_in_the_document() {
    let l = loaded("jiangnan-tie");
    let model = monthly_model(&l);
    let doc = compiled("monthly.typ", &model);
    let (text, _) = text_of(&doc);
    // 青山 and 白水 have the same data: index 4.17 both, rank 2; 临江 is 4th.
    assert!(
        text.contains("安平*、青山*、白水*（与青山排名相同，并列第二）、临江*。"),
        "{text}"
    );
    assert!(text.contains("2青山*4.17"), "{text}");
    assert!(text.contains("2白水*4.17"), "{text}");
    assert!(text.contains("4临江*4.77"), "{text}");
}

#[test]
fn every_glyph_is_in_an_embedded_font_and_the_fonts_are_the_official_ones() {
    let l = loaded("jiangnan");
    let model = monthly_model(&l);
    let doc = compiled("monthly.typ", &model);
    assert!(missing_glyphs(&doc).is_empty());
    let rs = runs(&doc);
    let family = |needle: &str| {
        rs.iter()
            .find(|r| r.text.contains(needle))
            .map(|r| (r.family.clone(), r.size))
    };
    // Body 3号仿宋, level-1 heading 黑体, level-2 楷体, title 小标宋 stand-in, page number 4号宋体.
    assert_eq!(
        family("现将2022年11月"),
        Some(("FandolFang R".into(), 16.0))
    );
    assert_eq!(
        family("一、设区市环境空气质量状况"),
        Some(("FandolHei".into(), 16.0))
    );
    assert_eq!(family("（一）").map(|f| f.0), Some("FandolKai".into()));
    assert_eq!(
        family("江南省城市环境空气质量状况"),
        Some(("Noto Serif CJK SC".into(), 22.0))
    );
    assert_eq!(family("— 1 —"), Some(("FandolSong".into(), 14.0)));
}

#[test]
fn a_character_no_font_has_is_an_error_not_a_blank() {
    let l = loaded("jiangnan");
    let mut model = monthly_model(&l);
    model.intro.push('𠀀');
    let err = Renderer::embedded()
        .unwrap()
        .compile(&job("monthly.typ", &model))
        .err()
        .unwrap();
    assert!(err.to_string().contains("没有字形"), "{err}");
    assert!(err.to_string().contains('𠀀'), "{err}");
}

#[test]
fn pages_are_a4_with_the_gbt9704_margins() {
    let l = loaded("jiangnan");
    let model = monthly_model(&l);
    let doc = compiled("monthly.typ", &model);
    for (w, h) in page_sizes_mm(&doc) {
        assert!(
            (w - 210.0).abs() < 0.1 && (h - 297.0).abs() < 0.1,
            "{w} × {h}"
        );
    }
    let rs = runs(&doc);
    let mm = |pt: f64| pt * 25.4 / 72.0;
    // Text block: left edge 28 mm (天头 37 mm, 订口 28 mm; 156 × 225 mm).
    let body: Vec<_> = rs
        .iter()
        .filter(|r| !r.text.contains('—') || r.size != 14.0)
        .collect();
    let left = body.iter().map(|r| mm(r.x)).fold(f64::MAX, f64::min);
    assert!((left - 28.0).abs() < 0.6, "left edge {left} mm");
    let right = body.iter().map(|r| mm(r.x)).fold(f64::MIN, f64::max);
    assert!(
        right < 210.0 - 26.0,
        "text starts right of the block: {right} mm"
    );
    let top = body
        .iter()
        .filter(|r| r.page == 2)
        .map(|r| mm(r.y - r.size))
        .fold(f64::MAX, f64::min);
    assert!((top - 37.0).abs() < 2.0, "first line of page 2 at {top} mm");
    // Body lines on the 22-line grid: consecutive baselines of the intro paragraph 225/22 mm apart.
    let p1: Vec<f64> = rs
        .iter()
        .filter(|r| r.page == 1 && r.size == 16.0 && r.family == "FandolFang R" && mm(r.y) > 100.0)
        .map(|r| mm(r.y))
        .collect();
    let mut ys = p1.clone();
    ys.sort_by(f64::total_cmp);
    ys.dedup_by(|a, b| (*a - *b).abs() < 1.0);
    let pitch = 225.0 / 22.0;
    let steps: Vec<f64> = ys
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|d| *d < pitch * 1.5)
        .collect();
    assert!(
        steps.len() > 5 && steps.iter().all(|d| (d - pitch).abs() < 0.3),
        "{steps:?}"
    );
    // Page numbers 7 mm below the block (297 − 35 + 7 = 269 mm, plus the line's ascent);
    // odd pages right, even pages left.
    for r in rs
        .iter()
        .filter(|r| r.text.starts_with('—') && r.size == 14.0)
    {
        let y = mm(r.y);
        assert!(y > 269.0 && y < 276.0, "page number at {y} mm");
        if r.page % 2 == 1 {
            assert!(
                mm(r.x) > 150.0,
                "odd page number on the right: {} mm",
                mm(r.x)
            );
        } else {
            assert!(
                mm(r.x) < 40.0,
                "even page number on the left: {} mm",
                mm(r.x)
            );
        }
    }
}

#[test]
fn the_pdf_embeds_subset_fonts_carries_metadata_and_is_reproducible() {
    let l = loaded("jiangnan");
    let model = monthly_model(&l);
    let r = Renderer::embedded().unwrap();
    let (a, _) = r.render_pdf(&job("monthly.typ", &model)).unwrap();
    let (b, _) = r.render_pdf(&job("monthly.typ", &model)).unwrap();
    assert!(a == b, "two runs give identical bytes");
    let fresh = Renderer::embedded().unwrap();
    let (c, _) = fresh.render_pdf(&job("monthly.typ", &model)).unwrap();
    assert!(a == c, "a new renderer gives identical bytes");
    let text = String::from_utf8_lossy(&a);
    // Subset fonts: /BaseFont/ABCDEF+FandolFang-Regular and an embedded CFF program each.
    let subset = |name: &str| {
        text.match_indices("/BaseFont/").any(|(i, _)| {
            let s = &text[i + 10..];
            s.len() > 7
                && s[..6].bytes().all(|b| b.is_ascii_uppercase())
                && s[6..].starts_with('+')
                && s[7..].starts_with(name)
        })
    };
    for f in [
        "FandolFang",
        "FandolHei",
        "FandolKai",
        "FandolSong",
        "NotoSerifCJKsc-Bold",
    ] {
        assert!(subset(f), "{f} embedded as a subset");
    }
    assert!(text.matches("/FontFile3").count() >= 5);
    // Title, author, language and the timestamp from the document's date.
    assert!(text.contains("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">2022年11月和1—11月江南省城市环境空气质量状况</rdf:li>"));
    assert!(text.contains("<rdf:li>江南省生态环境厅</rdf:li>"));
    assert!(
        text.contains("/Lang(zh-CN)") || text.contains("<dc:language><rdf:Bag><rdf:li>zh-CN"),
        "language"
    );
    assert!(text.contains("/CreationDate(D:20221205000000Z)"));
}

#[test]
fn pdfa_is_offered_for_archiving() {
    let l = loaded("jiangnan");
    let model = monthly_model(&l);
    let mut j = job("monthly.typ", &model);
    j.pdfa = true;
    let (pdf, _) = Renderer::embedded().unwrap().render_pdf(&j).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        text.contains("<pdfaid:part>2</pdfaid:part>"),
        "PDF/A part 2"
    );
    assert!(text.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
}

#[test]
fn template_errors_show_typst_diagnostics_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("monthly.typ"),
        "#import \"official.typ\": *\n#let data = json(\"/data.json\")\n#data.nope\n",
    )
    .unwrap();
    let r = Renderer::new(&Templates::load(Some(dir.path())).unwrap(), &[]).unwrap();
    let l = loaded("jiangnan");
    let err = r
        .compile(&job("monthly.typ", &monthly_model(&l)))
        .err()
        .unwrap()
        .to_string();
    let file = dir.path().join("monthly.typ").display().to_string();
    assert!(
        err.contains(&format!(
            "{file}:3:7: 错误: dictionary does not contain key \"nope\""
        )),
        "{err}"
    );
    assert!(err.contains("#data.nope"), "{err}");
}

#[test]
fn the_ranking_release_and_its_tables() {
    let l = loaded("jiangnan-tie");
    let texts = Texts::new(&Templates::embedded()).unwrap();
    let input = ranking::RankingInput {
        settings: l.settings(),
        data: &l.data,
        month: Month::new(2022, 11).unwrap(),
        requirements: &[],
        counties: None,
        meta: meta(&l, "城市环境空气质量排名"),
    };
    let model = ranking::build(&texts, &input).unwrap();
    let doc = compiled("ranking.typ", &model);
    let (text, _) = text_of(&doc);
    assert!(
        text.contains("表1　2022年11月各设区市环境空气质量综合指数排名"),
        "{text}"
    );
    assert!(text.contains("2青山*4.171.00"), "{text}");
    assert!(text.contains("2白水*4.171.00"), "{text}");
    // CSV: BOM, a period column, ties share rank 2, the region last.
    let csv = String::from_utf8(export::ranking::csv(&model).unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("\u{feff}时段,排名,城市,综合指数"));
    assert_eq!(
        lines[1],
        "11月,1,安平,2.76,0.64,PM2.5、PM10,22.5,45,99,8,22,0.7,100.0,,2,否（排名仅供参考）"
    );
    assert!(lines[0].ends_with("综合指数同比(%),有效监测天数,有效天数是否充足"));
    assert!(lines[2].starts_with("11月,2,青山,4.17,"));
    assert!(lines[3].starts_with("11月,2,白水,4.17,"));
    assert!(lines[4].starts_with("11月,4,临江,4.77,"));
    assert!(lines[5].starts_with("11月,,全省,"));
    // XLSX is a ZIP with one sheet per period; HTML is self-contained.
    let xlsx = export::ranking::xlsx(&model).unwrap();
    assert!(xlsx.starts_with(b"PK\x03\x04"));
    assert!(
        xlsx == export::ranking::xlsx(&model).unwrap(),
        "the workbook is reproducible"
    );
    let html =
        String::from_utf8(export::ranking::html(&model, &Templates::embedded()).unwrap()).unwrap();
    // Semantic table: a caption, column heads with scope, each city a row head kept in view.
    assert!(html
        .contains("<caption id=\"c1\">表1　2022年11月各设区市环境空气质量综合指数排名</caption>"));
    assert!(html.contains("<th scope=\"col\" class=\"rank\">排名</th>"));
    assert!(html.contains("<th scope=\"row\" class=\"city\">白水</th>"));
    // Units and formulas as printed: PM2.5 with a subscript, m3 with a superscript.
    assert!(html.contains(
        "<th scope=\"col\">PM<sub>2.5</sub><span class=\"unit\">μg/m<sup>3</sup></span></th>"
    ));
    // The short-data city: 否 in the table, explained by the note under it.
    assert!(html.contains("<td class=\"num\">否</td>") && html.contains("有效监测天数不足"));
    // Nothing wraps; the header row sticks; a print stylesheet repeats the header on A4.
    for css in [
        "white-space: nowrap",
        "position: sticky; top: 0",
        "size: A4 landscape",
        "thead { display: table-header-group; }",
    ] {
        assert!(html.contains(css), "{css}");
    }
    assert!(
        !html.contains("src=") && !html.contains("href="),
        "no external resources"
    );
}

#[test]
fn the_command_writes_predictable_files() {
    let dir = copy_fixture("jiangnan");
    let r = run_in(dir.path(), &["monthly", "--month", "2022-11"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pdf = std::fs::read(dir.path().join("output/2022-11-月通报.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let r = run_in(
        dir.path(),
        &["ranking", "--month", "2022-11", "--output", "pub"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for ext in ["pdf", "xlsx", "csv", "html"] {
        assert!(
            dir.path()
                .join(format!("pub/2022-11-城市排名.{ext}"))
                .exists(),
            "{ext}"
        );
    }
    let r = run_in(
        dir.path(),
        &["monthly", "--month", "2022-11", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("output/2022-11-月通报.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(v["kind"], "monthly");
    assert_eq!(v["month"]["region"]["index"], "3.91");
    let r = run_in(
        dir.path(),
        &["monthly", "--month", "2022-11", "--format", "typ"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in ["monthly.typ", "official.typ", "data.json"] {
        assert!(
            dir.path()
                .join("output/2022-11-月通报-typ")
                .join(f)
                .exists(),
            "{f}"
        );
    }
    // Same data, same options: byte-identical output.
    let again = run_in(dir.path(), &["monthly", "--month", "2022-11"]);
    assert_eq!(again.code, 0);
    assert!(std::fs::read(dir.path().join("output/2022-11-月通报.pdf")).unwrap() == pdf);
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("output"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn the_bundled_sample_gives_the_november_2022_bulletin() {
    let l = load_config(&root().join("air-bulletin.toml"));
    let tools = Tools::new(&l).unwrap();
    let out = tempfile::tempdir().unwrap();
    let opts = DocOptions {
        format: DocFormat::Pdf,
        output_dir: out.path().to_path_buf(),
        date: None,
        timestamp: None,
        pdfa: false,
    };
    let files = documents::monthly(&l, &tools, Month::new(2022, 11).unwrap(), &opts).unwrap();
    assert_eq!(files, vec![out.path().join("2022-11-月通报.pdf")]);
    let model_text = {
        let texts = Texts::new(&Templates::embedded()).unwrap();
        let input = monthly::MonthlyInput {
            settings: l.settings(),
            data: &l.data,
            month: Month::new(2022, 11).unwrap(),
            requirements: &[],
            counties: None,
            meta: meta(&l, "环境空气质量月通报"),
        };
        monthly::build(&texts, &input).unwrap()
    };
    let doc = tools
        .renderer
        .compile(&job("monthly.typ", &model_text))
        .unwrap()
        .document;
    let (text, _) = text_of(&doc);
    for city in [
        "南宁",
        "柳州",
        "桂林",
        "梧州",
        "北海",
        "防城港",
        "钦州",
        "贵港",
        "玉林",
        "百色",
        "贺州",
        "河池",
        "来宾",
        "崇左",
    ] {
        assert!(text.contains(city), "{city}");
    }
}

#[test]
fn department_font_folders_come_before_the_embedded_fonts() {
    // A department that owns 方正小标宋 or 仿宋_GB2312 adds its folder in [documents] fonts.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("fonts/FandolKai-Regular.otf"),
        dir.path().join("部门字体.otf"),
    )
    .unwrap();
    std::fs::write(dir.path().join("说明.txt"), "不是字体").unwrap();
    let set = air_bulletin::render::fonts::FontSet::load(&[dir.path()]).unwrap();
    assert_eq!(
        set.fonts.len(),
        air_bulletin::render::fonts::embedded().fonts.len() + 1
    );
    assert_eq!(set.fonts[0].info().family, "FandolKai");
}
