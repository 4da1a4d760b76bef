//! The configuration file (TOML, strict: an unknown key is an error with its line and column).
//! Paths inside it are relative to the file's folder.
//!
//! What the user typed is not the configuration: [`RawConfig`] is the file as written,
//! [`Config`] the validated result the program runs on.

use crate::calendar::FirstIssue;
use crate::error::{line_column, InputError, Location};
use crate::model::Decimals;
use crate::model::Pollutant;
use chrono::NaiveDate;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A format `run` writes a document in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// The PDF (with the ranking's XLSX, CSV and HTML).
    Pdf,
    /// The Word edition.
    Docx,
}

/// Up to this many cities sentences name every city (Guangxi's style); beyond, the national style.
pub const DEFAULT_LIST_LIMIT: usize = 30;

/// The configuration file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub plan: RawPlan,
    pub data: Spanned<RawData>,
    #[serde(default)]
    pub office: RawOffice,
    pub campaign: Option<RawCampaign>,
    #[serde(default)]
    pub rules: RawRules,
    #[serde(default)]
    pub decimals: RawDecimals,
    #[serde(default)]
    pub documents: RawDocuments,
    #[serde(default)]
    pub bulletins: RawBulletins,
    #[serde(default)]
    pub weekly: RawWeekly,
    #[serde(default)]
    pub monthly: RawMonthly,
    #[serde(default)]
    pub daily: RawDaily,
    pub counties: Option<RawCounties>,
    /// Pollution episodes with daily scheduling.
    #[serde(default)]
    pub episodes: Vec<RawEpisode>,
    /// Dust deduction (扣沙): whether to deduct.
    #[serde(default)]
    pub dust: RawDust,
    /// `[[dust_events]]`: dust processes as the monitoring centre notifies them.
    #[serde(default)]
    pub dust_events: Vec<RawDustEvent>,
    #[serde(default)]
    pub run: RawRun,
}

/// `[dust]`: deduct dust-affected days from PM10 and PM2.5 (docs/rules.md, dust deduction).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDust {
    #[serde(default)]
    pub deduct: bool,
}

/// One dust process as the monitoring centre confirmed it: the cities it affected, first and
/// last day.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDustEvent {
    pub cities: Spanned<Vec<String>>,
    pub start: Spanned<toml::value::Datetime>,
    pub end: Spanned<toml::value::Datetime>,
}

/// A confirmed dust process: its cities (as written) and days, inclusive.
#[derive(Clone, Debug)]
pub struct DustEvent {
    pub cities: Vec<String>,
    /// Where the city list was written, for an error about an unknown city.
    pub cities_at: Location,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A pollution episode (daily scheduling sheets are due for its days).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEpisode {
    pub start: Spanned<toml::value::Datetime>,
    pub end: Spanned<toml::value::Datetime>,
    /// The emergency response in force (e.g. "Ⅲ级（黄色）应急响应"), printed on the daily sheet.
    pub response: Option<String>,
}

/// The daily sheet's inputs.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDaily {
    /// Air-quality forecast files (城市,日期,AQI,类别,首要污染物), shown on the daily sheet.
    #[serde(default)]
    pub forecast: Vec<String>,
}

/// A second ranked set for the monthly bulletin: the county-level units (县（市、区）).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCounties {
    /// Their list (a plan file; target columns may be left out).
    pub plan: String,
    /// Their daily data files.
    pub data: Vec<String>,
    /// How many to name at the top and at the bottom (default 10).
    pub top: Option<usize>,
    /// What they are called (default 县（市、区）).
    pub unit: Option<String>,
}

/// The county-level section's inputs, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counties {
    pub plan_file: PathBuf,
    pub data_files: Vec<PathBuf>,
    pub top: usize,
    pub unit: String,
}

/// Unattended runs.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRun {
    /// What to do when a document's period lacks city-days: "skip" (default) or "render".
    pub incomplete: Option<Spanned<String>>,
    /// Seconds to wait for another run's lock (default 10).
    pub lock_wait: Option<u64>,
}

