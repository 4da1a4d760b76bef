//! The commands: each turns parsed arguments into a validated configuration, loads through
//! [`crate::load`], and calls the floor below (documents, run, import, statistics).

use super::args::{self, Cli, Command, DocArgs, Format, RunArgs};
use crate::calendar::Week;
use crate::documents::{DocFormat, DocOptions, Tools};
use crate::error::{Failure, InputError};
use crate::exit;
use crate::input::config::{read_config, Config};
use crate::load::{load, Loaded};
use crate::report;
use crate::stats::period::score;
use crate::stats::rules::RuleBook;
use crate::stats::summary::summarize;
use chrono::NaiveDate;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The configuration with the command line's overrides (`--data`, `--rules`) applied.
pub fn config(cli: &Cli) -> Result<Config, Failure> {
    let mut config = read_config(&cli.config)?;
    if !cli.data.is_empty() {
        config.data_files = cli.data.clone();
    }
    if let Some(set) = &cli.rules {
        RuleBook::bundled()?
            .force(set)
            .map_err(|e| Failure::Usage(e.to_string()))?;
        config.rule_set = set.clone();
        config.rule_set_at = None;
    }
    Ok(config)
}

/// Loads what the configuration (with the command line's overrides) names.
pub fn load_cli(cli: &Cli) -> Result<Loaded, Failure> {
    load(config(cli)?)
}

/// Runs a parsed command line.
pub fn dispatch(cli: &Cli) -> Result<(), Failure> {
    // Progress bars for long reads: on a terminal only, and not under `run -q`.
    let quiet = matches!(&cli.command, Command::Run(a) if a.quiet);
    crate::input::table::show_progress(
        !quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()),
    );
    match &cli.command {
        Command::Monthly { month, doc } | Command::Ranking { month, doc } => {
            let month = args::month(month)?;
            let l = load_cli(cli)?;
            let opts = doc_options(doc, &l)?;
            require_data(&l, month.first(), month.last())?;
            let tools = Tools::new(&l)?;
            let files = if matches!(cli.command, Command::Monthly { .. }) {
                crate::documents::monthly(&l, &tools, month, &opts)?
            } else {
                crate::documents::ranking(&l, &tools, month, &opts)?
            };
            print_written(&files);
            Ok(())
        }
        Command::Weekly { week, week_of, doc } => {
            let w = args::week(week.as_deref(), week_of.as_deref())?;
            let l = load_cli(cli)?;
            let opts = doc_options(doc, &l)?;
            require_week_data(&l, &w)?;
            let tools = Tools::new(&l)?;
            print_written(&crate::documents::weekly(&l, &tools, w, &opts)?);
            Ok(())
        }
        Command::Daily { date, doc } => {
            let d = args::date("--date", date)?;
            let l = load_cli(cli)?;
            let opts = doc_options(doc, &l)?;
            require_data(&l, d, d)?;
            let tools = Tools::new(&l)?;
            print_written(&crate::documents::daily(&l, &tools, d, &opts)?);
            Ok(())
        }
        Command::Check => super::check::check(&load_cli(cli)?),
        Command::Run(a) => run_command(cli, a),
        Command::Verify { file } => verify_command(cli, file),
        Command::Import {
            files,
            stations,
            output,
            all_cities,
            check_aqi,
        } => {
            let plan = if *all_cities {
                None
            } else {
                let config = read_config(&cli.config)?;
                Some(crate::input::plan::read_plan(&config.plan_file)?)
            };
            let im = crate::import::import(files, stations.as_ref(), plan.as_ref(), *check_aqi)?;
            eprint!("{}", crate::import::summary(&im));
            if *check_aqi {
                let rules = RuleBook::bundled()?;
                eprint!(
                    "{}",
                    crate::import::agreement_report(&crate::import::aqi_agreement(
                        &im.store, &rules
                    ))
                );
            }
            emit(output, &crate::import::to_csv(&im.result, plan.as_ref()))
        }
        Command::Aqi {
            from,
            to,
            city,
            format,
            output,
        } => aqi_command(cli, from, to, city.as_deref(), *format, output),
        Command::Stats {
            from,
            to,
            format,
            output,
        } => {
            let (from, to) = args::period(from, to)?;
            let l = load_cli(cli)?;
            require_data(&l, from, to)?;
            let summary = summarize(&l.settings(), &l.data, from, to);
            let rep = report::stats::build(&summary, &l.plan);
            let bytes = match format {
                Format::Json => crate::export::json(&rep)?,
                Format::Csv => crate::export::stats::csv(&rep)?,
                Format::Table => crate::export::stats::table(&rep).into_bytes(),
            };
            emit(output, &bytes)
        }
    }
}

