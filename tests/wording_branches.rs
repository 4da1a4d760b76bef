//! Every branch of every wording template runs at least once, in strict mode (an unknown name
//! only fails on a branch that runs), with the sentence each branch must say. Contexts are given
//! as JSON here, shaped like the builders' contexts, so each `if`/`elif`/`else` is reached on
//! purpose rather than by whatever the fixtures happen to contain.

use air_bulletin::report::wording::Texts;
use air_bulletin::templates::Templates;
use serde_json::{json, Value};

fn texts() -> Texts {
    Texts::new(&Templates::embedded()).unwrap()
}

/// Renders `part` of `file` with `ctx` and checks that it says each of `says`.
fn says(t: &Texts, file: &str, part: &str, ctx: &Value, says: &[&str]) -> String {
    let out = t
        .render(file, part, ctx)
        .unwrap_or_else(|e| panic!("{file} {part}: {e:#}"));
    for s in says {
        assert!(out.contains(s), "{file} {part} should say “{s}”: {out}");
    }
    out
}

fn row(change: Option<&str>) -> Value {
    json!({
        "good_ratio": "94.3", "good_ratio_change": change.unwrap_or(""),
        "pm25": "39.1", "pm25_change": change.unwrap_or(""), "pm10": "62", "o3": "115",
        "o3_change": change.unwrap_or(""), "so2": "11", "no2": "23", "co": "1.1",
        "index": "3.75", "index_change": change.unwrap_or(""),
    })
}

fn period(with_changes: bool) -> Value {
    let c = |v: &str| if with_changes { json!(v) } else { Value::Null };
    let l = |v: Vec<&str>| if with_changes { json!(v) } else { json!([]) };
    json!({
        "label": "11月", "region_name": "全区", "city_count": 14,
        "region": row(with_changes.then_some("-1.5")),
        "pm10_change": c("2.0"), "so2_change": c("0.0"), "no2_change": c("-3.1"), "co_change": c("0.0"),
        "heavy_ratio": "0.0", "heavy_ratio_change": c("0.0"),
        "ranking": "防城港、河池*", "change_ranking": if with_changes { "贵港（-6.0%）、河池*（-6.3%）" } else { "" },
        "has_change": with_changes, "bottom": ["柳州", "桂林", "南宁"],
        "short": ["河池（26天）"], "compared_without": l(vec!["河池"]),
        "improved": l(vec!["贵港"]), "worsened": l(vec!["柳州", "贺州"]),
        "worsened_list": if with_changes { "贺州（2.9%）、柳州（5.6%）" } else { "" },
        "unchanged": l(vec!["梧州"]), "dust": l(vec!["南宁3天", "崇左2天"]),
        "good_bands": {"full": 44, "high": 85, "mid": 37, "low": 2},
        "best": "防城港、河池*", "best_first": ["防城港", "河池"], "best_n": 20,
        "worst": "柳州、桂林", "worst_first": ["柳州", "桂林"], "worst_n": 21,
        "best_to": "第20名", "worst_to": "并列倒数第20名",
        "most_improved": if with_changes { "河池*（-6.3%）" } else { "" }, "most_improved_n": 20,
        "least_improved": if with_changes { "贺州（14.4%）" } else { "" }, "least_improved_n": 20,
    })
}

/// A period with `n` cities (beyond the list limit of 30, the national style applies).
fn period_of(with_changes: bool, n: usize) -> Value {
    let mut p = period(with_changes);
    p["city_count"] = json!(n);
    p
}

