//! Deterministic generator of a synthetic national year of hourly station data in the layout of
//! the national urban air-quality real-time publishing platform (全国城市空气质量实时发布平台) as
//! archived by HeQinWill/CNEMC: one CSV with the header
//! `timepoint,stationcode,longitude,latitude,area,positionname,primarypollutant,aqi,pm10,…,co_24h`,
//! rows sorted by timepoint, then station code. It exists to benchmark and stress the importer on
//! a realistically sized file (2,000 stations × 8,760 hours ≈ 17.4 million rows, about 2 GB).
//!
//! The stations (`1001A`, `1002A`, …) belong to 339 prefecture-level cities with their real
//! names (the 14 Guangxi cities included), 3–12 stations per city, about 6 % of them background
//! stations whose name ends with `(对照点)`. Values have seasonal and diurnal cycles (particles
//! high in winter and at night, northern heating seasons, spring dust in the north-west, ozone
//! high on summer afternoons with the diurnal cycle shifted by longitude), a weather factor shared
//! by a province, another shared by a city, and station noise. The derived columns follow the
//! platform: `*_24h` is the rounded mean of the station's last 24 hourly values, `o3_24h` holds
//! the latest 1-hour O3 and `o3` the highest 1-hour O3 of the last 24 hours (the platform swaps
//! the names), `o3_8h_24h` is the mean of the last min(8, k) hours of the day (k = hours since
//! 01:00) and `o3_8h` the highest of those since 01:00. `aqi` and `primarypollutant` are the
//! HJ 633-2012 real-time AQI of the row's 1-hour values (PM on the 24-hour breakpoints), left
//! empty, like the platform does, when a 1-hour value is missing. Hourly CO has one decimal
//! (`1.0`); a 24-hour CO mean that is a whole number is written as an integer (`1`), as the
//! platform does.
//!
//! Missing data: about 1 % of the 1-hour values are empty (instrument gaps of a few hours), about
//! 0.5 % of the station-hours have no row at all (outages of several hours) and about 0.05 % of
//! the rows keep only `timepoint,stationcode,longitude,latitude,area,positionname` with every
//! value empty.
//!
//! Everything comes from one fixed-seed splitmix64 stream consumed in a fixed order, so two runs
//! with the same arguments give byte-identical output. Only `std` float functions are used
//! (`exp`, `cos`, `ln`); last-bit libm differences between platforms could in principle change a
//! rounded value, never the file's shape.
//!
//! Run it with either
//!
//! ```text
//! cargo run --release --example gen_national -- OUT.csv [--stations N] [--hours N] [--year 2023]
//! rustc -O --edition 2021 examples/gen_national.rs -o /tmp/gen_national && /tmp/gen_national OUT.csv
//! ```
//!
//! `--stations` defaults to 2,000 (at most 8,999), `--hours` to the hours of the year (8,760 or
//! 8,784), `--year` to 2023; the first timepoint is `YEAR-01-01T01:00:00` (timepoints are the end
//! of the hour). A small run such as `--stations 50 --hours 48` uses fewer cities and always keeps
//! the Guangxi ones first.

use std::env;
use std::f64::consts::PI;
use std::fs::File;
use std::io::{self, BufWriter, Write};

/// Fixed seed of the random stream; changing it changes every value.
const SEED: u64 = 0x434E_454D_4320_2023;
/// CSV header line (without the line end).
const HEADER: &str =
    "timepoint,stationcode,longitude,latitude,area,positionname,primarypollutant,aqi,\
pm10,pm10_24h,pm2_5,pm2_5_24h,o3,o3_24h,o3_8h,o3_8h_24h,no2,no2_24h,so2,so2_24h,co,co_24h";
/// Stations generated when `--stations` is not given.
const DEFAULT_STATIONS: usize = 2000;
/// Year generated when `--year` is not given.
const DEFAULT_YEAR: i32 = 2023;
/// Highest station count: codes are four digits from 1001 plus `A`.
const MAX_STATIONS: usize = 8999;
/// Fewest and most stations of one city.
const MIN_PER_CITY: usize = 3;
const MAX_PER_CITY: usize = 12;
/// Share of stations that are background stations (`(对照点)`).
const BACKGROUND_SHARE: f64 = 0.06;
/// Share of 1-hour values that are missing, and the mean length of a gap in hours.
const VALUE_GAP_SHARE: f64 = 0.01;
const VALUE_GAP_HOURS: f64 = 3.0;
/// Share of station-hours without a row, and the mean length of an outage in hours.
const ABSENT_SHARE: f64 = 0.005;
const ABSENT_HOURS: f64 = 8.0;
/// Share of rows whose value fields are all empty, and the mean length of such a run in hours.
const EMPTY_SHARE: f64 = 0.0005;
const EMPTY_HOURS: f64 = 2.0;
/// Mean of the combined lognormal particle factors (province 0.42, city 0.22, station 0.15,
/// hourly 0.08 log-standard-deviations): exp(σ²/2).
const PM_WEATHER_MEAN: f64 = 1.135;
/// Size of the output buffer.
const BUFFER_BYTES: usize = 16 << 20;

/// Pollutant slots of the per-station buffers. CO is kept in tenths of mg/m³, the rest in µg/m³.
const PM10: usize = 0;
const PM25: usize = 1;
const O3: usize = 2;
const NO2: usize = 3;
const SO2: usize = 4;
const CO: usize = 5;
/// Marker of a missing hourly value in the buffers.
const NONE: u16 = u16::MAX;

// ---------------------------------------------------------------- geography

/// A province (or municipality): where its cities lie, their typical annual levels and climate.
struct Province {
    /// Centre of the province (degrees) and how far its cities spread from it.
    lon: f64,
    lat: f64,
    spread: f64,
    /// Typical annual means: PM2.5, O3 (1-hour), NO2, SO2 in µg/m³, CO in mg/m³.
    pm25: f64,
    o3: f64,
    no2: f64,
    so2: f64,
    co: f64,
    /// Log-amplitude of the winter particle maximum (heating season in the north).
    winter: f64,
    /// Typical PM10/PM2.5 ratio.
    pm10_ratio: f64,
    /// Proneness to dust episodes (0 none … 1 the most).
    dust: f64,
    /// City names, capital first.
    cities: &'static [&'static str],
}

