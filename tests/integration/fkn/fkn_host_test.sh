#!/usr/bin/env bash
# FKN mode through the real `tokenbridge-host` and real pcscd + vpcd + vtoken.
#   fkn_host_test.sh HOST_BIN REPLAY_BIN PHASE MODEL[@nfc]
# PHASE enroll: generateKeyPair fkn + auto -> fkn, CSR, certificate from an openssl CA, import,
#   getKeyInfo with/without PIN, CAdES-BES sign verified by `openssl cms -verify`; the whole
#   APDU record of that vtoken run (--apdu-record) holds the PIN in no encoding and no VERIFY
#   that carries data;
#   replaying the recorded commands raw is refused, no object appears. A second run: listKeys
#   (with and without PIN) shows each FKN key once, as "fkn", though PKCS#11 lists it too.
# PHASE pin: wrong PINs count down retriesLeft, then PIN_BLOCKED, still after a vtoken restart.
# PHASE tamper: vtoken --tamper-sm-response flips a bit of the PSO answer: a typed retryable
#   CARD_ERROR, no signature; the same host process signs correctly next.
set -euo pipefail
HOST=$1 REPLAY=$2 PHASE=$3 TOKEN=$4
MODEL=${TOKEN%@nfc}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
WITH_TOKENS=$REPO/scripts/with-virtual-tokens.sh
# shellcheck source=../passive/lib.sh
source "$REPO/tests/integration/passive/lib.sh"

device_id() { "$HOST" devices | jq -r --arg m "$MODEL" '.[] | select(.id | startswith($m + "-")) | .id'; }

# Runs "$0 ... STEP" inside one vtoken run on the test's state directory.
with_token() { # STEP [extra vtoken args]
  VTOKEN_EXTRA_ARGS="${2:-}" "$WITH_TOKENS" "$TOKEN:$WORK/state" -- "$0" "$HOST" "$REPLAY" "$1" "$TOKEN"
}

enroll_key() { # mode -> keyId (with certificate)
  local id=$1 mode=$2 result key
  result=$(expect_result "$(call "$WORK/pin" "$(request generateKeyPair \
    "{\"deviceId\":\"$id\",\"mode\":\"$mode\",\"label\":\"fkn $mode\"}")")")
  [[ $(jq -r .mode <<<"$result") == fkn && $(jq -r .extractable <<<"$result") == false ]] ||
    fail "generateKeyPair $mode: $result"
  [[ $(jq -r '.warning // "none"' <<<"$result") == none ]] || fail "warning on an FKN key: $result"
  key=$(jq -r .key.keyId <<<"$result")
  result=$(expect_result "$(call "$WORK/pin" "$(request createCsr \
    "{\"deviceId\":\"$id\",\"keyId\":\"$key\",\"subject\":{\"CN\":\"FKN User\",\"C\":\"RU\"}}")")")
  jq -r .csr <<<"$result" >"$WORK/req.pem"
  openssl req -verify -in "$WORK/req.pem" -noout 2>&1 | grep -q "verify OK" || fail "CSR signature"
  openssl x509 -req -in "$WORK/req.pem" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial \
    -md_gost12_256 -days 10 -extfile "$OPENSSL_CONF" -extensions v3_user -out "$WORK/user.pem" 2>/dev/null
  result=$(expect_result "$(call "$WORK/pin" "$(request importCertificate \
    "$(jq -n --arg c "$(cat "$WORK/user.pem")" --arg d "$id" '{deviceId: $d, certificate: $c}')")")")
  [[ $(jq -r .key.keyId <<<"$result") == "$key" && $(jq -r .key.mode <<<"$result") == fkn ]] ||
    fail "importCertificate: $result"
  echo "$key"
}

