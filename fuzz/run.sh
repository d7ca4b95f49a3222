#!/bin/bash
# `make fuzz`: builds the harness with libFuzzer (`-sanitize=fuzzer`) and runs each target for
# FUZZ_SECONDS (default 40) from small seeds: the test fixtures' and examples' pipelines for
# `config`, fuzz/seeds/<target> for the others. Corpora grow under fuzz/.build (never committed);
# a crash, a hang over 10 s or 2 GB of memory stops that target and fails the run, with the
# input saved under fuzz/.build/fuzz-work/crashes.
set -uo pipefail
cd "$(dirname "$0")"
export PATH=/opt/swift/usr/bin:$PATH
PER_TARGET=${FUZZ_SECONDS:-40}
FLAGS=(-Xswiftc -sanitize=fuzzer)
swift build --package-path . "${FLAGS[@]}" || exit 1
BIN="$(swift build --package-path . "${FLAGS[@]}" --show-bin-path)/GantryFuzz"
WORK=.build/fuzz-work
mkdir -p "$WORK/crashes" "$WORK/seeds/config"
# Pipelines of the tests and examples, flattened into one seed folder.
find ../Tests/Fixtures ../examples -name '*.yml' -size -64k | while read -r f; do
  cp "$f" "$WORK/seeds/config/$(echo "$f" | tr '/' '_')"
done

failed=""
for target in config rules multipart python; do
  seeds="seeds/$target"; [ "$target" = config ] && seeds="$WORK/seeds/config"
  maxlen=4096; [ "$target" = config ] && maxlen=65536
  mkdir -p "$WORK/corpus/$target"
  echo "== fuzzing $target for ${PER_TARGET}s"
  GANTRY_FUZZ_TARGET=$target "$BIN" "$WORK/corpus/$target" "$seeds" \
    -max_total_time="$PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=$maxlen \
    -artifact_prefix="$WORK/crashes/$target-" -print_final_stats=1 2>"$WORK/$target.log"
  status=$?
  grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)|ERROR|SUMMARY" "$WORK/$target.log" | head -8
  [ $status -eq 0 ] || failed="$failed $target"
done
if [ -n "$failed" ]; then
  echo "fuzzing found problems in:$failed (inputs in fuzz/$WORK/crashes, logs in fuzz/$WORK/*.log)"
  exit 1
fi
echo "fuzzing: no crash, hang or memory blow-up in $((PER_TARGET * 4))s"