#[test]
fn monthly_every_branch() {
    let t = texts();
    let f = "monthly.j2";
    let intro = |m: u32| json!({"year": 2022, "month": m, "ytd_label": "1—11月", "region_name": "全区", "city_count": 14});
    says(&t, f, "intro", &intro(1), &["现将2022年1月全区14个设区市"]);
    says(
        &t,
        f,
        "intro",
        &intro(11),
        &["现将2022年11月和1—11月全区14个设区市"],
    );
    // With last year's values: every change is said; the left-out city is named.
    says(
        &t,
        f,
        "summary",
        &json!({"p": period(true)}),
        &[
            "优良天数比例为94.3%，同比下降1.5个百分点",
            "重度及以上污染天数比例为0.0%，同比持平",
            "PM10）平均浓度为62微克/立方米，同比上升2.0%",
            "综合指数为3.75，同比下降1.5%",
            "全区的同比变化按两年同期均有监测数据的城市计算，河池去年同期无数据，未计入。",
        ],
    );
    // Without: no change is said at all.
    let out = says(
        &t,
        f,
        "summary",
        &json!({"p": period(false)}),
        &["综合指数为3.75。"],
    );
    assert!(!out.contains("同比"), "{out}");
    // Beyond the list limit, the national report's good-day bands; empty bands said as none.
    assert!(!out.contains("80%~100%"), "{out}");
    says(
        &t,
        f,
        "summary",
        &json!({"p": period_of(true, 168)}),
        &["中，44个优良天数比例为100%，85个在80%~100%之间，37个在50%~80%之间，2个不足50%。"],
    );
    let mut p = period_of(false, 40);
    p["good_bands"] = json!({"full": 0, "high": 31, "mid": 9, "low": 0});
    says(
        &t,
        f,
        "summary",
        &json!({"p": p}),
        &["中，没有优良天数比例为100%的，31个在80%~100%之间，9个在50%~80%之间，没有不足50%的。"],
    );
    says(
        &t,
        f,
        "ranking",
        &json!({"p": period(true), "table": "表1"}),
        &["（由好向差）：防城港、河池*。带“*”的城市有效监测天数不足，排名仅供参考。"],
    );
    // Beyond 30 cities: the best and the worst 20, the full ranking left to the table.
    says(
        &t,
        f,
        "ranking",
        &json!({"p": period_of(true, 339), "table": "表1"}),
        &[
            "防城港、河池等20个城市空气质量相对较好（从第1名至第20名），依次为：防城港、河池*；",
            "柳州、桂林等21个城市空气质量相对较差（从倒数第1名至并列倒数第20名），依次为：柳州、桂林。各城市排名见表1。",
        ],
    );
    says(
        &t,
        f,
        "change_ranking",
        &json!({"p": period_of(true, 339)}),
        &[
            "改善幅度相对较大的20个城市依次为：河池*（-6.3%）；",
            "改善幅度相对较小或同比上升的20个城市依次为（从倒数第1名起，已达到二级标准的城市不列入）：贺州（14.4%）。",
        ],
    );
    assert_eq!(
        says(
            &t,
            f,
            "change_ranking",
            &json!({"p": period_of(false, 339)}),
            &[]
        ),
        ""
    );
    assert_eq!(
        says(&t, f, "bottom", &json!({"p": period_of(true, 339)}), &[]),
        ""
    );
    let mut all_sufficient = period(true);
    all_sufficient["short"] = json!([]);
    let out = says(
        &t,
        f,
        "ranking",
        &json!({"p": all_sufficient, "table": "表1"}),
        &["（由好向差）：防城港、河池*。"],
    );
    assert!(!out.contains("仅供参考"), "{out}");
    says(
        &t,
        f,
        "change_ranking",
        &json!({"p": period(true)}),
        &[
            "综合指数同比改善的城市按改善幅度由大到小依次为：贵港（-6.0%）、河池*（-6.3%）。",
            "柳州和贺州2个城市综合指数同比上升：贺州（2.9%）、柳州（5.6%）。",
            "梧州综合指数同比持平。",
        ],
    );
    let out = says(
        &t,
        f,
        "change_ranking",
        &json!({"p": period(false)}),
        &["各城市综合指数同比均未上升。"],
    );
    assert!(!out.contains("改善") && !out.contains("持平"), "{out}");
    says(
        &t,
        f,
        "bottom",
        &json!({"p": period(true)}),
        &["排名后三位的城市为柳州、桂林和南宁。"],
    );
    let mut p = period(true);
    p["region"]["good_days"] = json!(383);
    p["region"]["valid_days"] = json!(406);
    says(
        &t,
        f,
        "base",
        &json!({"p": p}),
        &["全区优良天数比例＝各城市优良天数之和（383天）÷有效监测天数之和（406天）"],
    );
    says(
        &t,
        f,
        "footnote",
        &json!({"p": period(true)}),
        &["注：河池（26天）11月有效监测天数不足"],
    );
    let progress = |all: bool| {
        let l = |v: Vec<&str>| if all { json!(v) } else { json!([]) };
        json!({"plan": "方案", "year": 2022, "national": false, "table": "表3", "t": {
            "as_of": "11月30日", "days_left": 31, "region_name": "全区",
            "on_track": l(vec!["北海"]), "at_risk": l(vec!["南宁", "桂林"]), "unreachable": l(vec!["柳州"]),
            "at_risk_named": l(vec!["南宁（PM2.5浓度）", "桂林（优良天数比例）"]),
            "unreachable_named": l(vec!["柳州（优良天数比例）"]),
            "region_status": if all { json!("无法完成") } else { Value::Null },
            "region_lost": l(vec!["重度及以上污染天数比例"]), "region_at_risk": l(vec!["PM2.5浓度"]),
            "region_projection": if all { json!({"pm25": "30.2", "good_ratio": "93.8", "missed": ["PM2.5浓度"]}) } else { Value::Null },
            "not_met_named": l(vec!["柳州（优良天数比例）"]), "projected": all,
            "region": if all { json!({"pm25_so_far": "27.6", "pm25_target": "29.8", "pm25_allowed": "50.2",
                                      "good_so_far": "95.5", "good_target": "95.0"}) } else { Value::Null },
        }})
    };
    says(
        &t,
        f,
        "progress",
        &progress(true),
        &[
            "（全年剩余31天），全区已无法完成重度及以上污染天数比例目标，完成PM2.5浓度目标需好于去年同期水平；按去年同期水平测算，年底PM2.5平均浓度为30.2微克/立方米、优良天数比例为93.8%，PM2.5浓度目标将不能完成。",
            "全区PM2.5平均浓度为27.6微克/立方米（目标29.8微克/立方米）",
            "北海1个城市各项指标进度正常",
            "南宁（PM2.5浓度）、桂林（优良天数比例）2个城市完成相应目标需好于去年同期水平，列入预警",
            "柳州（优良天数比例）1个城市已无法完成相应年度目标，应尽量减少差距，确保完成其余目标。",
        ],
    );
    // The national style counts the cities and points to the appendix instead of naming them.
    let mut national = progress(true);
    national["national"] = json!(true);
    national["table"] = json!("附表3");
    let out = says(
        &t,
        f,
        "progress",
        &national,
        &[
            "1个城市各项指标进度正常；2个城市完成相应目标需好于去年同期水平，列入预警；1个城市已无法完成相应年度目标，应尽量减少差距，确保完成其余目标。各城市进度见附表3。",
        ],
    );
    assert!(!out.contains("北海") && !out.contains("柳州"), "{out}");
    national["t"]["days_left"] = json!(0);
    says(
        &t,
        f,
        "progress",
        &national,
        &["1个城市完成全部年度目标；1个城市未完成相应年度目标，各城市情况见附表3；"],
    );
    let out = says(
        &t,
        f,
        "progress",
        &progress(false),
        &["截至11月30日（全年剩余31天），"],
    );
    assert!(!out.contains("预警") && !out.contains("全区"), "{out}");
    for (status, risk, said) in [
        (
            "预警",
            vec!["PM2.5浓度"],
            "全区完成PM2.5浓度目标需好于去年同期水平，列入预警",
        ),
        ("正常", vec![], "全区各项指标进度正常"),
    ] {
        let mut c = progress(true);
        c["t"]["region_status"] = json!(status);
        c["t"]["region_lost"] = json!([]);
        c["t"]["region_at_risk"] = json!(risk);
        c["t"]["region_projection"]["missed"] = json!([]);
        says(&t, f, "progress", &c, &[said, "可完成年度目标。"]);
    }
    says(
        &t,
        f,
        "progress_note",
        &progress(true),
        &["剩余时段PM2.5控制值"],
    );
    // On 31 December nothing is left to control: the year's outcome is said instead.
    let mut year_end = progress(true);
    year_end["t"]["days_left"] = json!(0);
    let out = says(
        &t,
        f,
        "progress",
        &year_end,
        &[
            "2022年全年，全区未完成重度及以上污染天数比例目标；北海1个城市完成全部年度目标；柳州（优良天数比例）1个城市未完成相应年度目标；",
            "全区PM2.5年均浓度为27.6微克/立方米（目标29.8微克/立方米），优良天数比例为95.5%（目标95.0%）。",
        ],
    );
    assert!(!out.contains("剩余"), "{out}");
    year_end["t"]["region_lost"] = json!([]);
    says(
        &t,
        f,
        "progress",
        &year_end,
        &["2022年全年，全区完成全部年度目标；"],
    );
    says(
        &t,
        f,
        "closing",
        &json!({"rules": "HJ 633-2012", "dust_deduct": false, "dust": ["南宁3天"]}),
        &["采用实况监测数据，未扣除沙尘天气影响", "执行HJ 633-2012"],
    );
    says(
        &t,
        f,
        "closing",
        &json!({"rules": "HJ 633-2012", "dust_deduct": true, "dust": ["南宁3天", "崇左2天"]}),
        &[
            "PM10、PM2.5浓度和环境空气质量综合指数已扣除沙尘天气影响（本月扣除南宁3天、崇左2天）",
            "优良天数比例和重度及以上污染天数比例未扣除",
        ],
    );
    // More than 20 cities with dust: counted, not named.
    let many: Vec<String> = (1..=21).map(|i| format!("城{i}2天")).collect();
    let out = says(
        &t,
        f,
        "closing",
        &json!({"rules": "HJ 633-2012", "dust_deduct": true, "dust": many, "dust_total": 42}),
        &["已扣除沙尘天气影响（本月扣除21个城市共42个城市日），"],
    );
    assert!(!out.contains("城1"), "{out}");
}

