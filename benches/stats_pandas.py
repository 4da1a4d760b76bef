#!/usr/bin/env python3
"""The script an analyst would write instead of `air-bulletin stats`: read the daily CSV with
pandas, and per city over a period compute the means (PM2.5, PM10, SO2, NO2), the percentiles
(CO 95th, O3 8-hour 90th; pandas' linear interpolation is HJ 663 附录A's formula), the values
rounded to the published decimals (half to even), the composite index and the rank.

It does less than `air-bulletin stats` (no daily AQI, day counts, data sufficiency, previous
year, changes or target progress), so the comparison flatters pandas.

    python3 benches/stats_pandas.py DAILY.csv 2013-01-01 2022-12-31 > out.json

Used by benches/stats-vs-pandas.sh; needs pandas (`pip install pandas`).
"""
import json
import sys

import numpy as np
import pandas as pd

# Index standards S_i (µg/m³, CO mg/m³; 城市环境空气质量排名技术规定).
STANDARDS = {"pm25": 35, "pm10": 70, "o3": 160, "so2": 60, "no2": 40, "co": 4}
DECIMALS = {"pm25": 0, "pm10": 0, "o3": 0, "so2": 0, "no2": 0, "co": 1}


def main(path, start, end):
    df = pd.read_csv(path, encoding="utf-8")
    df["date"] = pd.to_datetime(df["date"])
    df = df[(df["date"] >= start) & (df["date"] <= end)]
    g = df.groupby("city", sort=False)
    stats = g[["pm25", "pm10", "so2", "no2"]].mean()
    stats["co"] = g["co"].quantile(0.95)
    stats["o3"] = g["o3_8h"].quantile(0.90)
    for k, d in DECIMALS.items():
        stats[k] = np.round(stats[k], d)
    stats["composite"] = sum(stats[k] / s for k, s in STANDARDS.items()).round(2)
    stats["rank"] = stats["composite"].rank(method="min").astype(int)
    rows = [
        {"city": city, **{k: float(v) for k, v in row.items() if k != "rank"}, "rank": int(row["rank"])}
        for city, row in stats.iterrows()
    ]
    json.dump({"from": start, "to": end, "cities": rows}, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
