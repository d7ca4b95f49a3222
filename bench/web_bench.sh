#!/usr/bin/env bash
# The web UI's render time: the dashboard of N projects against the same information through the
# v4 API as a python-gitlab script gathers it (one request per project), with PIPELINES pipelines
# written into the store (20,000 by default, issue 17), and a 300-job pipeline
# page, side by side in one run; prints medians, p99 and the ratio. See bench/web_bench.py.
#
#   bash bench/web_bench.sh                      # 200 projects, 20,000 pipelines, 50 page requests, 7 API runs
#   PROJECTS=500 REQUESTS=100 bash bench/web_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
GANTRY="${GANTRY:-.build/release/gantry}"
[ -x "$GANTRY" ] || { echo "no gantry binary at $GANTRY (make release)"; exit 1; }
exec .venv/bin/python bench/web_bench.py "$GANTRY" "${PROJECTS:-200}" "${RUNS:-7}" "${REQUESTS:-50}" "${PIPELINES:-20000}"
