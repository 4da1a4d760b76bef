//! The command line: clap definitions (help in Chinese), loading of configuration, plan and data
//! in that order (fail fast), and the commands. Exit codes are documented in [`exit`].

use crate::error::{InputError, InputErrors};
use crate::input::config::{read_config, Config};
use crate::input::daily::load_dataset;
use crate::input::plan::read_plan;
use crate::model::{Dataset, Plan};
use crate::report;
use crate::stats::period::{days_in_month, score};
use crate::stats::rules::RuleBook;
use crate::stats::summary::{missing_dates, summarize, Settings};
use chrono::{Datelike, NaiveDate};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes.
pub mod exit {
    /// Everything done.
    pub const SUCCESS: u8 = 0;
    /// An unexpected failure (rendering, writing output).
    pub const FAILURE: u8 = 1;
    /// The command line is wrong (unknown option, `--from` after `--to`…).
    pub const USAGE: u8 = 2;
    /// Input data, targets or configuration are wrong or missing (or, for `run`, a document's
    /// data are not complete yet and it was skipped).
    pub const DATA: u8 = 3;
    /// `run`: some documents failed, the others were produced.
    pub const PARTIAL: u8 = 4;
    /// `run`: nothing was due, or everything due was already up to date.
    pub const NOTHING_DUE: u8 = 5;
    /// `run`: another run holds the lock.
    pub const LOCKED: u8 = 6;
    /// `verify`: the document no longer matches its manifest.
    pub const MISMATCH: u8 = 7;
}

/// 环境空气质量周调度通报、月通报与城市排名生成工具
#[derive(Debug, Parser)]
#[command(name = "air-bulletin", version, about, long_about = None, disable_help_subcommand = true)]
pub struct Cli {
    /// 配置文件（TOML）；默认取环境变量 AIR_BULLETIN_CONFIG 或当前目录的 air-bulletin.toml
    #[arg(
        long,
        global = true,
        env = "AIR_BULLETIN_CONFIG",
        default_value = "air-bulletin.toml"
    )]
    pub config: PathBuf,
    /// 日数据文件（CSV 或 xlsx），可重复；给出时代替配置文件中的数据文件
    #[arg(long = "data", global = true, value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// 评价规则：auto（按日期，2026-03-01 起用 HJ 633-2026）、hj633-2012、hj633-2026
    #[arg(long, global = true, value_name = "SET")]
    pub rules: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