sign_and_verify() { # id key
  head -c 5000 /dev/urandom >"$WORK/doc.bin"
  local result
  result=$(expect_result "$(call "$WORK/pin" "$(jq -nc --arg d "$1" --arg k "$2" \
    --arg x "$(base64 -w0 "$WORK/doc.bin")" '{id:1,command:"sign",params:{deviceId:$d,keyId:$k,data:$x,detached:true}}')")")
  jq -r .cms <<<"$result" | base64 -d >"$WORK/sig.p7s"
  openssl cms -verify -binary -inform DER -in "$WORK/sig.p7s" -content "$WORK/doc.bin" \
    -CAfile "$WORK/ca.pem" -out /dev/null 2>/dev/null || fail "FKN signature rejected"
  head -c 100 /dev/urandom >"$WORK/other.bin"
  if openssl cms -verify -binary -inform DER -in "$WORK/sig.p7s" -content "$WORK/other.bin" \
    -CAfile "$WORK/ca.pem" -out /dev/null 2>/dev/null; then fail "other document accepted"; fi
}

step_enroll() {
  local id key auto result
  id=$(device_id)
  [[ -n $id ]] || fail "no device: $("$HOST" devices)"
  key=$(enroll_key "$id" fkn)
  auto=$(enroll_key "$id" auto)
  [[ $key != "$auto" ]] || fail "two keys, one id"
  # "Is my key FKN?": not confirmed without the PIN (and told how), confirmed with it.
  result=$(expect_result "$(call "$(request getKeyInfo "{\"deviceId\":\"$id\",\"keyId\":\"$key\"}")")")
  [[ $(jq -r .key.mode <<<"$result") == fkn && $(jq -r .key.extractable <<<"$result") == false &&
    $(jq -r .confirmedBy <<<"$result") == null && $(jq -r '.howToConfirm | length' <<<"$result") -gt 0 ]] ||
    fail "getKeyInfo without PIN: $result"
  result=$(expect_result "$(call "$WORK/pin" "$(request getKeyInfo "{\"deviceId\":\"$id\",\"keyId\":\"$key\"}")")")
  [[ $(jq -r .confirmedBy <<<"$result") == token-attribute-in-fkn-session &&
    $(jq -r .tokenAttributes.extractable <<<"$result") == false ]] || fail "getKeyInfo with PIN: $result"
  sign_and_verify "$id" "$key"
  sign_and_verify "$id" "$auto"
  echo "$key $auto" >"$WORK/keys"

  # What a sniffer saw: the PIN in no encoding, no VERIFY carrying data. A VERIFY without data
  # (00 20 00 0x: the retry counter, no PIN) is allowed: the vendor's PKCS#11 library asks the
  # PIN counters that way when the host identifies the token through it (docs/active.md).
  local record=$WORK/apdu.rec wire
  wire=$(sed -nE 's/.* ([<>]) ([0-9A-Fa-f]*)$/\2/p' "$record" | tr 'A-F' 'a-f')
  [[ -n $wire ]] || fail "empty APDU record"
  local pinhex=3132333435363738
  for needle in "$pinhex" 12345678 31003200330034003500360037003800 00310032003300340035003600370038 \
    "$(printf 12345678 | base64 | tr -d '\n' | xxd -p | tr -d '\n')" "$(printf 12345678 | base64 | tr -d '=\n')"; do
    ! grep -qi -- "$needle" <<<"$wire" || fail "the PIN ($needle) is in the APDU record"
  done
  # Not `! sed | grep -q`: under pipefail, sed killed by SIGPIPE when grep -q stops at the first
  # match made that check pass whenever a VERIFY was there.
  local commands
  commands=$(sed -nE 's/.* > ([0-9A-Fa-f]*)$/\1/p' "$record")
  ! grep -Eqi '^..20[0-9a-f]{4}[0-9a-f]+' <<<"$commands" || fail "a VERIFY with data was sent"
  grep -Eq ' > 8C46' "$record" || fail "no protected key generation in the record"

  # Replaying the captured commands: the protected ones are refused, no object appears.
  sed -nE 's/.* > ([0-9A-Fa-f]*)$/\1/p' "$record" >"$WORK/commands.hex"
  "$REPLAY" "$VTOKEN_0_READER" "$WORK/commands.hex" >"$WORK/replay.out" || fail "replay tool"
  local before after
  before=$(grep '^OBJECTS' "$WORK/replay.out" | head -1)
  after=$(grep '^OBJECTS' "$WORK/replay.out" | tail -1)
  [[ $before == "$after" ]] || fail "replay changed the token's objects: $before / $after"
  local protected accepted
  protected=$(grep -Ec '^[08]C' "$WORK/replay.out" || true)
  accepted=$(grep -E '^[08]C' "$WORK/replay.out" | grep -Evc -- '-> (6985|6988)$' || true)
  ((protected > 0)) || fail "no protected command replayed"
  ((accepted == 0)) || fail "replayed protected commands accepted: $(grep -E '^[08]C' "$WORK/replay.out" | grep -Ev -- '-> (6985|6988)$')"
  echo "replayed $protected protected commands: all refused"
}