/// Shorthand constructor for the province table.
#[allow(clippy::too_many_arguments)]
const fn prov(
    lon: f64,
    lat: f64,
    spread: f64,
    pm25: f64,
    o3: f64,
    no2: f64,
    so2: f64,
    co: f64,
    winter: f64,
    pm10_ratio: f64,
    dust: f64,
    cities: &'static [&'static str],
) -> Province {
    Province {
        lon,
        lat,
        spread,
        pm25,
        o3,
        no2,
        so2,
        co,
        winter,
        pm10_ratio,
        dust,
        cities,
    }
}

/// The 31 provinces with their 339 prefecture-level cities (platform short forms for
/// autonomous prefectures), in the platform's station-code order.
#[rustfmt::skip]
const PROVINCES: &[Province] = &[
    prov(116.40, 39.90, 0.2, 32.0, 62.0, 28.0, 3.0, 0.5, 0.50, 1.7, 0.3, &["北京市"]),
    prov(117.20, 39.10, 0.2, 38.0, 62.0, 33.0, 8.0, 0.7, 0.50, 1.7, 0.2, &["天津市"]),
    prov(115.50, 38.50, 1.4, 42.0, 62.0, 32.0, 9.0, 0.8, 0.55, 1.8, 0.3, &[
        "石家庄市", "唐山市", "秦皇岛市", "邯郸市", "邢台市", "保定市", "张家口市", "承德市", "沧州市",
        "廊坊市", "衡水市",
    ]),
    prov(112.50, 37.50, 1.3, 40.0, 60.0, 32.0, 13.0, 1.0, 0.50, 1.9, 0.4, &[
        "太原市", "大同市", "阳泉市", "长治市", "晋城市", "朔州市", "晋中市", "运城市", "忻州市", "临汾市",
        "吕梁市",
    ]),
    prov(111.70, 41.50, 3.5, 24.0, 58.0, 20.0, 12.0, 0.7, 0.45, 2.3, 0.8, &[
        "呼和浩特市", "包头市", "乌海市", "赤峰市", "通辽市", "鄂尔多斯市", "呼伦贝尔市", "巴彦淖尔市",
        "乌兰察布市", "兴安盟", "锡林郭勒盟", "阿拉善盟",
    ]),
    prov(122.50, 41.30, 1.3, 33.0, 56.0, 26.0, 12.0, 0.9, 0.45, 1.8, 0.2, &[
        "沈阳市", "大连市", "鞍山市", "抚顺市", "本溪市", "丹东市", "锦州市", "营口市", "阜新市", "辽阳市",
        "盘锦市", "铁岭市", "朝阳市", "葫芦岛市",
    ]),
    prov(126.00, 43.50, 1.4, 29.0, 52.0, 22.0, 10.0, 0.8, 0.50, 1.7, 0.2, &[
        "长春市", "吉林市", "四平市", "辽源市", "通化市", "白山市", "松原市", "白城市", "延边州",
    ]),
    prov(127.50, 46.50, 2.3, 26.0, 48.0, 20.0, 10.0, 0.7, 0.60, 1.6, 0.1, &[
        "哈尔滨市", "齐齐哈尔市", "鸡西市", "鹤岗市", "双鸭山市", "大庆市", "伊春市", "佳木斯市",
        "七台河市", "牡丹江市", "黑河市", "绥化市", "大兴安岭地区",
    ]),
    prov(121.45, 31.20, 0.2, 28.0, 62.0, 33.0, 6.0, 0.6, 0.40, 1.5, 0.0, &["上海市"]),
    prov(119.50, 32.50, 1.1, 33.0, 64.0, 28.0, 7.0, 0.7, 0.45, 1.6, 0.0, &[
        "南京市", "无锡市", "徐州市", "常州市", "苏州市", "南通市", "连云港市", "淮安市", "盐城市", "扬州市",
        "镇江市", "泰州市", "宿迁市",
    ]),
    prov(120.20, 29.20, 1.0, 25.0, 62.0, 26.0, 6.0, 0.6, 0.40, 1.6, 0.0, &[
        "杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市", "舟山市", "台州市",
        "丽水市",
    ]),
    prov(117.20, 31.80, 1.1, 36.0, 60.0, 26.0, 7.0, 0.7, 0.50, 1.6, 0.0, &[
        "合肥市", "芜湖市", "蚌埠市", "淮南市", "马鞍山市", "淮北市", "铜陵市", "安庆市", "黄山市", "滁州市",
        "阜阳市", "宿州市", "六安市", "亳州市", "池州市", "宣城市",
    ]),
    prov(118.30, 26.00, 1.0, 20.0, 56.0, 18.0, 5.0, 0.5, 0.30, 1.7, 0.0, &[
        "福州市", "厦门市", "莆田市", "三明市", "泉州市", "漳州市", "南平市", "龙岩市", "宁德市",
    ]),
    prov(115.80, 27.60, 1.1, 30.0, 58.0, 22.0, 9.0, 0.8, 0.40, 1.6, 0.0, &[
        "南昌市", "景德镇市", "萍乡市", "九江市", "新余市", "鹰潭市", "赣州市", "吉安市", "宜春市", "抚州市",
        "上饶市",
    ]),
    prov(118.00, 36.40, 1.3, 38.0, 66.0, 28.0, 10.0, 0.8, 0.50, 1.8, 0.2, &[
        "济南市", "青岛市", "淄博市", "枣庄市", "东营市", "烟台市", "潍坊市", "济宁市", "泰安市", "威海市",
        "日照市", "临沂市", "德州市", "聊城市", "滨州市", "菏泽市",
    ]),
    prov(113.60, 34.20, 1.2, 45.0, 62.0, 28.0, 8.0, 0.9, 0.55, 1.7, 0.2, &[
        "郑州市", "开封市", "洛阳市", "平顶山市", "安阳市", "鹤壁市", "新乡市", "焦作市", "濮阳市", "许昌市",
        "漯河市", "三门峡市", "南阳市", "商丘市", "信阳市", "周口市", "驻马店市", "济源市",
    ]),
    prov(112.50, 30.80, 1.3, 36.0, 58.0, 26.0, 7.0, 0.8, 0.50, 1.6, 0.0, &[
        "武汉市", "黄石市", "十堰市", "宜昌市", "襄阳市", "鄂州市", "荆门市", "孝感市", "荆州市", "黄冈市",
        "咸宁市", "随州市", "恩施州",
    ]),
    prov(112.30, 27.80, 1.1, 34.0, 56.0, 23.0, 8.0, 0.8, 0.45, 1.5, 0.0, &[
        "长沙市", "株洲市", "湘潭市", "衡阳市", "邵阳市", "岳阳市", "常德市", "张家界市", "益阳市", "郴州市",
        "永州市", "怀化市", "娄底市", "湘西州",
    ]),
    prov(113.50, 23.20, 1.2, 21.0, 62.0, 26.0, 7.0, 0.7, 0.35, 1.7, 0.0, &[
        "广州市", "韶关市", "深圳市", "珠海市", "汕头市", "佛山市", "江门市", "湛江市", "茂名市", "肇庆市",
        "惠州市", "梅州市", "汕尾市", "河源市", "阳江市", "清远市", "东莞市", "中山市", "潮州市", "揭阳市",
        "云浮市",
    ]),
    prov(108.80, 23.70, 1.2, 26.0, 56.0, 20.0, 9.0, 0.8, 0.40, 1.6, 0.0, GUANGXI),
    prov(110.00, 19.50, 0.7, 13.0, 52.0, 9.0, 4.0, 0.5, 0.30, 2.0, 0.0, &["海口市", "三亚市", "儋州市"]),
    prov(106.50, 29.60, 0.3, 32.0, 52.0, 32.0, 8.0, 0.8, 0.50, 1.6, 0.0, &["重庆市"]),
    prov(104.00, 30.30, 1.8, 32.0, 52.0, 24.0, 8.0, 0.7, 0.50, 1.6, 0.0, &[
        "成都市", "自贡市", "攀枝花市", "泸州市", "德阳市", "绵阳市", "广元市", "遂宁市", "内江市", "乐山市",
        "南充市", "眉山市", "宜宾市", "广安市", "达州市", "雅安市", "巴中市", "资阳市", "阿坝州", "甘孜州",
        "凉山州",
    ]),
    prov(106.70, 26.60, 1.1, 23.0, 48.0, 16.0, 10.0, 0.7, 0.35, 1.5, 0.0, &[
        "贵阳市", "六盘水市", "遵义市", "安顺市", "毕节市", "铜仁市", "黔西南州", "黔东南州", "黔南州",
    ]),
    prov(101.50, 24.80, 1.8, 22.0, 55.0, 14.0, 9.0, 0.8, 0.30, 1.6, 0.0, &[
        "昆明市", "曲靖市", "玉溪市", "保山市", "昭通市", "丽江市", "普洱市", "临沧市", "楚雄州", "红河州",
        "文山州", "西双版纳州", "大理州", "德宏州", "怒江州", "迪庆州",
    ]),
    prov(91.10, 29.60, 2.8, 12.0, 60.0, 10.0, 4.0, 0.5, 0.20, 2.4, 0.4, &[
        "拉萨市", "日喀则市", "昌都市", "林芝市", "山南市", "那曲市", "阿里地区",
    ]),
    prov(108.90, 34.80, 1.4, 40.0, 58.0, 32.0, 8.0, 0.9, 0.55, 1.9, 0.4, &[
        "西安市", "铜川市", "宝鸡市", "咸阳市", "渭南市", "延安市", "汉中市", "榆林市", "安康市", "商洛市",
    ]),
    prov(103.80, 36.10, 2.8, 28.0, 56.0, 24.0, 11.0, 0.9, 0.45, 2.4, 0.9, &[
        "兰州市", "嘉峪关市", "金昌市", "白银市", "天水市", "武威市", "张掖市", "平凉市", "酒泉市", "庆阳市",
        "定西市", "陇南市", "临夏州", "甘南州",
    ]),
    prov(99.00, 35.50, 2.8, 25.0, 58.0, 18.0, 10.0, 0.8, 0.35, 2.4, 0.7, &[
        "西宁市", "海东市", "海北州", "黄南州", "海南州", "果洛州", "玉树州", "海西州",
    ]),
    prov(106.20, 38.00, 0.8, 30.0, 60.0, 26.0, 14.0, 0.9, 0.40, 2.3, 0.8, &[
        "银川市", "石嘴山市", "吴忠市", "固原市", "中卫市",
    ]),
    prov(84.00, 43.00, 4.5, 38.0, 50.0, 26.0, 8.0, 1.0, 0.80, 2.6, 1.0, &[
        "乌鲁木齐市", "克拉玛依市", "吐鲁番市", "哈密市", "昌吉州", "博州", "巴州", "阿克苏地区", "克州",
        "喀什地区", "和田地区", "伊犁哈萨克州", "塔城地区", "阿勒泰地区", "石河子市", "五家渠市",
    ]),
];