/// The weekly bulletin's fixed text.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWeekly {
    /// The closing work requirements (工作要求), one paragraph each.
    #[serde(default)]
    pub requirements: Vec<String>,
}

/// The monthly bulletin's fixed text.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMonthly {
    /// The closing work requirements (工作要求), one paragraph each.
    #[serde(default)]
    pub requirements: Vec<String>,
}

/// Where and how documents are written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDocuments {
    /// Output folder (default `output`).
    pub output: Option<String>,
    /// A folder of templates that replace the embedded ones file by file.
    pub templates: Option<String>,
    /// Extra font folders (方正小标宋, 仿宋_GB2312 …).
    #[serde(default)]
    pub fonts: Vec<String>,
    /// Write PDF/A-2b.
    #[serde(default)]
    pub pdfa: bool,
    /// 抄送 line of the 版记.
    pub cc: Option<String>,
    /// 主送机关: whom the documents are addressed to (GB/T 9704 §7.3.3), e.g. 各设区市生态环境局.
    pub to: Option<String>,
    /// Up to this many cities, sentences name every city; beyond, the best and worst 20.
    pub list_limit: Option<usize>,
    /// Rank each group's members within the group, after its figures.
    #[serde(default)]
    pub group_ranking: bool,
    /// What `run` writes of each document: "pdf", "docx" (default ["pdf"]).
    pub formats: Option<Vec<Spanned<String>>>,
}

/// The names of the bulletin series, printed in the red header.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBulletins {
    pub monthly: Option<String>,
    pub ranking: Option<String>,
    pub weekly: Option<String>,
    pub daily: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    /// The targets file.
    pub file: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawData {
    /// Daily city data files (CSV or xlsx).
    #[serde(default)]
    pub files: Vec<String>,
    /// Hourly station files (platform export or wide daily files), imported on loading.
    #[serde(default)]
    pub hourly: Vec<String>,
    /// The station list the hourly files need when they lack city and background columns.
    pub stations: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOffice {
    /// The issuing office (发文机关), e.g. 广西壮族自治区生态环境厅.
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCampaign {
    pub name: String,
    pub start: Spanned<toml::value::Datetime>,
    pub end: Spanned<toml::value::Datetime>,
    /// Which week is 第1期: "week_of_start" (default) or "first_full_week".
    pub first_issue: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRules {
    /// `auto` (by date), `hj633-2012` or `hj633-2026`.
    pub set: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDecimals {
    pub pm25: Option<Spanned<u8>>,
    pub pm10: Option<Spanned<u8>>,
    pub so2: Option<Spanned<u8>>,
    pub no2: Option<Spanned<u8>>,
    pub co: Option<Spanned<u8>>,
    pub o3: Option<Spanned<u8>>,
}

/// An autumn-winter (or other) campaign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Campaign {
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub first_issue: FirstIssue,
}

/// The validated configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    pub plan_file: PathBuf,
    pub data_files: Vec<PathBuf>,
    pub hourly_files: Vec<PathBuf>,
    pub station_list: Option<PathBuf>,
    pub office: String,
    pub campaign: Option<Campaign>,
    pub rule_set: String,
    /// Where `[rules] set` was written, for an error about an unknown set.
    pub rule_set_at: Option<Location>,
    pub decimals: Decimals,
    pub output_dir: PathBuf,
    pub template_dir: Option<PathBuf>,
    pub font_dirs: Vec<PathBuf>,
    pub pdfa: bool,
    pub cc: String,
    pub names: BulletinNames,
    /// Work requirements closing the weekly bulletin.
    pub requirements: Vec<String>,
    /// Work requirements closing the monthly bulletin.
    pub monthly_requirements: Vec<String>,
    /// 主送机关 (empty for none).
    pub to: String,
    /// Up to this many cities, sentences name every city (default 30).
    pub list_limit: usize,
    /// Rank each group's members within the group (`[documents] group_ranking`).
    pub group_ranking: bool,
    /// What `run` writes of each document (`[documents] formats`), in the order given.
    pub formats: Vec<OutputFormat>,
    /// Pollution episodes, inclusive.
    pub episodes: Vec<(NaiveDate, NaiveDate)>,
    /// Deduct dust-affected days from PM10 and PM2.5.
    pub dust_deduct: bool,
    /// Confirmed dust processes.
    pub dust_events: Vec<DustEvent>,
    /// Emergency responses in force, inclusive: (start, end, the response as printed).
    pub responses: Vec<(NaiveDate, NaiveDate, String)>,
    /// Forecast files for the daily sheet.
    pub forecast_files: Vec<PathBuf>,
    /// The monthly bulletin's county-level section, when configured.
    pub counties: Option<Counties>,
    /// Render documents with missing city-days instead of skipping them.
    pub render_incomplete: bool,
    pub lock_wait: u64,
}

/// The names of the bulletin series.
#[derive(Clone, Debug)]
pub struct BulletinNames {
    pub monthly: String,
    pub ranking: String,
    pub weekly: String,
    pub daily: String,
}

/// Reads and validates a configuration file.
pub fn read_config(path: &Path) -> Result<Config, InputError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        InputError::file(
            path,
            format!("无法读取配置文件：{}", super::table::io_reason(&e)),
        )
        .hint("请用 --config 指定配置文件，或在当前目录放置 air-bulletin.toml")
    })?;
    parse_config(path, &text)
}

