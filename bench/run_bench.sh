#!/usr/bin/env bash
# `gantry run` speed: 20 trivial jobs in two stages on a 50-file repository, against
# gitlabci-local (`gcil -p -H`, host mode) and against 20 × `bash -c true`, side by side in one
# run, printing ratios; the same with 200 jobs and with a 5,000-file repository; `gantry run` at
# --concurrency 1/2/4/8; and one job's time broken down (plan, sources, script, caches, artifacts).
#
#   make release && bash bench/run_bench.sh
#   RUNS=9 GANTRY=/path/to/gantry bash bench/run_bench.sh
#
# gitlabci-local comes from PyPI into a venv of its own (not the project's .venv), under
# ~/.cache/gantry-bench (GCIL_VENV to change), and runs with a HOME of its own there, its update
# check turned off. Repositories and summaries go to bench/out/run. The machine is shared: compare
# the ratios of one run, not milliseconds across runs (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."

GANTRY="${GANTRY:-$PWD/.build/release/gantry}"
CACHE="${GANTRY_BENCH_CACHE:-$HOME/.cache/gantry-bench}"
GCIL_VENV="${GCIL_VENV:-$CACHE/gcil-venv}"
export GCIL_HOME="$CACHE/gcil-home"
export RUNS="${RUNS:-5}"

[ -x "$GANTRY" ] || { echo "no gantry binary at $GANTRY (make release, or GANTRY=...)" >&2; exit 1; }
if [ ! -x "$GCIL_VENV/bin/gcil" ]; then
    python3 -m venv "$GCIL_VENV"
    "$GCIL_VENV/bin/pip" install --quiet --disable-pip-version-check gitlabci-local
fi
mkdir -p "$GCIL_HOME"
HOME="$GCIL_HOME" "$GCIL_VENV/bin/gcil" --set updates enabled 0 >/dev/null

python3 bench/run_bench.py "$GANTRY" "$GCIL_VENV/bin/gcil" "$PWD/bench/out/run"
