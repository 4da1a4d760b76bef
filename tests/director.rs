//! What a director signs: the sentences agree with the tables, every mark is explained, one
//! vocabulary, and the elements real bulletins carry (主送, 工作要求, the daily sheet's forecast and
//! emergency response), on the bundled documents.

mod common;
use air_bulletin::calendar::{Month, Week};
use air_bulletin::documents::{
    prepare_daily, prepare_monthly, prepare_ranking, prepare_weekly, Tools,
};
use air_bulletin::load::{load_file, Loaded};
use air_bulletin::render::inspect::page_lines;
use common::*;
use serde_json::Value;

fn bundled() -> Loaded {
    load_file(&root().join("air-bulletin.toml")).unwrap_or_else(|_| panic!("bundled loads"))
}

fn model(p: &air_bulletin::documents::Prepared) -> Value {
    serde_json::from_slice(&p.json).unwrap()
}

fn text(tools: &Tools, p: &air_bulletin::documents::Prepared) -> String {
    let doc = tools
        .renderer
        .compile(&p.job(None, false))
        .unwrap()
        .document;
    page_lines(&doc).concat().concat()
}

#[test]
fn the_region_s_status_comes_first_and_cities_are_named_with_their_targets() {
    let l = bundled();
    let tools = Tools::new(&l).unwrap();
    let m = model(&prepare_monthly(&l, &tools, Month::new(2022, 11).unwrap(), None).unwrap());
    let s = m["progress"]["summary"].as_str().unwrap();
    // 全区 has had two heavy city-days (贵港 and 来宾, 25 January) against a 0.0 % target: the
    // table rates it 无法完成, so the first sentence says so.
    assert!(
        s.contains("截至11月30日（全年剩余31天），全区已无法完成重度及以上污染天数比例目标"),
        "{s}"
    );
    let region = &m["progress"]["region"];
    assert_eq!(region["status"], "无法完成");
    assert_eq!(region["heavy_allowed"], -2);
    // Each city that can no longer reach a target is named with that target, and only those.
    assert!(
        s.contains("柳州（优良天数比例）、贵港（重度及以上污染天数比例）、来宾（重度及以上污染天数比例）3个城市已无法完成相应年度目标"),
        "{s}"
    );
    for row in m["progress"]["rows"].as_array().unwrap() {
        let city = row["city"].as_str().unwrap();
        if row["status"] == "无法完成" {
            assert!(
                s.contains(&format!("{city}（")),
                "{city} named with its target: {s}"
            );
        }
    }
    assert!(!s.contains("确保完成年度目标"), "{s}");
}

