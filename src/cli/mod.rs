//! The top floor: parse what the user typed ([`args`], help in Chinese), run the command
//! ([`commands`]), print the error once, and return the exit code ([`crate::exit`]).

pub mod args;
mod check;
pub mod commands;

pub use args::Cli;
pub use commands::{config, dispatch};

use crate::error::Failure;
use crate::exit;
use std::process::ExitCode;

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
        Err(e) if e.use_stderr() => {
            eprint!("{}", usage_error(&e));
            return ExitCode::from(exit::USAGE);
        }
        Err(e) => {
            // --help and --version.
            let _ = e.print();
            return ExitCode::from(exit::SUCCESS);
        }
    };
    match dispatch(&cli) {
        Ok(()) => ExitCode::from(exit::SUCCESS),
        Err(f) => {
            match &f {
                Failure::Usage(m) => eprintln!("用法错误：{m}"),
                Failure::Data(e) => eprintln!("数据有误：\n{e}"),
                Failure::Other(e) => eprintln!("出错：{e:#}"),
                Failure::Exit(_) => {}
            }
            ExitCode::from(f.code())
        }
    }
}

/// clap's usage errors in Chinese: what is wrong, clap's own suggestion ("您是否想用 --month？"),
/// the usage line and where to find help.
pub fn usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |k: ContextKind| -> String {
        match e.get(k) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join("、"),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::StyledStrs(v)) => v
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("、"),
            Some(ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let valid = get(ContextKind::ValidValue);
    let mut msg = match e.kind() {
        ErrorKind::UnknownArgument => format!("无法识别的选项“{arg}”"),
        ErrorKind::InvalidSubcommand => {
            format!("无法识别的命令“{}”", get(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("选项 {arg} 后面缺少取值")
        }
        ErrorKind::InvalidValue => format!("选项 {arg} 的取值“{value}”无效"),
        ErrorKind::ValueValidation => format!("选项 {arg} 的取值“{value}”无效"),
        ErrorKind::NoEquals => format!("选项 {arg} 的取值须用等号写在后面"),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("选项 {arg} 的取值个数不对")
        }
        ErrorKind::ArgumentConflict => {
            let prior = get(ContextKind::PriorArg);
            if prior.is_empty() {
                format!("选项 {arg} 不能与其他选项同时使用")
            } else {
                format!("选项 {arg} 不能与 {prior} 同时使用")
            }
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "请指定一个命令".to_string()
        }
        ErrorKind::InvalidUtf8 => "命令行中有无法识别的字符（不是 UTF-8 编码）".to_string(),
        _ => e.kind().to_string(),
    };
    if !valid.is_empty() {
        msg.push_str(&format!("（可选：{valid}）"));
    }
    let mut out = format!("用法错误：{msg}\n");
    let suggested_arg = get(ContextKind::SuggestedArg);
    let suggested_cmd = get(ContextKind::SuggestedSubcommand);
    let suggested_value = get(ContextKind::SuggestedValue);
    if !suggested_arg.is_empty() {
        out.push_str(&format!("\n  您是否想用 {suggested_arg}？\n"));
    }
    if !suggested_cmd.is_empty() {
        out.push_str(&format!("\n  您是否想用命令 {suggested_cmd}？\n"));
    }
    if !suggested_value.is_empty() {
        out.push_str(&format!("\n  您是否想写 {suggested_value}？\n"));
    }
    let usage = get(ContextKind::Usage);
    let usage = usage.trim();
    if !usage.is_empty() {
        let usage = usage
            .strip_prefix("Usage:")
            .or_else(|| usage.strip_prefix("用法："))
            .unwrap_or(usage)
            .trim();
        out.push_str(&format!("\n用法：{usage}\n"));
    }
    out.push_str("\n查看全部选项：air-bulletin --help，或 air-bulletin <命令> --help\n");
    out
}
