#!/usr/bin/env bash
# verify-auth --ocsp against local `openssl ocsp` responders with GOST keys (RFC 6960): tokens of
# passive keys on a virtual ECP 3.0 whose certificates name the responder in authorityInfoAccess.
# A good certificate is valid; a revoked one is refused with reason "revoked" (and valid without
# --ocsp: the status is what refuses it); no responder URL, a response signed by a CA that did
# not issue the certificate, and a responder that is down are "ocsp-unavailable". openssl's own
# OCSP client agrees with the responder on good and revoked.
#   auth_ocsp_test.sh HOST_BIN       (runs itself under scripts/with-virtual-tokens.sh)
set -euo pipefail
HOST=$1
MODEL=rutoken-ecp-3.0-3220
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=../passive/lib.sh
source "$REPO/tests/integration/passive/lib.sh"
# shellcheck source=auth_lib.sh
source "$REPO/tests/integration/auth/auth_lib.sh"

ORIGIN=https://portal.example
NONCE=$(head -c 32 /dev/urandom | base64 -w0)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

if [[ -z ${VTOKEN_COUNT:-} ]]; then
  WORK=$(mktemp -d /tmp/tb-auth-ocsp.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
  export WORK
  make_test_ca >/dev/null 2>&1
  cat >>"$OPENSSL_CONF" <<CNF
[v3_responder]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, OCSPSigning
CNF
  # The delegated responder (RFC 6960 4.2.2.2): a certificate of the CA for OCSPSigning.
  openssl genpkey -algorithm gost2012_256 -pkeyopt paramset:A -out "$WORK/ocsp.key" 2>/dev/null
  openssl req -new -key "$WORK/ocsp.key" -subj "/CN=test OCSP responder" -out "$WORK/ocsp.csr"
  openssl x509 -req -in "$WORK/ocsp.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial \
    -md_gost12_256 -days 10 -extfile "$OPENSSL_CONF" -extensions v3_responder -out "$WORK/ocsp.pem" 2>/dev/null
  # A CA nobody here trusts, signing answers about certificates it did not issue.
  openssl genpkey -algorithm gost2012_256 -pkeyopt paramset:A -out "$WORK/other-ca.key" 2>/dev/null
  openssl req -new -x509 -key "$WORK/other-ca.key" -md_gost12_256 -days 30 -extensions v3_ca \
    -subj "/CN=other CA" -out "$WORK/other-ca.pem" 2>/dev/null
  status=0
  "$REPO/scripts/with-virtual-tokens.sh" "$MODEL" -- "$0" "$HOST" || status=$?
  exit $status
fi

id=$("$HOST" devices | jq -r --arg m "$MODEL" '.[] | select(.id | startswith($m + "-")) | .id')
[[ -n $id ]] || fail "devices: $("$HOST" devices)"

# The responders' ports, chosen while the virtual readers hold theirs.
PORT=$(free_port) WRONG_PORT=$(free_port) DOWN_PORT=$(free_port)
cat >>"$OPENSSL_CONF" <<CNF
[v3_ocsp_user]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
authorityInfoAccess = OCSP;URI:http://127.0.0.1:$PORT
[v3_wrong_user]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
authorityInfoAccess = OCSP;URI:http://127.0.0.1:$WRONG_PORT
[v3_down_user]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
authorityInfoAccess = OCSP;URI:http://127.0.0.1:$DOWN_PORT
CNF

good=$(enroll passive gost2012_256 v3_ocsp_user)
revoked=$(enroll passive gost2012_256 v3_ocsp_user)
noaia=$(enroll passive gost2012_256 v3_user)
wrong=$(enroll passive gost2012_256 v3_wrong_user)
down=$(enroll passive gost2012_256 v3_down_user)

# The responders' database: `openssl ca` index lines (status, expiry, revocation, serial, file,
# subject).
index_line() { # STATUS KEY
  local serial expiry revocation=""
  serial=$(openssl x509 -in "$WORK/$2.pem" -noout -serial | cut -d= -f2)
  expiry=$(date -u -d '+10 days' +%y%m%d%H%M%SZ)
  [[ $1 == R ]] && revocation=$(date -u -d '-1 hour' +%y%m%d%H%M%SZ)
  printf '%s\t%s\t%s\t%s\tunknown\t/CN=%s\n' "$1" "$expiry" "$revocation" "$serial" "$2"
}
{
  index_line V "$good"
  index_line R "$revoked"
  index_line V "$wrong"
} >"$WORK/index.txt"

RESPONDERS=()
stop_responders() { for pid in "${RESPONDERS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_responders EXIT
openssl ocsp -index "$WORK/index.txt" -port "$PORT" -rsigner "$WORK/ocsp.pem" -rkey "$WORK/ocsp.key" \
  -CA "$WORK/ca.pem" -rmd md_gost12_256 -ignore_err >"$WORK/responder.log" 2>&1 &
RESPONDERS+=($!)
openssl ocsp -index "$WORK/index.txt" -port "$WRONG_PORT" -rsigner "$WORK/other-ca.pem" \
  -rkey "$WORK/other-ca.key" -CA "$WORK/other-ca.pem" -rmd md_gost12_256 -ignore_err \
  >"$WORK/wrong-responder.log" 2>&1 &
RESPONDERS+=($!)
# Ready when they say so: a probing connection would stall these one-client-at-a-time servers.
for log in responder wrong-responder; do
  for _ in $(seq 100); do
    grep -q "waiting for OCSP client connections" "$WORK/$log.log" && break
    sleep 0.1
  done
  grep -q "waiting for OCSP client connections" "$WORK/$log.log" || fail "$log: $(cat "$WORK/$log.log")"
done

# openssl's own client first: the responder says what this test expects.
openssl_status() { # KEY -> good | revoked | ...
  openssl ocsp -issuer "$WORK/ca.pem" -cert "$WORK/$1.pem" -url "http://127.0.0.1:$PORT" \
    -CAfile "$WORK/ca.pem" -timeout 10 2>/dev/null | sed -n "s|^$WORK/$1.pem: ||p"
}
[[ $(openssl_status "$good") == good ]] || fail "openssl ocsp: $good is not good"
[[ $(openssl_status "$revoked") == revoked ]] || fail "openssl ocsp: $revoked is not revoked"

# check KEY EXIT REASON [ARGS...]: a fresh token of KEY through verify-auth.
check() {
  local key=$1 want_status=$2 want_reason=$3 output status=0
  shift 3
  jq -c .authToken <<<"$(expect_result "$(authenticate "$key")")" >"$WORK/token.json"
  output=$("$HOST" verify-auth --origin "$ORIGIN" --nonce "$NONCE" --token "$WORK/token.json" \
    --trusted-root "$WORK/ca.pem" "$@") || status=$?
  [[ $status == "$want_status" && $(jq -r '.reason // "none"' <<<"$output") == "$want_reason" ]] ||
    fail "verify-auth $key $*: exit $status, $output (wanted $want_status $want_reason)"
}
check "$good" 0 none --ocsp
check "$revoked" 1 revoked --ocsp
check "$revoked" 0 none
check "$noaia" 1 ocsp-unavailable --ocsp
check "$wrong" 1 ocsp-unavailable --ocsp
check "$down" 1 ocsp-unavailable --ocsp
# The good one again with its responder gone.
stop_responders
check "$good" 1 ocsp-unavailable --ocsp
echo "verify-auth --ocsp: OK"