fn aqi_command(
    cli: &Cli,
    from: &str,
    to: &str,
    city: Option<&str>,
    format: Format,
    output: &Option<PathBuf>,
) -> Result<(), Failure> {
    let (from, to) = args::period(from, to)?;
    if format == Format::Table {
        return Err(Failure::Usage("aqi 只支持 --format csv 或 json".into()));
    }
    let l = load_cli(cli)?;
    let cities: Vec<usize> = match city {
        Some(name) => match l.plan.city_index(name) {
            Some(i) => vec![i],
            None => {
                let names: Vec<&str> = l.plan.cities.iter().map(|c| c.name.as_str()).collect();
                return Err(Failure::Usage(format!(
                    "城市“{name}”不在方案中，可用的城市：{}",
                    names.join("、")
                )));
            }
        },
        None => (0..l.plan.cities.len()).collect(),
    };
    require_data(&l, from, to)?;
    let scored: Vec<_> = cities
        .iter()
        .map(|&i| (i, score(&l.rules, l.data.range(i, from, to))))
        .collect();
    let rows = report::aqi::rows(&l.plan, &scored);
    let bytes = match format {
        Format::Json => crate::export::json(&rows)?,
        _ => crate::export::aqi::csv(&rows)?,
    };
    emit(output, &bytes)
}

fn run_command(cli: &Cli, a: &RunArgs) -> Result<(), Failure> {
    use crate::run::{backfill, due, Calendar, RunOptions};
    // "Today" is read here, at the edge, and passed down.
    let today = match &a.today {
        Some(s) => args::date("--today", s)?,
        None => chrono::Local::now().date_naive(),
    };
    let range = match (&a.from, &a.to) {
        (Some(f), Some(t)) => Some(args::period(f, t)?),
        _ => None,
    };
    let l = load_cli(cli)?;
    let cal = Calendar {
        campaign: l
            .config
            .campaign
            .as_ref()
            .map(|c| (c.start, c.end, c.first_issue)),
        episodes: l.config.episodes.clone(),
    };
    let docs = match range {
        Some((f, t)) => backfill(f, t, &cal),
        None => due(today, &cal),
    };
    if a.dry_run {
        for d in &docs {
            println!("{d}");
        }
        return if docs.is_empty() {
            Err(Failure::Exit(exit::NOTHING_DUE))
        } else {
            Ok(())
        };
    }
    let output_dir = a
        .output
        .clone()
        .unwrap_or_else(|| l.config.output_dir.clone());
    let wait = std::time::Duration::from_secs(a.lock_wait.unwrap_or(l.config.lock_wait));
    let Some(_lock) = crate::run::lock(&output_dir, wait)? else {
        eprintln!(
            "另一个 air-bulletin 运行正在写 {}（已等待 {} 秒），本次退出；稍后再运行即可。",
            output_dir.display(),
            wait.as_secs()
        );
        return Err(Failure::Exit(exit::LOCKED));
    };
    crate::run::sweep_temporaries(&output_dir);
    let doc = DocArgs {
        format: DocFormat::Pdf,
        output: Some(output_dir.clone()),
        issue_date: None,
        pdfa: false,
    };
    let opts = RunOptions {
        docs,
        doc: doc_options(&doc, &l)?,
        force: a.force,
        render_incomplete: a.render_incomplete || l.config.render_incomplete,
        lock_wait: wait,
        progress: a.verbose || (!a.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr())),
    };
    let tools = Tools::new(&l)?;
    let outcome = crate::run::run(&l, &tools, &opts)?;
    // Failures and skipped documents are always reported, also with --quiet.
    for (d, r) in &outcome.results {
        let important = matches!(
            r,
            crate::run::Result1::Failed(_) | crate::run::Result1::Incomplete(_)
        );
        if (important || !a.quiet) && !opts.progress {
            eprintln!("{}", crate::run::describe(d, r));
        }
    }
    match outcome.code() {
        exit::SUCCESS => Ok(()),
        code => Err(Failure::Exit(code)),
    }
}