#[test]
fn ranking_every_branch() {
    let t = texts();
    let f = "ranking.j2";
    says(
        &t,
        f,
        "intro",
        &json!({"region_name": "全区", "city_count": 14, "year": 2022, "period": "11月和1—11月"}),
        &["对2022年11月和1—11月各设区市环境空气质量进行排名"],
    );
    says(
        &t,
        f,
        "month",
        &json!({"p": period(true)}),
        &["11月，全区14个设区市按环境空气质量综合指数排名"],
    );
    says(
        &t,
        f,
        "month",
        &json!({"p": period_of(true, 339), "table": "附表1"}),
        &["11月，全区339个设区市中，防城港、河池等20个城市空气质量相对较好（从第1名至第20名），依次为：防城港、河池*；柳州、桂林等21个城市空气质量相对较差（从倒数第1名至并列倒数第20名），依次为：柳州、桂林。各城市排名见附表1。"],
    );
    says(
        &t,
        f,
        "note",
        &json!({"p": period(true), "short": ["河池"], "dust_deduct": true}),
        &[
            "PM10、PM2.5浓度和综合指数已扣除沙尘天气影响（扣除南宁3天、崇左2天）。",
            "河池有效监测天数不足，排名仅供参考。",
            "全区的综合指数同比按两年同期均有监测数据的城市计算，不含河池。",
        ],
    );
    let mut p = period(true);
    p["dust"] = json!((1..=25).map(|i| format!("城{i}1天")).collect::<Vec<_>>());
    p["dust_total"] = json!(25);
    says(
        &t,
        f,
        "note",
        &json!({"p": p, "short": [], "dust_deduct": true}),
        &["PM10、PM2.5浓度和综合指数已扣除沙尘天气影响（扣除25个城市共25个城市日）。"],
    );
    let out = says(
        &t,
        f,
        "note",
        &json!({"p": period(false), "short": [], "dust_deduct": false}),
        &["综合指数相同的城市排名并列。"],
    );
    assert!(
        !out.contains("仅供参考") && !out.contains("不含") && !out.contains("沙尘"),
        "{out}"
    );
}

