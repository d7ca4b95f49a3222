#!/usr/bin/env bash
# `make demo`: a Gantry server with its in-process runner on the embedded defaults (SQLite, local
# files), the example library pushed to it over HTTP, and its pipeline followed to the end. Its
# jobs run in containers of python:3.11-slim (the Docker executor) when a container engine is at
# hand — one that answers, or Podman (`make deps`), whose `podman system service` the demo starts
# on a socket of its own — and with the shell executor on this host otherwise; the demo says which.
#
# In a terminal the addresses and the root token come first, and the server keeps serving after
# the pipeline until Ctrl-C. Without one (scripts, CI) it prints no addresses, since the server
# stops when the pipeline ends, and the demo exits with the pipeline's status.
#
# Settings (environment):
#   GANTRY            the binary (default .build/debug/gantry)
#   GANTRY_DEMO_PORT  the port to listen on (default: any free one)
#   GANTRY_DEMO_DATA  the server's data folder (default: a new temporary one)
#   GANTRY_DEMO_KEEP  1 keeps the temporary data folder at exit (a GANTRY_DEMO_DATA is always kept),
#                     so that `gantry server --data DIR` can serve it again
#   GANTRY_DEMO_EXECUTOR  docker or shell: no choosing (docker then fails when it cannot be had)
set -euo pipefail
cd "$(dirname "$0")/.."
GANTRY=${GANTRY:-$PWD/.build/debug/gantry}
if [ -n "${GANTRY_DEMO_DATA:-}" ]; then
  DATA=$GANTRY_DEMO_DATA; OWN_DATA=0
else
  DATA=$(mktemp -d /tmp/gantry-demo.XXXXXX); OWN_DATA=1
fi
TOKEN=glpat-demo-$RANDOM$RANDOM
WORK=$(mktemp -d /tmp/gantry-demo-push.XXXXXX)
INTERACTIVE=0
if [ -t 0 ] && [ -t 1 ]; then INTERACTIVE=1; fi

