#!/usr/bin/env bash
# The unit and integration suites under ASan+UBSan with leak detection: configures a second
# build directory with -DTOKENBRIDGE_SANITIZE=ON (the default compiler, gcc is fine), builds
# everything and runs CTest there (fuzz smoke tests excluded). Exit status 0 only if all pass.
#   scripts/sanitize.sh [ctest arguments...]
#   scripts/sanitize.sh --target T [--target T2...]   builds only those test executables and runs
#                                                      them directly (quicker than everything)
# Environment: SANITIZE_BUILD_DIR (default build-sanitize). pcscd is shared machine-wide, so the
# run holds /tmp/tokenbridge-pcscd.lock (as scripts/with-virtual-tokens.sh asks).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${SANITIZE_BUILD_DIR:-$REPO/build-sanitize}
targets=()
while [[ ${1:-} == --target ]]; do
  targets+=(--target "$2")
  shift 2
done

# gcc 12 with -fsanitize=address reports false -Wmaybe-uninitialized inside libstdc++ (std::regex,
# std::function); -Werror would make them fatal.
extra_flags=
if "${CXX:-c++}" --version 2>/dev/null | grep -q 'Free Software Foundation'; then
  extra_flags=-Wno-maybe-uninitialized
fi
cmake -S "$REPO" -B "$BUILD" -DTOKENBRIDGE_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="$extra_flags" >/dev/null
cmake --build "$BUILD" -j"$(nproc)" "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$BUILD"
if ((${#targets[@]})); then
  failed=()
  for ((i = 1; i < ${#targets[@]}; i += 2)); do
    name=${targets[i]}
    binary=$(find "$BUILD" -name "$name" -type f -perm -u+x | head -1)
    echo "=== $name"
    "$binary" --gtest_brief=1 2>&1 | tee "$BUILD/sanitize-$name.log" || failed+=("$name")
  done
  ((${#failed[@]} == 0)) || { echo "sanitize: FAILED: ${failed[*]}"; exit 1; }
  echo "sanitize: all passed"
  exit 0
fi
flock /tmp/tokenbridge-pcscd.lock \
  ctest --output-on-failure -LE fuzz --timeout 600 "$@" | tee "$BUILD/ctest-sanitize.log"