/// Turns a TOML error into a Chinese message at its line and column.
fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> InputError {
    let (line, col) = e.span().map_or((1, 1), |s| line_column(text, s.start));
    let msg = e.message();
    let (message, hint) = if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = expected
            .trim_start_matches(", expected ")
            .trim_start_matches("one of ")
            .replace('`', "");
        (
            format!("未知的配置项“{key}”"),
            format!("这里可用的配置项：{expected}"),
        )
    } else if let Some(rest) = msg.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        (format!("缺少配置项“{key}”"), "请补上该配置项".to_string())
    } else {
        (
            format!("配置文件格式有误：{msg}"),
            "请对照 README 中的配置示例修改".to_string(),
        )
    };
    InputError::at(path, Location::cell(line, col, None), message).hint(hint)
}

/// The line and column where a value of the configuration starts (from the parser's span).
fn at<T>(text: &str, v: &Spanned<T>) -> Location {
    let (line, col) = line_column(text, v.span().start);
    Location::cell(line, col, None)
}

fn date_of(
    path: &Path,
    text: &str,
    d: &Spanned<toml::value::Datetime>,
    key: &str,
) -> Result<NaiveDate, InputError> {
    let err = || {
        InputError::at(path, at(text, d), format!("{key} 应为日期"))
            .hint("写成 2022-10-01（不加引号）")
    };
    let date = d.get_ref().date.ok_or_else(err)?;
    NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into()).ok_or_else(err)
}