ENGINE_SERVICE=""
SERVER=""
CA_BUNDLE=""
stop() {
  [ -n "$SERVER" ] && { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
  [ -n "$ENGINE_SERVICE" ] && { kill "$ENGINE_SERVICE" 2>/dev/null || true; wait "$ENGINE_SERVICE" 2>/dev/null || true; }
  rm -rf "$WORK"
  if [ "$OWN_DATA" = 1 ] && [ "${GANTRY_DEMO_KEEP:-0}" != 1 ]; then
    rm -rf "$DATA"
  else
    echo "== data kept in $DATA (serve it again: $GANTRY server --data $DATA --runner)"
  fi
}
trap stop EXIT

# The executor: docker with an engine that answers (DOCKER_HOST, Docker's or Podman's usual
# sockets), else with a `podman system service` of the demo's own; shell when neither is at hand
# or the Python image cannot be built.
answers() { curl -sf --max-time 5 --unix-socket "${1#unix://}" http://d/_ping >/dev/null 2>&1; }
choose_engine() {
  local socket
  for socket in ${DOCKER_HOST:-} unix:///var/run/docker.sock ${XDG_RUNTIME_DIR:+unix://$XDG_RUNTIME_DIR/podman/podman.sock} \
                unix:///run/podman/podman.sock; do
    case "$socket" in unix://*) answers "$socket" && { ENGINE=$socket; return 0; } ;; esac
  done
  command -v podman >/dev/null || return 1
  ENGINE=unix://$WORK/podman.sock
  podman system service --time=0 "$ENGINE" > "$WORK/podman.log" 2>&1 &
  ENGINE_SERVICE=$!
  for _ in $(seq 150); do answers "$ENGINE" && return 0; sleep 0.2; done
  echo "== podman system service did not answer on $ENGINE (log: $WORK/podman.log)"
  return 1
}
EXECUTOR=${GANTRY_DEMO_EXECUTOR:-}
RUNNER_ARGS=()
if [ "$EXECUTOR" != shell ]; then
  if choose_engine; then
    echo "== building or finding the python:3.11-slim image (scripts/build-image.sh python; minutes the first time, then cached)"
    if IMAGE=$(DOCKER_HOST=$ENGINE bash scripts/build-image.sh python 2> "$WORK/build-image.log" | tail -n 1) && [ -n "$IMAGE" ]; then
      EXECUTOR=docker
      RUNNER_ARGS=(--executor docker --docker-image "$IMAGE" --docker-host "$ENGINE")
      echo "== jobs run in containers of $IMAGE (docker executor, engine $ENGINE)"
      # A host that trusts certificate authorities of its own (a TLS-inspecting proxy between it
      # and PyPI) lends its CA bundle to the containers, as GitLab's docs advise for runners.
      if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
        CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
        RUNNER_ARGS+=(--docker-volume "$CA_BUNDLE:/etc/gantry-host-ca.crt:ro")
        echo "   this host trusts extra certificate authorities (/usr/local/share/ca-certificates): its CA bundle is"
        echo "   mounted into the containers at /etc/gantry-host-ca.crt and given to pip as PIP_CERT"
      fi
    else
      echo "== the python image could not be built (see below); jobs run with the shell executor on this host instead"
      tail -n 5 "$WORK/build-image.log"
    fi
  else
    echo "== no container engine answers and podman is not installed (make deps installs it):"
    echo "   jobs run with the shell executor on this host instead"
  fi
  if [ "${GANTRY_DEMO_EXECUTOR:-}" = docker ] && [ "${#RUNNER_ARGS[@]}" = 0 ]; then
    echo "GANTRY_DEMO_EXECUTOR=docker, but no engine or image could be had" >&2
    exit 1
  fi
fi
if [ "$EXECUTOR" = shell ]; then
  echo "== jobs run with the shell executor on this host (GANTRY_DEMO_EXECUTOR=shell)"
fi

# The server's own start-up lines (its address, the token) go to a log: the demo says what
# stays true, once, below.
"$GANTRY" server --data "$DATA" --listen "127.0.0.1:${GANTRY_DEMO_PORT:-0}" --initial-root-token "$TOKEN" --runner --quiet \
  "${RUNNER_ARGS[@]}" > "$WORK/server.log" &
SERVER=$!
# A busy machine may take a while to start the server; a server that exits is an error at once.
for _ in $(seq 600); do
  [ -f "$DATA/server.url" ] && break
  kill -0 "$SERVER" 2>/dev/null || { echo "gantry server exited before it was ready:" >&2; cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.1
done
URL=$(cat "$DATA/server.url")

api() { curl -sf -H "PRIVATE-TOKEN: $TOKEN" "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

GROUP=$(api -X POST "$URL/api/v4/groups" -d name=Demo -d path=demo | json 'd["id"]')
api -X POST "$URL/api/v4/projects" -d name=pvoutput -d namespace_id="$GROUP" >/dev/null
if [ -n "$CA_BUNDLE" ]; then
  api -X POST "$URL/api/v4/projects/demo%2Fpvoutput/variables" -d key=PIP_CERT -d value=/etc/gantry-host-ca.crt >/dev/null
fi
CLONE="${URL/http:\/\//http://root:$TOKEN@}/demo/pvoutput.git"
PROJECT="$URL/api/v4/projects/demo%2Fpvoutput"

if [ "$INTERACTIVE" = 1 ]; then
  cat <<TEXT
== Gantry server at $URL (serving until Ctrl-C)
   root token  $TOKEN
   API         $URL/api/v4   e.g. curl -H "PRIVATE-TOKEN: $TOKEN" $PROJECT
   web         none yet: Gantry has no web UI, the API and git are the way in
   clone       git clone $CLONE
   data        $DATA ($([ "$OWN_DATA" = 1 ] && [ "${GANTRY_DEMO_KEEP:-0}" != 1 ] && echo "removed at exit; GANTRY_DEMO_KEEP=1 keeps it" || echo "kept"))
TEXT
else
  echo "== Gantry server started (no terminal: it stops when the pipeline ends, so no addresses to visit;"
  echo "   run 'make demo' in a terminal to keep it serving)"
fi

cp -r examples/pvoutput "$WORK/pvoutput"
rm -rf "$WORK/pvoutput/.gantry"
git -C "$WORK/pvoutput" init -q -b main
git -C "$WORK/pvoutput" add -A
git -C "$WORK/pvoutput" -c user.name=demo -c user.email=demo@gantry.local commit -qm "pvoutput example"
echo "== git push of examples/pvoutput to demo/pvoutput, branch main"
git -C "$WORK/pvoutput" push -q "$CLONE" main

until PIPELINE=$(api "$PROJECT/pipelines" | json 'd[0]["id"] if d else ""') && [ -n "$PIPELINE" ]; do sleep 0.2; done
echo "== pipeline #$PIPELINE (job id, stage/name: status)"
SEEN=""
while :; do
  LINES=$(api "$PROJECT/pipelines/$PIPELINE/jobs?per_page=100" \
    | json '"\n".join("%s %s/%s: %s" % (j["id"], j["stage"], j["name"], j["status"]) for j in sorted(d, key=lambda j: j["id"]))')
  while IFS= read -r line; do
    case "$SEEN" in *"|$line|"*) ;; *) echo "   $line"; SEEN="$SEEN|$line|" ;; esac
  done <<< "$LINES"
  STATUS=$(api "$PROJECT/pipelines/$PIPELINE" | json 'd["status"]')
  case "$STATUS" in success|failed|canceled|skipped|manual) break ;; esac
  sleep 0.5
done
echo "== pipeline #$PIPELINE: $STATUS"

# Real ids for the commands below: the build job (it keeps dist/ as artifacts) and the first
# failed job, whose log says why.
JOBS=$(api "$PROJECT/pipelines/$PIPELINE/jobs?per_page=100")
BUILD=$(json 'next((j["id"] for j in d if j["name"] == "build"), "")' <<< "$JOBS")
FAILED=$(json 'next((str(j["id"]) + " " + j["name"] for j in sorted(d, key=lambda j: j["id"]) if j["status"] == "failed"), "")' <<< "$JOBS")

if [ -n "$FAILED" ]; then
  TRACE="$PROJECT/jobs/${FAILED%% *}/trace     # the log of the failed job ${FAILED#* }"
else
  TRACE="$PROJECT/jobs/$BUILD/trace     # the log of the build job"
fi
if [ "$INTERACTIVE" = 1 ]; then
  cat <<TEXT

Look around (the server keeps running):
  curl -H "PRIVATE-TOKEN: $TOKEN" $PROJECT/pipelines/$PIPELINE
  curl -H "PRIVATE-TOKEN: $TOKEN" $PROJECT/pipelines/$PIPELINE/jobs
  curl -H "PRIVATE-TOKEN: $TOKEN" $TRACE
  curl -H "PRIVATE-TOKEN: $TOKEN" -o artifacts.zip $PROJECT/jobs/$BUILD/artifacts
  git clone $CLONE
Serving at $URL until Ctrl-C.
TEXT
  trap 'exit 0' INT TERM
  wait "$SERVER" || true
elif [ -n "$FAILED" ]; then
  echo "== the end of the log of job ${FAILED#* } (${FAILED%% *}):"
  api "$PROJECT/jobs/${FAILED%% *}/trace" | tail -n 30
fi
[ "$STATUS" = success ]
