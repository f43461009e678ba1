#!/usr/bin/env bash
# Streebog-256 streaming throughput: the host's Hasher (streebog_throughput, 1 MiB reads as
# signAppend feeds it) against `openssl dgst -engine gost -md_gost12_256` on the same cached
# file, in alternating rounds of one run; medians. The digests must agree.
#
#   bench/hash/run.sh BUILD_DIR [SIZE_MIB] [ROUNDS]      (defaults 256 and 3)
set -euo pipefail
BUILD=$(realpath "${1:?usage: run.sh BUILD_DIR [SIZE_MIB] [ROUNDS]}")
SIZE_MIB=${2:-256}
ROUNDS=${3:-3}
WORK=$(mktemp -d /tmp/tb-bench-hash.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom >"$WORK/data.bin"
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
ours_s=$(median "${ours_times[@]}")
openssl_s=$(median "${openssl_times[@]}")
echo "| size, rounds | host Hasher (median) | reference: openssl dgst (median) | ratio (host / openssl throughput; target ≥ 0.9) |"
echo "|---|---|---|---|"
printf '| %d MiB, %d rounds | %.2f s (%.0f MiB/s) | %.2f s (%.0f MiB/s) | %.2f |\n' \
  "$SIZE_MIB" "$ROUNDS" "$ours_s" "$(echo "$SIZE_MIB / $ours_s" | bc -l)" "$openssl_s" \
  "$(echo "$SIZE_MIB / $openssl_s" | bc -l)" "$(echo "$openssl_s / $ours_s" | bc -l)"
echo
echo "runs (s): host Hasher ${ours_times[*]}; openssl dgst ${openssl_times[*]}"
