//! The rules of bulletin wording that are not the staff's to re-word: which verb a change takes
//! (上升 / 下降 / 持平), how ties are said (并列第六), Chinese ordinals and dates. The sentences
//! around them are minijinja templates under `templates/text/` ([`Texts`]).

use crate::templates::Templates;
use anyhow::{anyhow, Result};
use chrono::{Datelike, NaiveDate};
use minijinja::Environment;
use serde::Serialize;

/// Chinese numerals for ranks and counts up to 99: 1 → 一, 10 → 十, 14 → 十四, 20 → 二十.
pub fn chinese_number(n: u32) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[(n - 10) as usize] }),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// A date as official documents write it: 2022年12月5日 (GB/T 9704: Arabic numerals, no padding).
pub fn date_cn(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A month day without the year: 11月30日.
pub fn month_day_cn(d: NaiveDate) -> String {
    format!("{}月{}日", d.month(), d.day())
}

/// Which way a printed change goes.
fn direction(change: &str) -> Option<(&'static str, String)> {
    let t = change.trim();
    if t.is_empty() {
        return None;
    }
    let neg = t.starts_with('-');
    let mag = t.trim_start_matches(['-', '+']).to_string();
    let zero = mag.chars().all(|c| c == '0' || c == '.');
    Some(if zero {
        ("持平", String::new())
    } else if neg {
        ("下降", mag)
    } else {
        ("上升", mag)
    })
}

/// 同比 wording of a change in percent (decision A9): "同比上升5.9%", "同比下降0.4%", "同比持平";
/// empty when there is no value for last year.
pub fn yoy_percent(change: &str) -> String {
    match direction(change) {
        None => String::new(),
        Some(("持平", _)) => "同比持平".into(),
        Some((verb, mag)) => format!("同比{verb}{mag}%"),
    }
}

/// 环比 wording of a change in percent: "环比上升5.9%", "环比下降0.4%", "环比持平".
pub fn wow_percent(change: &str) -> String {
    match direction(change) {
        None => String::new(),
        Some(("持平", _)) => "环比持平".into(),
        Some((verb, mag)) => format!("环比{verb}{mag}%"),
    }
}

/// 环比 wording of a change in percentage points: "环比上升1.5个百分点", "环比持平".
pub fn wow_points(change: &str) -> String {
    match direction(change) {
        None => String::new(),
        Some(("持平", _)) => "环比持平".into(),
        Some((verb, mag)) => format!("环比{verb}{mag}个百分点"),
    }
}

/// 同比 wording of a change in percentage points: "同比上升1.5个百分点", "同比持平".
pub fn yoy_points(change: &str) -> String {
    match direction(change) {
        None => String::new(),
        Some(("持平", _)) => "同比持平".into(),
        Some((verb, mag)) => format!("同比{verb}{mag}个百分点"),
    }
}

/// 同比 wording of a change in days: "同比增加3天", "同比减少2天", "同比持平".
pub fn yoy_days(change: &str) -> String {
    match direction(change) {
        None => String::new(),
        Some(("持平", _)) => "同比持平".into(),
        Some(("上升", mag)) => format!("同比增加{mag}天"),
        Some((_, mag)) => format!("同比减少{mag}天"),
    }
}

/// A ranked list good → bad, as Guangxi's monthly bulletin writes it: names separated by 、, and
/// after the last member of a tie group "（与A、B排名相同，并列第六）" naming the others.
/// `items` are (name, rank) in ranking order.
pub fn ranking_list(items: &[(String, u32)]) -> String {
    let labelled: Vec<(String, String, u32)> = items
        .iter()
        .map(|(n, r)| (n.clone(), n.clone(), *r))
        .collect();
    ranking_list_labelled(&labelled)
}

/// Like [`ranking_list`], with a label shown for each entry (e.g. 来宾（-2.6%）) while the tie
/// note names the others by name only. `items` are (label, name, rank).
pub fn ranking_list_labelled(items: &[(String, String, u32)]) -> String {
    tie_list(items, |rank| format!("并列第{}", chinese_number(rank)))
}

/// A ranked list in the national release's style: names separated by 、, and after the last
/// member of a tie group "（与A、B排名相同，并列第19名）" with Arabic numerals. `items` are
/// (label, name, rank) in list order.
pub fn ranking_list_national(items: &[(String, String, u32)]) -> String {
    tie_list(items, |rank| format!("并列第{rank}名"))
}

/// The labels joined with 、; the last member of each tie group adds "（与A、B排名相同，…）",
/// naming the others, with `tie` saying the shared rank.
fn tie_list(items: &[(String, String, u32)], tie: impl Fn(u32) -> String) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let rank = items[i].2;
        let j = items[i..]
            .iter()
            .position(|(_, _, r)| *r != rank)
            .map_or(items.len(), |k| i + k);
        let group = &items[i..j];
        for (k, (label, _, _)) in group.iter().enumerate() {
            if group.len() > 1 && k == group.len() - 1 {
                let others: Vec<&str> = group[..k].iter().map(|(_, n, _)| n.as_str()).collect();
                parts.push(format!(
                    "{label}（与{}排名相同，{}）",
                    others.join("、"),
                    tie(rank)
                ));
            } else {
                parts.push(label.clone());
            }
        }
        i = j;
    }
    parts.join("、")
}

