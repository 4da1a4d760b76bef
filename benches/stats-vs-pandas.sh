#!/usr/bin/env bash
# `air-bulletin stats` over 400 cities × 10 years of daily data (1.46 M city-days, 64 MB),
# whole process, against the pandas script an analyst would write (benches/stats_pandas.py:
# read_csv, means, percentiles, index, ranks), and `check` on the same file.
#   bash benches/stats-vs-pandas.sh            (RUNS=5 by default; BENCH_DIR=/tmp/air-bulletin-stats-bench)
# The data are generated once by examples/gen_daily.rs; pandas is installed when missing (only
# for this benchmark). Prints each command's median wall time and peak memory (/usr/bin/time -v)
# and the ratios, and checks that both give the same statistics.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/air-bulletin/target}"
DIR="${BENCH_DIR:-/tmp/air-bulletin-stats-bench}"
RUNS="${RUNS:-5}"
cargo build --release -q
BIN="$CARGO_TARGET_DIR/release/air-bulletin"
if [ ! -f "$DIR/daily.csv" ]; then
  cargo run --release -q --example gen_daily -- "$DIR"
fi
python3 -c "import pandas" 2>/dev/null || python3 -m pip install -q pandas
FROM=2013-01-01 TO=2022-12-31

# measure LABEL OUT CMD...: runs CMD $RUNS times (stdout to OUT); prints and returns (in $SECS,
# $MIB) the median wall time and the largest peak memory.
measure() {
  local label=$1 out=$2; shift 2
  local times=() mib=0 log
  log=$(mktemp)
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -v "$@" > "$out" 2> "$log"
    local e m
    e=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    m=$(grep 'Maximum resident set size' "$log" | awk '{print int($NF/1024)}')
    times+=("$e")
    [ "$m" -gt "$mib" ] && mib=$m
  done
  rm -f "$log"
  SECS=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  MIB=$mib
  printf '%-44s %6.2f s  %5d MiB   (runs: %s)\n' "$label" "$SECS" "$MIB" "${times[*]}"
}

echo "data: $DIR/daily.csv ($(du -m "$DIR/daily.csv" | cut -f1) MB), $RUNS runs each, median wall time, peak memory"
measure "air-bulletin stats --format json" "$DIR/air-bulletin.json" \
  "$BIN" --config "$DIR/air-bulletin.toml" stats --from $FROM --to $TO --format json
AB=$SECS AB_MIB=$MIB
measure "pandas (benches/stats_pandas.py)" "$DIR/pandas.json" \
  python3 benches/stats_pandas.py "$DIR/daily.csv" $FROM $TO
PD=$SECS
measure "air-bulletin check" /dev/null "$BIN" --config "$DIR/air-bulletin.toml" check
awk -v a="$AB" -v p="$PD" -v m="$AB_MIB" 'BEGIN { printf "stats: %.1f× faster than pandas, peak memory %d MiB\n", p/a, m }'

# The same numbers: means, percentiles, composite index and rank of every city.
python3 - "$DIR/air-bulletin.json" "$DIR/pandas.json" <<'PY'
import json, sys
ab = {c["city"]: c for c in json.load(open(sys.argv[1]))["cities"]}
pd = {c["city"]: c for c in json.load(open(sys.argv[2]))["cities"]}
keys = ["pm25", "pm10", "so2", "no2", "co", "o3"]
same = sum(
    all(abs(ab[c][k] - pd[c][k]) < 1e-9 for k in keys)
    and abs(ab[c]["composite_index"] - pd[c]["composite"]) < 1e-9
    and ab[c]["rank"] == pd[c]["rank"]
    for c in pd
)
print(f"same statistics, index and rank in both: {same} of {len(pd)} cities")
PY
