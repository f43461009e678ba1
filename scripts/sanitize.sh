#!/usr/bin/env bash
# The unit and integration suites under ASan+UBSan with LeakSanitizer (docs/fuzzing.md,
# "Sanitizers"): configures the sanitizer build directory from cmake/sanitize.cmake (clang; the
# same build holds the fuzzers), builds everything and runs CTest there without the fuzz smoke
# tests and the tests cmake/sanitizers/CTestCustom.cmake lists (each with its reason).
# Exit status 0 only if every test passes AND no process wrote a sanitizer report (a leak in a
# child whose exit status nobody checks, e.g. a vtoken, still fails the run).
#   scripts/sanitize.sh [--build-only] [ctest arguments...]
#   scripts/sanitize.sh --target T [--target T2...]   builds only those test executables and runs
#                                                      them directly (quicker than everything)
# Environment: SANITIZE_BUILD_DIR (default build-sanitize). pcscd is shared machine-wide, so the
# CTest run holds /tmp/tokenbridge-pcscd.lock (as scripts/with-virtual-tokens.sh asks).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${SANITIZE_BUILD_DIR:-$REPO/build-sanitize}
targets=()
build_only=0
while (($#)); do
  case $1 in
    --target) targets+=(--target "$2"); shift 2 ;;
    --build-only) build_only=1; shift ;;
    *) break ;;
  esac
done

if command -v clang++ >/dev/null; then
  cmake -C "$REPO/cmake/sanitize.cmake" -S "$REPO" -B "$BUILD" >/dev/null
else # no fuzzers then; gcc 12's false -Wmaybe-uninitialized under ASan: see CMakeLists.txt
  echo "sanitize.sh: clang++ missing, using the default compiler without fuzzers" >&2
  cmake -C "$REPO/cmake/sanitize.cmake" -DCMAKE_C_COMPILER=cc -DCMAKE_CXX_COMPILER=c++ \
    -DTOKENBRIDGE_FUZZ=OFF -DCMAKE_CXX_FLAGS_SANITIZE=-O1 -DCMAKE_C_FLAGS_SANITIZE=-O1 \
    -S "$REPO" -B "$BUILD" >/dev/null
fi
cmake --build "$BUILD" -j"$(nproc)" "${targets[@]}"
((build_only == 0)) || exit 0

# Every report also goes to a file under $reports, so none can pass unnoticed.
reports=$BUILD/sanitizer-reports
rm -rf "$reports"
mkdir -p "$reports"
supp=$REPO/cmake/sanitizers/lsan.supp
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:check_initialization_order=1:strict_init_order=1:log_path=$reports/report}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:log_path=$reports/report}
cd "$BUILD"

status=0
if ((${#targets[@]})); then
  failed=()
  for ((i = 1; i < ${#targets[@]}; i += 2)); do
    name=${targets[i]}
    binary=$(find "$BUILD" -name "$name" -type f -perm -u+x | head -1)
    echo "=== $name"
    "$binary" --gtest_brief=1 2>&1 | tee "$BUILD/sanitize-$name.log" || failed+=("$name")
  done
  ((${#failed[@]} == 0)) || { echo "sanitize: FAILED: ${failed[*]}"; status=1; }
else
  flock -o /tmp/tokenbridge-pcscd.lock \
    ctest --output-on-failure -j"$(nproc)" -LE 'fuzz|no_sanitize' --timeout 600 "$@" \
    | tee "$BUILD/ctest-sanitize.log" || status=$?
fi

count=$(find "$reports" -type f | wc -l)
if ((count)); then
  # One line per report (what, which executable, the first frame in our sources), then the first
  # report of each kind in full.
  echo
  echo "sanitize: $count sanitizer report(s) in $reports:"
  declare -A shown=()
  for report in "$reports"/*; do
    what=$(grep -m1 -oE 'ERROR: [A-Za-z]+: [a-z -]+[a-z]|runtime error: .{0,80}' "$report" || echo "report")
    exe=$(grep -m1 -oE "$BUILD/[^ )+]+" "$report" | sed "s|$BUILD/||" || true)
    where=$(grep -m1 -oE "$REPO/(host|emulator|tests)/[^ ]+:[0-9]+" "$report" | sed "s|$REPO/||" || true)
    echo "  ${report##*/}: $what in ${exe:-?} at ${where:-?}"
    if [[ -z ${shown["$what $where"]:-} ]]; then
      shown["$what $where"]=$report
    fi
  done
  for report in "${shown[@]}"; do
    echo "--- $report"
    head -40 "$report"
  done
  status=1
fi
echo "sanitize: $count sanitizer reports"
exit "$status"
