#!/usr/bin/env bash
# Active mode through the real `tokenbridge-host call`: on a virtual ECP "auto" makes
# the key inside the token (libvtoken-pkcs11.so from the build tree), CSR, CA certificate,
# import, sign, `openssl cms -verify`; passive and active keys side by side; a storage-only
# token refuses "active" with MODE_NOT_SUPPORTED and "auto" falls back to passive.
#   active_host_test.sh HOST_BIN       (runs itself under scripts/with-virtual-tokens.sh)
set -euo pipefail
HOST=$1
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=../passive/lib.sh
source "$REPO/tests/integration/passive/lib.sh"

if [[ -z ${VTOKEN_COUNT:-} ]]; then
  WORK=$(mktemp -d /tmp/tb-active.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
  export WORK
  make_test_ca >/dev/null 2>&1
  exec_status=0
  "$REPO/scripts/with-virtual-tokens.sh" rutoken-ecp-2.0-2100 rutoken-lite -- "$0" "$HOST" || exec_status=$?
  exit $exec_status
fi

device_of() { "$HOST" devices | jq -r --arg m "$1" '.[] | select(.id | startswith($m + "-")) | .id'; }
ecp=$(device_of rutoken-ecp-2.0-2100)
lite=$(device_of rutoken-lite)
[[ -n $ecp && -n $lite ]] || fail "devices: $("$HOST" devices)"

# ECP: auto = active.
result=$(expect_result "$(call "$WORK/pin" "$(request generateKeyPair \
  "{\"deviceId\":\"$ecp\",\"mode\":\"auto\",\"label\":\"on card\"}")")")
[[ $(jq -r .mode <<<"$result") == active-pkcs11 ]] || fail "auto on ECP: $result"
[[ $(jq -r .extractable <<<"$result") == false ]] || fail "extractable: $result"
key=$(jq -r .key.keyId <<<"$result")

result=$(expect_result "$(call "$WORK/pin" "$(request createCsr \
  "{\"deviceId\":\"$ecp\",\"keyId\":\"$key\",\"subject\":{\"CN\":\"Active User\",\"C\":\"RU\"}}")")")
jq -r .csr <<<"$result" >"$WORK/req.pem"
openssl req -verify -in "$WORK/req.pem" -noout 2>&1 | grep -q "verify OK" || fail "CSR signature"
openssl x509 -req -in "$WORK/req.pem" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial \
  -md_gost12_256 -days 10 -extfile "$OPENSSL_CONF" -extensions v3_user -out "$WORK/user.pem" 2>/dev/null
result=$(expect_result "$(call "$WORK/pin" "$(request importCertificate \
  "$(jq -n --arg c "$(cat "$WORK/user.pem")" --arg d "$ecp" '{deviceId: $d, certificate: $c}')")")")
[[ $(jq -r .key.keyId <<<"$result") == "$key" && $(jq -r .key.mode <<<"$result") == active-pkcs11 ]] ||
  fail "importCertificate: $result"

# A passive key on the same token; listings show both, each with its mode.
result=$(expect_result "$(call "$WORK/pin" "$(request generateKeyPair \
  "{\"deviceId\":\"$ecp\",\"mode\":\"passive\"}")")")
passive=$(jq -r .key.keyId <<<"$result")
[[ $(jq -r .advice.strongerMode <<<"$result") == active-pkcs11 ]] || fail "passive advice: $result"
result=$(expect_result "$(call "$WORK/pin" "$(request listKeys "{\"deviceId\":\"$ecp\"}")")")
[[ $(jq -r --arg k "$key" '.keys[] | select(.keyId == $k) | .mode' <<<"$result") == active-pkcs11 ]] ||
  fail "listKeys active: $result"
[[ $(jq -r --arg k "$passive" '.keys[] | select(.keyId == $k) | .mode' <<<"$result") == passive ]] ||
  fail "listKeys passive: $result"
# Without a PIN: the certificate is still listed (public objects).
result=$(expect_result "$(call "$(request listCertificates "{\"deviceId\":\"$ecp\"}")")")
[[ $(jq -r --arg k "$key" '[.certificates[] | select(.keyId == $k)] | length' <<<"$result") == 1 ]] ||
  fail "listCertificates: $result"
result=$(expect_result "$(call "$WORK/pin" "$(request getKeyInfo "{\"deviceId\":\"$ecp\",\"keyId\":\"$key\"}")")")
[[ $(jq -r .key.extractable <<<"$result") == false ]] || fail "getKeyInfo: $result"

# Sign on the card; openssl verifies, and rejects another document.
head -c 20000 /dev/urandom >"$WORK/doc.bin"
result=$(expect_result "$(call "$WORK/pin" "$(jq -nc --arg d "$ecp" --arg k "$key" \
  --arg x "$(base64 -w0 "$WORK/doc.bin")" '{id:1,command:"sign",params:{deviceId:$d,keyId:$k,data:$x,detached:true}}')")")
jq -r .cms <<<"$result" | base64 -d >"$WORK/sig.p7s"
openssl cms -verify -binary -inform DER -in "$WORK/sig.p7s" -content "$WORK/doc.bin" \
  -CAfile "$WORK/ca.pem" -out /dev/null 2>/dev/null || fail "active signature rejected"
head -c 100 /dev/urandom >"$WORK/other.bin"
if openssl cms -verify -binary -inform DER -in "$WORK/sig.p7s" -content "$WORK/other.bin" \
  -CAfile "$WORK/ca.pem" -out /dev/null 2>/dev/null; then fail "other document accepted"; fi

# Storage-only: "active" refused, "auto" falls back to passive.
expect_error "$(call "$WORK/pin" "$(request generateKeyPair "{\"deviceId\":\"$lite\",\"mode\":\"active\"}")")" \
  MODE_NOT_SUPPORTED
result=$(expect_result "$(call "$WORK/pin" "$(request generateKeyPair "{\"deviceId\":\"$lite\",\"mode\":\"auto\"}")")")
[[ $(jq -r .mode <<<"$result") == passive ]] || fail "auto on Lite: $result"

# Deleting the active key takes it off the card.
expect_result "$(call "$WORK/pin" "$(request deleteKey "{\"deviceId\":\"$ecp\",\"keyId\":\"$key\"}")")" >/dev/null
expect_error "$(call "$WORK/pin" "$(request getKeyInfo "{\"deviceId\":\"$ecp\",\"keyId\":\"$key\"}")")" KEY_NOT_FOUND
echo "active host test passed"
