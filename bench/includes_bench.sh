#!/usr/bin/env bash
# `gantry lint` of a pipeline including 50 project files and 10 components from a local gantry
# server, against fetching the same files one by one with curl, side by side in one run; prints
# the ratio. See bench/includes_bench.py and docs/benchmarks.md.
#
#   bash bench/includes_bench.sh               # 50 files, 10 components, median of 7 runs
#   FILES=100 COMPONENTS=20 RUNS=11 bash bench/includes_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
GANTRY="${GANTRY:-.build/release/gantry}"
[ -x "$GANTRY" ] || { echo "no gantry binary at $GANTRY (make release)"; exit 1; }
exec .venv/bin/python bench/includes_bench.py "$GANTRY" "${FILES:-50}" "${COMPONENTS:-10}" "${RUNS:-7}"