/// Output formats of the data commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// JSON（供其他系统读取）
    Json,
    /// CSV（可用 Excel 打开）
    Csv,
    /// 终端表格
    Table,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查配置、目标和数据，按月列出缺测的城市日
    Check,
    /// 逐日 AQI 表：date,city,aqi,level,category,primary_pollutants,valid
    Aqi {
        /// 开始日期（含），如 2022-11-01
        #[arg(long)]
        from: String,
        /// 结束日期（含）
        #[arg(long)]
        to: String,
        /// 只输出一个城市
        #[arg(long)]
        city: Option<String>,
        /// 输出格式：csv 或 json
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// 写入文件（默认输出到屏幕）
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// 月通报：X月和1—X月各设区市环境空气质量状况（PDF）
    Monthly {
        /// 月份，如 2022-11
        #[arg(long)]
        month: String,
        #[command(flatten)]
        doc: DocArgs,
    },
    /// 城市排名：X月和1—X月综合指数排名（PDF，另附 XLSX、CSV、HTML）
    Ranking {
        /// 月份，如 2022-11
        #[arg(long)]
        month: String,
        #[command(flatten)]
        doc: DocArgs,
    },
    /// 周调度通报：本周与上周、去年同期比较，年度目标进度、预警名单（PDF）
    Weekly {
        /// ISO 周，如 2022-W45
        #[arg(long, conflicts_with = "week_of")]
        week: Option<String>,
        /// 该日期所在的周，如 2022-11-10
        #[arg(long)]
        week_of: Option<String>,
        #[command(flatten)]
        doc: DocArgs,
    },
    /// 日调度：污染过程中某日各城市 AQI、连续超标天数和剩余允许天数（PDF）
    Daily {
        /// 日期，如 2022-12-10
        #[arg(long)]
        date: String,
        #[command(flatten)]
        doc: DocArgs,
    },
    /// 导入小时数据：把站点小时数据（全国实时发布平台导出、按日宽表）算成城市日数据 CSV
    Import {
        /// 小时数据文件，可多个
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 站点列表（监测点编码,监测点名称,城市,经度,纬度,对照点），数据中没有城市和对照点信息时需要
        #[arg(long)]
        stations: Option<PathBuf>,
        /// 输出文件（默认输出到屏幕）
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// 输出数据中的所有城市（默认只输出方案中的城市）
        #[arg(long)]
        all_cities: bool,
        /// 复核平台发布的实时 AQI（HJ 633-2012 小时规则），报告一致率
        #[arg(long)]
        check_aqi: bool,
    },
    /// 定时运行：生成到期的文书（上周周调度、昨日日调度、上月月通报和排名），输入未变的跳过
    Run {
        /// 以该日为“今天”（默认系统日期），用于补跑和测试
        #[arg(long)]
        today: Option<String>,
        /// 补跑：该时段内的全部文书（与 --to 同用）
        #[arg(long, requires = "to")]
        from: Option<String>,
        /// 补跑的结束日期
        #[arg(long, requires = "from")]
        to: Option<String>,
        /// 输入未变也重新生成
        #[arg(long)]
        force: bool,
        /// 只列出到期的文书，不生成
        #[arg(long)]
        dry_run: bool,
        /// 数据不全时照常生成（文中注明缺测），默认跳过
        #[arg(long)]
        render_incomplete: bool,
        /// 输出目录（默认取配置）
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// 等待其他运行释放锁的秒数（默认取配置，10 秒）
        #[arg(long)]
        lock_wait: Option<u64>,
        /// 安静：只输出错误（cron 中使用）
        #[arg(long, short)]
        quiet: bool,
        /// 详细：逐个文书报告
        #[arg(long, short)]
        verbose: bool,
    },
    /// 核验文书：重新计算清单中的各项哈希，判断文书是否仍与其输入一致
    Verify {
        /// 文书 PDF
        file: PathBuf,
    },
    /// 时段统计：各城市和全区的六项污染物、综合指数、排名、同比和目标进度
    Stats {
        /// 开始日期（含），如 2022-11-01
        #[arg(long)]
        from: String,
        /// 结束日期（含）
        #[arg(long)]
        to: String,
        /// 输出格式：json、csv 或 table
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// 写入文件（默认输出到屏幕）
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

/// Options of the document commands.
#[derive(Debug, clap::Args)]
pub struct DocArgs {
    /// 输出格式：pdf（公文）、json（报告模型）、typ（Typst 源文件和数据）
    #[arg(long, value_enum, default_value = "pdf")]
    pub format: crate::documents::DocFormat,
    /// 输出目录（默认取配置中的 output，即 output/）
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// 成文日期（默认：月通报和排名为次月5日，周调度为周后的星期一，日调度为次日）
    #[arg(long)]
    pub issue_date: Option<String>,
    /// 输出 PDF/A-2b（归档用）
    #[arg(long)]
    pub pdfa: bool,
}

/// A failure of a command, with its exit code.
#[derive(Debug)]
pub enum Failure {
    Usage(String),
    Data(InputErrors),
    Other(anyhow::Error),
}

impl Failure {
    fn code(&self) -> u8 {
        match self {
            Failure::Usage(_) => exit::USAGE,
            Failure::Data(_) => exit::DATA,
            Failure::Other(_) => exit::FAILURE,
        }
    }
}

impl From<InputErrors> for Failure {
    fn from(e: InputErrors) -> Self {
        Failure::Data(e)
    }
}
impl From<InputError> for Failure {
    fn from(e: InputError) -> Self {
        Failure::Data(InputErrors(vec![e]))
    }
}
impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e)
    }
}

/// The options of `run`.
struct RunArgs {
    today: Option<String>,
    from: Option<String>,
    to: Option<String>,
    force: bool,
    dry_run: bool,
    render_incomplete: bool,
    output: Option<PathBuf>,
    lock_wait: Option<u64>,
    quiet: bool,
    verbose: bool,
}

/// A failure that only sets the exit code (its message was printed already).
#[derive(Debug)]
pub struct Exit(pub u8);

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}", self.0)
    }
}
impl std::error::Error for Exit {}