/// The 14 cities of Guangxi.
#[rustfmt::skip]
const GUANGXI: &[&str] = &[
    "南宁市", "柳州市", "桂林市", "梧州市", "北海市", "防城港市", "钦州市", "贵港市", "玉林市", "百色市",
    "贺州市", "河池市", "来宾市", "崇左市",
];

/// Real city centres of the Guangxi cities (longitude, latitude), same order as [`GUANGXI`].
const GUANGXI_CENTRES: [(f64, f64); 14] = [
    (108.366, 22.817),
    (109.412, 24.326),
    (110.290, 25.274),
    (111.279, 23.477),
    (109.120, 21.481),
    (108.355, 21.687),
    (108.654, 21.980),
    (109.598, 23.112),
    (110.181, 22.654),
    (106.618, 23.902),
    (111.567, 24.404),
    (108.085, 24.693),
    (109.221, 23.750),
    (107.365, 22.377),
];

/// Ordinary station names; each city draws its own without repetition.
#[rustfmt::skip]
const SITE_NAMES: &[&str] = &[
    "监测站", "环保局", "开发区", "高新区", "市政府", "体育馆", "人民公园", "文化中心", "市委党校", "火车站",
    "污水处理厂", "职业学院", "第一中学", "新区", "工业园", "气象局", "中心广场", "自来水厂", "人民医院", "师范学院",
    "行政中心", "南湖", "东湖", "北站", "新城", "老城区", "江滨", "河西", "城东", "城南",
    "城西", "城北", "科技园", "会展中心", "疾控中心", "图书馆", "教育局", "农科所", "大学城", "奥体中心",
    "港务局", "电视台", "市监测站", "实验中学", "市环境站", "商贸城",
];