/// Names joined with 、 and a final 和: 甲、乙和丙.
pub fn join_names(names: &[String]) -> String {
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n => format!("{}和{}", names[..n - 1].join("、"), names[n - 1]),
    }
}

/// The minijinja text templates (sentences staff may re-word), with the wording filters.
pub struct Texts {
    env: Environment<'static>,
    /// Beyond this many cities the national style applies (sentences name 20 at each end; the
    /// full tables go to the appendix, 附表).
    list_limit: usize,
}

impl Texts {
    /// The registry's `text/*.j2` snippets, known by their file name (`weekly.j2`).
    pub fn new(templates: &Templates) -> Result<Texts> {
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.add_filter("yoy_pct", |v: String| yoy_percent(&v));
        env.add_filter("wow_pct", |v: String| wow_percent(&v));
        env.add_filter("wow_pp", |v: String| wow_points(&v));
        env.add_filter("yoy_pp", |v: String| yoy_points(&v));
        env.add_filter("yoy_days", |v: String| yoy_days(&v));
        env.add_filter("cn", |v: u32| chinese_number(v));
        // What the ranked units are called (设区市, 城区 …); the plan may say otherwise.
        env.add_global("unit", "设区市");
        // Beyond this many cities, sentences name the best and worst 20 (the national style).
        env.add_global("list_limit", crate::input::config::DEFAULT_LIST_LIMIT);
        // Rank each group's members within the group (off unless the configuration asks).
        env.add_global("group_ranking", false);
        env.add_filter("names", |v: Vec<String>| join_names(&v));
        for t in templates.with_suffix(".j2") {
            let name = t.name.trim_start_matches("text/").to_string();
            env.add_template_owned(name.clone(), t.text.clone())
                .map_err(|e| anyhow!("文字模板 templates/text/{name} 有误：{e}"))?;
        }
        Ok(Texts {
            env,
            list_limit: crate::input::config::DEFAULT_LIST_LIMIT,
        })
    }

    /// Whether `count` cities are reported in the national style: best and worst 20 in the
    /// sentences, the full tables in the appendix (附表) at the end.
    pub fn national(&self, count: usize) -> bool {
        count > self.list_limit
    }

    /// Sets a number every template can use, such as `list_limit` from the configuration.
    pub fn with_number(mut self, name: &'static str, value: usize) -> Texts {
        if name == "list_limit" {
            self.list_limit = value;
        }
        self.env.add_global(name, value);
        self
    }

    /// Sets a yes/no every template can use, such as `group_ranking` from the configuration.
    pub fn with_flag(mut self, name: &'static str, value: bool) -> Texts {
        self.env.add_global(name, value);
        self
    }

    /// Sets a value every template can use, such as `unit` from the plan.
    pub fn with_global(mut self, name: &'static str, value: &str) -> Texts {
        self.env.add_global(name, value.to_string());
        self
    }