fn run_command(cli: &Cli, a: RunArgs) -> Result<(), Failure> {
    use crate::run::{backfill, due, Calendar, RunOptions};
    let date = |flag: &str, s: &str| {
        crate::input::parse_date(s)
            .ok_or_else(|| Failure::Usage(format!("{flag} 的日期“{s}”无法识别，请写成 2022-11-14")))
    };
    // "Today" is read here, at the edge, and passed down.
    let today = match &a.today {
        Some(s) => date("--today", s)?,
        None => chrono::Local::now().date_naive(),
    };
    let range = match (&a.from, &a.to) {
        (Some(f), Some(t)) => Some(period(f, t)?),
        _ => None,
    };
    let l = load(cli)?;
    let cal = Calendar {
        campaign: l.config.campaign.as_ref().map(|c| (c.start, c.end)),
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
            Err(Failure::Other(Exit(exit::NOTHING_DUE).into()))
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
        return Err(Failure::Other(Exit(exit::LOCKED).into()));
    };
    crate::run::sweep_temporaries(&output_dir);
    let doc = DocArgs {
        format: crate::documents::DocFormat::Pdf,
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
    let tools = crate::documents::Tools::new(&l)?;
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
        0 => Ok(()),
        code => Err(Failure::Other(Exit(code).into())),
    }
}

fn verify_command(cli: &Cli, file: &std::path::Path) -> Result<(), Failure> {
    let mpath = crate::manifest::manifest_path(file);
    let m = crate::manifest::read(&mpath)?;
    let config = read_config(&cli.config).ok();
    let renderer =
        crate::render::Renderer::new(config.as_ref().and_then(|c| c.template_dir.as_deref()), &[])?;
    let templates = crate::manifest::template_hashes(
        renderer.templates(),
        config.as_ref().and_then(|c| c.template_dir.as_deref()),
    );
    let v = crate::manifest::verify(file, &m, &templates)?;
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
        Err(Failure::Other(Exit(exit::MISMATCH).into()))
    }
}

/// The command line with Chinese help: headings, the help and version flags.
pub fn localized(cmd: clap::Command) -> clap::Command {
    use clap::{Arg, ArgAction};
    let cmd = cmd
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助"),
        )
        .mut_args(|a| {
            if a.is_positional() {
                a.help_heading("参数")
            } else {
                a.help_heading("选项")
            }
        });
    cmd.mut_subcommands(localized)
}

/// Parses the command line (with the Chinese help).
pub fn parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::{Arg, ArgAction, CommandFactory, FromArgMatches};
    let cmd = localized(Cli::command()).disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("显示版本")
            .help_heading("选项"),
    );
    let m = cmd.try_get_matches_from(args)?;
    Cli::from_arg_matches(&m)
}

/// Entry point: parse, run, print the error once, return the exit code.
pub fn main() -> ExitCode {
    let cli = match parse_args(std::env::args_os()) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::SUCCESS
            });
        }
    };
    match run(&cli) {
        Ok(()) => ExitCode::from(exit::SUCCESS),
        Err(Failure::Other(e)) if e.downcast_ref::<Exit>().is_some() => {
            ExitCode::from(e.downcast_ref::<Exit>().map_or(exit::FAILURE, |x| x.0))
        }
        Err(f) => {
            match &f {
                Failure::Usage(m) => eprintln!("用法错误：{m}"),
                Failure::Data(e) => eprintln!("数据有误：\n{e}"),
                Failure::Other(e) => eprintln!("出错：{e:#}"),
            }
            ExitCode::from(f.code())
        }
    }
}

/// Everything loaded: configuration, plan, rules and data.
pub struct Loaded {
    pub config: Config,
    pub plan: Plan,
    pub rules: RuleBook,
    pub data: Dataset,
}

impl Loaded {
    /// The settings the statistics need.
    pub fn settings(&self) -> Settings<'_> {
        Settings {
            plan: &self.plan,
            rules: &self.rules,
            decimals: self.config.decimals,
        }
    }
}

/// Loads configuration, then the plan, then the rules, then the data.
pub fn load(cli: &Cli) -> Result<Loaded, Failure> {
    let mut config = read_config(&cli.config)?;
    if !cli.data.is_empty() {
        config.data_files = cli.data.clone();
    }
    let plan = read_plan(&config.plan_file)?;
    let set = cli.rules.clone().unwrap_or_else(|| config.rule_set.clone());
    let rules = RuleBook::bundled()?
        .force(&set)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let mut data = load_dataset(&config.data_files, &plan)?;
    if !config.hourly_files.is_empty() {
        let im = crate::import::import(
            &config.hourly_files,
            config.station_list.as_ref(),
            Some(&plan),
            false,
        )?;
        crate::import::merge_into(&mut data, &plan, &im.result, &config.hourly_files[0])?;
    }
    Ok(Loaded {
        config,
        plan,
        rules,
        data,
    })
}

