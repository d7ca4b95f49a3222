#!/usr/bin/env bash
# Signing one wheel with the sigstore client against `gantry server` (certificate from its CA,
# entry in its transparency log) as whole `python -m sigstore sign` calls, side by side with the
# same client's `verify identity --offline`; prints medians and the ratio. See bench/signing_bench.py.
#
#   bash bench/signing_bench.sh          # 9 runs each
#   RUNS=21 bash bench/signing_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
GANTRY="${GANTRY:-.build/release/gantry}"
[ -x "$GANTRY" ] || { echo "no gantry binary at $GANTRY (make release)"; exit 1; }
export NO_PROXY="*" no_proxy="*"
exec .venv/bin/python bench/signing_bench.py "$GANTRY" "${RUNS:-9}"
