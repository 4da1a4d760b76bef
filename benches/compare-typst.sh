#!/usr/bin/env bash
# Compares air-bulletin's renderer with the standalone Typst compiler bundled in the PyPI package
# `typst` (same Typst 0.15, same templates, data and fonts) on the 38 documents of a campaign
# backfill from the bundled sample: 2021-10-01 … 2022-03-31, 26 weekly bulletins, 6 monthly
# bulletins, 6 rankings (as benches/backfill.sh).
#   bash benches/compare-typst.sh          (installs the PyPI `typst` package when missing)
# Prints: the standalone compiler's time for the 38 documents (a new process per document, as a
# script would call it), air-bulletin's whole backfill run (one process, every document rendered
# with --force), the ratio and the time per document in the batch; then air-bulletin's own
# rendering benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/air-bulletin/target}"
cargo build --release -q
BIN="$CARGO_TARGET_DIR/release/air-bulletin"
python3 -c "import typst" 2>/dev/null || python3 -m pip install -q typst
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
sed -e "s|\"data/|\"$PWD/data/|g" -e 's|start = 2022-10-01|start = 2021-10-01|' -e 's|end = 2023-03-31|end = 2022-03-31|' \
  air-bulletin.toml > "$WORK/campaign.toml"
RUN=("$BIN" --config "$WORK/campaign.toml" run --from 2021-10-01 --to 2022-03-31)

# The Typst sources (template and data) of each document of the backfill.
"${RUN[@]}" --dry-run > "$WORK/docs.txt"
while read -r doc; do
  case "$doc" in
    *周调度通报) "$BIN" --config "$WORK/campaign.toml" weekly --week "${doc%周调度通报}" --format typ -o "$WORK/typ" ;;
    *月通报|*城市排名)
      ym=$(echo "$doc" | sed -E 's/^([0-9]{4})年([0-9]{1,2})月.*/\1-\2/')
      y=${ym%-*} m=$(printf '%02d' "${ym#*-}")
      kind=monthly; case "$doc" in *城市排名) kind=ranking ;; esac
      "$BIN" --config "$WORK/campaign.toml" "$kind" --month "$y-$m" --format typ -o "$WORK/typ" ;;
  esac
done < "$WORK/docs.txt" 2>/dev/null
echo "documents: $(wc -l < "$WORK/docs.txt") ($(ls "$WORK/typ" | wc -l) Typst sources)"

# air-bulletin: the whole backfill, one process.
start=$(date +%s.%N)
"${RUN[@]}" --force -q -o "$WORK/out" || true
end=$(date +%s.%N)
pdfs=$(ls "$WORK"/out/*.pdf | wc -l)

python3 - "$WORK/typ" "$PWD/fonts" "$start" "$end" "$pdfs" <<'PY'
import glob, os, subprocess, sys, time
import typst
root, fonts, start, end, pdfs = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
main = {"月通报": "monthly.typ", "城市排名": "ranking.typ", "周调度通报": "weekly.typ"}
dirs = sorted(glob.glob(os.path.join(root, "*-typ")))
t = time.perf_counter()
for d in dirs:
    name = next(v for k, v in main.items() if k in os.path.basename(d))
    # One process per document (what a script calling a standalone compiler does).
    subprocess.run([sys.executable, "-c",
        "import typst,sys; typst.compile(sys.argv[1]+'/'+sys.argv[3], output=sys.argv[1]+'/out.pdf', root=sys.argv[1], font_paths=[sys.argv[2]], ignore_system_fonts=True)",
        d, fonts, name], check=True)
standalone = time.perf_counter() - t
ours = end - start
print(f"standalone typst (PyPI {typst.__version__}), one process per document: {standalone:.2f} s for {len(dirs)} documents ({standalone / len(dirs) * 1e3:.0f} ms each)")
print(f"air-bulletin run (backfill, --force, one process): {ours:.2f} s for {pdfs} PDFs ({ours / max(pdfs, 1) * 1e3:.0f} ms per document in the batch)")
print(f"ratio: {standalone / ours:.1f}×")
PY
cargo bench -q --bench render 2>/dev/null | grep -v '^$'
