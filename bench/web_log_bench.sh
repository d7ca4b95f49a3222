#!/usr/bin/env bash
# The delay from a job writing a log line to a reader having it: the job page's long-poll against
# a script polling the v4 trace once a second, following the same job at once; prints medians,
# p99 and the ratio. See bench/web_log_bench.py.
#
#   bash bench/web_log_bench.sh            # 120 lines, 0.5 s apart (about a minute)
#   LINES=240 bash bench/web_log_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
GANTRY="${GANTRY:-.build/release/gantry}"
[ -x "$GANTRY" ] || { echo "no gantry binary at $GANTRY (make release)"; exit 1; }
export NO_PROXY="*" no_proxy="*"
exec .venv/bin/python bench/web_log_bench.py "$GANTRY" "${LINES:-120}"