/// Parses `--from`/`--to` and checks their order.
pub fn period(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate), Failure> {
    let parse = |flag: &str, s: &str| {
        crate::input::parse_date(s)
            .ok_or_else(|| Failure::Usage(format!("{flag} 的日期“{s}”无法识别，请写成 2022-11-01")))
    };
    let (f, t) = (parse("--from", from)?, parse("--to", to)?);
    if f > t {
        return Err(Failure::Usage(format!(
            "--from {f} 晚于 --to {t}，请交换两个日期"
        )));
    }
    Ok((f, t))
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
        &l.config.data_files.first().cloned().unwrap_or_default(),
        format!(
            "{from} 至 {to} 没有任何城市的数据（{span}；数据文件：{}）",
            files.join("、")
        ),
    )
    .hint("请检查日期范围，或用 --data 指定包含该时段的数据文件")
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
fn doc_options(doc: &DocArgs, l: &Loaded) -> Result<crate::documents::DocOptions, Failure> {
    let date = match &doc.issue_date {
        Some(s) => Some(crate::input::parse_date(s).ok_or_else(|| {
            Failure::Usage(format!(
                "--issue-date 的日期“{s}”无法识别，请写成 2022-12-05"
            ))
        })?),
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
    Ok(crate::documents::DocOptions {
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

/// Parses `--month`.
fn month_arg(s: &str) -> Result<(i32, u32), Failure> {
    crate::report::monthly::parse_month(s)
        .ok_or_else(|| Failure::Usage(format!("--month 的月份“{s}”无法识别，请写成 2022-11")))
}

fn print_written(files: &[PathBuf]) {
    for f in files {
        eprintln!("已生成 {}", f.display());
    }
}

/// Runs a parsed command line.
pub fn run(cli: &Cli) -> Result<(), Failure> {
    match &cli.command {
        Command::Monthly { month, doc } | Command::Ranking { month, doc } => {
            let (y, m) = month_arg(month)?;
            let l = load(cli)?;
            let opts = doc_options(doc, &l)?;
            let first = NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default();
            let last = crate::report::monthly::month_end(y, m).unwrap_or(first);
            require_data(&l, first, last)?;
            let tools = crate::documents::Tools::new(&l)?;
            let files = if matches!(cli.command, Command::Monthly { .. }) {
                crate::documents::monthly(&l, &tools, y, m, &opts)?
            } else {
                crate::documents::ranking(&l, &tools, y, m, &opts)?
            };
            print_written(&files);
            Ok(())
        }
        Command::Check => check(cli),
        Command::Run {
            today,
            from,
            to,
            force,
            dry_run,
            render_incomplete,
            output,
            lock_wait,
            quiet,
            verbose,
        } => run_command(
            cli,
            RunArgs {
                today: today.clone(),
                from: from.clone(),
                to: to.clone(),
                force: *force,
                dry_run: *dry_run,
                render_incomplete: *render_incomplete,
                output: output.clone(),
                lock_wait: *lock_wait,
                quiet: *quiet,
                verbose: *verbose,
            },
        ),
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
                Some(read_plan(&config.plan_file)?)
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
        Command::Weekly { week, week_of, doc } => {
            let w = match (week, week_of) {
                (Some(w), _) => crate::report::calendar::Week::parse(w).ok_or_else(|| {
                    Failure::Usage(format!("--week 的“{w}”无法识别，请写成 2022-W45"))
                })?,
                (None, Some(d)) => crate::report::calendar::Week::of(
                    crate::input::parse_date(d).ok_or_else(|| {
                        Failure::Usage(format!("--week-of 的日期“{d}”无法识别，请写成 2022-11-10"))
                    })?,
                ),
                (None, None) => {
                    return Err(Failure::Usage(
                        "请用 --week 2022-W45 或 --week-of 2022-11-10 指定周".into(),
                    ))
                }
            };
            let l = load(cli)?;
            let opts = doc_options(doc, &l)?;
            if (0..l.plan.cities.len()).all(|i| l.data.range(i, w.monday, w.sunday).is_empty()) {
                return Err(InputError::file(
                    &l.config.data_files.first().cloned().unwrap_or_default(),
                    format!(
                        "{} 周（{} 至 {}）没有任何城市的数据",
                        w.key(),
                        w.monday,
                        w.sunday
                    ),
                )
                .hint("请确认数据文件已包含该周，或换一周")
                .into());
            }
            let tools = crate::documents::Tools::new(&l)?;
            print_written(&crate::documents::weekly(&l, &tools, w, &opts)?);
            Ok(())
        }
        Command::Daily { date, doc } => {
            let d = crate::input::parse_date(date).ok_or_else(|| {
                Failure::Usage(format!("--date 的日期“{date}”无法识别，请写成 2022-12-10"))
            })?;
            let l = load(cli)?;
            let opts = doc_options(doc, &l)?;
            require_data(&l, d, d)?;
            let tools = crate::documents::Tools::new(&l)?;
            print_written(&crate::documents::daily(&l, &tools, d, &opts)?);
            Ok(())
        }
        Command::Aqi {
            from,
            to,
            city,
            format,
            output,
        } => {
            let (from, to) = period(from, to)?;
            if *format == Format::Table {
                return Err(Failure::Usage("aqi 只支持 --format csv 或 json".into()));
            }
            let l = load(cli)?;
            let cities: Vec<usize> = match city {
                Some(name) => match l.plan.city_index(name) {
                    Some(i) => vec![i],
                    None => {
                        let names: Vec<&str> =
                            l.plan.cities.iter().map(|c| c.name.as_str()).collect();
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
                Format::Json => {
                    let mut v = serde_json::to_vec_pretty(&rows).map_err(anyhow::Error::from)?;
                    v.push(b'\n');
                    v
                }
                _ => report::aqi::to_csv(&rows)?,
            };
            emit(output, &bytes)
        }
        Command::Stats {
            from,
            to,
            format,
            output,
        } => {
            let (from, to) = period(from, to)?;
            let l = load(cli)?;
            require_data(&l, from, to)?;
            let summary = summarize(&l.settings(), &l.data, from, to);
            let rep = report::stats::build(&summary, &l.plan);
            let bytes = match format {
                Format::Json => {
                    let mut v = serde_json::to_vec_pretty(&rep).map_err(anyhow::Error::from)?;
                    v.push(b'\n');
                    v
                }
                Format::Csv => report::stats::to_csv(&rep)?,
                Format::Table => report::stats::to_table(&rep).into_bytes(),
            };
            emit(output, &bytes)
        }
    }
}

/// `check`: everything readable, and the missing city-days per month.
fn check(cli: &Cli) -> Result<(), Failure> {
    let l = load(cli)?;
    let mut out = String::new();
    out.push_str(&format!("配置文件：{}\n", l.config.path.display()));
    out.push_str(&format!(
        "方案：{}（{}年，{}个城市{}）\n",
        l.plan.name,
        l.plan.year,
        l.plan.cities.len(),
        if l.plan.region.is_some() {
            format!("及{}", l.plan.region_name)
        } else {
            String::new()
        }
    ));
    for f in &l.config.data_files {
        out.push_str(&format!("数据文件：{}\n", f.display()));
    }
    let Some((first, last)) = l.data.span() else {
        return Err(InputError::file(&l.config.data_files[0], "数据文件中没有任何城市日").into());
    };
    let rows: usize = l.data.days.iter().map(Vec::len).sum();
    out.push_str(&format!("数据：{first} 至 {last}，共 {rows} 个城市日\n"));
    out.push_str("缺测（无有效 AQI）的城市日，按月：\n");
    let mut month = NaiveDate::from_ymd_opt(first.year(), first.month(), 1).unwrap_or(first);
    let mut total = 0;
    while month <= last {
        let end = NaiveDate::from_ymd_opt(
            month.year(),
            month.month(),
            days_in_month(month.year(), month.month()),
        )
        .unwrap_or(month);
        let (a, b) = (month.max(first), end.min(last));
        let mut lines = Vec::new();
        for (i, c) in l.plan.cities.iter().enumerate() {
            let scored = score(&l.rules, l.data.range(i, a, b));
            let miss = missing_dates(&scored, a, b);
            if !miss.is_empty() {
                total += miss.len();
                let days: Vec<String> = miss.iter().map(|d| d.day().to_string()).collect();
                lines.push(format!(
                    "    {} {}天（{}日）",
                    c.name,
                    miss.len(),
                    days.join("、")
                ));
            }
        }
        if !lines.is_empty() {
            out.push_str(&format!("  {}年{}月\n", month.year(), month.month()));
            for line in lines {
                out.push_str(&line);
                out.push('\n');
            }
        }
        month = end + chrono::Days::new(1);
    }
    if total == 0 {
        out.push_str("  无\n");
    } else {
        out.push_str(&format!("  合计 {total} 个城市日\n"));
    }
    out.push_str("检查通过：配置、目标和数据均可读取。\n");
    print!("{out}");
    Ok(())
}
