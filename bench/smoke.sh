#!/usr/bin/env bash
# CTest bench.smoke / bench.smoke_tokens: runs each benchmark with a tiny size so none of them
# rots unnoticed, and checks only that it ran and printed well-formed output (nothing about
# timing: a benchmark is not a test).
#   smoke.sh BUILD_DIR NAME...
# NAME: a bench binary, cold_start, hash, or sign / sespake_pcsc / devices_cold / memory / browser /
# stream / longterm (these need pcscd: run them under the pcscd resource lock, with TOKENBRIDGE_PCSCD_LOCKED=1).
# Every script bench/run-benchmarks.sh runs has a NAME here, and bench/CMakeLists.txt passes
# every NAME: a benchmark nobody runs rots.
set -euo pipefail
BUILD=$(realpath "$1")
shift
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d /tmp/tb-bench-smoke.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
# table_rows OUTPUT COLUMNS MIN_ROWS: at least MIN_ROWS data rows of exactly COLUMNS cells with
# numbers in them.
table_rows() {
  local rows
  rows=$(grep -E '^\|' <<<"$1" | grep -vE '^\|(---\|)+$' |
    awk -F'|' -v n="$2" 'NF - 2 == n && /[0-9]+\.[0-9]+/' | wc -l)
  ((rows >= $3)) || fail "expected >= $3 table rows of $2 cells, got $rows in:"$'\n'"$1"
}

for name in "$@"; do
  echo "--- $name"
  case $name in
    streebog_throughput)
      head -c 1048576 /dev/urandom >"$WORK/data"
      out=$("$BUILD/bench/streebog_throughput" "$WORK/data")
      jq -e '.bytes == 1048576 and .seconds > 0 and (.digest | test("^[0-9a-f]{64}$"))' \
        <<<"$out" >/dev/null || fail "streebog_throughput: $out"
      ;;
    cold_start)
      out=$("$HERE/coldstart/cold_start.py" "$BUILD/host/tokenbridge-host" 1)
      table_rows "$out" 4 2
      ;;
    sespake_inprocess)
      out=$("$BUILD/bench/sespake_inprocess" 1)
      table_rows "$out" 6 7
      ;;
    sign)
      out=$("$HERE/sign/run.sh" "$BUILD" 1)
      table_rows "$out" 8 2
      # Every mode: a mode whose enrolment failed would otherwise just lack its row.
      for mode in passive active fkn; do
        grep -qE "^\| $mode \|" <<<"$out" || fail "sign: no $mode row in: $out"
      done
      ;;
    devices_cold)
      out=$(BUILD_DIR="$BUILD" "$HERE/../scripts/with-virtual-tokens.sh" rutoken-ecp-3.0-3220 -- \
        "$HERE/coldstart/devices_cold.py" "$BUILD/host/tokenbridge-host" \
        "$BUILD/emulator/libvtoken-pkcs11.so" 1)
      table_rows "$out" 4 2
      ;;
    sespake_pcsc)
      out=$("$HERE/sespake/run.sh" "$BUILD" 1 tc26-256-a)
      table_rows "$out" 6 11
      ;;
    hash)
      out=$("$HERE/hash/run.sh" "$BUILD" 1 1)
      table_rows "$out" 4 1
      ;;
    memory)
      out=$("$HERE/memory/run.sh" "$BUILD" 2)
      table_rows "$out" 5 2
      ;;
    browser)
      out=$(BENCH_ROUNDS=1 BUILD_DIR="$BUILD" TOKENBRIDGE_HOST_BIN="$BUILD/host/tokenbridge-host" \
        VTOKEN_BIN="$BUILD/emulator/vtoken" VTOKEN_WAIT_BIN="$BUILD/emulator/vtoken-wait" \
        "$HERE/../scripts/with-virtual-tokens.sh" rutoken-ecp-3.0-3220 -- \
        node "$HERE/browser/browser_bench.mjs" 4 4)
      table_rows "$out" 5 3
      table_rows "$out" 9 2
      ;;
    stream)
      out=$(BENCH_ROUNDS=1 BENCH_BEFORE=0 "$HERE/browser/stream.sh" "$BUILD" 4)
      table_rows "$out" 8 2
      tail -n1 <<<"$out" | grep -qE '^stream-ratio: [0-9]+\.[0-9]+$' || fail "stream: last line is not stream-ratio: <number>"
      ;;
    longterm)
      out=$(BUILD_DIR="$BUILD" "$HERE/../scripts/with-virtual-tokens.sh" rutoken-ecp-3.0-3220 -- \
        "$HERE/longterm/longterm_bench.py" "$BUILD/host/tokenbridge-host" 1)
      table_rows "$out" 3 3
      ;;
    *) fail "unknown benchmark $name" ;;
  esac
  echo "$out"
done
echo "bench smoke: ok ($*)"