/// Background station names (suffixed with `(对照点)`).
#[rustfmt::skip]
const BACKGROUND_NAMES: &[&str] = &[
    "森林公园", "水库", "风景区", "山顶", "林场", "湿地公园", "郊野公园", "植物园", "农场", "茶场",
];

// ---------------------------------------------------------------- random numbers

/// splitmix64: one fixed-seed stream for everything.
struct Rng(u64);

impl Rng {
    /// Next raw 64-bit output.
    #[inline]
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform deviate in [0, 1).
    #[inline]
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform deviate in [lo, hi).
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// Uniform integer in 0..n.
    fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Approximately standard normal deviate: the sum of four 16-bit uniforms (Irwin–Hall),
    /// rescaled. Cheap, and its bounded tails (±3.46) keep lognormal factors sane.
    #[inline]
    fn normal(&mut self) -> f64 {
        let x = self.next_u64();
        let s = (x & 0xFFFF) + ((x >> 16) & 0xFFFF) + ((x >> 32) & 0xFFFF) + (x >> 48);
        (s as f64 * (1.0 / 65536.0) - 2.0) * 3f64.sqrt()
    }

    /// Mean-one lognormal factor with log-standard-deviation `sigma`.
    fn lognormal(&mut self, sigma: f64) -> f64 {
        (sigma * self.normal() - 0.5 * sigma * sigma).exp()
    }
}

/// A stationary AR(1) process (mean 0, standard deviation `sigma`, correlation time `tau` hours).
#[derive(Clone, Copy)]
struct Ar1 {
    phi: f64,
    innovation: f64,
    state: f64,
}

impl Ar1 {
    /// Creates the process, starting from a draw of its stationary distribution.
    fn new(sigma: f64, tau: f64, rng: &mut Rng) -> Self {
        let phi = (-1.0 / tau).exp();
        Ar1 {
            phi,
            innovation: sigma * (1.0 - phi * phi).sqrt(),
            state: sigma * rng.normal(),
        }
    }

    /// Advances one hour and returns the new state.
    #[inline]
    fn step(&mut self, rng: &mut Rng) -> f64 {
        self.state = self.phi * self.state + self.innovation * rng.normal();
        self.state
    }
}

/// A run of consecutive "on" hours (gaps, outages) that starts at random.
#[derive(Clone, Copy, Default)]
struct Runs {
    left: u32,
}

impl Runs {
    /// Start probability per free hour for a long-run share `share` of runs of mean length `mean`.
    fn start_probability(share: f64, mean: f64) -> f64 {
        share / (mean * (1.0 - share))
    }

    /// Whether this hour is inside a run; `p` is the start probability, `mean` the mean length.
    #[inline]
    fn on(&mut self, p: f64, mean: f64, rng: &mut Rng) -> bool {
        if self.left > 0 {
            self.left -= 1;
            return true;
        }
        if rng.uniform() >= p {
            return false;
        }
        // Geometric length with the given mean (at least one hour).
        let q = 1.0 - 1.0 / mean;
        let extra = if q > 0.0 {
            ((1.0 - rng.uniform()).ln() / q.ln()).floor()
        } else {
            0.0
        };
        self.left = extra.min(500.0) as u32;
        true
    }
}

// ---------------------------------------------------------------- model

/// A city: where it is and its typical levels.
struct City {
    name: &'static str,
    province: usize,
    lon: f64,
    lat: f64,
    /// Annual-mean levels (PM2.5, O3, NO2, SO2 µg/m³; CO mg/m³) and the PM10/PM2.5 ratio.
    pm25: f64,
    o3: f64,
    no2: f64,
    so2: f64,
    co: f64,
    pm10_ratio: f64,
}

/// Weather of a province: particle and ozone factors and a dust episode.
struct Weather {
    pm: Ar1,
    o3: Ar1,
    dust_left: u32,
    dust_strength: f64,
}

/// A station: its fixed text, levels relative to its city and its running state.
struct Station {
    /// `stationcode,longitude,latitude,area,positionname,` as bytes.
    prefix: Vec<u8>,
    city: usize,
    /// Multipliers on the city's levels.
    pm: f64,
    o3: f64,
    no2: f64,
    so2: f64,
    co: f64,
    pm10_ratio: f64,
    /// Station-scale particle and gas noise.
    ar_pm: Ar1,
    ar_gas: Ar1,
    /// Missing-data runs: whole row absent, row with all values empty, and one per pollutant.
    absent: Runs,
    empty: Runs,
    gaps: [Runs; 6],
    /// The last 24 hourly values of each pollutant (ring indexed by hour mod 24), their sums and
    /// counts of valid entries.
    ring: [[u16; 24]; 6],
    sum: [u32; 6],
    count: [u8; 6],
    /// Highest 8-hour O3 of the current day so far.
    o3_8h_max: Option<u32>,
}

impl Station {
    /// Stores this hour's values (NONE for missing) at ring position `pos`, keeping the sums.
    #[inline]
    fn push(&mut self, pos: usize, values: &[u16; 6]) {
        for (p, &new) in values.iter().enumerate() {
            let old = self.ring[p][pos];
            if old != NONE {
                self.sum[p] -= u32::from(old);
                self.count[p] -= 1;
            }
            if new != NONE {
                self.sum[p] += u32::from(new);
                self.count[p] += 1;
            }
            self.ring[p][pos] = new;
        }
    }