/// Parses configuration text; `path` names it in errors and anchors relative paths.
pub fn parse_config(path: &Path, text: &str) -> Result<Config, InputError> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
    let data = raw.data.get_ref();
    let base = path.parent().unwrap_or(Path::new(""));
    let rel = |p: &str| {
        let p = Path::new(p);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            super::paths::tidy_join(base, p)
        }
    };
    let campaign = match &raw.campaign {
        Some(c) => {
            let (start, end) = (
                date_of(path, text, &c.start, "start")?,
                date_of(path, text, &c.end, "end")?,
            );
            if start > end {
                return Err(InputError::at(
                    path,
                    at(text, &c.start),
                    format!("攻坚期开始日期 {start} 晚于结束日期 {end}"),
                )
                .hint("请检查 [campaign] 的 start 和 end"));
            }
            let first_issue = match c.first_issue.as_ref().map(|v| (v, v.get_ref().as_str())) {
                None | Some((_, "week_of_start" | "含开始日的周")) => FirstIssue::WeekOfStart,
                Some((_, "first_full_week" | "第一个整周")) => FirstIssue::FirstFullWeek,
                Some((v, other)) => {
                    return Err(InputError::at(
                        path,
                        at(text, v),
                        format!("first_issue = \"{other}\" 无法识别"),
                    )
                    .hint("可选 \"week_of_start\"（含攻坚期第一天的周为第1期）或 \"first_full_week\"（第一个完整的周为第1期）"));
                }
            };
            Some(Campaign {
                name: c.name.clone(),
                start,
                end,
                first_issue,
            })
        }
        None => None,
    };
    let mut dust_events = Vec::new();
    for e in &raw.dust_events {
        let (a, b) = (
            date_of(path, text, &e.start, "start")?,
            date_of(path, text, &e.end, "end")?,
        );
        dust_events.push(DustEvent {
            cities: e
                .cities
                .get_ref()
                .iter()
                .map(|c| c.trim().to_string())
                .collect(),
            cities_at: at(text, &e.cities),
            start: a.min(b),
            end: a.max(b),
        });
    }
    let mut episodes = Vec::new();
    let mut responses = Vec::new();
    for e in &raw.episodes {
        let (a, b) = (
            date_of(path, text, &e.start, "start")?,
            date_of(path, text, &e.end, "end")?,
        );
        episodes.push((a.min(b), a.max(b)));
        if let Some(r) = e.response.as_ref().filter(|r| !r.trim().is_empty()) {
            responses.push((a.min(b), a.max(b), r.trim().to_string()));
        }
    }
    let render_incomplete = match raw
        .run
        .incomplete
        .as_ref()
        .map(|v| (v, v.get_ref().as_str()))
    {
        None | Some((_, "skip")) => false,
        Some((_, "render")) => true,
        Some((v, other)) => {
            return Err(InputError::at(
                path,
                at(text, v),
                format!("incomplete = \"{other}\" 无法识别"),
            )
            .hint("可选 \"skip\"（数据不全时不生成）或 \"render\"（照常生成并注明缺测）"));
        }
    };
    let mut formats = Vec::new();
    for f in raw.documents.formats.iter().flatten() {
        let format = match f.get_ref().trim().to_ascii_lowercase().as_str() {
            "pdf" => OutputFormat::Pdf,
            "docx" | "word" => OutputFormat::Docx,
            other => {
                return Err(InputError::at(
                    path,
                    at(text, f),
                    format!("formats 中的“{other}”无法识别"),
                )
                .hint("可选 \"pdf\"（公文 PDF，排名另附 XLSX、CSV、HTML）和 \"docx\"（Word 版）"));
            }
        };
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    if formats.is_empty() {
        formats.push(OutputFormat::Pdf);
    }
    let mut decimals = Decimals::default();
    let d = &raw.decimals;
    for (p, v) in [
        (Pollutant::Pm25, &d.pm25),
        (Pollutant::Pm10, &d.pm10),
        (Pollutant::So2, &d.so2),
        (Pollutant::No2, &d.no2),
        (Pollutant::Co, &d.co),
        (Pollutant::O3, &d.o3),
    ] {
        if let Some(v) = v {
            if *v.get_ref() > 3 {
                return Err(InputError::at(
                    path,
                    at(text, v),
                    format!("{} 的小数位数 {} 过大", p.name(), v.get_ref()),
                )
                .hint("小数位数应为 0 到 3"));
            }
            decimals.0[p.index()] = *v.get_ref();
        }
    }
    if raw.data.get_ref().files.is_empty() && raw.data.get_ref().hourly.is_empty() {
        return Err(
            InputError::at(path, at(text, &raw.data), "没有列出任何数据文件")
                .hint("在 [data] 中写 files = [\"日数据.csv\"] 或 hourly = [\"小时数据.csv\"]"),
        );
    }
    Ok(Config {
        path: path.to_path_buf(),
        plan_file: rel(&raw.plan.file),
        data_files: data.files.iter().map(|f| rel(f)).collect(),
        hourly_files: data.hourly.iter().map(|f| rel(f)).collect(),
        station_list: data.stations.as_deref().map(rel),
        office: raw
            .office
            .name
            .clone()
            .unwrap_or_else(|| "生态环境厅".into()),
        campaign,
        rule_set: raw
            .rules
            .set
            .as_ref()
            .map_or_else(|| "auto".into(), |s| s.get_ref().clone()),
        rule_set_at: raw.rules.set.as_ref().map(|s| at(text, s)),
        decimals,
        output_dir: rel(raw.documents.output.as_deref().unwrap_or("output")),
        template_dir: raw
            .documents
            .templates
            .as_deref()
            .filter(|t| !t.is_empty())
            .map(rel),
        font_dirs: raw.documents.fonts.iter().map(|f| rel(f)).collect(),
        pdfa: raw.documents.pdfa,
        cc: raw.documents.cc.clone().unwrap_or_default(),
        requirements: raw.weekly.requirements.clone(),
        monthly_requirements: raw.monthly.requirements.clone(),
        to: raw.documents.to.clone().unwrap_or_default(),
        list_limit: raw.documents.list_limit.unwrap_or(DEFAULT_LIST_LIMIT),
        group_ranking: raw.documents.group_ranking,
        formats,
        episodes,
        dust_deduct: raw.dust.deduct,
        dust_events,
        responses,
        forecast_files: raw.daily.forecast.iter().map(|f| rel(f)).collect(),
        counties: raw.counties.as_ref().map(|c| Counties {
            plan_file: rel(&c.plan),
            data_files: c.data.iter().map(|f| rel(f)).collect(),
            top: c.top.unwrap_or(10).max(1),
            unit: c.unit.clone().unwrap_or_else(|| "县（市、区）".into()),
        }),
        render_incomplete,
        lock_wait: raw.run.lock_wait.unwrap_or(10),
        names: BulletinNames {
            monthly: raw
                .bulletins
                .monthly
                .clone()
                .unwrap_or_else(|| "环境空气质量月通报".into()),
            ranking: raw
                .bulletins
                .ranking
                .clone()
                .unwrap_or_else(|| "城市环境空气质量排名".into()),
            weekly: raw
                .bulletins
                .weekly
                .clone()
                .unwrap_or_else(|| "大气污染防治周调度通报".into()),
            daily: raw
                .bulletins
                .daily
                .clone()
                .unwrap_or_else(|| "空气质量日调度".into()),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"
[plan]
file = "plans/p.csv"

[data]
files = ["a.csv"]

[campaign]
name = "秋冬季攻坚"
start = 2022-10-01
end = 2023-03-31

[decimals]
pm25 = 1
"#;

    #[test]
    fn a_good_file_is_read_with_relative_paths() {
        let c = parse_config(Path::new("/etc/ab/air-bulletin.toml"), OK).unwrap();
        assert_eq!(c.plan_file, Path::new("/etc/ab/plans/p.csv"));
        assert_eq!(c.data_files, vec![PathBuf::from("/etc/ab/a.csv")]);
        assert_eq!(c.decimals.of(Pollutant::Pm25), 1);
        assert_eq!(c.decimals.of(Pollutant::Co), 1);
        assert_eq!(c.decimals.of(Pollutant::O3), 0);
        assert_eq!(
            c.campaign.unwrap().end,
            NaiveDate::from_ymd_opt(2023, 3, 31).unwrap()
        );
    }

    #[test]
    fn unknown_keys_are_errors_with_line_and_column() {
        let text = OK.replace("pm25 = 1", "pm25 = 1\npm2_5 = 1");
        let e = parse_config(Path::new("c.toml"), &text).unwrap_err();
        let loc = e.location.clone().unwrap();
        assert_eq!((loc.line, loc.column), (15, Some(1)));
        assert!(e.message.contains("未知的配置项“pm2_5”"), "{e}");
        assert!(e.hint.as_deref().unwrap().contains("pm25"), "{e}");
    }
}
