#!/usr/bin/env bash
# `gantry pipelines --group` against the natural python-gitlab monitor (one listing, then one
# request per project) over a group of N projects, side by side in one run; prints the ratio.
# See bench/pipelines_bench.py and docs/benchmarks.md.
#
#   bash bench/pipelines_bench.sh           # 200 projects, median of 7 runs each
#   PROJECTS=500 RUNS=11 bash bench/pipelines_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
GANTRY="${GANTRY:-.build/release/gantry}"
[ -x "$GANTRY" ] || { echo "no gantry binary at $GANTRY (make release)"; exit 1; }
exec .venv/bin/python bench/pipelines_bench.py "$GANTRY" "${PROJECTS:-200}" "${RUNS:-7}"