    /// Rounded mean of the last 24 hours of pollutant `p` (half up), if any hour is valid.
    #[inline]
    fn mean24(&self, p: usize) -> Option<u32> {
        let n = u32::from(self.count[p]);
        (n > 0).then(|| (2 * self.sum[p] + n) / (2 * n))
    }

    /// Highest 1-hour O3 of the last 24 hours.
    #[inline]
    fn o3_max24(&self) -> Option<u32> {
        self.ring[O3]
            .iter()
            .filter(|v| **v != NONE)
            .max()
            .map(|v| u32::from(*v))
    }

    /// Rounded mean O3 of the last `w` hours ending at ring position `pos`.
    #[inline]
    fn o3_mean_last(&self, pos: usize, w: usize) -> Option<u32> {
        let (mut s, mut n) = (0u32, 0u32);
        for i in 0..w {
            let v = self.ring[O3][(pos + 24 - i) % 24];
            if v != NONE {
                s += u32::from(v);
                n += 1;
            }
        }
        (n > 0).then(|| (2 * s + n) / (2 * n))
    }
}

/// A chosen city: province index, name, and its real centre when known.
type CityChoice = (usize, &'static str, Option<(f64, f64)>);

/// Chooses the cities for `stations` stations: all 339 when there are enough stations, otherwise
/// the Guangxi cities first and then the others in list order (kept in list order).
fn choose_cities(stations: usize) -> Vec<CityChoice> {
    let mut all = Vec::new();
    for (p, prov) in PROVINCES.iter().enumerate() {
        let guangxi = std::ptr::eq(prov.cities, GUANGXI);
        for (i, name) in prov.cities.iter().enumerate() {
            all.push((p, *name, guangxi.then(|| GUANGXI_CENTRES[i])));
        }
    }
    let wanted = (stations / MIN_PER_CITY).clamp(1, all.len());
    if wanted == all.len() {
        return all;
    }
    let mut keep = vec![false; all.len()];
    let mut n = 0;
    for pass in 0..2 {
        for (i, c) in all.iter().enumerate() {
            if n < wanted && !keep[i] && (pass == 1 || c.2.is_some()) {
                keep[i] = true;
                n += 1;
            }
        }
    }
    all.into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(c, _)| c)
        .collect()
}

/// Builds the cities with their centres and levels.
fn build_cities(stations: usize, rng: &mut Rng) -> Vec<City> {
    choose_cities(stations)
        .into_iter()
        .map(|(p, name, centre)| {
            let pr = &PROVINCES[p];
            let (lon, lat) = centre.unwrap_or_else(|| {
                (
                    pr.lon + pr.spread * rng.range(-1.0, 1.0),
                    pr.lat + 0.7 * pr.spread * rng.range(-1.0, 1.0),
                )
            });
            City {
                name,
                province: p,
                lon,
                lat,
                // Divided by the means of the winter cycle and of the lognormal weather factors,
                // so that the annual mean stays near the province's level.
                pm25: pr.pm25 * rng.lognormal(0.18)
                    / (1.0 + 0.25 * pr.winter * pr.winter)
                    / PM_WEATHER_MEAN,
                o3: pr.o3 * rng.lognormal(0.08),
                no2: pr.no2 * rng.lognormal(0.2),
                so2: pr.so2 * rng.lognormal(0.35),
                co: pr.co * rng.lognormal(0.2),
                pm10_ratio: pr.pm10_ratio * rng.lognormal(0.08),
            }
        })
        .collect()
}

/// Splits `stations` over the cities: at least 3 and at most 12 each, capitals favoured.
fn stations_per_city(cities: &[City], stations: usize, rng: &mut Rng) -> Vec<usize> {
    let n = cities.len();
    let base = MIN_PER_CITY.min(stations / n.max(1)).max(1);
    let mut counts = vec![base.min(stations); n];
    let mut left = stations.saturating_sub(base * n);
    let weight = |i: usize| {
        let capital = i == 0 || cities[i - 1].province != cities[i].province;
        if capital {
            5.0
        } else {
            1.0
        }
    };
    while left > 0 {
        let total: f64 = (0..n)
            .filter(|i| counts[*i] < MAX_PER_CITY)
            .map(weight)
            .sum();
        if total == 0.0 {
            break;
        }
        let mut x = rng.uniform() * total;
        for (i, count) in counts.iter_mut().enumerate() {
            if *count >= MAX_PER_CITY {
                continue;
            }
            x -= weight(i);
            if x < 0.0 {
                *count += 1;
                left -= 1;
                break;
            }
        }
    }
    counts
}

/// Appends `v` with exactly four decimals.
fn push_coord(buf: &mut Vec<u8>, v: f64) {
    buf.extend_from_slice(format!("{v:.4}").as_bytes());
}

