#!/usr/bin/env bash
# rawSign, getPublicKey and getKeyByCertificate through the real `tokenbridge-host` on a virtual
# ECP 3.0: a passive GOST 2012-256 and -512, an active (PKCS#11) and an FKN key, each with a
# certificate of a test CA. For each: rawSign of a random digest passes `openssl pkeyutl -verify`
# with the certificate's public key and fails over another digest; getPublicKey's PEM is the
# certificate's public key (`openssl x509 -pubkey`); getKeyByCertificate finds the key with and
# without deviceId. Digests of the wrong size are refused before the PIN is spent.
#   raw_sign_test.sh HOST_BIN       (runs itself under scripts/with-virtual-tokens.sh)
set -euo pipefail
HOST=$1
MODEL=rutoken-ecp-3.0-3220
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=../passive/lib.sh
source "$REPO/tests/integration/passive/lib.sh"
# shellcheck source=../auth/auth_lib.sh
source "$REPO/tests/integration/auth/auth_lib.sh"

if [[ -z ${VTOKEN_COUNT:-} ]]; then
  WORK=$(mktemp -d /tmp/tb-rawsign.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
  export WORK
  make_test_ca >/dev/null 2>&1
  status=0
  "$REPO/scripts/with-virtual-tokens.sh" "$MODEL" -- "$0" "$HOST" || status=$?
  exit $status
fi

id=$("$HOST" devices | jq -r --arg m "$MODEL" '.[] | select(.id | startswith($m + "-")) | .id')
[[ -n $id ]] || fail "devices: $("$HOST" devices)"

raw_sign() { # PIN_FILE KEY DIGEST -> the whole response
  call "$1" "$(request rawSign "{\"deviceId\":\"$id\",\"keyId\":\"$2\",\"digest\":\"$3\"}")"
}

# check_key KEY ALGORITHM HASH_BYTES
check_key() {
  local key=$1 algorithm=$2 size=$3 result digest
  openssl x509 -in "$WORK/$key.pem" -pubkey -noout >"$WORK/pub.pem"

  head -c "$size" /dev/urandom >"$WORK/digest"
  digest=$(xxd -p -c 256 "$WORK/digest")
  result=$(expect_result "$(raw_sign "$WORK/pin" "$key" "$digest")")
  [[ $(jq -r .algorithm <<<"$result") == "$algorithm" ]] || fail "algorithm: $result"
  jq -r .signature <<<"$result" | base64 -d >"$WORK/sig"
  [[ $(stat -c %s "$WORK/sig") == $((size * 2)) ]] || fail "signature size: $result"
  openssl pkeyutl -verify -pubin -inkey "$WORK/pub.pem" -in "$WORK/digest" -sigfile "$WORK/sig" \
    >/dev/null || fail "openssl pkeyutl rejects the $algorithm raw signature"
  # Another digest: must not verify.
  head -c "$size" /dev/urandom >"$WORK/other"
  if openssl pkeyutl -verify -pubin -inkey "$WORK/pub.pem" -in "$WORK/other" \
    -sigfile "$WORK/sig" >/dev/null 2>&1; then fail "$algorithm signature verifies another digest"; fi
  # The same digest given in base64.
  result=$(expect_result "$(raw_sign "$WORK/pin" "$key" "$(base64 -w0 "$WORK/digest")")")
  jq -r .signature <<<"$result" | base64 -d >"$WORK/sig"
  openssl pkeyutl -verify -pubin -inkey "$WORK/pub.pem" -in "$WORK/digest" -sigfile "$WORK/sig" \
    >/dev/null || fail "openssl pkeyutl rejects the $algorithm raw signature of a base64 digest"
  # A digest of the other GOST size, and none: refused, no PIN try spent.
  local wrong=$((size == 32 ? 64 : 32))
  result=$(raw_sign "$WORK/wrong-pin" "$key" "$(head -c "$wrong" /dev/urandom | xxd -p -c 256)")
  expect_error "$result" INVALID_PARAMS
  [[ $(jq -r .error.expectedBytes <<<"$result") == "$size" ]] || fail "expectedBytes: $result"
  expect_error "$(raw_sign "$WORK/pin" "$key" "")" INVALID_PARAMS
  expect_error "$(call "$(request rawSign "{\"deviceId\":\"$id\",\"keyId\":\"$key\",\"digest\":\"$digest\"}")")" \
    PIN_REQUIRED

  # getPublicKey: the certificate's public key, as PEM and as base64 DER.
  result=$(expect_result "$(call "$(request getPublicKey "{\"deviceId\":\"$id\",\"keyId\":\"$key\"}")")")
  [[ $(jq -r .algorithm <<<"$result") == "$algorithm" ]] || fail "getPublicKey algorithm: $result"
  cmp -s <(jq -j .pem <<<"$result") "$WORK/pub.pem" || fail "getPublicKey PEM: $result"
  cmp -s <(jq -r .publicKey <<<"$result" | base64 -d) <(openssl pkey -pubin -in "$WORK/pub.pem" -outform DER) ||
    fail "getPublicKey DER: $result"

  # getKeyByCertificate, PEM with deviceId and base64 DER without.
  result=$(expect_result "$(call "$(request getKeyByCertificate \
    "$(jq -n --arg c "$(cat "$WORK/$key.pem")" --arg d "$id" '{deviceId: $d, certificate: $c}')")")")
  [[ $(jq -r .keyId <<<"$result") == "$key" && $(jq -r .deviceId <<<"$result") == "$id" ]] ||
    fail "getKeyByCertificate: $result"
  result=$(expect_result "$(call "$(request getKeyByCertificate \
    "$(jq -n --arg c "$(openssl x509 -in "$WORK/$key.pem" -outform DER | base64 -w0)" '{certificate: $c}')")")")
  [[ $(jq -r .keyId <<<"$result") == "$key" && $(jq -r .key.keyId <<<"$result") == "$key" ]] ||
    fail "getKeyByCertificate without deviceId: $result"
  echo "$algorithm key $key: OK"
}

passive=$(enroll passive gost2012_256 v3_user)
check_key "$passive" gost2012_256 32
passive512=$(enroll passive gost2012_512 v3_user)
check_key "$passive512" gost2012_512 64
active=$(enroll active gost2012_256 v3_user)
check_key "$active" gost2012_256 32
fkn=$(enroll fkn gost2012_256 v3_user)
check_key "$fkn" gost2012_256 32

# A certificate whose key is on no token; an unknown key; not a certificate.
openssl genpkey -algorithm gost2012_256 -pkeyopt paramset:A -out "$WORK/stray.key" 2>/dev/null
openssl req -new -x509 -key "$WORK/stray.key" -md_gost12_256 -days 1 -subj "/CN=stray" \
  -out "$WORK/stray.pem" 2>/dev/null
expect_error "$(call "$(request getKeyByCertificate \
  "$(jq -n --arg c "$(cat "$WORK/stray.pem")" '{certificate: $c}')")")" KEY_NOT_FOUND
expect_error "$(call "$(request getKeyByCertificate '{"certificate":"bm90IGEgY2VydA=="}')")" INVALID_PARAMS
expect_error "$(call "$(request getPublicKey "{\"deviceId\":\"$id\",\"keyId\":\"00ff\"}")")" KEY_NOT_FOUND
expect_error "$(raw_sign "$WORK/pin" 00ff "$(head -c 32 /dev/urandom | xxd -p -c 256)")" KEY_NOT_FOUND
echo "raw signatures on $MODEL: OK"
