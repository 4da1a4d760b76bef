#!/usr/bin/env bash
# Times the backfill of a whole autumn-winter campaign from the bundled sample data:
# 2021-10-01 … 2022-03-31 (26 weekly bulletins, 6 monthly bulletins, 6 rankings), rendered
# with --force so that every document is laid out and written.
#   bash benches/backfill.sh          (uses hyperfine when installed, else bash's time)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/air-bulletin/target}"
cargo build --release -q
BIN="$CARGO_TARGET_DIR/release/air-bulletin"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
sed -e "s|\"data/|\"$PWD/data/|g" -e 's|start = 2022-10-01|start = 2021-10-01|' -e 's|end = 2023-03-31|end = 2022-03-31|' \
  air-bulletin.toml > "$WORK/campaign.toml"
CMD="$BIN --config $WORK/campaign.toml run --from 2021-10-01 --to 2022-03-31 --force -q -o $WORK/out"
$CMD || true
echo "documents: $(ls "$WORK"/out/*.pdf | wc -l) PDFs"
if command -v hyperfine >/dev/null; then
  hyperfine -w 1 -r 5 "$CMD"
else
  time $CMD
fi
