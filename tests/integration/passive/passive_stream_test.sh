#!/usr/bin/env bash
# A large document signed through chunks (sign stream / signAppend / signFinish), detached:
# openssl cms -verify accepts it and rejects a changed byte, and peak memory stays under 64 MiB
# both in the signing process and in the real host in native-messaging mode.
#
#   passive_stream_test.sh HOST_BIN STREAM_DRIVER MODEL SIZE_MIB
set -euo pipefail

PHASE=
if [[ ${1:-} == --phase ]]; then
  PHASE=$2
  shift 2
fi
HOST=$1
DRIVER=$2
MODEL=$3
SIZE_MIB=$4
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
CHUNK=${STREAM_CHUNK:-$((1024 * 1024))} # raw bytes per signAppend (base64: 1.33 MiB)
LIMIT_KIB=$((64 * 1024))
# shellcheck source=lib.sh
source "$HERE/lib.sh"

phase_stream() {
  local id key stats peak
  id=$("$HOST" devices | jq -r '.[0].id')
  key=$(enroll_key "$id")
  head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom >"$WORK/doc.bin"

  stats=$("$DRIVER" --pin-file "$WORK/pin" --device "$id" --key "$key" --in "$WORK/doc.bin" \
    --chunk "$CHUNK" --out "$WORK/doc.p7s")
  echo "in-process signing: $stats"
  [[ $(jq .bytes <<<"$stats") == $((SIZE_MIB * 1024 * 1024)) ]] || fail "size: $stats"
  peak=$(jq .peakRssKiB <<<"$stats")
  ((peak > 0 && peak < LIMIT_KIB)) || fail "peak RSS ${peak} KiB"

  stats=$(python3 "$HERE/native_stream_probe.py" "$HOST" "$id" "$key" "$WORK/doc.bin" "$CHUNK")
  echo "native host: $stats"
  [[ $(jq -r .finish <<<"$stats") == PIN_REQUIRED ]] || fail "signFinish without PIN: $stats"
  peak=$(jq .hostPeakRssKiB <<<"$stats")
  ((peak > 0 && peak < LIMIT_KIB)) || fail "host peak RSS ${peak} KiB"

  openssl cms -verify -binary -inform DER -in "$WORK/doc.p7s" -content "$WORK/doc.bin" \
    -CAfile "$WORK/ca.pem" -out /dev/null || fail "streamed signature rejected"
  printf '\x00' | dd of="$WORK/doc.bin" bs=1 seek=$((SIZE_MIB * 512 * 1024)) conv=notrunc 2>/dev/null
  printf '\x01' | dd of="$WORK/doc.bin" bs=1 seek=$((SIZE_MIB * 512 * 1024 + 1)) conv=notrunc 2>/dev/null
  if openssl cms -verify -binary -inform DER -in "$WORK/doc.p7s" -content "$WORK/doc.bin" \
    -CAfile "$WORK/ca.pem" -out /dev/null 2>/dev/null; then fail "changed document accepted"; fi
}

if [[ -n $PHASE ]]; then
  "phase_$PHASE"
  exit
fi

WORK=$(mktemp -d /tmp/tb-passive-stream.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
make_test_ca
export WORK OPENSSL_CONF
"$REPO/scripts/with-virtual-tokens.sh" "$MODEL" -- "$0" --phase stream "$HOST" "$DRIVER" "$MODEL" "$SIZE_MIB"
echo "streamed signing of ${SIZE_MIB} MiB on $MODEL: OK"
