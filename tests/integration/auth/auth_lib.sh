# shellcheck shell=bash disable=SC2154 # id, WORK, ORIGIN, NONCE come from the sourcing script
# Shared by the auth integration tests (sourced after tests/integration/passive/lib.sh): enrol a
# key with a certificate of the test CA, and run authenticate. Needs HOST, WORK, id, ORIGIN, NONCE.
# shellcheck source=../passive/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../passive/lib.sh"

# enroll MODE ALGORITHM EXTENSIONS -> key id; its certificate in $WORK/<key>.pem
enroll() {
  local mode=$1 algorithm=$2 extensions=$3 result key
  result=$(expect_result "$(call "$WORK/pin" "$(request generateKeyPair \
    "{\"deviceId\":\"$id\",\"mode\":\"$mode\",\"algorithm\":\"$algorithm\"}")")")
  key=$(jq -r .key.keyId <<<"$result")
  local want=$mode
  [[ $mode == active ]] && want=active-pkcs11
  [[ $(jq -r .mode <<<"$result") == "$want" ]] || fail "generateKeyPair $mode: $result"
  result=$(expect_result "$(call "$WORK/pin" "$(request createCsr \
    "{\"deviceId\":\"$id\",\"keyId\":\"$key\",\"subject\":{\"CN\":\"Login $mode $algorithm\",\"C\":\"RU\"}}")")")
  jq -r .csr <<<"$result" >"$WORK/$key.csr"
  openssl x509 -req -in "$WORK/$key.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial \
    -md_gost12_256 -days 10 -extfile "$OPENSSL_CONF" -extensions "$extensions" \
    -out "$WORK/$key.pem" 2>/dev/null
  expect_result "$(call "$WORK/pin" "$(request importCertificate \
    "$(jq -n --arg c "$(cat "$WORK/$key.pem")" --arg d "$id" '{deviceId: $d, certificate: $c}')")")" >/dev/null
  echo "$key"
}

# authenticate KEY [ORIGIN] -> the whole response
authenticate() {
  local request
  request=$(jq -nc --arg d "$id" --arg k "$1" --arg n "$NONCE" --arg o "${2:-$ORIGIN}" \
    '{id: 1, command: "authenticate", origin: $o, params: {deviceId: $d, keyId: $k, challengeNonce: $n}}')
  call "$WORK/pin" "$request"
}

