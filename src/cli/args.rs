//! What the user types: the clap definitions (help text in Chinese), and the one place where the
//! dates, months, weeks and periods typed on the command line are parsed and checked.

use crate::calendar::{Month, Week};
use crate::error::Failure;
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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
    Run(RunArgs),
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

/// Options of `run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// 以该日为“今天”（默认系统日期），用于补跑和测试
    #[arg(long)]
    pub today: Option<String>,
    /// 补跑：该时段内的全部文书（与 --to 同用）
    #[arg(long, requires = "to")]
    pub from: Option<String>,
    /// 补跑的结束日期
    #[arg(long, requires = "from")]
    pub to: Option<String>,
    /// 输入未变也重新生成
    #[arg(long)]
    pub force: bool,
    /// 只列出到期的文书，不生成
    #[arg(long)]
    pub dry_run: bool,
    /// 数据不全时照常生成（文中注明缺测），默认跳过
    #[arg(long)]
    pub render_incomplete: bool,
    /// 输出目录（默认取配置）
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// 等待其他运行释放锁的秒数（默认取配置，10 秒）
    #[arg(long)]
    pub lock_wait: Option<u64>,
    /// 安静：只输出错误（cron 中使用）
    #[arg(long, short)]
    pub quiet: bool,
    /// 详细：逐个文书报告
    #[arg(long, short)]
    pub verbose: bool,
}

/// A date typed after `flag` (2022-11-14, 2022/11/14, 2022年11月14日 …).
pub fn date(flag: &str, s: &str) -> Result<NaiveDate, Failure> {
    crate::input::parse_date(s)
        .ok_or_else(|| Failure::Usage(format!("{flag} 的日期“{s}”无法识别，请写成 2022-11-14")))
}

/// `--from`/`--to`, in order.
pub fn period(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate), Failure> {
    let (f, t) = (date("--from", from)?, date("--to", to)?);
    if f > t {
        return Err(Failure::Usage(format!(
            "--from {f} 晚于 --to {t}，请交换两个日期"
        )));
    }
    Ok((f, t))
}

/// `--month 2022-11`.
pub fn month(s: &str) -> Result<Month, Failure> {
    Month::parse(s)
        .ok_or_else(|| Failure::Usage(format!("--month 的月份“{s}”无法识别，请写成 2022-11")))
}

/// `--week 2022-W45` or `--week-of 2022-11-10`.
pub fn week(week: Option<&str>, week_of: Option<&str>) -> Result<Week, Failure> {
    match (week, week_of) {
        (Some(w), _) => Week::parse(w)
            .ok_or_else(|| Failure::Usage(format!("--week 的“{w}”无法识别，请写成 2022-W45"))),
        (None, Some(d)) => Ok(Week::of(date("--week-of", d)?)),
        (None, None) => Err(Failure::Usage(
            "请用 --week 2022-W45 或 --week-of 2022-11-10 指定周".into(),
        )),
    }
}