#[test]
fn the_weekly_s_projection_names_what_each_city_would_miss() {
    let l = bundled();
    let tools = Tools::new(&l).unwrap();
    let w = Week::parse("2022-W47").unwrap();
    let m = model(&prepare_weekly(&l, &tools, w, None).unwrap());
    let s = m["progress"]["projection_summary"].as_str().unwrap();
    // 玉林 and 贵港 would miss only the good-day ratio among PM2.5 and good days: not "全部".
    assert!(s.contains("玉林（优良天数比例）"), "{s}");
    assert!(
        s.contains("贵港（优良天数比例、重度及以上污染天数比例）"),
        "{s}"
    );
    assert!(!s.contains("不能全部完成"), "{s}");
    // Each projected value said of a city is in the table's row.
    for row in m["progress"]["rows"].as_array().unwrap() {
        let city = row["city"].as_str().unwrap();
        let misses_pm = row["projected_pm25_met"] == false;
        assert_eq!(
            s.contains(&format!("{city}（PM2.5浓度")),
            misses_pm,
            "{city}: {s}"
        );
    }
    // The region's overview gives the good-day ratio with its base and the month to date.
    let o = m["overview"].as_str().unwrap();
    assert!(
        o.contains("优良天数比例为80.2%（有效96个城市日中优良77个），环比下降17.6个百分点"),
        "{o}"
    );
    assert!(o.contains("PM10平均浓度为"), "{o}");
    assert!(o.contains("本月以来（11月1日—11月27日）"), "{o}");
    // Table 1 carries the composite index and last week's rank the ranking sentence relies on.
    let fcg = m["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["city"] == "防城港")
        .unwrap();
    assert!(!fcg["index"].as_str().unwrap().is_empty());
    assert_eq!(
        (fcg["rank_prev_week"].as_str(), fcg["rank_week"].as_str()),
        (Some("1"), Some("6"))
    );
    assert!(m["ranking"]
        .as_str()
        .unwrap()
        .contains("防城港（第1名降至第6名）"));
}

#[test]
fn every_number_of_the_monthly_region_sentence_is_in_the_table_or_the_statistics() {
    // The month's region sentence against the region row of table 1 and, for the pollutants the
    // table does not print a change of, the `stats` output of the same month.
    let l = bundled();
    let tools = Tools::new(&l).unwrap();
    let m = model(&prepare_monthly(&l, &tools, Month::new(2022, 11).unwrap(), None).unwrap());
    let r = run_in(
        &root(),
        &["stats", "--from", "2022-11-01", "--to", "2022-11-30"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let stats: Value = serde_json::from_str(&r.stdout).unwrap();
    let region = &m["month"]["region"];
    let mut known: Vec<String> = [
        "good_ratio",
        "pm25",
        "pm10",
        "o3",
        "so2",
        "no2",
        "co",
        "index",
    ]
    .iter()
    .map(|k| region[k].as_str().unwrap().to_string())
    .collect();
    for (_, v) in stats["region"]["change"].as_object().unwrap() {
        known.push(v.to_string().trim_start_matches('-').to_string());
    }
    known.push(stats["region"]["heavy_ratio"].to_string());
    known.push("14".into());
    let s = m["month"]["summary"].as_str().unwrap();
    let numbers: Vec<String> = s
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|t| !t.is_empty() && t.chars().any(|c| c.is_ascii_digit()))
        .map(|t| t.trim_end_matches('.').to_string())
        .filter(|t| !["2.5", "10", "3", "2", "8", "90", "95"].contains(&t.as_str()))
        .collect();
    assert!(numbers.len() >= 12, "{numbers:?}");
    for n in numbers {
        assert!(
            known.contains(&n),
            "{n} in “{s}” is not in the table or the statistics: {known:?}"
        );
    }
}

#[test]
fn one_vocabulary_across_the_templates() {
    // 重度及以上污染 for the heavy-day measures, 主要污染物 for a period (首要污染物 only for a
    // day's AQI), 良 as the category, 改善/上升 for index changes.
    let dir = root().join("templates");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .chain(std::fs::read_dir(dir.join("text")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    for f in &files {
        // Header cells mark their break points with "|": read the words without them.
        let t = std::fs::read_to_string(f).unwrap().replace('|', "");
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        for (bad, why) in [
            ("重污染天数", "say 重度及以上污染天数"),
            ("重污染|天数", "say 重度及以上污染天数"),
            ("二级良", "the category is 良"),
            ("最多允许超标0天", "say 须全部为优良天"),
            (
                "改善幅度由大到小）：",
                "improved and worsened cities are said apart",
            ),
        ] {
            assert!(!t.contains(bad), "{name} says “{bad}”: {why}");
        }
        if name.starts_with("monthly") || name.starts_with("ranking") {
            assert!(!t.contains("首要污染物"), "{name}: a period has 主要污染物");
        }
    }
    assert!(files.len() >= 9);
    let cols = air_bulletin::export::ranking::COLUMNS;
    assert!(cols.contains(&"主要污染物") && !cols.contains(&"首要污染物"));
}

#[test]
fn the_ranking_workbook_shows_what_the_pdf_prints() {
    let l = bundled();
    let tools = Tools::new(&l).unwrap();
    let p = prepare_ranking(&l, &tools, Month::new(2022, 11).unwrap(), None).unwrap();
    let xlsx = &p.extras.iter().find(|(e, _)| *e == "xlsx").unwrap().1;
    // The worksheet XML inside the ZIP: the header row frozen, and number formats with the
    // printed decimals (CO 1.0, ratios 100.0, changes 0.0).
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(
        sheet.contains("ySplit=\"3\"") && sheet.contains("state=\"frozen\""),
        "{sheet}"
    );
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    for f in ["formatCode=\"0.0\"", "formatCode=\"0.00\""] {
        assert!(styles.contains(f), "{f}: {styles}");
    }
    // A city short of valid days is flagged in its own column, its name left as it is.
    let csv = String::from_utf8(
        p.extras
            .iter()
            .find(|(e, _)| *e == "csv")
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    let hechi = csv
        .lines()
        .find(|l| l.starts_with("11月,") && l.contains(",河池,"))
        .unwrap();
    assert!(hechi.ends_with(",26,否（排名仅供参考）"), "{hechi}");
}

#[test]
fn the_documents_carry_主送_and_工作要求_and_the_daily_sheet_its_forecast_and_response() {
    let d = copy_fixture("jiangnan");
    std::fs::write(
        d.path().join("forecast.csv"),
        "城市,日期,AQI,类别,首要污染物\n临江,2022-11-04,80—120,良至轻度污染,PM2.5\n安平,2022-11-04,50—70,良,PM10\n青山,2022-11-20,40—60,优至良,\n",
    )
    .unwrap();
    edit(
        d.path(),
        "air-bulletin.toml",
        "[decimals]",
        "[documents]\nto = \"各市生态环境局\"\n\n[monthly]\nrequirements = [\"各市要分析本月变化原因。\"]\n\n[daily]\nforecast = [\"forecast.csv\"]\n\n[[episodes]]\nstart = 2022-11-02\nend = 2022-11-04\nresponse = \"Ⅲ级（黄色）应急响应\"\n\n[decimals]",
    );
    let l = load_config(&d.path().join("air-bulletin.toml"));
    let tools = Tools::new(&l).unwrap();
    let monthly = prepare_monthly(&l, &tools, Month::new(2022, 11).unwrap(), None).unwrap();
    let t = text(&tools, &monthly);
    assert!(t.contains("各市生态环境局："), "{t}");
    assert!(
        t.contains("三、工作要求（一）各市要分析本月变化原因。"),
        "{t}"
    );
    let daily = prepare_daily(&l, &tools, "2022-11-03".parse().unwrap(), None).unwrap();
    let m = model(&daily);
    assert_eq!(m["response"], "Ⅲ级（黄色）应急响应");
    // The forecast of the next three days: 4 November only (20 November is too far).
    let f = m["forecast"].as_array().unwrap();
    assert_eq!(f.len(), 2);
    assert_eq!(
        (f[0]["city"].as_str(), f[0]["aqi"].as_str()),
        (Some("临江"), Some("80—120"))
    );
    let t = text(&tools, &daily);
    assert!(t.contains("当前执行：Ⅲ级（黄色）应急响应。"), "{t}");
    assert!(t.contains("未来三天空气质量预报"), "{t}");
    // The region row: PM2.5 of the day, of the year so far, and the allowance.
    assert_eq!(m["region"]["name"], "全省");
    assert!(m["rows"][0]["pm25_allowed"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    // A forecast naming a city outside the plan is an error at its line and column.
    std::fs::write(
        d.path().join("forecast.csv"),
        "城市,日期,AQI\n北平,2022-11-04,80\n",
    )
    .unwrap();
    let r = run_in(d.path(), &["daily", "--date", "2022-11-03"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("forecast.csv") && r.stderr.contains("第2行第1列"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_optional_county_section_names_the_first_and_last_by_composite_index() {
    // Counties made from the bundled sample: each city's series renamed to a county, the
    // county list a plan without targets (ranking only). With top = 3 the section names the
    // first three and the last three; their order must follow the cities' own November ranking.
    let d = tempfile::tempdir().unwrap();
    let sample =
        std::fs::read_to_string(root().join("data/sample/guangxi-daily-2021-2022.csv")).unwrap();
    let county = |c: &str| format!("{c}县");
    let mut lines = sample.lines();
    let mut daily = format!("{}\n", lines.next().unwrap());
    for l in lines {
        let mut f: Vec<String> = l.split(',').map(String::from).collect();
        if f[0].starts_with("2022-11") {
            f[1] = county(&f[1]);
            daily.push_str(&f.join(","));
            daily.push('\n');
        }
    }
    std::fs::write(d.path().join("counties-daily.csv"), daily).unwrap();
    let l = bundled();
    let names: Vec<String> = l.plan.cities.iter().map(|c| county(&c.name)).collect();
    std::fs::write(
        d.path().join("counties.csv"),
        format!("# 名称: 县级排名\n城市\n{}\n", names.join("\n")),
    )
    .unwrap();
    let cfg = std::fs::read_to_string(root().join("air-bulletin.toml")).unwrap();
    let abs = |p: &str| root().join(p).display().to_string();
    let cfg = cfg
        .replace(
            "\"data/plans/guangxi-2022.csv\"",
            &format!("\"{}\"", abs("data/plans/guangxi-2022.csv")),
        )
        .replace(
            "\"data/sample/guangxi-daily-2021-2022.csv\"",
            &format!("\"{}\"", abs("data/sample/guangxi-daily-2021-2022.csv")),
        );
    std::fs::write(
        d.path().join("air-bulletin.toml"),
        format!("{cfg}\n[counties]\nplan = \"counties.csv\"\ndata = [\"counties-daily.csv\"]\ntop = 3\n"),
    )
    .unwrap();
    let l2 = load_config(&d.path().join("air-bulletin.toml"));
    let tools = Tools::new(&l2).unwrap();
    let m = model(&prepare_monthly(&l2, &tools, Month::new(2022, 11).unwrap(), None).unwrap());
    let c = &m["counties"];
    // November's city ranking (tests/scenario.rs): 防城港 1, 河池* 2, 北海 3 … 南宁 12, 桂林 13, 柳州 14.
    let short = |rows: &Value| -> Vec<String> {
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| r["city"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(short(&c["top"]), ["防城港县", "河池县", "北海县"]);
    assert_eq!(short(&c["bottom"]), ["南宁县", "桂林县", "柳州县"]);
    let s = c["summary"].as_str().unwrap();
    assert!(
        s.contains("全区14个县（市、区）中，环境空气质量综合指数排名前3位的依次为：防城港县、河池县*、北海县；排名后3位的依次为（从倒数第1名起）：柳州县、桂林县、南宁县。"),
        "{s}"
    );
    assert_eq!(
        c["table_title"],
        "表3　2022年11月各县（市、区）环境空气质量综合指数排名（前3位和后3位）"
    );
    assert_eq!(
        m["progress"]["table_title"],
        "表4　截至11月30日各设区市年度目标完成进度"
    );
    let t = text(
        &tools,
        &prepare_monthly(&l2, &tools, Month::new(2022, 11).unwrap(), None).unwrap(),
    );
    assert!(
        t.contains("二、县（市、区）环境空气质量状况") && t.contains("三、年度目标完成进度"),
        "{t}"
    );
}

#[test]
fn beyond_thirty_cities_sentences_name_the_best_and_worst_twenty() {
    // The 60-city fixture: the ranking sentence names the first 20 by rank (more on a tie at the
    // 20th place) and the last 20 from the last, never all 60; table 1 keeps every city.
    let l = load_config(&fixture("sizes-60").join("air-bulletin.toml"));
    let tools = Tools::new(&l).unwrap();
    let m = model(&prepare_monthly(&l, &tools, Month::new(2022, 11).unwrap(), None).unwrap());
    let rows = m["month"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 60);
    let rank = |r: &Value| {
        r["rank"]
            .as_str()
            .unwrap()
            .parse::<u32>()
            .unwrap_or(u32::MAX)
    };
    let ranked: Vec<&Value> = rows.iter().filter(|r| rank(r) != u32::MAX).collect();
    let cut = rank(ranked[19]);
    let best: Vec<&str> = ranked
        .iter()
        .filter(|r| rank(r) <= cut)
        .map(|r| r["city"].as_str().unwrap())
        .collect();
    let s = m["month"]["ranking"].as_str().unwrap();
    let clause = |after: &str| -> Vec<String> {
        let start = s.find(after).unwrap() + after.len();
        let list = &s[start..];
        let list = &list[list.find("依次为：").unwrap() + "依次为：".len()..];
        let end = list.find(['；', '。']).unwrap();
        let mut names = Vec::new();
        let mut depth = 0;
        let mut cur = String::new();
        for ch in list[..end].chars() {
            match ch {
                '（' => depth += 1,
                '）' => depth -= 1,
                '、' if depth == 0 => names.push(std::mem::take(&mut cur)),
                '*' => {}
                c if depth == 0 => cur.push(c),
                _ => {}
            }
        }
        names.push(cur);
        names
    };
    assert_eq!(clause("空气质量相对较好"), best, "{s}");
    // Where the list ends: the last listed cities' shared place, 并列 when more than one holds it.
    let at_cut = best.len() - ranked.iter().filter(|r| rank(r) < cut).count();
    let end = if at_cut > 1 {
        format!("并列第{cut}名")
    } else {
        format!("第{}名", best.len())
    };
    assert!(
        s.contains(&format!(
            "等{}个城市空气质量相对较好（从第1名至{end}）",
            best.len()
        )),
        "{s}"
    );
    let worst = clause("空气质量相对较差");
    assert!(worst.len() >= 20 && worst.len() < 30, "{worst:?}");
    let last = ranked.last().unwrap()["city"].as_str().unwrap();
    assert_eq!(worst[0], last, "the worst list starts from the last");
    assert!(!s.contains("后三位"));
}

#[test]
fn beyond_thirty_cities_the_region_paragraph_counts_cities_by_good_day_band() {
    // The national report's bands ("44个城市的优良天数比例为100%，85个城市在80%~100%之间…"),
    // counted here from table 1's printed ratios and compared with the sentence.
    let l = load_config(&fixture("sizes-60").join("air-bulletin.toml"));
    let tools = Tools::new(&l).unwrap();
    let m = model(&prepare_monthly(&l, &tools, Month::new(2022, 11).unwrap(), None).unwrap());
    let mut bands = [0usize; 4];
    for r in m["month"]["rows"].as_array().unwrap() {
        let Ok(g) = r["good_ratio"].as_str().unwrap().parse::<f64>() else {
            continue;
        };
        let i = if g >= 100.0 {
            0
        } else if g >= 80.0 {
            1
        } else if g >= 50.0 {
            2
        } else {
            3
        };
        bands[i] += 1;
    }
    assert_eq!(bands.iter().sum::<usize>(), 60);
    let say = |n: usize, some: String, none: String| if n > 0 { some } else { none };
    let none_in = format!("没有{}", l.plan.unit);
    let want = format!(
        "{}，{}在80%~100%之间，{}在50%~80%之间，{}。",
        say(
            bands[0],
            format!("{}个优良天数比例为100%", bands[0]),
            "没有优良天数比例为100%的".into()
        ),
        say(bands[1], format!("{}个", bands[1]), none_in.clone()),
        say(bands[2], format!("{}个", bands[2]), none_in.clone()),
        say(
            bands[3],
            format!("{}个不足50%", bands[3]),
            "没有不足50%的".into()
        ),
    );
    let s = m["month"]["summary"].as_str().unwrap();
    assert!(s.contains(&want), "{want}\n{s}");
    // Guangxi's 14 cities keep the sentence without bands.
    let g = load_config(&root().join("air-bulletin.toml"));
    let tools = Tools::new(&g).unwrap();
    let m = model(&prepare_monthly(&g, &tools, Month::new(2022, 11).unwrap(), None).unwrap());
    assert!(!m["month"]["summary"].as_str().unwrap().contains("80%~100%"));
}