fn verify_command(cli: &Cli, file: &Path) -> Result<(), Failure> {
    let mpath = crate::manifest::manifest_path(file);
    let m = crate::manifest::read(&mpath)?;
    let config = read_config(&cli.config).ok();
    let templates =
        crate::templates::Templates::load(config.as_ref().and_then(|c| c.template_dir.as_deref()))?;
    let v = crate::manifest::verify(file, &m, &crate::manifest::template_hashes(&templates))?;
    println!("文书：{}（{} {}）", file.display(), m.kind, m.period);
    println!("清单：{}", mpath.display());
    println!(
        "文书内容与清单记录{}",
        if v.output_ok {
            "一致"
        } else {
            "不一致：文书在生成后被改动过"
        }
    );
    if v.changed.is_empty() {
        println!("全部输入（配置、目标表、数据、模板）与生成时一致");
    } else {
        for c in &v.changed {
            println!("输入已变化：{c}");
        }
    }
    if v.ok() {
        println!("核验通过：文书仍与其输入一致。");
        Ok(())
    } else {
        println!("核验未通过：请用 air-bulletin run 重新生成。");
        Err(Failure::Exit(exit::MISMATCH))
    }
}

/// Fails when no city has any value in the period.
fn require_data(l: &Loaded, from: NaiveDate, to: NaiveDate) -> Result<(), Failure> {
    let any = (0..l.plan.cities.len()).any(|i| !l.data.range(i, from, to).is_empty());
    if any {
        return Ok(());
    }
    let span = l
        .data
        .span()
        .map_or("数据文件中没有任何日期".to_string(), |(a, b)| {
            format!("数据覆盖 {a} 至 {b}")
        });
    let files: Vec<String> = l
        .config
        .data_files
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    Err(InputError::file(
        l.first_data_file(),
        format!(
            "{from} 至 {to} 没有任何城市的数据（{span}；数据文件：{}）",
            files.join("、")
        ),
    )
    .hint("请检查日期范围，或用 --data 指定包含该时段的数据文件")
    .into())
}

/// Fails when no city has any value in the week.
fn require_week_data(l: &Loaded, w: &Week) -> Result<(), Failure> {
    if (0..l.plan.cities.len()).any(|i| !l.data.range(i, w.monday, w.sunday).is_empty()) {
        return Ok(());
    }
    Err(InputError::file(
        l.first_data_file(),
        format!(
            "{} 周（{} 至 {}）没有任何城市的数据",
            w.key(),
            w.monday,
            w.sunday
        ),
    )
    .hint("请确认数据文件已包含该周，或换一周")
    .into())
}

fn emit(output: &Option<PathBuf>, bytes: &[u8]) -> Result<(), Failure> {
    match output {
        Some(p) => crate::output::write_atomic(p, bytes)?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes).map_err(anyhow::Error::from)?;
        }
    }
    Ok(())
}

/// Document options from the command line and the configuration; `SOURCE_DATE_EPOCH` (read
/// here, at the edge) fixes the PDF timestamp.
fn doc_options(doc: &DocArgs, l: &Loaded) -> Result<DocOptions, Failure> {
    let date = match &doc.issue_date {
        Some(s) => Some(args::date("--issue-date", s)?),
        None => None,
    };
    let timestamp = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| {
            v.trim()
                .parse::<i64>()
                .ok()
                .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
                .map(|t| t.naive_utc())
                .ok_or_else(|| {
                    Failure::Usage(format!(
                        "环境变量 SOURCE_DATE_EPOCH=“{v}”不是 Unix 时间戳（秒）"
                    ))
                })
        })
        .transpose()?;
    Ok(DocOptions {
        format: doc.format,
        output_dir: doc
            .output
            .clone()
            .unwrap_or_else(|| l.config.output_dir.clone()),
        date,
        timestamp,
        pdfa: doc.pdfa || l.config.pdfa,
    })
}

fn print_written(files: &[PathBuf]) {
    for f in files {
        eprintln!("已生成 {}", f.display());
    }
}