    /// Renders macro `part` of template `name`, passing it the fields of `ctx` that it names as
    /// parameters. The result is trimmed and its lines joined (a sentence is one paragraph).
    pub fn render(&self, name: &str, part: &str, ctx: &impl Serialize) -> Result<String> {
        use minijinja::value::{Kwargs, Value};
        let err =
            |e: minijinja::Error| anyhow!("文字模板 templates/text/{name} 的 {part} 出错：{e:#}");
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| anyhow!("找不到文字模板 {name}：{e}"))?;
        let captured = tmpl.render_captured(()).map_err(err)?;
        let state = captured.state();
        let mac = state.lookup(part).ok_or_else(|| {
            anyhow!("文字模板 templates/text/{name} 中缺少 {{% macro {part}(…) %}}")
        })?;
        let ctx = Value::from_serialize(ctx);
        let names: Vec<String> = mac
            .get_attr("arguments")
            .and_then(|a| a.try_iter().map(|it| it.map(|v| v.to_string()).collect()))
            .map_err(err)?;
        let kwargs: Kwargs = names
            .iter()
            .map(|n| (n.as_str(), ctx.get_attr(n).unwrap_or(Value::UNDEFINED)))
            .collect();
        let out = mac.call(state, &[Value::from(kwargs)]).map_err(err)?;
        Ok(out
            .to_string()
            .lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same tie in both styles: 乙 and 丙 share the 2nd place (the national release writes
    /// "并列第19名" in Arabic numerals, the provincial bulletins "并列第二").
    #[test]
    fn a_tie_is_said_after_its_last_member_in_either_style() {
        let items: Vec<(String, String, u32)> = [("甲", 1), ("乙*", 2), ("丙", 2), ("丁", 4)]
            .iter()
            .map(|(l, r)| (l.to_string(), l.trim_end_matches('*').to_string(), *r))
            .collect();
        assert_eq!(
            ranking_list_labelled(&items),
            "甲、乙*、丙（与乙排名相同，并列第二）、丁"
        );
        assert_eq!(
            ranking_list_national(&items),
            "甲、乙*、丙（与乙排名相同，并列第2名）、丁"
        );
    }

    #[test]
    fn change_verbs() {
        assert_eq!(yoy_percent("5.9"), "同比上升5.9%");
        assert_eq!(yoy_percent("-49.2"), "同比下降49.2%");
        assert_eq!(yoy_percent("0.0"), "同比持平");
        assert_eq!(yoy_percent(""), "");
        assert_eq!(wow_percent("-12.0"), "环比下降12.0%");
        assert_eq!(wow_percent("0.0"), "环比持平");
        assert_eq!(yoy_points("1.5"), "同比上升1.5个百分点");
        assert_eq!(yoy_points("-16.2"), "同比下降16.2个百分点");
        assert_eq!(yoy_points("0.0"), "同比持平");
        assert_eq!(yoy_days("3"), "同比增加3天");
        assert_eq!(yoy_days("-2"), "同比减少2天");
        assert_eq!(yoy_days("0"), "同比持平");
    }

    #[test]
    fn chinese_ordinals() {
        let cases = [
            (1, "一"),
            (6, "六"),
            (10, "十"),
            (11, "十一"),
            (14, "十四"),
            (20, "二十"),
            (21, "二十一"),
            (168, "168"),
        ];
        for (n, s) in cases {
            assert_eq!(chinese_number(n), s);
        }
    }

    fn items(v: &[(&str, u32)]) -> Vec<(String, u32)> {
        v.iter().map(|(n, r)| (n.to_string(), *r)).collect()
    }

    #[test]
    fn ties_are_said_as_guangxi_does() {
        // The September 2023 bulletin (docs/rules.md#ranks): 贺州、来宾、玉林、河池 tie 6th.
        let list = items(&[
            ("崇左", 1),
            ("北海", 2),
            ("桂林", 3),
            ("防城港", 4),
            ("钦州", 5),
            ("贺州", 6),
            ("来宾", 6),
            ("玉林", 6),
            ("河池", 6),
            ("柳州", 10),
        ]);
        assert_eq!(
            ranking_list(&list),
            "崇左、北海、桂林、防城港、钦州、贺州、来宾、玉林、河池（与贺州、来宾、玉林排名相同，并列第六）、柳州"
        );
        assert_eq!(
            ranking_list(&items(&[("甲", 1), ("乙", 1)])),
            "甲、乙（与甲排名相同，并列第一）"
        );
        assert_eq!(
            join_names(&["柳州".into(), "桂林".into(), "来宾".into()]),
            "柳州、桂林和来宾"
        );
        let labelled = [("桂林（-2.6%）", "桂林", 9), ("来宾（-2.6%）", "来宾", 9)]
            .map(|(l, n, r)| (l.to_string(), n.to_string(), r));
        assert_eq!(
            ranking_list_labelled(&labelled),
            "桂林（-2.6%）、来宾（-2.6%）（与桂林排名相同，并列第九）"
        );
    }

    #[test]
    fn dates_have_no_padding() {
        let d = NaiveDate::from_ymd_opt(2022, 3, 5).unwrap();
        assert_eq!(date_cn(d), "2022年3月5日");
        assert_eq!(month_day_cn(d), "3月5日");
    }
}