#[test]
fn daily_every_branch() {
    let t = texts();
    let f = "daily.j2";
    let ctx = |above: Vec<&str>, longest: Vec<&str>| json!({"date_label": "12月21日", "above_names": above, "city_count": 14, "region_name": "全区", "longest": longest});
    says(
        &t,
        f,
        "summary",
        &ctx(
            vec!["南宁（120）", "柳州（130）"],
            vec!["柳州已连续超标5天"],
        ),
        &["2个城市空气质量指数（AQI）超过100：南宁（120）、柳州（130），其中柳州已连续超标5天。"],
    );
    let out = says(
        &t,
        f,
        "summary",
        &ctx(vec!["南宁（120）"], vec![]),
        &["1个城市空气质量指数（AQI）超过100：南宁（120）。"],
    );
    assert!(!out.contains("连续"), "{out}");
    says(
        &t,
        f,
        "summary",
        &ctx(vec![], vec![]),
        &["各城市空气质量指数（AQI）均未超过100。"],
    );
    says(
        &t,
        f,
        "note",
        &json!({"date_label": "12月21日", "region_name": "全区"}),
        &[
            "为12月21日之后全年还允许出现的天数",
            "全区类别栏为超标城市数/有效城市数。",
        ],
    );
}

fn overview(full: bool) -> Value {
    let o = |v: Value| if full { v } else { Value::Null };
    json!({
        "week_label": "11月21日—11月27日", "region_name": "全区", "city_count": 14,
        "region": {
            "good_days": 77, "valid_days": 96, "polluted_days": 19, "heavy_days": if full { 1 } else { 0 },
            "good_ratio": "80.2", "good_ratio_wow": o(json!("-17.6")), "good_ratio_yoy": o(json!("0.0")),
            "pm25": "40.1", "pm25_wow": o(json!("12.0")), "pm25_yoy": o(json!("-3.0")),
            "pm10": "62", "pm10_wow": o(json!("1.5")), "pm10_yoy": o(json!("-2.0")),
            "o3": "110", "o3_wow": o(json!("0.0")), "o3_yoy": o(json!("5.1")),
            "compared_without": if full { json!(["河池"]) } else { json!([]) },
            "mtd": o(json!({"label": "11月1日—11月27日", "pm25": "39.7", "pm10": "63", "good_ratio": "93.7",
                            "good_days": 342, "valid_days": 365})),
        }
    })
}

