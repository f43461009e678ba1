#!/usr/bin/env bash
# Web login through the real `tokenbridge-host` on a virtual ECP 3.0 (pcscd + vpcd + vtoken):
# a passive (GOST 2012-256 and -512), an active (PKCS#11, in the token) and an FKN key, each with
# a certificate of a test CA (openssl CLI + gost engine). For each: `call authenticate` with an
# origin; the test computes H(H(origin) || H(nonce)) itself with `openssl dgst` and
# `openssl pkeyutl -verify` accepts the token's signature with the certificate's public key;
# `verify-auth` says valid, and refuses another origin, another nonce, a changed signature, an
# expired certificate (--at after notAfter), an untrusted root and a wrong format, each with its
# reason; bad arguments exit 2. Keys whose certificate lacks digitalSignature, or has an
# extendedKeyUsage without clientAuth, are refused with KEY_USAGE_NOT_ALLOWED.
#   auth_test.sh HOST_BIN       (runs itself under scripts/with-virtual-tokens.sh)
set -euo pipefail
HOST=$1
MODEL=rutoken-ecp-3.0-3220
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=../passive/lib.sh
source "$REPO/tests/integration/passive/lib.sh"

ORIGIN=https://portal.example
NONCE=$(head -c 32 /dev/urandom | base64 -w0)

