#!/usr/bin/env bash
# Transparency log benchmark: the append rate (entries/s) of `gantry server`'s Rekor v1 API and
# the inclusion-proof size as the log grows to 100,000 entries, then `gantry admin
# transparency-log check` recomputing the whole tree.
#
#   bash bench/transparency_log_bench.sh                     # up to 100,000 entries, 8 connections
#   SIZES=10,100,1000 THREADS=4 bash bench/transparency_log_bench.sh
#   GANTRY=.build/debug/gantry bash bench/transparency_log_bench.sh
#
# No peer runs beside it: Rekor itself needs a Go toolchain, a Trillian log server and signer and
# MySQL, none of which can be installed on these machines (no Go, no MySQL, no registry for them);
# the client is sigstore-python's request shape, the same one Rekor answers. The client (Python
# requests, THREADS connections) is the slower side on a small machine, so the server's own CPU
# time per append is printed too.
set -euo pipefail
cd "$(dirname "$0")/.."

GANTRY="${GANTRY:-.build/release/gantry}"
PY=.venv/bin/python
[ -x "$GANTRY" ] || { echo "no gantry binary at $GANTRY (swift build -c release, or set GANTRY=...)" >&2; exit 1; }
$PY -c "import sigstore" 2>/dev/null || .venv/bin/pip install --quiet -r requirements-dev.txt

WORK=$(mktemp -d /tmp/gantry-tlog-bench.XXXXXX)
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

"$GANTRY" server --data "$WORK/data" --listen 127.0.0.1:0 --quiet --connections-per-client 256 > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 200); do [ -f "$WORK/data/server.url" ] && break; sleep 0.1; done
URL=$(cat "$WORK/data/server.url")
echo "gantry: $GANTRY at $URL; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

$PY bench/transparency_log_bench.py "$URL" "$SERVER_PID"

started=$(date +%s.%N)
"$GANTRY" admin --data "$WORK/data" transparency-log check
echo "check took $(echo "$(date +%s.%N) - $started" | bc) s"
