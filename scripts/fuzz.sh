#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan, -DTOKENBRIDGE_FUZZ=ON) in their own build
# directory and runs each for N seconds after replaying its seed corpus and regression inputs
# (docs/fuzzing.md). Exit status 0 only if no fuzzer found anything.
#   scripts/fuzz.sh [--seconds N] [fuzzer...]       (default: 60 s each, every fuzzer)
# Environment: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_WORK_DIR (keep the grown corpora there).
# Crashing inputs are kept in \$FUZZ_BUILD_DIR/fuzz-artifacts/<fuzzer>/.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${FUZZ_BUILD_DIR:-$REPO/build-fuzz}
seconds=60
fuzzers=()
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --seconds=*) seconds=${1#*=}; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) fuzzers+=("$1"); shift ;;
  esac
done
if ((${#fuzzers[@]} == 0)); then
  for source in "$REPO"/tests/fuzz/*.cpp; do fuzzers+=("$(basename "$source" .cpp)"); done
fi

CC=clang CXX=clang++ cmake -S "$REPO" -B "$BUILD" -DTOKENBRIDGE_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target "${fuzzers[@]}"

failed=()
for name in "${fuzzers[@]}"; do
  printf '\n=== fuzz %s (%s s) ===\n' "$name" "$seconds"
  status=0
  FUZZ_ARTIFACT_DIR=$BUILD/fuzz-artifacts/$name \
    "$REPO/tests/fuzz/run-smoke.sh" "$BUILD/tests/fuzz/$name" "$REPO/tests/fuzz/corpus/$name" \
    "$REPO/tests/fuzz/regressions/$name" "$seconds" >"$BUILD/fuzz-$name.log" 2>&1 || status=$?
  grep -E '^(#[0-9]+[[:space:]]+DONE|replaying|==[0-9]+==ERROR|SUMMARY|FUZZ FINDING|artifact|stat::)' \
    "$BUILD/fuzz-$name.log" || true
  ((status == 0)) || failed+=("$name")
done
echo
if ((${#failed[@]})); then
  echo "fuzz: FAILED: ${failed[*]} (logs: $BUILD/fuzz-<name>.log)"
  exit 1
fi
echo "fuzz: ${#fuzzers[@]} fuzzers clean"