if [[ -z ${VTOKEN_COUNT:-} ]]; then
  WORK=$(mktemp -d /tmp/tb-auth.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
  export WORK
  make_test_ca >/dev/null 2>&1
  cat >>"$OPENSSL_CONF" <<'CNF'
[v3_nodigsig]
basicConstraints = CA:FALSE
keyUsage = critical, nonRepudiation
[v3_noclient]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = emailProtection
CNF
  # Another CA, trusted by nobody here.
  openssl genpkey -algorithm gost2012_256 -pkeyopt paramset:A -out "$WORK/other-ca.key" 2>/dev/null
  openssl req -new -x509 -key "$WORK/other-ca.key" -md_gost12_256 -days 30 -extensions v3_ca \
    -subj "/CN=other CA" -out "$WORK/other-ca.pem" 2>/dev/null
  status=0
  "$REPO/scripts/with-virtual-tokens.sh" "$MODEL" -- "$0" "$HOST" || status=$?
  exit $status
fi

id=$("$HOST" devices | jq -r --arg m "$MODEL" '.[] | select(.id | startswith($m + "-")) | .id')
[[ -n $id ]] || fail "devices: $("$HOST" devices)"

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

# verify_auth TOKEN_FILE EXPECTED_STATUS EXPECTED_REASON [ARGS...]: runs verify-auth for
# ORIGIN and NONCE with the test CA unless ARGS override them.
verify_auth() {
  local file=$1 want_status=$2 want_reason=$3 output status=0
  shift 3
  output=$("$HOST" verify-auth --origin "${V_ORIGIN:-$ORIGIN}" --nonce "${V_NONCE:-$NONCE}" \
    --token "$file" --trusted-root "${V_ROOT:-$WORK/ca.pem}" "$@") || status=$?
  [[ $status == "$want_status" ]] || fail "verify-auth exit $status (wanted $want_status): $output"
  [[ $(jq -r '.reason // "none"' <<<"$output") == "$want_reason" ]] ||
    fail "verify-auth reason (wanted $want_reason): $output"
  echo "$output"
}

# check_key KEY ALGORITHM DGST_NAME: the whole round for one key.
check_key() {
  local key=$1 algorithm=$2 md=$3 response token output
  response=$(authenticate "$key")
  token=$(expect_result "$response")
  jq -c .authToken <<<"$token" >"$WORK/token.json"
  [[ $(jq -r .format "$WORK/token.json") == tokenbridge-auth:1 ]] || fail "format: $token"
  [[ $(jq -r .algorithm "$WORK/token.json") == "$algorithm" ]] || fail "algorithm: $token"
  [[ $(jq -r .appVersion "$WORK/token.json") == $("$HOST" version | jq -r .version) ]] ||
    fail "appVersion: $token"
  jq -r .unverifiedCertificate "$WORK/token.json" | base64 -d >"$WORK/cert.der"
  cmp -s "$WORK/cert.der" <(openssl x509 -in "$WORK/$key.pem" -outform DER) || fail "certificate"

  # The signed value, computed here from the origin and nonce texts.
  printf '%s' "$ORIGIN" | openssl dgst "-$md" -binary >"$WORK/h-origin"
  printf '%s' "$NONCE" | openssl dgst "-$md" -binary >"$WORK/h-nonce"
  cat "$WORK/h-origin" "$WORK/h-nonce" | openssl dgst "-$md" -binary >"$WORK/digest"
  openssl x509 -in "$WORK/$key.pem" -pubkey -noout >"$WORK/pub.pem"
  jq -r .signature "$WORK/token.json" | base64 -d >"$WORK/sig"
  openssl pkeyutl -verify -pubin -inkey "$WORK/pub.pem" -in "$WORK/digest" -sigfile "$WORK/sig" \
    >/dev/null || fail "openssl pkeyutl rejects the $algorithm token signature"
  # Over another origin's digest it must not verify.
  printf '%s' "https://evil.example" | openssl dgst "-$md" -binary >"$WORK/h-evil"
  cat "$WORK/h-evil" "$WORK/h-nonce" | openssl dgst "-$md" -binary >"$WORK/digest-evil"
  if openssl pkeyutl -verify -pubin -inkey "$WORK/pub.pem" -in "$WORK/digest-evil" \
    -sigfile "$WORK/sig" >/dev/null 2>&1; then fail "signature verifies for another origin"; fi

  output=$(verify_auth "$WORK/token.json" 0 none)
  [[ $(jq -r .valid <<<"$output") == true ]] || fail "not valid: $output"
  [[ $(jq -r .subject <<<"$output") == *"Login"* ]] || fail "subject: $output"
  # Serials compared as numbers: either side may print a leading zero octet.
  [[ $(jq -r .serial <<<"$output" | sed 's/^0*//') == $(openssl x509 -in "$WORK/$key.pem" -noout \
    -serial | cut -d= -f2 | tr 'A-F' 'a-f' | sed 's/^0*//') ]] || fail "serial: $output"
  # The wrapped form {"authToken": {...}} from standard input.
  printf '%s' "$token" | verify_auth - 0 none >/dev/null
  # Refusals, each with its reason.
  V_ORIGIN=https://evil.example verify_auth "$WORK/token.json" 1 signature >/dev/null
  V_ORIGIN=https://portal.example:8443 verify_auth "$WORK/token.json" 1 signature >/dev/null
  V_NONCE=$(head -c 32 /dev/urandom | base64 -w0) verify_auth "$WORK/token.json" 1 signature >/dev/null
  python3 - "$WORK/token.json" "$WORK/flipped.json" <<'PY'
import base64, json, sys
token = json.load(open(sys.argv[1]))
signature = bytearray(base64.b64decode(token['signature']))
signature[len(signature) // 2] ^= 0x01
token['signature'] = base64.b64encode(bytes(signature)).decode()
json.dump(token, open(sys.argv[2], 'w'))
PY
  verify_auth "$WORK/flipped.json" 1 signature >/dev/null
  verify_auth "$WORK/token.json" 1 expired --at "$(date -u -d '+20 days' +%Y-%m-%dT%H:%M:%SZ)" >/dev/null
  verify_auth "$WORK/token.json" 1 not-yet-valid --at "$(date -u -d '-2 days' +%Y-%m-%dT%H:%M:%SZ)" >/dev/null
  V_ROOT=$WORK/other-ca.pem verify_auth "$WORK/token.json" 1 untrusted >/dev/null
  jq -c '.format = "web-eid:1"' "$WORK/token.json" >"$WORK/format.json"
  verify_auth "$WORK/format.json" 1 format >/dev/null
  jq -c '.algorithm = (if .algorithm == "GOST3410-2012-512" then "GOST3410-2012-256" else "GOST3410-2012-512" end)' \
    "$WORK/token.json" >"$WORK/algorithm.json"
  verify_auth "$WORK/algorithm.json" 1 algorithm >/dev/null
  echo "$algorithm key $key: OK"
}

passive=$(enroll passive gost2012_256 v3_user)
check_key "$passive" GOST3410-2012-256 md_gost12_256
passive512=$(enroll passive gost2012_512 v3_user)
check_key "$passive512" GOST3410-2012-512 md_gost12_512
active=$(enroll active gost2012_256 v3_user)
check_key "$active" GOST3410-2012-256 md_gost12_256
fkn=$(enroll fkn gost2012_256 v3_user)
check_key "$fkn" GOST3410-2012-256 md_gost12_256

# No origin: refused on the command line too, before the token is touched.
expect_error "$(call "$WORK/pin" "$(request authenticate \
  "{\"deviceId\":\"$id\",\"keyId\":\"$passive\",\"challengeNonce\":\"$NONCE\"}")")" ORIGIN_NOT_ALLOWED
# Nonces that are too short, too long, not base64.
for nonce in "$(head -c 31 /dev/urandom | base64 -w0)" "$(head -c 100 /dev/urandom | base64 -w0)" \
  "not base64 at all!" "$(head -c 32 /dev/urandom | base64 -w16)"; do
  result=$(call "$WORK/pin" "$(jq -nc --arg d "$id" --arg k "$passive" --arg n "$nonce" --arg o "$ORIGIN" \
    '{id: 1, command: "authenticate", origin: $o, params: {deviceId: $d, keyId: $k, challengeNonce: $n}}')")
  expect_error "$result" INVALID_PARAMS
  [[ $(jq -r .error.param <<<"$result") == challengeNonce ]] || fail "param: $result"
done
# Key usage: no digitalSignature, or an EKU without clientAuth; checked before the PIN.
nodigsig=$(enroll passive gost2012_256 v3_nodigsig)
expect_error "$(authenticate "$nodigsig")" KEY_USAGE_NOT_ALLOWED
noclient=$(enroll fkn gost2012_256 v3_noclient)
expect_error "$(authenticate "$noclient")" KEY_USAGE_NOT_ALLOWED
expect_error "$(call "$WORK/wrong-pin" "$(jq -nc --arg d "$id" --arg k "$noclient" --arg n "$NONCE" \
  --arg o "$ORIGIN" '{id: 1, command: "authenticate", origin: $o, params: {deviceId: $d, keyId: $k, challengeNonce: $n}}')")" \
  KEY_USAGE_NOT_ALLOWED
# A key without a certificate.
bare=$(jq -r .key.keyId <<<"$(expect_result "$(call "$WORK/pin" "$(request generateKeyPair \
  "{\"deviceId\":\"$id\",\"mode\":\"passive\"}")")")")
expect_error "$(authenticate "$bare")" CERTIFICATE_NOT_FOUND

# verify-auth's own arguments: exit 2.
jq -c .authToken <<<"$(expect_result "$(authenticate "$passive")")" >"$WORK/token.json"
usage() {
  local status=0
  "$HOST" verify-auth "$@" >/dev/null 2>&1 || status=$?
  [[ $status == 2 ]] || fail "verify-auth $* exited $status, wanted 2"
}
usage --origin "$ORIGIN" --token "$WORK/token.json" --trusted-root "$WORK/ca.pem"
usage --origin "$ORIGIN" --nonce "$NONCE" --trusted-root "$WORK/ca.pem"
usage --origin "$ORIGIN" --nonce "$NONCE" --token "$WORK/missing.json" --trusted-root "$WORK/ca.pem"
usage --origin "$ORIGIN" --nonce "$NONCE" --token "$WORK/token.json" --trusted-root "$WORK/missing.pem"
usage --origin "$ORIGIN" --nonce "$NONCE" --token "$WORK/token.json" --trusted-root "$WORK/ca.pem" --at yesterday
usage --origin "$ORIGIN" --nonce "$NONCE" --token "$WORK/token.json" --trusted-root "$WORK/ca.pem" --bogus 1
usage --origin "$ORIGIN" --nonce short --token "$WORK/token.json" --trusted-root "$WORK/ca.pem"
echo "authentication on $MODEL: OK"
