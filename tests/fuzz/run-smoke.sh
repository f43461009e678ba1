#!/usr/bin/env bash
# CTest smoke test of one fuzzer: replays every regression input and the seed corpus (each must
# pass), then fuzzes for SECONDS in a scratch corpus so the repository's corpus stays untouched.
# Usage: run-smoke.sh FUZZER CORPUS_DIR REGRESSIONS_DIR SECONDS
# FUZZ_ARTIFACT_DIR=DIR: keep crash/leak/timeout inputs there (default: discarded with the
# scratch corpus, but printed as hex).
# FUZZ_WORK_DIR=DIR: grow the corpus in DIR/<fuzzer> and keep it (long runs, docs/fuzzing.md).
set -euo pipefail
fuzzer=$(realpath "$1") corpus=$2 regressions=$3 seconds=$4
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
if [[ -n ${FUZZ_WORK_DIR:-} ]]; then
  scratch=$FUZZ_WORK_DIR/$(basename "$fuzzer")
  mkdir -p "$scratch"
else
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
fi

inputs=()
for dir in "$regressions" "$corpus"; do
  if [[ -d $dir ]]; then
    while IFS= read -r -d '' file; do inputs+=("$file"); done \
      < <(find "$dir" -type f ! -name '.*' -print0 | sort -z)
  fi
done
if ((${#inputs[@]})); then
  echo "replaying ${#inputs[@]} inputs"
  "$fuzzer" -rss_limit_mb=2048 "${inputs[@]}"
fi
artifacts=${FUZZ_ARTIFACT_DIR:-$scratch}
mkdir -p "$artifacts"
dirs=("$scratch")
for dir in "$corpus" "$regressions"; do
  if [[ -d $dir ]]; then dirs+=("$dir"); fi
done
cd "$scratch" # crash-* files land here, not in the source tree
"$fuzzer" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" "${dirs[@]}" || {
  status=$?
  for crash in "$artifacts"/crash-* "$artifacts"/leak-* "$artifacts"/timeout-* "$artifacts"/oom-*; do
    if [[ -f $crash ]]; then
      echo "artifact $crash:"
      od -An -tx1 "$crash" | head -20
    fi
  done
  exit "$status"
}
