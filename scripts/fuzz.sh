#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) in the sanitizer build directory and runs each
# for N seconds after replaying its seed corpus and regression inputs (docs/fuzzing.md), JOBS
# fuzzers at a time. Exit status 0 only if no fuzzer found anything.
#   scripts/fuzz.sh [--seconds N] [--jobs J] [fuzzer...]   (default: 60 s each, nproc at a time)
# Environment: SANITIZE_BUILD_DIR (default build-sanitize: the same clang build the sanitizer
# suite uses, cmake/sanitize.cmake), FUZZ_WORK_DIR (keep the grown corpora there).
# Crashing inputs are kept in <build>/fuzz-artifacts/<fuzzer>/; logs in <build>/fuzz-<fuzzer>.log.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${SANITIZE_BUILD_DIR:-${FUZZ_BUILD_DIR:-$REPO/build-sanitize}}
seconds=60
jobs=$(nproc)
fuzzers=()
while (($#)); do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --seconds=*) seconds=${1#*=}; shift ;;
    --jobs) jobs=$2; shift 2 ;;
    --jobs=*) jobs=${1#*=}; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) fuzzers+=("$1"); shift ;;
  esac
done
if ((${#fuzzers[@]} == 0)); then
  for source in "$REPO"/tests/fuzz/*.cpp; do fuzzers+=("$(basename "$source" .cpp)"); done
fi

command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ missing (scripts/deps.sh)" >&2; exit 2; }
cmake -C "$REPO/cmake/sanitize.cmake" -S "$REPO" -B "$BUILD" >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target "${fuzzers[@]}"

# One fuzzer: its log in $BUILD/fuzz-<name>.log, then the interesting lines on stdout.
run_one() {
  local name=$1 status=0
  FUZZ_ARTIFACT_DIR=$BUILD/fuzz-artifacts/$name \
    "$REPO/tests/fuzz/run-smoke.sh" "$BUILD/tests/fuzz/$name" "$REPO/tests/fuzz/corpus/$name" \
    "$REPO/tests/fuzz/regressions/$name" "$seconds" >"$BUILD/fuzz-$name.log" 2>&1 || status=$?
  {
    printf '\n=== fuzz %s (%s s): %s ===\n' "$name" "$seconds" "$( ((status == 0)) && echo clean || echo FAILED)"
    grep -E '^(#[0-9]+[[:space:]]+DONE|replaying|==[0-9]+==ERROR|SUMMARY|FUZZ FINDING|artifact|stat::)' \
      "$BUILD/fuzz-$name.log" || true
  } >"$BUILD/fuzz-$name.summary"
  return "$status"
}

# JOBS at a time; each finished fuzzer's summary is printed whole (no interleaving).
declare -A running=()
failed=()
reap() {
  local pid name status=0
  wait -n -p pid "${!running[@]}" || status=$?
  name=${running[$pid]}
  unset "running[$pid]"
  cat "$BUILD/fuzz-$name.summary"
  ((status == 0)) || failed+=("$name")
}
for name in "${fuzzers[@]}"; do
  while ((${#running[@]} >= jobs)); do reap; done
  run_one "$name" &
  running[$!]=$name
done
while ((${#running[@]})); do reap; done

echo
if ((${#failed[@]})); then
  echo "fuzz: FAILED: ${failed[*]} (logs: $BUILD/fuzz-<name>.log)"
  exit 1
fi
echo "fuzz: ${#fuzzers[@]} fuzzers clean"
