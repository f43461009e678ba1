#!/usr/bin/env bash
# Runs the benchmarks of docs/benchmarks.md and prints a Markdown fragment to paste there.
#
#   bench/run-benchmarks.sh BUILD_DIR [SIZE_MIB]      (default 1024)
#
# 1. Streebog-256 streaming throughput: the host's Hasher (bench/streebog_throughput) vs
#    `openssl dgst -engine gost -md_gost12_256` on the same file, in one run; their ratio.
# 2. A SIZE_MIB document signed through chunks on a virtual token (passive key): peak RSS of the
#    signing process and of the real host in native-messaging mode
#    (tests/integration/passive/passive_stream_test.sh; needs pcscd, so it takes the pcscd lock).
set -euo pipefail
BUILD=$(realpath "${1:?usage: run-benchmarks.sh BUILD_DIR [SIZE_MIB]}")
SIZE_MIB=${2:-1024}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d /tmp/tb-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom >"$WORK/data.bin"
sync

# Alternating rounds on the same (cached) file; medians, because the machine is shared.
ROUNDS=${ROUNDS:-3}
ours_times=()
openssl_times=()
for ((round = 0; round < ROUNDS; ++round)); do
  ours=$("$BUILD/bench/streebog_throughput" "$WORK/data.bin")
  ours_times+=("$(jq .seconds <<<"$ours")")
  start=$(date +%s.%N)
  theirs=$(openssl dgst -engine gost -md_gost12_256 -r "$WORK/data.bin" 2>/dev/null | cut -d' ' -f1)
  end=$(date +%s.%N)
  openssl_times+=("$(echo "$end - $start" | bc -l)")
  [[ $(jq -r .digest <<<"$ours") == "$theirs" ]] ||
    { echo "digests differ: $(jq -r .digest <<<"$ours") vs $theirs" >&2; exit 1; }
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
ours_seconds=$(median "${ours_times[@]}")
openssl_seconds=$(median "${openssl_times[@]}")
echo "host Hasher runs (s): ${ours_times[*]}; openssl dgst runs (s): ${openssl_times[*]}"
printf '| Streebog-256, %d MiB, median of %d | host Hasher %.2f s (%.0f MiB/s) | openssl dgst %.2f s (%.0f MiB/s) | host/openssl throughput ratio %.2f |\n' \
  "$SIZE_MIB" "$ROUNDS" "$ours_seconds" "$(echo "$SIZE_MIB / $ours_seconds" | bc -l)" "$openssl_seconds" \
  "$(echo "$SIZE_MIB / $openssl_seconds" | bc -l)" "$(echo "$openssl_seconds / $ours_seconds" | bc -l)"
rm -f "$WORK/data.bin"

if [[ ${SKIP_STREAM:-0} != 1 ]]; then
  VTOKEN_BIN=$BUILD/emulator/vtoken VTOKEN_WAIT_BIN=$BUILD/emulator/vtoken-wait \
    flock /tmp/tokenbridge-pcscd.lock "$REPO/tests/integration/passive/passive_stream_test.sh" \
    "$BUILD/host/tokenbridge-host" "$BUILD/tests/integration/passive/passive_stream_sign" \
    rutoken-ecp-2.0-2100 "$SIZE_MIB" | grep -E "in-process|native host|OK"
fi