#[test]
fn weekly_every_branch() {
    let t = texts();
    let f = "weekly.j2";
    let intro = |c: &str| json!({"campaign": c, "week_label": "11月21日—11月27日", "region_name": "全区", "city_count": 14});
    says(
        &t,
        f,
        "intro",
        &intro("秋冬季攻坚"),
        &["为推进秋冬季攻坚，现将11月21日—11月27日"],
    );
    let out = says(&t, f, "intro", &intro(""), &["现将11月21日—11月27日"]);
    assert!(!out.contains("为推进"), "{out}");
    says(
        &t,
        f,
        "overview",
        &overview(true),
        &[
            "优良天数比例为80.2%（有效96个城市日中优良77个），环比下降17.6个百分点，同比持平；超标19个城市日（其中重度及以上污染1个城市日）。",
            "PM2.5平均浓度为40.1微克/立方米，环比上升12.0%，同比下降3.0%；",
            "PM10平均浓度为62微克/立方米，环比上升1.5%，同比下降2.0%；",
            "浓度为110微克/立方米，环比持平，同比上升5.1%。",
            "同比变化按两年同期均有监测数据的城市计算，河池去年同期无数据，未计入。",
            "本月以来（11月1日—11月27日），全区PM2.5平均浓度为39.7微克/立方米，PM10平均浓度为63微克/立方米，优良天数比例为93.7%（有效365个城市日中优良342个）。",
        ],
    );
    let out = says(
        &t,
        f,
        "overview",
        &overview(false),
        &["（有效96个城市日中优良77个）；超标19个城市日。PM2.5平均浓度为40.1微克/立方米；"],
    );
    assert!(
        !out.contains("环比")
            && !out.contains("同比")
            && !out.contains("重度")
            && !out.contains("本月"),
        "{out}"
    );
    says(
        &t,
        f,
        "gaps",
        &json!({"gaps": ["河池（11月14日）", "各城市（11月15日）"]}),
        &["未计入统计：河池（11月14日）；各城市（11月15日）。"],
    );
    let p = json!({"ranking": "北海*、钦州", "short": ["北海（5天）"], "city_count": 14});
    let ytd = json!({"ranking": "北海、防城港", "short": [], "city_count": 14});
    let many = json!({"ranking": "", "short": [], "city_count": 60, "best": "甲、乙", "best_first": ["甲", "乙"],
                      "best_n": 20, "worst": "丙、丁", "worst_first": ["丙", "丁"], "worst_n": 20,
                      "best_to": "第20名", "worst_to": "倒数第20名"});
    says(
        &t,
        f,
        "ranking",
        &json!({"p": many, "ytd": many, "slipped": []}),
        &[
            "本周按综合指数排名，甲、乙等20个城市相对较好（从第1名至第20名），依次为：甲、乙；丙、丁等20个城市相对较差（从倒数第1名至倒数第20名），依次为：丙、丁。",
            "年初以来，甲、乙等城市相对较好，丙、丁等城市相对较差，各城市排名见表1。",
        ],
    );
    says(
        &t,
        f,
        "ranking",
        &json!({"p": p, "ytd": ytd, "slipped": ["防城港（第1名降至第6名）"]}),
        &[
            "本周按综合指数排名（由好向差）：北海*、钦州。",
            "带“*”的城市有效监测天数不足，排名仅供参考。",
            "本周排名下降较多的城市：防城港（第1名降至第6名）。",
        ],
    );
    let out = says(
        &t,
        f,
        "ranking",
        &json!({"p": ytd, "ytd": ytd, "slipped": []}),
        &["年初以来排名（由好向差）：北海、防城港。"],
    );
    assert!(
        !out.contains("下降较多") && !out.contains("仅供参考"),
        "{out}"
    );
    says(
        &t,
        f,
        "polluted",
        &json!({"polluted_count": 19}),
        &["本周共出现19个超标城市日"],
    );
    says(
        &t,
        f,
        "polluted",
        &json!({"polluted_count": 0}),
        &["本周各城市均未出现超标天。"],
    );
    let lists = |all: bool| {
        let l = |v: Vec<&str>| if all { json!(v) } else { json!([]) };
        json!({"plan": "方案", "t": {"as_of": "11月27日", "days_left": 34, "region_name": "全区",
            "on_track": l(vec!["北海"]), "at_risk": l(vec!["南宁"]), "unreachable": l(vec!["柳州"]),
            "at_risk_named": l(vec!["南宁（PM2.5浓度）"]), "unreachable_named": l(vec!["柳州（优良天数比例）"]),
            "region_status": if all { json!("预警") } else { Value::Null },
            "region_lost": [], "region_at_risk": l(vec!["优良天数比例"]),
            "region_projection": if all { json!({"pm25": "30.2", "good_ratio": "93.8", "missed": ["优良天数比例"]}) } else { Value::Null },
            "not_met_named": l(vec!["柳州（优良天数比例）", "玉林（优良天数比例）"]), "projected": all}})
    };
    says(
        &t,
        f,
        "progress",
        &lists(true),
        &[
            "全区完成优良天数比例目标需好于去年同期水平，列入预警；",
            "北海进度正常；",
            "南宁（PM2.5浓度）完成相应目标需好于去年同期水平，列入预警；",
            "柳州（优良天数比例）已无法完成相应年度目标。",
        ],
    );
    let mut lost = lists(true);
    lost["t"]["region_lost"] = json!(["重度及以上污染天数比例"]);
    says(
        &t,
        f,
        "progress",
        &lost,
        &["全区已无法完成重度及以上污染天数比例目标，完成优良天数比例目标需好于去年同期水平；"],
    );
    lost["t"]["region_lost"] = json!([]);
    lost["t"]["region_at_risk"] = json!([]);
    says(&t, f, "progress", &lost, &["全区各项指标进度正常；"]);
    let out = says(
        &t,
        f,
        "progress",
        &lists(false),
        &["截至11月27日（全年剩余34天）"],
    );
    assert!(!out.contains("预警") && !out.contains("全区"), "{out}");
    says(
        &t,
        f,
        "projection",
        &lists(false),
        &["暂不能按去年同期水平测算"],
    );
    says(
        &t,
        f,
        "projection",
        &lists(true),
        &[
            "全区年底PM2.5平均浓度为30.2微克/立方米、优良天数比例为93.8%，优良天数比例目标将不能完成；",
            "柳州（优良天数比例）、玉林（优良天数比例）2个城市年底将不能完成相应目标。",
        ],
    );
    let mut met = lists(true);
    met["t"]["not_met_named"] = json!([]);
    met["t"]["region_projection"]["missed"] = json!([]);
    says(
        &t,
        f,
        "projection",
        &met,
        &["可完成年度目标；", "各城市年底均可完成年度目标。"],
    );
    let mut year_end = lists(true);
    year_end["t"]["days_left"] = json!(0);
    let out = says(&t, f, "projection", &year_end, &[]);
    assert_eq!(out, "", "nothing to project on 31 December");
    says(
        &t,
        f,
        "progress",
        &year_end,
        &["全年，全区完成全部年度目标，北海完成全部年度目标，柳州（优良天数比例）未完成相应年度目标。"],
    );
    year_end["t"]["region_lost"] = json!(["优良天数比例"]);
    says(
        &t,
        f,
        "progress",
        &year_end,
        &["全年，全区未完成优良天数比例目标，"],
    );
    says(
        &t,
        f,
        "progress_note",
        &lists(true),
        &["测算值为剩余日期按去年同期水平计算的年底数值"],
    );
    says(
        &t,
        f,
        "warnings_intro",
        &json!({"kind": "at_risk", "count": 4}),
        &["以下4个城市完成年度目标需好于去年同期水平，列入预警"],
    );
    says(
        &t,
        f,
        "warnings_intro",
        &json!({"kind": "unreachable", "count": 3}),
        &["以下3个城市已无法完成部分年度目标，应尽量缩小差距，确保完成其余目标。"],
    );
}

