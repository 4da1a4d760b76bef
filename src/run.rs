//! Unattended runs (cron, systemd timers): what is due as of a day, backfills, skipping documents
//! whose inputs did not change, the run lock, incomplete data, manifests and exit codes.

use crate::calendar::{campaign_issue, FirstIssue, Month, Week};
use crate::documents::{
    prepare_daily, prepare_monthly, prepare_ranking, prepare_weekly, render, render_docx,
    DocOptions, Prepared, Tools,
};
use crate::input::config::OutputFormat;
use crate::load::Loaded;
use crate::manifest::{self, Hashed, Manifest};
use crate::output::write_atomic_via;
use anyhow::{anyhow, Result};
use chrono::{Days, NaiveDate};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A document a run may produce.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Doc {
    Monthly(Month),
    Ranking(Month),
    Weekly(Week),
    Daily(NaiveDate),
}

impl Doc {
    /// The days whose data the document reports.
    pub fn range(&self) -> (NaiveDate, NaiveDate) {
        match self {
            Doc::Monthly(m) | Doc::Ranking(m) => (m.first(), m.last()),
            Doc::Weekly(w) => (w.monday, w.sunday),
            Doc::Daily(d) => (*d, *d),
        }
    }
}

impl std::fmt::Display for Doc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Doc::Monthly(m) => write!(f, "{}年{}月月通报", m.year(), m.number()),
            Doc::Ranking(m) => write!(f, "{}年{}月城市排名", m.year(), m.number()),
            Doc::Weekly(w) => write!(f, "{}周调度通报", w.key()),
            Doc::Daily(d) => write!(f, "{d}日调度"),
        }
    }
}

/// The calendar a run follows (from the configuration).
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    pub campaign: Option<(NaiveDate, NaiveDate, FirstIssue)>,
    /// Pollution episodes with daily scheduling, inclusive.
    pub episodes: Vec<(NaiveDate, NaiveDate)>,
}

impl Calendar {
    fn in_campaign(&self, w: &Week) -> bool {
        self.campaign
            .is_some_and(|(a, b, rule)| campaign_issue(w, a, b, rule).is_some())
    }

    fn in_episode(&self, d: NaiveDate) -> bool {
        self.episodes.iter().any(|(a, b)| *a <= d && d <= *b)
    }
}

/// What is due as of `today`: the weekly bulletin of the last complete week when it belongs to
/// the campaign, the daily sheet of yesterday during an episode, and the monthly bulletin and
/// ranking of the previous month.
pub fn due(today: NaiveDate, cal: &Calendar) -> Vec<Doc> {
    let mut out = Vec::new();
    let last_week = Week::of(today).previous();
    if cal.in_campaign(&last_week) {
        out.push(Doc::Weekly(last_week));
    }
    let yesterday = today - Days::new(1);
    if cal.in_episode(yesterday) {
        out.push(Doc::Daily(yesterday));
    }
    let prev = Month::of(today).previous();
    out.push(Doc::Monthly(prev));
    out.push(Doc::Ranking(prev));
    out.sort();
    out
}

/// Every document of `from..=to`: campaign weeks whose Sunday falls inside, months whose last day
/// falls inside, and episode days.
pub fn backfill(from: NaiveDate, to: NaiveDate, cal: &Calendar) -> Vec<Doc> {
    let mut out = Vec::new();
    let mut w = Week::of(from);
    if w.sunday < from {
        w = Week::of(w.sunday + Days::new(1));
    }
    while w.sunday <= to {
        if cal.in_campaign(&w) {
            out.push(Doc::Weekly(w));
        }
        w = Week::of(w.sunday + Days::new(1));
    }
    let mut m = Month::of(from);
    while m.first() <= to {
        if m.last() >= from && m.last() <= to {
            out.push(Doc::Monthly(m));
            out.push(Doc::Ranking(m));
        }
        m = m.next();
    }
    for d in from.iter_days().take_while(|d| *d <= to) {
        if cal.in_episode(d) {
            out.push(Doc::Daily(d));
        }
    }
    out.sort();
    out
}

