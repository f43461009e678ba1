#!/usr/bin/env bash
# Peak memory for signing a large document through chunks (passive key on a virtual Rutoken ECP
# 2.0 2100, 1 MiB raw chunks), against `openssl dgst` hashing the same file in the same run.
#   real host   tokenbridge-host --native, framed messages over pipes, PIN in signFinish's
#               params as the extension sends it (native_stream_rss.py)
#   in-process  the host's command table + dispatcher in one process (the passive tests'
#               passive_stream_sign driver, if built)
# The CMS is verified with `openssl cms -verify`. Takes the pcscd lock itself unless
# TOKENBRIDGE_PCSCD_LOCKED=1.
#
#   bench/memory/run.sh BUILD_DIR [DOC_MIB]      (default 1024)
set -euo pipefail
BUILD=$(realpath "${1:?usage: run.sh BUILD_DIR [DOC_MIB]}")
DOC_MIB=${2:-1024}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
HOST=$BUILD/host/tokenbridge-host
CHUNK=$((1024 * 1024))
LOCK=(flock -o /tmp/tokenbridge-pcscd.lock)
[[ ${TOKENBRIDGE_PCSCD_LOCKED:-0} == 1 ]] && LOCK=()
# shellcheck source=/dev/null
source "$REPO/tests/integration/passive/lib.sh"

if [[ -z ${VTOKEN_COUNT:-} ]]; then
  WORK=$(mktemp -d /tmp/tb-bench-memory.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
  export WORK
  make_test_ca >/dev/null 2>&1
  export OPENSSL_CONF VTOKEN_BIN=$BUILD/emulator/vtoken VTOKEN_WAIT_BIN=$BUILD/emulator/vtoken-wait
  exec_status=0
  "${LOCK[@]}" "$REPO/scripts/with-virtual-tokens.sh" rutoken-ecp-2.0-2100 -- \
    "$0" "$BUILD" "$DOC_MIB" || exec_status=$?
  exit $exec_status
fi

device=$("$HOST" devices | jq -r '.[0].id')
key=$(enroll_key "$device")
head -c "$((DOC_MIB * 1024 * 1024))" /dev/urandom >"$WORK/doc.bin"

native=$(python3 "$HERE/native_stream_rss.py" "$HOST" "$device" "$key" "$WORK/doc.bin" "$CHUNK" \
  "$WORK/pin" "$WORK/native.p7s")
openssl cms -verify -binary -inform DER -in "$WORK/native.p7s" -content "$WORK/doc.bin" \
  -CAfile "$WORK/ca.pem" -out /dev/null 2>/dev/null || fail "the native host's signature is rejected"
inprocess=
driver=$BUILD/tests/integration/passive/passive_stream_sign
if [[ -x $driver ]]; then
  inprocess=$("$driver" --pin-file "$WORK/pin" --device "$device" --key "$key" \
    --in "$WORK/doc.bin" --chunk "$CHUNK" --out "$WORK/inprocess.p7s")
fi
# GNU time: elapsed seconds and maximum resident set size (KiB) of `openssl dgst`.
read -r openssl_s openssl_kib < <(/usr/bin/time -f '%e %M' \
  openssl dgst -engine gost -md_gost12_256 "$WORK/doc.bin" 2>&1 >/dev/null | tail -1)

mib() { echo "scale=1; $1 / 1024" | bc; }
ratio() { echo "scale=2; $1 / $2" | bc; }
echo "| $DOC_MIB MiB document, 1 MiB chunks | peak RSS (VmHWM) | wall s | reference: \`openssl dgst\` of the same file, peak RSS | ratio |"
echo "|---|---|---|---|---|"
peak=$(jq .hostPeakRssKiB <<<"$native")
echo "| real \`tokenbridge-host --native\` (stream, signFinish with the PIN, CMS verified) | $(mib "$peak") MiB | $(jq .seconds <<<"$native") | $(mib "$openssl_kib") MiB | $(ratio "$peak" "$openssl_kib") |"
if [[ -n $inprocess ]]; then
  peak=$(jq .peakRssKiB <<<"$inprocess")
  printf '| in-process (command table + dispatcher, CLI channel) | %s MiB | %.1f | %s MiB | %s |\n' \
    "$(mib "$peak")" "$(jq .seconds <<<"$inprocess")" "$(mib "$openssl_kib")" "$(ratio "$peak" "$openssl_kib")"
fi
echo "| reference: \`openssl dgst -engine gost -md_gost12_256\` | $(mib "$openssl_kib") MiB | $openssl_s | $(mib "$openssl_kib") MiB | 1.00 |"
