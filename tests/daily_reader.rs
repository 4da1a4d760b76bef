//! The fast daily reader gives exactly what the general reader (the CSV table read whole, then
//! parsed row by row) gives: the same city-days with the same lines, or the same errors with
//! the same files, lines, columns and messages. Checked on the fixture, on texts that exercise
//! every path (separators, line ends, encodings, white space, spellings, bad rows, order), on
//! files of many blocks, and on random edits of all of these.
//!
//! `AIR_BULLETIN_FUZZ_CASES` (default 48) sets the number of random edits per text.

mod common;
use air_bulletin::error::{InputError, InputErrors, Location};
use air_bulletin::input::{daily, plan, table};
use air_bulletin::model::{Dataset, Plan};
use common::*;
use std::path::{Path, PathBuf};

fn cases() -> usize {
    std::env::var("AIR_BULLETIN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

fn jiangnan() -> Plan {
    plan::read_plan(&fixture("jiangnan").join("plan.csv")).unwrap()
}

/// A record as compared: city, date, values, line.
type Rec = (usize, String, String, u64);

fn recs(r: Result<Vec<daily::Record>, InputErrors>) -> Result<Vec<Rec>, Vec<InputError>> {
    r.map(|v| {
        v.into_iter()
            .map(|r| {
                (
                    r.city,
                    r.day.date.to_string(),
                    format!("{:?}", r.day.values),
                    r.line,
                )
            })
            .collect()
    })
    .map_err(|e| e.0)
}

/// The general reader: the table read whole, then parsed.
fn general(path: &Path, plan: &Plan) -> Result<Vec<Rec>, Vec<InputError>> {
    match table::read_table(path) {
        Err(e) => Err(vec![e]),
        Ok(t) => recs(daily::parse_daily(path, &t, plan)),
    }
}

fn same(dir: &Path, name: &str, bytes: &[u8], plan: &Plan) {
    let p = dir.join("daily.csv");
    std::fs::write(&p, bytes).unwrap();
    let fast = recs(daily::read_daily(&p, plan));
    let want = general(&p, plan);
    assert_eq!(
        fast,
        want,
        "{name}: {:?}",
        String::from_utf8_lossy(&bytes[..bytes.len().min(400)])
    );
    // The dataset of one file holds the same days.
    let data = daily::load_dataset(std::slice::from_ref(&p), plan);
    match (&want, data) {
        (Ok(r), Ok(d)) => {
            let n: usize = d.days.iter().map(Vec::len).sum();
            assert_eq!(n, r.len(), "{name}");
        }
        (Err(e), Err(d)) => assert_eq!(&d.0, e, "{name}"),
        (w, d) => panic!("{name}: {w:?} against {:?}", d.map(|_| ())),
    }
}

fn fixture_text() -> String {
    std::fs::read_to_string(fixture("jiangnan").join("daily.csv")).unwrap()
}

/// Texts that take every path of the fast reader, or hand over to the general one.
fn texts() -> Vec<(String, Vec<u8>)> {
    let csv = fixture_text();
    let mut out: Vec<(String, Vec<u8>)> = vec![("fixture".into(), csv.clone().into_bytes())];
    let mut add = |name: &str, t: String| out.push((name.into(), t.into_bytes()));
    add("crlf", csv.replace('\n', "\r\n"));
    add("tabs", csv.replace(',', "\t"));
    add("bom", format!("\u{feff}{csv}"));
    add("double bom", format!("\u{feff}\u{feff}{csv}"));
    add("no final newline", csv.trim_end().to_string());
    add(
        "blank lines",
        format!(
            "\n\n  \n,,,\n{}\n\n\n",
            csv.replace("\n2022-11-02,安平", "\n\n2022-11-02,安平")
        ),
    );
    add(
        "spaces",
        csv.replace("临江,", " 临江市 ,")
            .replace(",40,", ", 40 ,")
            .replace("青山", "\u{3000}青山\u{3000}"),
    );
    add("quotes", csv.replace("临江,", "\"临江\","));
    add(
        "quoted comma",
        csv.replace("2022-11-01,临江,30", "2022-11-01,临江,\"30\""),
    );
    add(
        "lone cr",
        csv.replace("\n2022-11-03,青山", "\r2022-11-03,青山"),
    );
    add(
        "date spellings",
        csv.replace("2022-11-01,", "2022/11/1,")
            .replace("2022-11-02,", "2022年11月2日,")
            .replace("2021-11-03,", "20211103,")
            .replace("2022-11-03,青山", "2022-11-03 00:00:00,青山"),
    );
    add(
        "missing markers",
        csv.replace(",80,", ",—,")
            .replace(",12,", ",NA,")
            .replace(",1.0,", ",/,"),
    );
    add(
        "decimals",
        csv.replace(",40,", ",40.5,")
            .replace(",1.0,", ",0.95,")
            .replace(",130,", ",129.5,"),
    );
    add(
        "unknown city",
        csv.replace("2022-11-02,安平", "2022-11-02,北平"),
    );
    add("empty city", csv.replace("2022-11-02,安平", "2022-11-02,"));
    add(
        "bad date",
        csv.replace("2022-11-02,安平", "2022-11-31,安平"),
    );
    add(
        "bad value",
        csv.replace("2022-11-02,临江,40,70", "2022-11-02,临江,40,七十"),
    );
    add(
        "negative",
        csv.replace("2022-11-02,临江,40,70", "2022-11-02,临江,-40,70"),
    );
    add(
        "too large",
        csv.replace("2022-11-02,临江,40,70", "2022-11-02,临江,2500,70"),
    );
    add(
        "two errors in a row",
        csv.replace("2022-11-02,临江,40,70", "2022-11-32,北平,x,70"),
    );
    add(
        "short row",
        csv.replace(
            "2022-11-02,安平,,45,8,22,0.6,110,95",
            "2022-11-02,安平,,45,8",
        ),
    );
    add(
        "long row",
        csv.replace(
            "2022-11-02,安平,,45,8,22,0.6,110,95",
            "2022-11-02,安平,,45,8,22,0.6,110,95,1",
        ),
    );
    add(
        "short and bad",
        csv.replace("2022-11-02,安平,,45,8,22,0.6,110,95", "2022-11-02,安平")
            .replace("2022-11-03,临江", "2022-11-03,北平"),
    );
    add(
        "out of order",
        csv.replace("2022-11-03,青山", "2022-10-30,青山"),
    );
    add(
        "duplicate",
        csv.replace("2022-11-03,青山", "2022-11-02,青山"),
    );
    add("missing column", csv.replace("o3_1h,o3_8h", "o3_1h,o3"));
    add(
        "duplicate column",
        csv.replacen("date,city,pm25", "date,city,pm25,pm25", 1)
            .replace("\n20", ",1\n20"),
    );
    add(
        "chinese header",
        csv.replacen(
            "date,city,pm25,pm10,so2,no2,co,o3_1h,o3_8h",
            "日期,城市,PM2.5(μg/m³),PM10,二氧化硫,二氧化氮,一氧化碳,臭氧1小时,臭氧8小时",
            1,
        ),
    );
    add(
        "extra column",
        csv.replacen("o3_8h", "o3_8h,aqi", 1)
            .replace('\n', ",77\n")
            .replacen(",77\n", "\n", 1),
    );
    add(
        "header only",
        "date,city,pm25,pm10,so2,no2,co,o3_1h,o3_8h\n".into(),
    );
    add("empty", String::new());
    add("blank", "\n \n".into());
    add("nul", csv.replace("安平", "安\0平"));
    let gbk = encoding_rs::GB18030.encode(&csv).0.into_owned();
    out.push(("gb18030".into(), gbk));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        csv.replace(',', "\t")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    out.push(("utf-16".into(), utf16));
    let mut bad = csv.clone().into_bytes();
    let at = bad.len() / 2;
    bad.insert(at, 0xFF);
    out.push(("invalid byte".into(), bad));
    out
}

#[test]
fn the_fast_reader_agrees_with_the_general_reader() {
    let plan = jiangnan();
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in texts() {
        same(dir.path(), &name, &bytes, &plan);
    }
}

/// A file of many blocks: one row per city and day from 1960 on.
fn big(rows: usize) -> String {
    let cities = ["临江", "安平市", "青山"];
    let mut s = String::from("date,city,pm25,pm10,so2,no2,co,o3_1h,o3_8h\n");
    let mut d = chrono::NaiveDate::from_ymd_opt(1960, 1, 1).unwrap();
    let mut i = 0;
    while i < rows {
        for c in cities {
            let v = i * 7 % 150;
            s.push_str(&format!(
                "{d},{c},{v},{},{},{},{}.{},{},{}\n",
                v + 20,
                v % 30,
                v % 50,
                v % 3,
                i % 10,
                v + 10,
                v + 5
            ));
            i += 1;
        }
        d = d.succ_opt().unwrap();
    }
    s
}

#[test]
fn files_of_many_blocks_agree_with_the_general_reader() {
    let plan = jiangnan();
    let dir = tempfile::tempdir().unwrap();
    let text = big(60_000);
    assert!(text.len() > 2 << 20, "several blocks");
    same(dir.path(), "big", text.as_bytes(), &plan);
    // Errors far into the file are located by their lines.
    let lines: Vec<&str> = text.lines().collect();
    let mut bad = lines.clone();
    let cut = lines[45_001].rsplitn(3, ',').nth(2).unwrap().to_string();
    bad[45_001] = &cut;
    let unknown = lines[50_000].replace("青山", "北平");
    bad[50_000] = &unknown;
    same(dir.path(), "big, cut row", bad.join("\n").as_bytes(), &plan);
    let mut bad = lines.clone();
    bad[50_000] = &unknown;
    let swapped = lines[30_000].to_string();
    bad[30_000] = lines[30_003];
    bad[30_003] = &swapped;
    same(
        dir.path(),
        "big, unknown city",
        bad.join("\n").as_bytes(),
        &plan,
    );
    let mut bad = lines.clone();
    bad[30_000] = lines[30_003];
    bad[30_003] = &swapped;
    same(
        dir.path(),
        "big, out of order",
        bad.join("\n").as_bytes(),
        &plan,
    );
    same(
        dir.path(),
        "big, crlf",
        text.replace('\n', "\r\n").as_bytes(),
        &plan,
    );
    let gbk = encoding_rs::GB18030.encode(&text).0.into_owned();
    same(dir.path(), "big, gb18030", &gbk, &plan);
}

/// splitmix64.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn random_edits_agree_with_the_general_reader() {
    let plan = jiangnan();
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(13);
    let bytes_of = [
        b',', b'\n', b'\r', b'\t', b' ', b'"', b'.', b'-', b'0', b'9', b'/', 0, 0xE5, 0x80, 0xFF,
    ];
    let mut all = texts();
    // A file of several blocks, edited near the block boundaries (every 256 KiB).
    all.push(("big".into(), big(30_000).into_bytes()));
    for (name, base) in all {
        let big = base.len() > 1 << 20;
        for case in 0..if big { cases() / 4 } else { cases() } {
            let mut b = base.clone();
            for _ in 0..1 + rng.below(3) {
                let at = if big {
                    (((1 + rng.below(3)) << 18) + rng.below(200) - 100).min(b.len())
                } else {
                    rng.below(b.len() + 1)
                };
                match rng.below(5) {
                    0 if at < b.len() => b[at] = bytes_of[rng.below(bytes_of.len())],
                    1 => b.insert(at, bytes_of[rng.below(bytes_of.len())]),
                    2 if at < b.len() => {
                        let n = 1 + rng.below(8);
                        b.drain(at..(at + n).min(b.len()));
                    }
                    3 => b.truncate(at),
                    _ => {
                        // Repeat a line.
                        let text = String::from_utf8_lossy(&b).into_owned();
                        let lines: Vec<&str> = text.split('\n').collect();
                        let k = rng.below(lines.len());
                        let mut l: Vec<&str> = lines.clone();
                        l.insert(k, lines[k]);
                        b = l.join("\n").into_bytes();
                    }
                }
            }
            same(dir.path(), &format!("{name} #{case}"), &b, &plan);
        }
    }
}

/// The former multi-file loader: every file through the general reader, then the same
/// city-day in two files is an error at the later one.
fn general_dataset(paths: &[PathBuf], plan: &Plan) -> Result<Dataset, Vec<InputError>> {
    let mut all = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        let t = table::read_table(p).map_err(|e| vec![e])?;
        match daily::parse_daily(p, &t, plan) {
            Ok(mut r) => all.append(&mut r),
            Err(mut e) => errors.append(&mut e.0),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    all.sort_by_key(|r| (r.city, r.day.date));
    for w in all.windows(2) {
        if w[0].city == w[1].city && w[0].day.date == w[1].day.date {
            errors.push(
                InputError::at(
                    &w[1].file,
                    Location::line(w[1].line),
                    format!(
                        "{} {} 的数据与文件 {} 第{}行重复",
                        plan.cities[w[1].city].name,
                        w[1].day.date,
                        w[0].file.display(),
                        w[0].line
                    ),
                )
                .hint("同一城市同一天只能出现在一个文件中"),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut data = Dataset::new(plan.cities.len());
    for r in all {
        data.days[r.city].push(r.day);
    }
    Ok(data)
}

#[test]
fn several_files_load_as_before() {
    let plan = jiangnan();
    let dir = tempfile::tempdir().unwrap();
    let csv = fixture_text();
    let lines: Vec<&str> = csv.lines().collect();
    let (head, rows) = (lines[0], &lines[1..]);
    let write = |name: &str, rows: &[&str]| {
        let p = dir.path().join(name);
        std::fs::write(&p, format!("{head}\n{}\n", rows.join("\n"))).unwrap();
        p
    };
    let a = write("a.csv", &rows[..6]);
    let b = write("b.csv", &rows[6..]);
    let overlap = write("c.csv", &rows[4..9]);
    let again = write("d.csv", &rows[5..7]);
    for paths in [
        vec![a.clone(), b.clone()],
        vec![b.clone(), a.clone()],
        vec![a.clone(), overlap.clone()],
        vec![a.clone(), overlap.clone(), again.clone()],
        vec![overlap.clone(), b.clone(), again.clone()],
    ] {
        let fast = daily::load_dataset(&paths, &plan).map_err(|e| e.0);
        let want = general_dataset(&paths, &plan);
        match (fast, want) {
            (Ok(f), Ok(w)) => assert_eq!(f.days, w.days, "{paths:?}"),
            (Err(f), Err(w)) => assert_eq!(f, w, "{paths:?}"),
            (f, w) => panic!("{paths:?}: {:?} against {:?}", f.map(|_| ()), w.map(|_| ())),
        }
    }
}
