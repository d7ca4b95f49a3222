#!/usr/bin/env bash
# bench/docker_bench.sh: the per-job overhead of Gantry's Docker executor for a trivial job
# (`script: [true]`) against its floor, `podman run --rm IMAGE true` on the same image, measured
# side by side in one run (rounds alternate, so load drifts hit both alike). Prints seconds per
# job for each and the ratio.
#
#   GANTRY   the binary (default .build/release/gantry, else .build/debug/gantry)
#   JOBS     trivial jobs per round (default 10)
#   ROUNDS   rounds (default 3); the median round counts
#   DOCKER_HOST  the engine Gantry talks to; without one that answers, a `podman system service`
#            of this script's own on a temporary socket (stopped at exit)
#
# Gantry's figure is wall time of `gantry run --executor docker --concurrency 1` over JOBS jobs,
# divided by JOBS: every job's container, API calls, workspace copy, log and clean-up, plus the
# run's own start (planning, the engine check) spread over the jobs. The floor is one `podman run
# --rm` per job: create, start, wait and remove, without any workspace or log.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
if [ -z "${GANTRY:-}" ]; then
  GANTRY=$ROOT/.build/release/gantry
  [ -x "$GANTRY" ] || GANTRY=$ROOT/.build/debug/gantry
fi
JOBS=${JOBS:-10}
ROUNDS=${ROUNDS:-3}
command -v podman >/dev/null || { echo "docker_bench: podman not found (make deps)" >&2; exit 1; }
IMAGE=$(bash scripts/build-image.sh busybox 2>/dev/null | tail -n 1)
WORK=$(mktemp -d /tmp/gantry-docker-bench.XXXXXX)
SERVICE=""
cleanup() {
  [ -n "$SERVICE" ] && kill "$SERVICE" 2>/dev/null && wait "$SERVICE" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

ping_engine() { curl -sf --max-time 5 --unix-socket "${1#unix://}" http://d/_ping >/dev/null 2>&1; }
if [ -z "${DOCKER_HOST:-}" ] || ! ping_engine "$DOCKER_HOST"; then
  DOCKER_HOST=unix://$WORK/podman.sock
  podman system service --time=0 "$DOCKER_HOST" >"$WORK/podman.log" 2>&1 &
  SERVICE=$!
  for _ in $(seq 300); do ping_engine "$DOCKER_HOST" && break; sleep 0.2; done
fi
export DOCKER_HOST

PROJECT=$WORK/project
mkdir -p "$PROJECT"
{
  for i in $(seq "$JOBS"); do
    printf 'job%s:\n  image: %s\n  script: ["true"]\n' "$i" "$IMAGE"
  done
} >"$PROJECT/.gitlab-ci.yml"
git -C "$PROJECT" init -q -b main
git -C "$PROJECT" add -A
git -C "$PROJECT" -c user.name=bench -c user.email=bench@gantry.local commit -qm bench

now() { date +%s.%N; }
floor_round() {
  local start; start=$(now)
  for _ in $(seq "$JOBS"); do podman run --rm --label com.gantry.bench=1 "$IMAGE" true; done
  echo "$(now) $start $JOBS" | awk '{ printf "%.3f", ($1 - $2) / $3 }'
}
gantry_round() {
  local start; start=$(now)
  (cd "$PROJECT" && GANTRY_EXECUTOR= "$GANTRY" run --executor docker --concurrency 1 >"$WORK/run.log" 2>&1) \
    || { echo "docker_bench: gantry run failed:" >&2; tail -n 30 "$WORK/run.log" >&2; exit 1; }
  echo "$(now) $start $JOBS" | awk '{ printf "%.3f", ($1 - $2) / $3 }'
}
median() { tr ' ' '\n' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "docker_bench: $JOBS trivial jobs per round, $ROUNDS rounds, image $IMAGE, engine $DOCKER_HOST"
echo "              gantry $("$GANTRY" --version 2>/dev/null | head -n 1) ($GANTRY); load $(cut -d' ' -f1-3 /proc/loadavg)"
podman run --rm --label com.gantry.bench=1 "$IMAGE" true   # warm: the image's layers in the page cache
FLOORS=""; GANTRYS=""
for round in $(seq "$ROUNDS"); do
  f=$(floor_round); g=$(gantry_round)
  FLOORS="$FLOORS $f"; GANTRYS="$GANTRYS $g"
  echo "round $round: floor (podman run --rm) $f s/job   gantry docker executor $g s/job"
done
F=$(echo $FLOORS | median); G=$(echo $GANTRYS | median)
echo "median: floor $F s/job, gantry $G s/job, ratio $(awk -v g="$G" -v f="$F" 'BEGIN { printf "%.2f", g / f }')x (goal <= 1.5x)"
