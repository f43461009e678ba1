#!/usr/bin/env bash
# Page -> signature of a large file in Chromium and Firefox ESR against `openssl dgst
# -md_gost12_256` of the same file in the same run (issue 18 goal 1): a passive key enrolled
# on a virtual Rutoken ECP 2.0 2100, MIB MiB of random data, stream_bench.mjs in both browsers.
# Prints Markdown rows and, as its last line, `stream-ratio: <number>` (the slower browser's
# openssl seconds / page seconds). Takes the pcscd lock itself unless TOKENBRIDGE_PCSCD_LOCKED=1.
#
#   bench/browser/stream.sh BUILD_DIR [MIB]      (default 1024)
set -euo pipefail
BUILD=$(realpath "${1:?usage: stream.sh BUILD_DIR [MIB]}")
MIB=${2:-1024}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
HOST=$BUILD/host/tokenbridge-host
LOCK=(flock -o /tmp/tokenbridge-pcscd.lock)
[[ ${TOKENBRIDGE_PCSCD_LOCKED:-0} == 1 ]] && LOCK=()
# shellcheck source=/dev/null
source "$REPO/tests/integration/passive/lib.sh"

if [[ -z ${VTOKEN_COUNT:-} ]]; then
  WORK=$(mktemp -d /tmp/tb-bench-stream.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
  export WORK
  make_test_ca >/dev/null 2>&1
  export OPENSSL_CONF BUILD_DIR=$BUILD TOKENBRIDGE_HOST_BIN=$HOST
  export VTOKEN_BIN=$BUILD/emulator/vtoken VTOKEN_WAIT_BIN=$BUILD/emulator/vtoken-wait
  status=0
  "${LOCK[@]}" "$REPO/scripts/with-virtual-tokens.sh" rutoken-ecp-2.0-2100 -- \
    "$0" "$BUILD" "$MIB" || status=$?
  exit $status
fi

device=$("$HOST" devices | jq -r '.[0].id')
key=$(enroll_key "$device")
head -c "$((MIB * 1024 * 1024))" /dev/urandom >"$WORK/doc.bin"
node "$HERE/stream_bench.mjs" "$WORK/doc.bin" "$device" "$key"
