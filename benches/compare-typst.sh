#!/usr/bin/env bash
# Compares air-bulletin's renderer with the standalone Typst compiler bundled in the PyPI package
# `typst` (same Typst 0.15, same template, data and fonts).
#   pip install typst          (once)
#   bash benches/compare-typst.sh
# Prints: the standalone compiler's time per document (a new process per document, as a script
# would call it, and in one Python process), then air-bulletin's own benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/air-bulletin/target}"
cargo build --release -q
BIN="$CARGO_TARGET_DIR/release/air-bulletin"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
  "$BIN" monthly --month "2022-$m" --format typ --output "$WORK" 2>/dev/null
done
python3 - "$WORK" "$PWD/fonts" <<'PY'
import sys, time, glob, subprocess, statistics, os
import typst
work, fonts = sys.argv[1], sys.argv[2]
dirs = sorted(glob.glob(os.path.join(work, "*-typ")))
# One process per document (what a script calling a standalone compiler does).
per = []
for d in dirs:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c",
        "import typst,sys; typst.compile(sys.argv[1]+'/monthly.typ', output=sys.argv[1]+'/out.pdf', root=sys.argv[1], font_paths=[sys.argv[2]], ignore_system_fonts=True)",
        d, fonts], check=True)
    per.append(time.perf_counter() - t)
print(f"standalone typst (PyPI {typst.__version__}), one process per document: median {statistics.median(per)*1e3:.0f} ms"
      f" = {1/statistics.median(per):.1f} documents/s over {len(dirs)} bulletins")
# One Python process, a new compiler per document (fonts parsed each time).
t = time.perf_counter()
for d in dirs:
    typst.compile(d + "/monthly.typ", output=d + "/out.pdf", root=d, font_paths=[fonts], ignore_system_fonts=True)
s = time.perf_counter() - t
print(f"standalone typst, one Python process: {len(dirs)/s:.1f} documents/s ({s*1e3/len(dirs):.0f} ms each)")
PY
cargo bench -q --bench render 2>/dev/null | grep -v '^$'
