#!/usr/bin/env bash
# The national hourly import: a year of 1,500 stations (13 million station-hours, 1.55 GB, the
# platform export layout) turned into city-days, whole process.
#   bash benches/import.sh            (RUNS=3 by default; BENCH_DIR=/tmp/air-bulletin-import-bench)
# The file is generated once by examples/gen_national.rs (fixed seed, not in the repository).
# Prints each run's wall time, CPU time and peak memory, and the median.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/air-bulletin/target}"
DIR="${BENCH_DIR:-/tmp/air-bulletin-import-bench}"
RUNS="${RUNS:-3}"
cargo build --release -q --bin air-bulletin --example gen_national
BIN="$CARGO_TARGET_DIR/release/air-bulletin"
mkdir -p "$DIR"
DATA="$DIR/national-2023.csv"
if [ ! -f "$DATA" ]; then
  "$CARGO_TARGET_DIR/release/examples/gen_national" "$DATA" --stations 1500 --hours 8760 --year 2023
fi
cat "$DATA" > /dev/null # in the page cache, as for every run after the first
echo "data: $DATA ($(du -m "$DATA" | cut -f1) MB), $RUNS runs"
times=()
for _ in $(seq "$RUNS"); do
  line=$(/usr/bin/time -f "%e %U %S %M" "$BIN" import --all-cities "$DATA" -o "$DIR/daily.csv" 2>&1 >/dev/null | tail -1)
  read -r wall user sys kb <<< "$line"
  printf 'import: %5.2f s wall, %5.2f s CPU, %4d MiB peak\n' "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" $((kb / 1024))
  times+=("$wall")
done
printf 'median: %s s (%s city-days)\n' "$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
  "$(($(wc -l < "$DIR/daily.csv") - 1))"