# A second run: the listing also asks PKCS#11 (libvtoken-pkcs11.so), which sees the FKN keys too.
step_listing() {
  local id result key
  id=$(device_id)
  for key in $(cat "$WORK/keys"); do
    # Listed once each, as fkn, although PKCS#11 shows them too (with and without the PIN).
    for pin in "$WORK/pin" ""; do
      result=$(expect_result "$(call ${pin:+"$pin"} "$(request listKeys "{\"deviceId\":\"$id\"}")")")
      [[ $(jq --arg k "$key" '[.keys[] | select(.keyId == $k)] | length' <<<"$result") == 1 ]] ||
        fail "listKeys (pin '$pin'): $result"
      [[ $(jq -r --arg k "$key" '.keys[] | select(.keyId == $k) | .mode' <<<"$result") == fkn ]] ||
        fail "listKeys mode: $result"
    done
  done
}

step_pin_wrong() {
  local id result
  id=$(device_id)
  for left in 2 1; do
    result=$(call "$WORK/wrong-pin" "$(request generateKeyPair "{\"deviceId\":\"$id\",\"mode\":\"fkn\"}")")
    expect_error "$result" PIN_INCORRECT
    [[ $(jq .error.retriesLeft <<<"$result") == "$left" ]] || fail "retriesLeft: $result"
  done
  expect_error "$(call "$WORK/wrong-pin" "$(request generateKeyPair "{\"deviceId\":\"$id\",\"mode\":\"fkn\"}")")" PIN_BLOCKED
  expect_error "$(call "$WORK/pin" "$(request generateKeyPair "{\"deviceId\":\"$id\",\"mode\":\"fkn\"}")")" PIN_BLOCKED
}

step_pin_restarted() {
  local id
  id=$(device_id)
  expect_error "$(call "$WORK/pin" "$(request generateKeyPair "{\"deviceId\":\"$id\",\"mode\":\"fkn\"}")")" PIN_BLOCKED
  result=$(expect_result "$(call "$(request listKeys "{\"deviceId\":\"$id\"}")")")
  [[ $(jq '.keys | length' <<<"$result") == 0 ]] || fail "a key appeared: $result"
}

step_tamper_prepare() {
  enroll_key "$(device_id)" fkn >"$WORK/key"
}

step_tamper() {
  python3 "$HERE/tamper_sign.py" "$HOST" "$(device_id)" "$(cat "$WORK/key")" "$WORK"
  openssl cms -verify -binary -inform DER -in "$WORK/sig.p7s" -content "$WORK/doc.bin" \
    -CAfile "$WORK/ca.pem" -out /dev/null 2>/dev/null || fail "signature after the tamper rejected"
}

if [[ -n ${VTOKEN_COUNT:-} ]]; then
  "step_$PHASE"
  exit 0
fi

WORK=$(mktemp -d /tmp/tb-fkn.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export WORK
make_test_ca >/dev/null 2>&1
case $PHASE in
enroll)
  with_token enroll "--apdu-record $WORK/apdu.rec"
  with_token listing
  ;;
pin)
  with_token pin_wrong "--max-retries 3"
  with_token pin_restarted
  ;;
tamper)
  with_token tamper_prepare
  # Sign's protected answers: object list, the key (the signer reads only the objects the list
  # marks as FKN keys), MSE, PSO -> the 4th is the signature.
  with_token tamper "--tamper-sm-response 4"
  ;;
*) fail "unknown phase $PHASE" ;;
esac
echo "fkn $PHASE on $TOKEN passed"