/// A warning context: each status 正常, 预警 or 无法完成 as asked.
fn warning(pm: &str, good: &str, heavy: &str) -> Value {
    let statuses = [pm, good, heavy];
    let lost: Vec<&str> = statuses
        .iter()
        .zip(["PM2.5浓度", "优良天数比例", "重度及以上污染天数比例"])
        .filter(|(s, _)| **s == "无法完成")
        .map(|(_, n)| n)
        .collect();
    json!({"c": {
        "city": "柳州", "status": if lost.is_empty() { "预警" } else { "无法完成" }, "days_left": 34,
        "pm25_status": pm, "pm25_so_far": "32.8", "pm25_target": "30.0",
        "pm25_allowed": if pm == "无法完成" { "-1.2" } else { "28.4" },
        "pm25_allowed_negative": pm == "无法完成", "pm25_last_year": "35.1",
        "good_status": good, "good_so_far": "88.5", "good_target": "92.0",
        "polluted_allowed": match good { "无法完成" => -3, "预警" => 2, _ => 0 },
        "over_by": if good == "无法完成" { 3 } else { -2 },
        "heavy_status": heavy, "heavy_allowed": if heavy == "无法完成" { -1 } else { 0 },
        "lost": lost, "others_reachable": statuses.iter().any(|s| *s != "无法完成"),
    }})
}