/// What happened to one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Result1 {
    /// Written (each format asked for; an edition already up to date is among them unchanged).
    Generated(Vec<PathBuf>),
    /// Every edition already showed exactly this.
    Unchanged(Vec<PathBuf>),
    /// Skipped: these city-days of its period are missing.
    Incomplete(Vec<String>),
    Failed(String),
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub results: Vec<(Doc, Result1)>,
}

impl Outcome {
    /// The exit code (see [`crate::exit`]).
    pub fn code(&self) -> u8 {
        use crate::exit;
        let any = |f: fn(&Result1) -> bool| self.results.iter().any(|(_, r)| f(r));
        if any(|r| matches!(r, Result1::Failed(_))) {
            exit::PARTIAL
        } else if any(|r| matches!(r, Result1::Incomplete(_))) {
            exit::DATA
        } else if any(|r| matches!(r, Result1::Generated(_))) {
            exit::SUCCESS
        } else {
            exit::NOTHING_DUE
        }
    }
}

/// How to run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    pub docs: Vec<Doc>,
    pub doc: DocOptions,
    /// Regenerate even when nothing changed.
    pub force: bool,
    /// Render documents with missing city-days (gaps stated) instead of skipping them.
    pub render_incomplete: bool,
    /// How long to wait for another run's lock.
    pub lock_wait: Duration,
    /// Print progress.
    pub progress: bool,
}

/// The run lock: an exclusive lock on `<output>/.air-bulletin.lock` held for the whole run.
pub struct Lock {
    _file: std::fs::File,
}

/// Takes the run lock, waiting up to `wait`; `Ok(None)` when another run still holds it.
pub fn lock(dir: &Path, wait: Duration) -> Result<Option<Lock>> {
    std::fs::create_dir_all(dir).map_err(|e| anyhow!("无法创建输出目录 {}：{e}", dir.display()))?;
    let path = dir.join(".air-bulletin.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| anyhow!("无法打开锁文件 {}：{e}", path.display()))?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Some(Lock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(100))
            }
            Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(anyhow!("无法加锁 {}：{e}", path.display()))
            }
        }
    }
}

/// The input files of a run (configuration first).
pub fn input_files(l: &Loaded) -> Vec<PathBuf> {
    let c = &l.config;
    let mut v = vec![c.plan_file.clone()];
    v.extend(c.data_files.iter().cloned());
    v.extend(c.hourly_files.iter().cloned());
    v.extend(c.station_list.iter().cloned());
    v
}

/// City-days of a document's period whose data have not arrived yet, as "南宁 11月13日": the
/// days after a city's last delivered day. Gaps inside the delivered data are final (the station
/// did not measure) and are stated in the document instead.
pub fn not_yet_in(l: &Loaded, from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    for (i, c) in l.plan.cities.iter().enumerate() {
        let last = l.data.days[i].last().map(|d| d.date);
        let start = match last {
            Some(d) if d >= to => continue,
            Some(d) => (d + Days::new(1)).max(from),
            None => from,
        };
        for d in start.iter_days().take_while(|d| *d <= to) {
            out.push(format!(
                "{} {}",
                c.name,
                crate::report::wording::month_day_cn(d)
            ));
        }
    }
    out
}

fn prepare(l: &Loaded, tools: &Tools, doc: &Doc, opts: &DocOptions) -> Result<Prepared> {
    match doc {
        Doc::Monthly(m) => prepare_monthly(l, tools, *m, opts.date),
        Doc::Ranking(m) => prepare_ranking(l, tools, *m, opts.date),
        Doc::Weekly(w) => prepare_weekly(l, tools, *w, opts.date),
        Doc::Daily(d) => prepare_daily(l, tools, *d, opts.date),
    }
}

/// The manifest of an existing document that already shows exactly this model with these
/// templates (so its bytes would not change), if there is one.
fn unchanged(pdf: &Path, model_sha: &str, templates: &[Hashed]) -> Option<Manifest> {
    let m = manifest::read(&manifest::manifest_path(pdf)).ok()?;
    (m.model_sha256 == model_sha
        && m.tool_version == env!("CARGO_PKG_VERSION")
        && m.templates == templates
        && manifest::sha256_file(pdf).is_ok_and(|h| h == m.output_sha256))
    .then_some(m)
}