/// Builds the stations: codes from 1001A in city order, names, positions and levels.
fn build_stations(cities: &[City], stations: usize, rng: &mut Rng) -> Vec<Station> {
    let counts = stations_per_city(cities, stations, rng);
    let mut out = Vec::with_capacity(stations);
    for (c, city) in cities.iter().enumerate() {
        let n = counts[c];
        // About 6 % of all stations are background stations: at most one per city.
        let background = (rng.uniform() < BACKGROUND_SHARE * n as f64).then(|| rng.below(n));
        let mut names: Vec<&str> = SITE_NAMES.to_vec();
        for k in 0..n {
            let code = 1001 + out.len();
            let bg = background == Some(k);
            let name = if bg {
                format!(
                    "{}(对照点)",
                    BACKGROUND_NAMES[rng.below(BACKGROUND_NAMES.len())]
                )
            } else if names.is_empty() {
                format!("监测站{}", k + 1)
            } else {
                names.swap_remove(rng.below(names.len())).to_string()
            };
            let spread = if bg { 0.25 } else { 0.06 };
            let mut prefix = Vec::with_capacity(64);
            prefix.extend_from_slice(format!("{code}A,").as_bytes());
            push_coord(&mut prefix, city.lon + spread * rng.range(-1.0, 1.0));
            prefix.push(b',');
            push_coord(&mut prefix, city.lat + spread * rng.range(-1.0, 1.0));
            prefix.push(b',');
            prefix.extend_from_slice(city.name.as_bytes());
            prefix.push(b',');
            prefix.extend_from_slice(name.as_bytes());
            prefix.push(b',');
            // Urban stations: more NO2 and CO, less O3 (titration); background the opposite.
            let urban = if bg { 0.55 } else { rng.range(0.85, 1.2) };
            out.push(Station {
                prefix,
                city: c,
                pm: if bg { 0.75 } else { urban.sqrt() } * rng.lognormal(0.1),
                o3: (if bg { 1.15 } else { 1.0 / urban.sqrt() }) * rng.lognormal(0.06),
                no2: urban * rng.lognormal(0.2),
                so2: rng.lognormal(0.35),
                co: urban.sqrt() * rng.lognormal(0.15),
                pm10_ratio: city.pm10_ratio * rng.lognormal(0.07),
                ar_pm: Ar1::new(0.15, 4.0, rng),
                ar_gas: Ar1::new(0.2, 3.0, rng),
                absent: Runs::default(),
                empty: Runs::default(),
                gaps: [Runs::default(); 6],
                ring: [[NONE; 24]; 6],
                sum: [0; 6],
                count: [0; 6],
                o3_8h_max: None,
            });
        }
    }
    out
}

// ---------------------------------------------------------------- calendar

/// Whether `y` is a leap year.
fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in month `m` (1–12) of year `y`.
fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A wall-clock hour that advances one hour at a time.
struct Clock {
    y: i32,
    m: u32,
    d: u32,
    h: u32,
    /// Day of the year, 0-based.
    doy: u32,
}

impl Clock {
    /// Advances one hour.
    fn tick(&mut self) {
        self.h += 1;
        if self.h < 24 {
            return;
        }
        self.h = 0;
        self.doy += 1;
        self.d += 1;
        if self.d > days_in_month(self.y, self.m) {
            self.d = 1;
            self.m += 1;
            if self.m > 12 {
                self.m = 1;
                self.y += 1;
                self.doy = 0;
            }
        }
    }

    /// `YYYY-MM-DDTHH:00:00,` as bytes.
    fn timepoint(&self) -> Vec<u8> {
        format!(
            "{:04}-{:02}-{:02}T{:02}:00:00,",
            self.y, self.m, self.d, self.h
        )
        .into_bytes()
    }
}

// ---------------------------------------------------------------- AQI

/// HJ 633-2012 IAQI nodes.
const IAQI: [u32; 8] = [0, 50, 100, 150, 200, 300, 400, 500];
/// Breakpoints of the real-time AQI, in the units of the buffers (CO in tenths).
const BP_SO2: [u32; 5] = [0, 150, 500, 650, 800];
const BP_NO2: [u32; 8] = [0, 100, 200, 700, 1200, 2340, 3090, 3840];
const BP_PM10: [u32; 8] = [0, 50, 150, 250, 350, 420, 500, 600];
const BP_CO: [u32; 8] = [0, 50, 100, 350, 600, 900, 1200, 1500];
const BP_O3: [u32; 8] = [0, 160, 200, 300, 400, 800, 1000, 1200];
const BP_PM25: [u32; 8] = [0, 35, 75, 115, 150, 250, 350, 500];

/// IAQI of concentration `c` on breakpoints `bp`, rounded up; 500 above the table.
fn iaqi(c: u32, bp: &[u32]) -> u32 {
    for i in 0..bp.len() - 1 {
        if c <= bp[i + 1] {
            let (lo, hi) = (bp[i], bp[i + 1]);
            let num = (IAQI[i + 1] - IAQI[i]) * (c - lo.min(c));
            return IAQI[i] + num.div_ceil(hi - lo);
        }
    }
    500
}

/// Primary pollutant labels in the platform's order, with the matching buffer slot and table.
const PRIMARY: [(&str, usize, &[u32]); 6] = [
    ("二氧化硫", SO2, &BP_SO2),
    ("二氧化氮", NO2, &BP_NO2),
    ("颗粒物(PM10)", PM10, &BP_PM10),
    ("一氧化碳", CO, &BP_CO),
    ("臭氧1小时", O3, &BP_O3),
    ("细颗粒物(PM2.5)", PM25, &BP_PM25),
];

/// Appends `primarypollutant,aqi,` for a row whose six 1-hour values are all present.
fn push_aqi(buf: &mut Vec<u8>, v: &[u16; 6]) {
    let mut idx = [0u32; 6];
    for (k, (_, p, bp)) in PRIMARY.iter().enumerate() {
        idx[k] = iaqi(u32::from(v[*p]), bp);
    }
    let aqi = idx.iter().copied().max().unwrap_or(0);
    if aqi > 50 {
        let n = idx.iter().filter(|i| **i == aqi).count();
        if n > 1 {
            buf.push(b'"');
        }
        let mut first = true;
        for (k, (label, _, _)) in PRIMARY.iter().enumerate() {
            if idx[k] == aqi {
                if !first {
                    buf.push(b',');
                }
                buf.extend_from_slice(label.as_bytes());
                first = false;
            }
        }
        if n > 1 {
            buf.push(b'"');
        }
    }
    buf.push(b',');
    push_u32(buf, aqi);
    buf.push(b',');
}

// ---------------------------------------------------------------- formatting