#[test]
fn weekly_warning_every_branch() {
    let t = texts();
    let f = "weekly.j2";
    says(
        &t,
        f,
        "warning",
        &warning("无法完成", "无法完成", "无法完成"),
        &[
            "柳州（无法完成：PM2.5浓度、优良天数比例、重度及以上污染天数比例）：",
            "PM2.5累计浓度32.8微克/立方米，年度目标30.0微克/立方米已无法完成",
            "超标天数已超出年度允许3天，优良天数比例目标（92.0%）已无法完成",
            "重度及以上污染天数已超出年度允许；请采取有效措施，尽量缩小与年度目标的差距。",
        ],
    );
    let out = says(
        &t,
        f,
        "warning",
        &warning("预警", "无法完成", "正常"),
        &[
            "柳州（无法完成：优良天数比例）：",
            "请采取有效措施，尽量缩小差距，确保完成其余年度目标。",
        ],
    );
    assert!(!out.contains("确保完成年度目标"), "{out}");
    says(
        &t,
        f,
        "warning",
        &warning("预警", "预警", "预警"),
        &[
            "柳州（预警）：",
            "剩余34天PM2.5平均浓度须控制在28.4微克/立方米以内（去年同期为35.1微克/立方米）",
            "剩余34天最多允许超标2天，方能完成优良天数比例目标（92.0%）",
            "剩余时段须杜绝重度及以上污染天；请采取有效措施，确保完成年度目标。",
        ],
    );
    // No polluted day left to spare: said as it is, not as "最多允许超标0天".
    let mut none_left = warning("正常", "预警", "正常");
    none_left["c"]["polluted_allowed"] = json!(0);
    let out = says(
        &t,
        f,
        "warning",
        &none_left,
        &["剩余34天须全部为优良天，方能完成优良天数比例目标（92.0%）"],
    );
    assert!(!out.contains("最多允许超标0天"), "{out}");
    let mut year_end = warning("无法完成", "无法完成", "无法完成");
    year_end["c"]["days_left"] = json!(0);
    let out = says(
        &t,
        f,
        "warning",
        &year_end,
        &[
            "柳州（未完成）：PM2.5年均浓度32.8微克/立方米，未达到年度目标30.0微克/立方米；",
            "超标天数超出年度允许3天，优良天数比例88.5%，未达到年度目标92.0%；",
            "重度及以上污染天数超出年度允许；请分析原因",
        ],
    );
    assert!(!out.contains("剩余") && !out.contains("确保完成"), "{out}");
    // The reasons of the compact list, one per status.
    for (ctx, reason) in [
        (
            warning("正常", "正常", "无法完成"),
            "重度及以上污染天数已超出年度允许",
        ),
        (
            warning("正常", "无法完成", "正常"),
            "超标天数已超出年度允许",
        ),
        (
            warning("无法完成", "正常", "正常"),
            "PM2.5年度目标已无法完成",
        ),
        (
            warning("预警", "正常", "正常"),
            "剩余时段PM2.5须好于去年同期",
        ),
        (
            warning("正常", "预警", "正常"),
            "剩余时段超标天数须少于去年同期",
        ),
        (
            warning("正常", "正常", "预警"),
            "剩余时段须杜绝重度及以上污染天",
        ),
    ] {
        let out = says(&t, f, "reason", &ctx, &[reason]);
        assert_eq!(out, reason);
    }
    assert_eq!(
        says(&t, f, "reason", &warning("正常", "正常", "正常"), &[]),
        ""
    );
}