/// A kept document whose configuration or input files changed without changing what it shows
/// (a comment in the configuration, a correction outside its period): its manifest is brought up
/// to date, so that `verify` agrees with the run that kept it.
fn refresh_manifest(
    dir: &Path,
    pdf: &Path,
    mut m: Manifest,
    config: &Hashed,
    inputs: &[Hashed],
) -> Result<()> {
    if m.config == *config && m.inputs == inputs {
        return Ok(());
    }
    m.config = config.clone();
    m.inputs = inputs.to_vec();
    let mut json = serde_json::to_vec_pretty(&m)?;
    json.push(b'\n');
    write_atomic_via(&dir.join(STAGING), &manifest::manifest_path(pdf), &json)
}

/// Writes a document and its manifest. The old manifest goes first, so that a run killed midway
/// never leaves a manifest that vouches for another document's bytes. The PDF brings the
/// ranking's extra files.
fn write_with_manifest(
    p: &Prepared,
    path: &Path,
    bytes: &[u8],
    dir: &Path,
    m: Manifest,
) -> Result<PathBuf> {
    let mpath = manifest::manifest_path(path);
    let staging = dir.join(STAGING);
    let _ = std::fs::remove_file(&mpath);
    write_atomic_via(&staging, path, bytes)?;
    if path.extension().is_some_and(|e| e == "pdf") {
        for (ext, bytes) in &p.extras {
            write_atomic_via(&staging, &dir.join(format!("{}.{ext}", p.stem)), bytes)?;
        }
    }
    let mut json = serde_json::to_vec_pretty(&m)?;
    json.push(b'\n');
    write_atomic_via(&staging, &mpath, &json)?;
    Ok(path.to_path_buf())
}

/// Trims of the memo cache an entry survives unused in a batch (see [`run`]): measured on the
/// campaign backfill (benches/backfill.sh), keeping more costs more in fresh memory than other
/// documents reuse (1: 2.8 s, 290 MB; 4: 2.9 s, 420 MB; 8: 3.4 s, 550 MB; never trimmed: 4.0 s,
/// 980 MB).
const CACHE_TRIMS_KEPT: usize = 1;

/// `f` of each item, on one thread per core, each taking the next item when it is done; the
/// results in the items' order. Plain threads, not rayon's pool: a document's statistics use
/// rayon inside, and a rayon worker waiting for them would start other documents meanwhile,
/// holding many half-made layouts in memory at once.
fn on_cores<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let mut out: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

