# Shared by the passive integration tests (sourced): a test CA made with the openssl CLI and the
# gost engine through an app-local OPENSSL_CONF, and helpers around `tokenbridge-host call`.
# Needs HOST (the host binary) and WORK (a scratch directory).

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

make_test_ca() {
  # The gost engine's section from the one generator the tests share; then this CA's sections.
  python3 "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/gost_openssl_conf.py" >"$WORK/openssl.cnf"
  cat >>"$WORK/openssl.cnf" <<CNF
[req]
distinguished_name = req_dn
prompt = no
[req_dn]
CN = tokenbridge test CA
C = RU
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
[v3_user]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = clientAuth, emailProtection
CNF
  export OPENSSL_CONF=$WORK/openssl.cnf
  openssl genpkey -algorithm gost2012_256 -pkeyopt paramset:A -out "$WORK/ca.key" 2>/dev/null
  openssl req -new -x509 -key "$WORK/ca.key" -md_gost12_256 -days 30 -extensions v3_ca \
    -out "$WORK/ca.pem"

  printf '12345678' >"$WORK/pin"
  printf '00000000' >"$WORK/wrong-pin"
}

# call [PIN_FILE] JSON -> prints the response (status ignored: errors are checked by the caller)
call() {
  if [[ $# -eq 2 ]]; then
    "$HOST" call --pin-file "$1" "$2" || true
  else
    "$HOST" call "$1" || true
  fi
}
request() { # command params-json
  jq -nc --arg c "$1" --argjson p "$2" '{id: 1, command: $c, params: $p}'
}
expect_result() { # response -> result on stdout, or fail with the error
  local response=$1
  jq -e '.result' <<<"$response" >/dev/null || fail "unexpected error: $response"
  jq -c '.result' <<<"$response"
}
expect_error() { # response code
  local got
  got=$(jq -r '.error.code // "none"' <<<"$1")
  [[ $got == "$2" ]] || fail "expected $2, got: $1"
}

# enroll DEVICE_ID [ALGORITHM] -> prints the key id of a new passive key with a CA-issued
# certificate.
enroll_key() {
  local id=$1 algorithm=${2:-gost2012_256} result key
  result=$(expect_result "$(call "$WORK/pin" "$(request generateKeyPair \
    "{\"deviceId\":\"$id\",\"mode\":\"passive\",\"algorithm\":\"$algorithm\"}")")")
  key=$(jq -r .key.keyId <<<"$result")
  result=$(expect_result "$(call "$WORK/pin" "$(request createCsr "{\"deviceId\":\"$id\",\"keyId\":\"$key\",\"subject\":{\"CN\":\"stream\"}}")")")
  jq -r .csr <<<"$result" >"$WORK/$key.csr"
  openssl x509 -req -in "$WORK/$key.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial \
    -md_gost12_256 -days 10 -extfile "$OPENSSL_CONF" -extensions v3_user -out "$WORK/$key.pem" 2>/dev/null
  expect_result "$(call "$WORK/pin" "$(request importCertificate \
    "$(jq -n --arg c "$(cat "$WORK/$key.pem")" --arg d "$id" '{deviceId: $d, certificate: $c}')")")" >/dev/null
  echo "$key"
}
