#!/usr/bin/env bash
# Server benchmark (release build): push → first job latency and trivial jobs per second with
# 4 runners, each against `gantry run` on the same pipeline. See bench/server_bench.py.
#
#   bash bench/server_bench.sh              # 200 jobs, 10 pushes
#   JOBS=500 PUSHES=20 bash bench/server_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
GANTRY="${GANTRY:-.build/release/gantry}"
[ -x "$GANTRY" ] || { echo "no gantry binary at $GANTRY (make release)"; exit 1; }
exec .venv/bin/python bench/server_bench.py "$GANTRY" "${JOBS:-200}" "${PUSHES:-10}"