#[test]
fn group_sentences_every_branch() {
    let t = texts();
    let g = |with: bool| {
        let c = |v: &str| if with { json!(v) } else { Value::Null };
        json!({"label": "11月", "g": {
            "name": "北部湾城市群", "count": 4, "good_ratio": "96.7", "good_ratio_change": c("1.2"),
            "heavy_ratio": "0.0", "heavy_ratio_change": c("0.0"), "pm25": "30.1", "pm25_change": c("-4.1"),
            "o3": "120", "o3_change": c("3.0"), "index": "3.05", "index_change": c("-2.2"),
            "compared_without": if with { json!(["防城港"]) } else { json!([]) },
            "ranking": "北海、钦州、防城港（与钦州排名相同，并列第二）、南宁",
        }})
    };
    for f in ["monthly.j2", "ranking.j2"] {
        says(
            &t,
            f,
            "group",
            &g(true),
            &[
                "11月，北部湾城市群4个城市优良天数比例为96.7%，同比上升1.2个百分点；",
                "重度及以上污染天数比例为0.0%，同比持平；",
                "PM2.5平均浓度为30.1微克/立方米，同比下降4.1%；",
                "环境空气质量综合指数为3.05，同比下降2.2%。同比变化不含去年同期无数据的防城港。",
            ],
        );
        let out = says(&t, f, "group", &g(false), &["综合指数为3.05。"]);
        assert!(!out.contains("同比") && !out.contains("排名"), "{out}");
        // `[documents] group_ranking = true`: the members ranked within the group.
        let ranked = Texts::new(&Templates::embedded())
            .unwrap()
            .with_flag("group_ranking", true);
        says(
            &ranked,
            f,
            "group",
            &g(false),
            &["北部湾城市群内按综合指数排名（由好向差）：北海、钦州、防城港（与钦州排名相同，并列第二）、南宁。"],
        );
        // A group larger than the list limit is not enumerated in a sentence.
        let mut big = g(false);
        big["g"]["count"] = json!(41);
        let out = says(&ranked, f, "group", &big, &["综合指数为3.05。"]);
        assert!(!out.contains("排名"), "{out}");
    }
}
