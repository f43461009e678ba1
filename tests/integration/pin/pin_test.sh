#!/usr/bin/env bash
# changePin and unblockUserPin from the command line (--pin-file, --new-pin-file) through the real
# `tokenbridge-host`, on pcscd + vpcd + vtoken (3 tries per PIN):
#   fkn:     an FKN token (ECP 3.0 3220): an FKN key signs a CSR; changePin; the old PIN is
#            refused, the new one signs; the whole APDU record of that run (--apdu-record) holds
#            neither PIN in any encoding, no VERIFY with data and no plain CHANGE REFERENCE DATA.
#            Then, in a second run, the user PIN blocked by wrong tries is unblocked with the admin
#            PIN and a new user PIN, which signs with the FKN key again (credential re-enrolled).
#   active:  an ECP 2.0 2100 through libvtoken-pkcs11 (C_SetPIN, C_Login(SO) + C_InitPIN): the
#            same with an on-card key; the admin PIN changed and the old one refused; a new PIN
#            outside the token's policy is refused (PIN_INVALID) before anything is sent: even a
#            wrong old PIN costs no try.
#   passive: the same token without any PKCS#11 module (the card's own commands): a passive key;
#            unblocking without a new PIN keeps the old one.
#   pin_test.sh HOST_BIN       (runs its phases under scripts/with-virtual-tokens.sh)
set -euo pipefail
HOST=$1 PHASE=${2:-all}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=../passive/lib.sh
source "$REPO/tests/integration/passive/lib.sh"
FKN_MODEL=rutoken-ecp-3.0-3220
MODEL=rutoken-ecp-2.0-2100

device_id() { "$HOST" devices | jq -r --arg m "$1" '.[] | select(.id | startswith($m + "-")) | .id'; }