/// Runs the documents: prepare each (cheap), skip the unchanged and (unless asked) the
/// incomplete ones, render the rest on all cores, write each with its manifest.
pub fn run(l: &Loaded, tools: &Tools, opts: &RunOptions) -> Result<Outcome> {
    let dir = &opts.doc.output_dir;
    let templates = manifest::template_hashes(&tools.templates);
    let config = Hashed {
        name: manifest::absolute(&l.config.path).display().to_string(),
        sha256: manifest::sha256_file(&l.config.path)?,
    };
    let inputs = manifest::file_hashes(&input_files(l))?;
    // A bar over the documents on a terminal (none under -q or in cron logs).
    let bar = (opts.docs.len() > 1)
        .then(|| crate::input::table::progress_items(opts.docs.len() as u64, "生成文书"))
        .flatten();
    let results: Vec<(Doc, Result1)> = on_cores(&opts.docs, |doc| {
        let r = (|| -> Result<Result1> {
            let (from, to) = doc.range();
            let gaps = not_yet_in(l, from, to);
            if !gaps.is_empty() && !opts.render_incomplete {
                return Ok(Result1::Incomplete(gaps));
            }
            let p = prepare(l, tools, doc, &opts.doc)?;
            let model_sha = manifest::sha256(&p.json);
            let (mut generated, mut kept) = (Vec::new(), Vec::new());
            for format in &l.config.formats {
                let ext = match format {
                    OutputFormat::Pdf => "pdf",
                    OutputFormat::Docx => "docx",
                };
                let path = dir.join(format!("{}.{ext}", p.stem));
                if !opts.force {
                    if let Some(m) = unchanged(&path, &model_sha, &templates) {
                        refresh_manifest(dir, &path, m, &config, &inputs)?;
                        kept.push(path);
                        continue;
                    }
                }
                let bytes = match format {
                    OutputFormat::Pdf => render(tools, &p, &opts.doc)?,
                    OutputFormat::Docx => render_docx(tools, &p, &opts.doc)?,
                };
                let m = Manifest {
                    version: manifest::MANIFEST_VERSION,
                    tool: "air-bulletin".into(),
                    tool_version: env!("CARGO_PKG_VERSION").into(),
                    kind: p.kind.into(),
                    period: p.period.clone(),
                    output: format!("{}.{ext}", p.stem),
                    output_sha256: manifest::sha256(&bytes),
                    config: config.clone(),
                    inputs: inputs.clone(),
                    templates: templates.clone(),
                    rule_sets: l.rules.ids_between(from, to),
                    model_sha256: model_sha.clone(),
                };
                generated.push(write_with_manifest(&p, &path, &bytes, dir, m)?);
            }
            Ok(if generated.is_empty() {
                Result1::Unchanged(kept)
            } else {
                generated.extend(kept);
                Result1::Generated(generated)
            })
        })();
        let r = r.unwrap_or_else(|e| Result1::Failed(format!("{e:#}")));
        match &bar {
            Some(b) => {
                b.inc(1);
                if opts.progress {
                    b.println(describe(doc, &r));
                }
            }
            None if opts.progress => eprintln!("{}", describe(doc, &r)),
            None => {}
        }
        // Memoized layouts the document in progress on another core has not used go.
        tools.renderer.trim_cache_to(CACHE_TRIMS_KEPT);
        (doc.clone(), r)
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(Outcome { results })
}

/// Paths joined for a message.
fn shown(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join("、")
}

/// One line about a document's fate.
pub fn describe(doc: &Doc, r: &Result1) -> String {
    match r {
        Result1::Generated(p) => format!("已生成 {doc}：{}", shown(p)),
        Result1::Unchanged(p) => format!("未变化，跳过 {doc}：{}", shown(p)),
        Result1::Incomplete(g) => {
            let shown: Vec<&str> = g.iter().take(10).map(String::as_str).collect();
            format!(
                "数据尚未到齐，暂不生成 {doc}：缺 {} 个城市日（{}{}）",
                g.len(),
                shown.join("、"),
                if g.len() > 10 { "……" } else { "" }
            )
        }
        Result1::Failed(e) => format!("生成失败 {doc}：{e}"),
    }
}

/// The hidden folder (inside the output folder, so renames stay atomic) where a run writes its
/// files before moving them into place.
pub const STAGING: &str = ".staging";

/// Removes temporary files a killed run left behind.
pub fn sweep_temporaries(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir.join(STAGING));
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with('.') && n.ends_with(".tmp") {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn mo(y: i32, m: u32) -> Month {
        Month::new(y, m).unwrap()
    }

    fn cal() -> Calendar {
        Calendar {
            campaign: Some((d("2022-10-01"), d("2023-03-31"), FirstIssue::WeekOfStart)),
            episodes: vec![(d("2022-11-09"), d("2022-11-11"))],
        }
    }

    #[test]
    fn what_is_due_on_each_day_of_a_fortnight() {
        let w = |s: &str| Doc::Weekly(Week::parse(s).unwrap());
        let expect: [(&str, Vec<Doc>); 14] = [
            (
                "2022-10-31",
                vec![
                    Doc::Monthly(mo(2022, 9)),
                    Doc::Ranking(mo(2022, 9)),
                    w("2022-W43"),
                ],
            ),
            (
                "2022-11-01",
                vec![
                    Doc::Monthly(mo(2022, 10)),
                    Doc::Ranking(mo(2022, 10)),
                    w("2022-W43"),
                ],
            ),
            (
                "2022-11-02",
                vec![
                    Doc::Monthly(mo(2022, 10)),
                    Doc::Ranking(mo(2022, 10)),
                    w("2022-W43"),
                ],
            ),
            (
                "2022-11-03",
                vec![
                    Doc::Monthly(mo(2022, 10)),
                    Doc::Ranking(mo(2022, 10)),
                    w("2022-W43"),
                ],
            ),
            (
                "2022-11-04",
                vec![
                    Doc::Monthly(mo(2022, 10)),
                    Doc::Ranking(mo(2022, 10)),
                    w("2022-W43"),
                ],
            ),
            (
                "2022-11-05",
                vec![
                    Doc::Monthly(mo(2022, 10)),
                    Doc::Ranking(mo(2022, 10)),
                    w("2022-W43"),
                ],
            ),
            (
                "2022-11-06",
                vec![
                    Doc::Monthly(mo(2022, 10)),
                    Doc::Ranking(mo(2022, 10)),
                    w("2022-W43"),
                ],
            ),
            (
                "2022-11-07",
                vec![
                    Doc::Monthly(mo(2022, 10)),
                    Doc::Ranking(mo(2022, 10)),
                    w("2022-W44"),
                ],
            ),
            (
                "2022-11-08",
                vec![
                    Doc::Monthly(mo(2022, 10)),
                    Doc::Ranking(mo(2022, 10)),
                    w("2022-W44"),
                ],
            ),
            // Episode 9–11 November: the day after each episode day has its daily sheet.
            (
                "2022-11-09",
                vec![
                    Doc::Monthly(mo(2022, 10)),
                    Doc::Ranking(mo(2022, 10)),
                    w("2022-W44"),
                ],
            ),
            (
                "2022-11-10",
                vec![
                    Doc::Monthly(mo(2022, 10)),
                    Doc::Ranking(mo(2022, 10)),
                    w("2022-W44"),
                    Doc::Daily(d("2022-11-09")),
                ],
            ),
            (
                "2022-11-11",
                vec![
                    Doc::Monthly(mo(2022, 10)),
                    Doc::Ranking(mo(2022, 10)),
                    w("2022-W44"),
                    Doc::Daily(d("2022-11-10")),
                ],
            ),
            (
                "2022-11-12",
                vec![
                    Doc::Monthly(mo(2022, 10)),
                    Doc::Ranking(mo(2022, 10)),
                    w("2022-W44"),
                    Doc::Daily(d("2022-11-11")),
                ],
            ),
            (
                "2022-11-13",
                vec![
                    Doc::Monthly(mo(2022, 10)),
                    Doc::Ranking(mo(2022, 10)),
                    w("2022-W44"),
                ],
            ),
        ];
        for (today, mut want) in expect {
            want.sort();
            assert_eq!(due(d(today), &cal()), want, "{today}");
        }
        // Outside the campaign only the monthly documents are due.
        assert_eq!(
            due(d("2022-07-15"), &cal()),
            vec![Doc::Monthly(mo(2022, 6)), Doc::Ranking(mo(2022, 6))]
        );
    }

    #[test]
    fn a_whole_campaign_backfills_26_weeks_and_6_months() {
        let c = cal();
        let docs = backfill(d("2022-10-01"), d("2023-03-31"), &c);
        let weeks = docs.iter().filter(|x| matches!(x, Doc::Weekly(_))).count();
        let months = docs
            .iter()
            .filter(|x| matches!(x, Doc::Monthly(..)))
            .count();
        let ranks = docs
            .iter()
            .filter(|x| matches!(x, Doc::Ranking(..)))
            .count();
        let days = docs.iter().filter(|x| matches!(x, Doc::Daily(_))).count();
        // 2022-W39 (ending 2 October) … 2023-W12 (ending 26 March): 26 weeks.
        assert_eq!((weeks, months, ranks, days), (26, 6, 6, 3));
    }
}
