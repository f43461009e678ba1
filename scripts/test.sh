#!/usr/bin/env bash
# Installs what is missing, builds everything, runs every test (CTest: unit + integration on a
# real pcscd with virtual tokens; then the browser end-to-end tests). Exit status: 0 only if all pass.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
BUILD=${BUILD_DIR:-$REPO/build}
JOBS=$(nproc)

step() { printf '\n=== %s ===\n' "$*"; }

step "dependencies"
scripts/deps.sh

step "configure + build ($BUILD)"
cmake -S "$REPO" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$JOBS"

step "unit + integration tests (ctest)"
ctest_status=0
(cd "$BUILD" && ctest --output-on-failure -j"$JOBS" --timeout 300) | tee "$BUILD/ctest.log" || ctest_status=$?
ctest_line=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$BUILD/ctest.log" | tail -1 || true)
ctest_total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$ctest_line")
ctest_failed=$(sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/' <<<"$ctest_line")
[[ -n $ctest_total ]] || { ctest_total=0; ctest_failed=1; }

e2e_passed=0; e2e_failed=0; e2e_status=0
if [[ -x scripts/e2e.sh ]]; then
  step "browser end-to-end tests"
  scripts/e2e.sh | tee "$BUILD/e2e.log" || e2e_status=$?
  e2e_passed=$(awk '/^ *[0-9]+ passed/ {n += $1} END {print n + 0}' "$BUILD/e2e.log")
  e2e_failed=$(awk '/^ *[0-9]+ failed/ {n += $1} END {print n + 0}' "$BUILD/e2e.log")
  if ((e2e_status != 0 && e2e_failed == 0)); then e2e_failed=1; fi
fi

fuzz_passed=0; fuzz_failed=0; fuzz_status=0
if [[ ${TOKENBRIDGE_SKIP_FUZZ:-0} != 1 ]] && command -v clang++ >/dev/null; then
  step "fuzz smoke (libFuzzer + ASan/UBSan, ${FUZZ_SMOKE_SECONDS:=10} s each)"
  scripts/fuzz.sh --seconds "$FUZZ_SMOKE_SECONDS" | tee "$BUILD/fuzz.log" || fuzz_status=$?
  fuzz_passed=$(sed -nE 's/^fuzz: ([0-9]+) fuzzers clean$/\1/p' "$BUILD/fuzz.log")
  fuzz_passed=${fuzz_passed:-0}
  ((fuzz_status == 0)) || fuzz_failed=1
fi

passed=$((ctest_total - ctest_failed + ${e2e_passed:-0} + fuzz_passed))
failed=$((ctest_failed + ${e2e_failed:-0} + fuzz_failed))
echo
echo "tokenbridge: $passed passed, $failed failed"
((ctest_status == 0 && e2e_status == 0 && fuzz_status == 0 && failed == 0))
