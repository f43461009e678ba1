#!/usr/bin/env bash
# Sign latency per key mode (passive, active, FKN when the host offers it) on one virtual
# Rutoken ECP 3.0 3220, broken down into host / channel / card, ratio to active (SignLatency.cpp).
# Takes the pcscd lock itself (one pcscd per machine) unless TOKENBRIDGE_PCSCD_LOCKED=1.
#
#   bench/sign/run.sh BUILD_DIR [ITERATIONS]      (default 20 rounds)
set -euo pipefail
BUILD=$(realpath "${1:?usage: run.sh BUILD_DIR [ITERATIONS]}")
ITERATIONS=${2:-20}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Under CTest the pcscd resource lock is already held (a second flock would deadlock).
LOCK=(flock -o /tmp/tokenbridge-pcscd.lock)
[[ ${TOKENBRIDGE_PCSCD_LOCKED:-0} == 1 ]] && LOCK=()
HOST=$BUILD/host/tokenbridge-host
# shellcheck source=/dev/null
source "$REPO/tests/integration/passive/lib.sh"

if [[ -z ${VTOKEN_COUNT:-} ]]; then
  WORK=$(mktemp -d /tmp/tb-bench-sign.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
  export WORK
  make_test_ca >/dev/null 2>&1
  export VTOKEN_BIN=$BUILD/emulator/vtoken VTOKEN_WAIT_BIN=$BUILD/emulator/vtoken-wait
  # The card's memory on tmpfs unless STATE_ON_DISK=1: vtoken fsyncs every state write, and
  # this VM's disk flushes are no model of a token's EEPROM (docs/benchmarks.md).
  if ((${STATE_ON_DISK:-0})); then
    STATE_ROOT=$WORK
  else
    STATE_ROOT=$(mktemp -d /dev/shm/tb-bench-sign.XXXXXX)
  fi
  trap 'rm -rf "$WORK" "$STATE_ROOT"' EXIT
  exec_status=0
  "${LOCK[@]}" "$REPO/scripts/with-virtual-tokens.sh" \
    "rutoken-ecp-3.0-3220:$STATE_ROOT/card" -- "$0" "$BUILD" "$ITERATIONS" || exec_status=$?
  exit $exec_status
fi

device=$("$HOST" devices | jq -r '.[0].id')
[[ -n $device && $device != null ]] || fail "no device: $("$HOST" devices)"

# enroll MODE -> key id of a new key with a CA-issued certificate, or nothing if the host
# refuses the mode (its reason on stderr).
enroll() {
  local mode=$1 response key csr
  response=$(call "$WORK/pin" "$(request generateKeyPair "{\"deviceId\":\"$device\",\"mode\":\"$mode\"}")")
  if ! jq -e .result <<<"$response" >/dev/null; then
    echo "$mode: generateKeyPair: $(jq -c .error <<<"$response")" >&2
    return 0
  fi
  key=$(jq -r .result.key.keyId <<<"$response")
  csr=$(expect_result "$(call "$WORK/pin" "$(request createCsr \
    "{\"deviceId\":\"$device\",\"keyId\":\"$key\",\"subject\":{\"CN\":\"bench $mode\"}}")")")
  jq -r .csr <<<"$csr" >"$WORK/$mode.csr"
  openssl x509 -req -in "$WORK/$mode.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" \
    -CAcreateserial -md_gost12_256 -days 10 -extfile "$OPENSSL_CONF" -extensions v3_user \
    -out "$WORK/$mode.pem" 2>/dev/null
  expect_result "$(call "$WORK/pin" "$(request importCertificate \
    "$(jq -n --arg c "$(cat "$WORK/$mode.pem")" --arg d "$device" '{deviceId: $d, certificate: $c}')")")" >/dev/null
  echo "$key"
}

targets=()
missing=()
for mode in passive active fkn; do
  key=$(enroll "$mode")
  if [[ -n $key ]]; then targets+=("$mode=$device/$key/$VTOKEN_0_PID"); else missing+=("$mode"); fi
done
"$BUILD/bench/sign_latency" --pin-file "$WORK/pin" --iterations "$ITERATIONS" "${targets[@]}"
# A mode that could not enroll is a failed benchmark, not a shorter table (the reason is above).
if ((${#missing[@]})); then
  echo "sign: no row for ${missing[*]}: enrolment failed" >&2
  exit 1
fi