/// Appends the decimal digits of `v`.
#[inline]
fn push_u32(buf: &mut Vec<u8>, mut v: u32) {
    let mut tmp = [0u8; 10];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

/// Appends tenths as `I.F`; with `trim`, a whole number is written without `.0`.
#[inline]
fn push_tenths(buf: &mut Vec<u8>, v: u32, trim: bool) {
    push_u32(buf, v / 10);
    let frac = (v % 10) as u8;
    if !(trim && frac == 0) {
        buf.push(b'.');
        buf.push(b'0' + frac);
    }
}

/// Appends an optional integer value followed by `sep` (nothing for a missing value).
#[inline]
fn push_opt(buf: &mut Vec<u8>, v: Option<u32>, sep: u8) {
    if let Some(v) = v {
        push_u32(buf, v);
    }
    buf.push(sep);
}

/// Appends an hourly value from a buffer entry (NONE is empty) followed by a comma.
#[inline]
fn push_hourly(buf: &mut Vec<u8>, v: u16) {
    if v != NONE {
        push_u32(buf, u32::from(v));
    }
    buf.push(b',');
}

// ---------------------------------------------------------------- generation

/// Command-line options.
struct Options {
    out: String,
    stations: usize,
    hours: Option<usize>,
    year: i32,
}

/// An `InvalidInput` error with a message.
fn bad(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

/// Parses `OUT.csv [--stations N] [--hours N] [--year Y]`.
fn parse_args() -> io::Result<Options> {
    let usage = "usage: gen_national OUT.csv [--stations N] [--hours N] [--year 2023]";
    let mut out = None;
    let mut o = Options {
        out: String::new(),
        stations: DEFAULT_STATIONS,
        hours: None,
        year: DEFAULT_YEAR,
    };
    let mut args = env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "-h" || a == "--help" {
            println!("{usage}");
            std::process::exit(0);
        }
        if let Some(flag) = a.strip_prefix("--") {
            let v = args
                .next()
                .ok_or_else(|| bad(format!("--{flag} needs a value\n{usage}")))?;
            let num = |v: &str| {
                v.parse::<usize>()
                    .map_err(|_| bad(format!("--{flag}: not a number: {v}")))
            };
            match flag {
                "stations" => o.stations = num(&v)?,
                "hours" => o.hours = Some(num(&v)?),
                "year" => {
                    o.year = v
                        .parse()
                        .map_err(|_| bad(format!("--year: not a year: {v}")))?
                }
                _ => return Err(bad(format!("unknown option --{flag}\n{usage}"))),
            }
        } else if out.is_none() {
            out = Some(a);
        } else {
            return Err(bad(format!("unexpected argument {a}\n{usage}")));
        }
    }
    o.out = out.ok_or_else(|| bad(usage.to_string()))?;
    if o.stations == 0 || o.stations > MAX_STATIONS {
        return Err(bad(format!("--stations must be 1…{MAX_STATIONS}")));
    }
    if !(1000..=9998).contains(&o.year) {
        return Err(bad("--year must be 1000…9998".to_string()));
    }
    Ok(o)
}

/// Per-hour climate factors of one province.
#[derive(Clone, Copy, Default)]
struct Climate {
    pm: f64,
    pm10: f64,
    o3: f64,
    no2: f64,
    so2: f64,
    co: f64,
}

/// Seasonal × diurnal factors of every province for the hour ending at `clock`, advancing the
/// provincial weather (one AR step each, dust episodes).
fn climate(
    clock: &Clock,
    days_in_year: f64,
    weather: &mut [Weather],
    rng: &mut Rng,
) -> Vec<Climate> {
    let doy = f64::from(clock.doy) + (f64::from(clock.h) - 0.5) / 24.0;
    let winter = (2.0 * PI * (doy - 15.0) / days_in_year).cos(); // +1 mid-January
    let spring = matches!(clock.m, 3..=5);
    PROVINCES
        .iter()
        .zip(weather.iter_mut())
        .map(|(pr, w)| {
            // Local solar hour of the middle of the hour (Beijing time is 120°E).
            let hour = (f64::from(clock.h) - 0.5 + (pr.lon - 120.0) / 15.0).rem_euclid(24.0);
            let day = |peak: f64| (2.0 * PI * (hour - peak) / 24.0).cos();
            let half_day = |peak: f64| (4.0 * PI * (hour - peak) / 24.0).cos();
            // Ozone: summer maximum, later (and weaker) in the south; afternoon peak.
            let o3_peak_day = 170.0 + (35.0 - pr.lat).clamp(0.0, 15.0) * 5.0;
            let o3_amp = if pr.lat > 28.0 { 0.35 } else { 0.22 };
            let o3_season = 1.0 + o3_amp * (2.0 * PI * (doy - o3_peak_day) / days_in_year).cos();
            // Afternoon photochemical peak, itself stronger in the ozone season.
            let g = (hour - 14.5) / 3.6;
            let o3_day = (0.55 + 1.3 * o3_season * (-g * g).exp()) / 1.07;
            let pm_w = w.pm.step(rng);
            let o3_w = w.o3.step(rng);
            // Dust: mostly in spring, in the dusty provinces, a day or two at a time.
            if w.dust_left > 0 {
                w.dust_left -= 1;
            } else {
                w.dust_strength = 0.0;
                let p = pr.dust * if spring { 0.004 } else { 0.0006 };
                if p > 0.0 && rng.uniform() < p {
                    w.dust_left = 12 + rng.below(36) as u32;
                    w.dust_strength = rng.range(0.4, 1.6);
                }
            }
            let pm =
                (pr.winter * winter + pm_w).exp() * (1.0 + 0.18 * day(22.0) + 0.06 * half_day(9.0));
            Climate {
                pm,
                // Coarse share: lowest in winter (secondary aerosol), raised by dust.
                pm10: (1.0 - 0.35 * winter) * (1.0 + w.dust_strength),
                o3: o3_season * o3_day * o3_w.exp(),
                no2: (0.25 * winter + 0.5 * pm_w).exp()
                    * (1.0 + 0.28 * day(21.0) + 0.12 * half_day(8.0)),
                so2: (0.8 * pr.winter * winter + 0.4 * pm_w).exp() * (1.0 + 0.15 * day(11.0)),
                co: (0.6 * pr.winter * winter + 0.5 * pm_w).exp() * (1.0 + 0.15 * day(21.0)),
            }
        })
        .collect()
}

/// Rounds a non-negative concentration to an integer buffer value (capped below NONE).
#[inline]
fn q(v: f64, cap: f64) -> u16 {
    v.clamp(0.0, cap).round() as u16
}

/// Writes the whole file.
fn generate(o: &Options) -> io::Result<u64> {
    let mut rng = Rng(SEED);
    let cities = build_cities(o.stations, &mut rng);
    let mut stations = build_stations(&cities, o.stations, &mut rng);
    let mut weather: Vec<Weather> = PROVINCES
        .iter()
        .map(|_| Weather {
            pm: Ar1::new(0.42, 60.0, &mut rng),
            o3: Ar1::new(0.22, 72.0, &mut rng),
            dust_left: 0,
            dust_strength: 0.0,
        })
        .collect();
    let mut city_pm: Vec<Ar1> = cities
        .iter()
        .map(|_| Ar1::new(0.22, 12.0, &mut rng))
        .collect();
    let mut city_o3: Vec<Ar1> = cities
        .iter()
        .map(|_| Ar1::new(0.1, 12.0, &mut rng))
        .collect();

    let days_in_year = if is_leap(o.year) { 366.0 } else { 365.0 };
    let hours = o.hours.unwrap_or(days_in_year as usize * 24);
    let mut clock = Clock {
        y: o.year,
        m: 1,
        d: 1,
        h: 0,
        doy: 0,
    };
    let p_absent = Runs::start_probability(ABSENT_SHARE, ABSENT_HOURS);
    let p_empty = Runs::start_probability(EMPTY_SHARE, EMPTY_HOURS);
    let p_gap = Runs::start_probability(VALUE_GAP_SHARE, VALUE_GAP_HOURS);

    let file = File::create(&o.out)?;
    let mut w = BufWriter::with_capacity(BUFFER_BYTES, file);
    w.write_all(HEADER.as_bytes())?;
    w.write_all(b"\n")?;
    let mut rows = 0u64;
    let mut line: Vec<u8> = Vec::with_capacity(256);

    for t in 0..hours {
        clock.tick();
        let pos = t % 24;
        // Hours since 01:00 of the platform day (the 00:00 timepoint closes the previous day).
        let k = t % 24 + 1;
        let tp = clock.timepoint();
        let clim = climate(&clock, days_in_year, &mut weather, &mut rng);
        let cpm: Vec<f64> = city_pm.iter_mut().map(|a| a.step(&mut rng)).collect();
        let co3: Vec<f64> = city_o3.iter_mut().map(|a| a.step(&mut rng)).collect();

        for st in stations.iter_mut() {
            if k == 1 {
                st.o3_8h_max = None;
            }
            let city = &cities[st.city];
            let c = &clim[city.province];
            let spm = st.ar_pm.step(&mut rng);
            let sgas = st.ar_gas.step(&mut rng);
            let lpm = cpm[st.city] + spm;

            let pm25 = city.pm25 * st.pm * c.pm * (lpm + 0.08 * rng.normal()).exp();
            let ratio = 1.0 + (st.pm10_ratio - 1.0) * c.pm10;
            let pm10 = pm25 * ratio * (0.2 * rng.normal()).exp();
            let o3 = city.o3 * st.o3 * c.o3 * (co3[st.city] + 0.12 * rng.normal()).exp();
            let no2 =
                city.no2 * st.no2 * c.no2 * (0.5 * cpm[st.city] + sgas + 0.12 * rng.normal()).exp();
            let so2 = city.so2 * st.so2 * c.so2 * (0.4 * lpm + sgas + 0.2 * rng.normal()).exp();
            let co =
                10.0 * city.co * st.co * c.co * (0.5 * lpm + 0.5 * sgas + 0.1 * rng.normal()).exp();
            let mut v = [
                q(pm10, 2000.0),
                q(pm25.max(1.0), 1000.0),
                q(o3, 600.0),
                q(no2.max(1.0), 500.0),
                q(so2.max(1.0), 700.0),
                q(co.max(1.0), 300.0),
            ];

            let absent = st.absent.on(p_absent, ABSENT_HOURS, &mut rng);
            let empty = !absent && st.empty.on(p_empty, EMPTY_HOURS, &mut rng);
            let mut complete = true;
            for (value, gap) in v.iter_mut().zip(st.gaps.iter_mut()) {
                if gap.on(p_gap, VALUE_GAP_HOURS, &mut rng) || absent || empty {
                    *value = NONE;
                    complete = false;
                }
            }
            st.push(pos, &v);
            let o3_8h = st.o3_mean_last(pos, k.min(8));
            if let Some(x) = o3_8h {
                st.o3_8h_max = Some(st.o3_8h_max.map_or(x, |m| m.max(x)));
            }
            if absent {
                continue;
            }

            line.clear();
            line.extend_from_slice(&tp);
            line.extend_from_slice(&st.prefix);
            if empty {
                line.extend_from_slice(b",,,,,,,,,,,,,,,\n");
            } else {
                if complete {
                    push_aqi(&mut line, &v);
                } else {
                    line.extend_from_slice(b",,");
                }
                push_hourly(&mut line, v[PM10]);
                push_opt(&mut line, st.mean24(PM10), b',');
                push_hourly(&mut line, v[PM25]);
                push_opt(&mut line, st.mean24(PM25), b',');
                push_opt(&mut line, st.o3_max24(), b',');
                push_hourly(&mut line, v[O3]);
                push_opt(&mut line, st.o3_8h_max, b',');
                push_opt(&mut line, o3_8h, b',');
                push_hourly(&mut line, v[NO2]);
                push_opt(&mut line, st.mean24(NO2), b',');
                push_hourly(&mut line, v[SO2]);
                push_opt(&mut line, st.mean24(SO2), b',');
                if v[CO] != NONE {
                    push_tenths(&mut line, u32::from(v[CO]), false);
                }
                line.push(b',');
                if let Some(m) = st.mean24(CO) {
                    push_tenths(&mut line, m, true);
                }
                line.push(b'\n');
            }
            w.write_all(&line)?;
            rows += 1;
        }
    }
    w.flush()?;
    Ok(rows)
}

fn main() -> io::Result<()> {
    let o = parse_args()?;
    let rows = generate(&o)?;
    eprintln!("gen_national: wrote {rows} rows to {}", o.out);
    Ok(())
}