# pin_call PIN_FILE NEW_PIN_FILE|- COMMAND PARAMS -> the whole response
pin_call() {
  local new=()
  [[ $2 == - ]] || new=(--new-pin-file "$2")
  "$HOST" call --pin-file "$1" "${new[@]}" "$(request "$3" "$4")" || true
}
new_key() { # id mode -> keyId
  jq -r .key.keyId <<<"$(expect_result "$(call "$WORK/pin" "$(request generateKeyPair \
    "{\"deviceId\":\"$1\",\"mode\":\"$2\"}")")")"
}
# signs PIN_FILE id key: createCsr with that PIN; openssl checks the CSR's signature.
signs() {
  local result
  result=$(expect_result "$(call "$1" "$(request createCsr \
    "{\"deviceId\":\"$2\",\"keyId\":\"$3\",\"subject\":{\"CN\":\"PIN test\"}}")")")
  jq -r .csr <<<"$result" >"$WORK/req.pem"
  openssl req -verify -in "$WORK/req.pem" -noout 2>&1 | grep -q "verify OK" || fail "CSR signature"
}
refused() { # PIN_FILE id key code [retriesLeft]
  local response
  response=$(call "$1" "$(request createCsr \
    "{\"deviceId\":\"$2\",\"keyId\":\"$3\",\"subject\":{\"CN\":\"PIN test\"}}")")
  expect_error "$response" "$4"
  [[ -z ${5:-} || $(jq -r .error.retriesLeft <<<"$response") == "$5" ]] ||
    fail "retriesLeft (wanted $5): $response"
}
block_user_pin() { # id key
  refused "$WORK/wrong-pin" "$1" "$2" PIN_INCORRECT 2
  refused "$WORK/wrong-pin" "$1" "$2" PIN_INCORRECT 1
  refused "$WORK/wrong-pin" "$1" "$2" PIN_BLOCKED
  refused "$WORK/pin" "$1" "$2" PIN_BLOCKED
}

# The user PIN changed, refused when old, signing when new, then blocked and unblocked with a new
# one. PASSIVE: a passive key of the token (sealed under the user PIN): it signs after the change
# (re-sealed), is reported sealed under the old PIN after the unblock, and signs again once the PIN
# is changed back to that one. Leaves the user PIN new-pin-1.
change_and_unblock() { # id key passive-key
  local id=$1 key=$2 passive=$3 result
  printf 'new-pin-1' >"$WORK/new1"
  printf 'new-pin-2' >"$WORK/new2"
  printf '12345' >"$WORK/short"
  printf '%040d' 7 >"$WORK/long"
  # The policy first: a wrong old PIN with a short new one costs no try.
  for file in short long; do
    result=$(pin_call "$WORK/wrong-pin" "$WORK/$file" changePin "{\"deviceId\":\"$id\"}")
    expect_error "$result" PIN_INVALID
    [[ $(jq -r .error.param <<<"$result") == newPin && $(jq -r .error.minLength <<<"$result") == 6 &&
      $(jq -r .error.maxLength <<<"$result") == 32 ]] || fail "policy details: $result"
  done
  expect_error "$(pin_call "$WORK/pin" - changePin "{\"deviceId\":\"$id\"}")" INVALID_PARAMS
  expect_error "$(pin_call "$WORK/pin" "$WORK/new1" changePin \
    "{\"deviceId\":\"$id\",\"pinType\":\"other\"}")" INVALID_PARAMS
  result=$(pin_call "$WORK/wrong-pin" "$WORK/new1" changePin "{\"deviceId\":\"$id\"}")
  expect_error "$result" PIN_INCORRECT
  [[ $(jq -r .error.retriesLeft <<<"$result") == 2 ]] || fail "retriesLeft after the policy: $result"
  result=$(expect_result "$(pin_call "$WORK/pin" "$WORK/new1" changePin "{\"deviceId\":\"$id\"}")")
  [[ $(jq -r .pinType <<<"$result") == user ]] || fail "changePin: $result"
  refused "$WORK/pin" "$id" "$key" PIN_INCORRECT 2
  signs "$WORK/new1" "$id" "$key"
  signs "$WORK/new1" "$id" "$passive"
  block_user_pin "$id" "$key"
  # The admin PIN unblocks; a wrong one counts its own tries.
  result=$(pin_call "$WORK/wrong-pin" "$WORK/new2" unblockUserPin "{\"deviceId\":\"$id\"}")
  expect_error "$result" PIN_INCORRECT
  [[ $(jq -r .error.retriesLeft <<<"$result") == 2 ]] || fail "admin retriesLeft: $result"
  result=$(expect_result "$(pin_call "$WORK/admin" "$WORK/new2" unblockUserPin "{\"deviceId\":\"$id\"}")")
  [[ $(jq -r .newPin <<<"$result") == true ]] || fail "unblockUserPin: $result"
  jq -e --arg k "$passive" '.sealedWithOldPin | index($k)' <<<"$result" >/dev/null ||
    fail "sealedWithOldPin lacks $passive: $result"
  refused "$WORK/new1" "$id" "$key" PIN_INCORRECT 2
  [[ $key == "$passive" ]] || signs "$WORK/new2" "$id" "$key"
  refused "$WORK/new2" "$id" "$passive" CONTAINER_CORRUPTED
  # Back to the PIN it was sealed under: it signs again.
  expect_result "$(pin_call "$WORK/new2" "$WORK/new1" changePin "{\"deviceId\":\"$id\"}")" >/dev/null
  signs "$WORK/new1" "$id" "$passive"
}

# The admin PIN changed: the old one no longer unblocks, the new one does (then set back).
change_admin() { # id key
  local id=$1 result
  printf 'admin-pin-2' >"$WORK/admin2"
  result=$(expect_result "$(pin_call "$WORK/admin" "$WORK/admin2" changePin \
    "{\"deviceId\":\"$id\",\"pinType\":\"admin\"}")")
  [[ $(jq -r .pinType <<<"$result") == admin ]] || fail "changePin admin: $result"
  expect_error "$(pin_call "$WORK/admin" "$WORK/pin" unblockUserPin "{\"deviceId\":\"$id\"}")" PIN_INCORRECT
  expect_result "$(pin_call "$WORK/admin2" "$WORK/pin" unblockUserPin "{\"deviceId\":\"$id\"}")" >/dev/null
  signs "$WORK/pin" "$id" "$2"
}

# Blocked, unblocked without a new PIN: the PIN it had signs again.
unblock_only() { # id key
  block_user_pin "$1" "$2"
  result=$(expect_result "$(pin_call "$WORK/admin2" - unblockUserPin "{\"deviceId\":\"$1\"}")")
  [[ $(jq -r .newPin <<<"$result") == false ]] || fail "unblockUserPin: $result"
  signs "$WORK/pin" "$1" "$2"
}

# No PIN, old or new, in any encoding in the record; no VERIFY with data, no plain 00 24.
check_record() { # record pins...
  local record=$1 wire commands pin
  shift
  wire=$(sed -nE 's/.* ([<>]) ([0-9A-Fa-f]*)$/\2/p' "$record" | tr 'A-F' 'a-f')
  [[ -n $wire ]] || fail "empty APDU record"
  for pin in "$@"; do
    for needle in "$(printf %s "$pin" | xxd -p | tr -d '\n')" \
      "$(printf %s "$pin" | xxd -p -c1 | sed 's/$/00/' | tr -d '\n')" \
      "$(printf %s "$pin" | base64 | tr -d '=\n' | xxd -p | tr -d '\n')"; do
      ! grep -qi -- "$needle" <<<"$wire" || fail "a PIN ($pin) is in the APDU record"
    done
  done
  commands=$(sed -nE 's/.* > ([0-9A-Fa-f]*)$/\1/p' "$record")
  ! grep -Eqi '^..20[0-9a-f]{4}[0-9a-f]+' <<<"$commands" || fail "a VERIFY with data was sent"
  ! grep -Eqi '^0024' <<<"$commands" || fail "a plain CHANGE REFERENCE DATA was sent"
}

case $PHASE in
all)
  WORK=$(mktemp -d /tmp/tb-pin.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
  export WORK
  make_test_ca >/dev/null 2>&1
  printf '87654321' >"$WORK/admin"
  with() { # PHASE TOKENS...
    local phase=$1
    shift
    "$REPO/scripts/with-virtual-tokens.sh" "$@" -- "$0" "$HOST" "$phase"
  }
  VTOKEN_EXTRA_ARGS="--max-retries 3 --apdu-record $WORK/fkn.rec" with fkn "$FKN_MODEL:$WORK/fkn"
  check_record "$WORK/fkn.rec" 12345678 new-pin-1
  commands=$(sed -nE 's/.* > ([0-9A-Fa-f]*)$/\1/p' "$WORK/fkn.rec")
  grep -Eqi '^0c24' <<<"$commands" || fail "no protected CHANGE REFERENCE DATA in the record"
  # The record must be able to fail: it does hold the PIN of a plain VERIFY.
  VTOKEN_EXTRA_ARGS="--max-retries 3 --apdu-record $WORK/plain.rec" with plain "$MODEL"
  if (check_record "$WORK/plain.rec" 12345678) 2>/dev/null; then fail "check_record misses a plain PIN"; fi
  VTOKEN_EXTRA_ARGS="--max-retries 3" with rest "$FKN_MODEL:$WORK/fkn" "$MODEL"
  echo "changePin / unblockUserPin: OK"
  ;;
fkn)
  id=$(device_id "$FKN_MODEL")
  key=$(new_key "$id" fkn)
  signs "$WORK/pin" "$id" "$key"
  printf 'new-pin-1' >"$WORK/new1"
  expect_result "$(pin_call "$WORK/pin" "$WORK/new1" changePin "{\"deviceId\":\"$id\"}")" >/dev/null
  refused "$WORK/pin" "$id" "$key" PIN_INCORRECT 2
  signs "$WORK/new1" "$id" "$key"
  echo "$key" >"$WORK/fkn-key"
  echo "fkn: changed inside the channel"
  ;;
plain)
  id=$(device_id "$MODEL")
  signs "$WORK/pin" "$id" "$(new_key "$id" passive)"
  ;;
rest)
  # The FKN token of the first run: its user PIN is new-pin-1 now.
  id=$(device_id "$FKN_MODEL") key=$(cat "$WORK/fkn-key")
  block_user_pin "$id" "$key"
  printf 'new-pin-3' >"$WORK/new3"
  expect_result "$(pin_call "$WORK/admin" "$WORK/new3" unblockUserPin "{\"deviceId\":\"$id\"}")" >/dev/null
  signs "$WORK/new3" "$id" "$key"
  echo "fkn: unblocked, credential re-enrolled"
  id=$(device_id "$MODEL")
  key=$(new_key "$id" active) passive=$(new_key "$id" passive)
  change_and_unblock "$id" "$key" "$passive"
  printf '12345678' >"$WORK/pin"
  expect_result "$(pin_call "$WORK/new1" "$WORK/pin" changePin "{\"deviceId\":\"$id\"}")" >/dev/null
  signs "$WORK/pin" "$id" "$passive"
  change_admin "$id" "$key"
  echo "active: OK"
  # The same token with no PKCS#11 module: the card's own commands.
  export TOKENBRIDGE_PKCS11_MODULES=
  printf 'admin-pin-2' >"$WORK/admin"
  change_and_unblock "$id" "$passive" "$passive"
  expect_result "$(pin_call "$WORK/new1" "$WORK/pin" changePin "{\"deviceId\":\"$id\"}")" >/dev/null
  unblock_only "$id" "$passive"
  echo "passive: OK"
  ;;
*) fail "unknown phase $PHASE" ;;
esac
