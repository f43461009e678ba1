#!/usr/bin/env bash
# encrypt / decrypt through the real `tokenbridge-host` on a virtual ECP 3.0 (pcscd + vpcd +
# vtoken), checked by tools nobody here wrote (the openssl CLI with the gost engine):
# - `openssl cms -encrypt` with kuznyechik-ctr-acpkm-omac and magma-ctr-acpkm-omac to the
#   certificate of a passive, an active (PKCS#11: C_DeriveKey CKM_GOST_KEG in the token) and an
#   FKN key (KEY AGREEMENT inside the SESPAKE channel) is decrypted by `call decrypt`;
# - `call encrypt` to a software key's certificate (and a token key's) is decrypted by
#   `openssl cms -decrypt`, both ciphers;
# - a changed byte gives DECRYPTION_FAILED, a message for another certificate NOT_A_RECIPIENT
#   (before the PIN), garbage INVALID_PARAMS;
# - the APDU records (vtoken --apdu-record; the FKN key in a run of its own) hold no private
#   scalar of any on-card key; the active key's agreement went to the card (80 86), the FKN key's
#   only protected (8C 86), and the FKN run's record holds the PIN in no encoding.
#   crypt_test.sh HOST_BIN       (runs itself under scripts/with-virtual-tokens.sh)
set -euo pipefail
HOST=$1
MODEL=rutoken-ecp-3.0-3220
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=../passive/lib.sh
source "$REPO/tests/integration/passive/lib.sh"
# shellcheck source=../auth/auth_lib.sh
source "$REPO/tests/integration/auth/auth_lib.sh"

ORIGIN=https://portal.example

if [[ -z ${VTOKEN_COUNT:-} ]]; then
  WORK=$(mktemp -d /tmp/tb-crypt.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
  export WORK
  make_test_ca >/dev/null 2>&1
  cat >>"$OPENSSL_CONF" <<'CNF'
[v3_crypt]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment, keyAgreement
CNF
  # Two token runs, each with its own APDU record: passive + active + encrypt, then FKN alone
  # (so its record must hold no PIN at all).
  for phase in clear fkn; do
    PHASE=$phase VTOKEN_EXTRA_ARGS="--apdu-record $WORK/$phase.rec" \
      "$REPO/scripts/with-virtual-tokens.sh" "$MODEL:$WORK/state-$phase" -- "$0" "$HOST"
  done
  exit 0
fi

id=$("$HOST" devices | jq -r --arg m "$MODEL" '.[] | select(.id | startswith($m + "-")) | .id')
[[ -n $id ]] || fail "devices: $("$HOST" devices)"

# 20 KiB: past Magma's CMS ACPKM section (8 KiB) and the engine's TLS defaults (1 and 4 KiB).
head -c 20000 /dev/urandom >"$WORK/message.bin"
# openssl (gost engine 3.0.x) decrypts right only within 1 KiB for Magma (gost-engine issue 529).
head -c 1000 /dev/urandom >"$WORK/short.bin"

# decrypt KEY FILE [PIN_FILE] -> the whole response
decrypt() {
  call "${3:-$WORK/pin}" "$(jq -nc --arg d "$id" --arg k "$1" --arg c "$(base64 -w0 "$2")" \
    --arg o "$ORIGIN" '{id: 1, command: "decrypt", origin: $o, params: {deviceId: $d, keyId: $k, cms: $c}}')"
}

# openssl encrypts to the key's certificate; the host decrypts; a changed byte fails cleanly.
check_decrypt() { # KEY
  local key=$1 cipher result
  for cipher in kuznyechik magma; do
    openssl cms -encrypt -binary "-$cipher-ctr-acpkm-omac" -in "$WORK/message.bin" -outform DER \
      -out "$WORK/msg.p7m" "$WORK/$key.pem" "$WORK/soft.pem" || fail "openssl cms -encrypt $cipher"
    result=$(expect_result "$(decrypt "$key" "$WORK/msg.p7m")")
    jq -r .data <<<"$result" | base64 -d | cmp -s - "$WORK/message.bin" ||
      fail "$key: the $cipher message decrypts to something else"
  done
  # The last byte of the encrypted content (the message is the last big octet string before
  # the unprotected attributes: flip a byte 200 from the end, well inside the content).
  python3 - "$WORK/msg.p7m" "$WORK/changed.p7m" <<'PY'
import sys
data = bytearray(open(sys.argv[1], 'rb').read())
data[len(data) - 200] ^= 0x01
open(sys.argv[2], 'wb').write(bytes(data))
PY
  expect_error "$(decrypt "$key" "$WORK/changed.p7m")" DECRYPTION_FAILED
  echo "decrypt $key: OK"
}

# A software key and certificate of the test CA (not on the token).
openssl genpkey -algorithm gost2012_256 -pkeyopt paramset:A -out "$WORK/soft.key" 2>/dev/null
openssl req -new -key "$WORK/soft.key" -subj "/CN=Software recipient/C=RU" -out "$WORK/soft.csr" 2>/dev/null
openssl x509 -req -in "$WORK/soft.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial \
  -md_gost12_256 -days 10 -extfile "$OPENSSL_CONF" -extensions v3_crypt -out "$WORK/soft.pem" 2>/dev/null

# no_scalar_on_the_wire RECORD: no private scalar of the card's state, in either byte order.
no_scalar_on_the_wire() {
  local wire scalars reversed needle
  wire=$(sed -nE 's/.* ([<>]) ([0-9A-Fa-f]*)$/\2/p' "$1" | tr 'A-F' 'a-f')
  [[ -n $wire ]] || fail "empty APDU record"
  scalars=$(find "$VTOKEN_0_STATE" -name '*.json' -exec jq -r '.. | objects | select(has("private")) | .private' {} + | tr 'A-F' 'a-f')
  [[ -n $scalars ]] || fail "no on-card private key found in the card's state"
  for scalar in $scalars; do
    reversed=$(python3 -c 'import sys; print(bytes.fromhex(sys.argv[1])[::-1].hex())' "$scalar")
    for needle in "$scalar" "$reversed" "${scalar:0:16}" "${reversed:0:16}"; do
      ! grep -q -- "$needle" <<<"$wire" || fail "an on-card private key is in the APDU record"
    done
  done
}

if [[ ${PHASE:-clear} == fkn ]]; then
  fkn=$(enroll fkn gost2012_256 v3_crypt)
  check_decrypt "$fkn"
  openssl cms -encrypt -binary -kuznyechik-ctr-acpkm-omac -in "$WORK/message.bin" -outform DER \
    -out "$WORK/soft.p7m" "$WORK/soft.pem"
  expect_error "$(decrypt "$fkn" "$WORK/soft.p7m" "$WORK/wrong-pin")" NOT_A_RECIPIENT
  record=$WORK/fkn.rec
  commands=$(sed -nE 's/.* > ([0-9A-Fa-f]*)$/\1/p' "$record" | tr 'A-F' 'a-f')
  [[ $(grep -c '^8c8600' <<<"$commands") -ge 3 ]] || fail "not 3 protected KEY AGREEMENTs"
  ! grep -q '^808600' <<<"$commands" || fail "an FKN key agreement went in clear"
  no_scalar_on_the_wire "$record"
  wire=$(sed -nE 's/.* ([<>]) ([0-9A-Fa-f]*)$/\2/p' "$record" | tr 'A-F' 'a-f')
  for needle in 3132333435363738 12345678 31003200330034003500360037003800 \
    "$(printf 12345678 | base64 | tr -d '=\n')"; do
    ! grep -qi -- "$needle" <<<"$wire" || fail "the PIN ($needle) is in the FKN APDU record"
  done
  ! grep -Eqi '^..20[0-9a-f]{4}[0-9a-f]+' <<<"$commands" || fail "a VERIFY with data was sent"
  echo "FKN APDU record: OK"
  exit 0
fi

passive=$(enroll passive gost2012_256 v3_crypt)
active=$(enroll active gost2012_256 v3_crypt)
check_decrypt "$passive"
check_decrypt "$active"

# The host encrypts (no PIN, no token); openssl decrypts with the software key; both ciphers.
for cipher in kuznyechik magma; do
  result=$(expect_result "$(call "$(jq -nc --arg x "$(base64 -w0 "$WORK/short.bin")" \
    --arg a "$(cat "$WORK/soft.pem")" --arg b "$(openssl x509 -in "$WORK/$active.pem" -outform DER | base64 -w0)" \
    --arg c "$cipher" --arg o "$ORIGIN" \
    '{id: 1, command: "encrypt", origin: $o, params: {data: $x, recipients: [$a, $b], cipher: $c}}')")")
  jq -r .cms <<<"$result" | base64 -d >"$WORK/out.p7m"
  openssl cms -decrypt -binary -inform DER -in "$WORK/out.p7m" -inkey "$WORK/soft.key" \
    -out "$WORK/plain.bin" || fail "openssl cannot decrypt the host's $cipher message"
  cmp -s "$WORK/plain.bin" "$WORK/short.bin" || fail "openssl decrypts the $cipher message to something else"
  openssl cms -cmsout -print -inform DER -in "$WORK/out.p7m" | grep -q "$cipher-ctr-acpkm-omac" ||
    fail "the content cipher is not $cipher-ctr-acpkm-omac"
  # The same message, to the active key too: the token decrypts it.
  result=$(expect_result "$(decrypt "$active" "$WORK/out.p7m")")
  jq -r .data <<<"$result" | base64 -d | cmp -s - "$WORK/short.bin" || fail "active: host's $cipher message"
done
echo "encrypt: OK"

# Refusals: a message for another certificate (before the PIN: a wrong PIN is not even tried),
# garbage, an unknown cipher, no recipient.
openssl cms -encrypt -binary -kuznyechik-ctr-acpkm-omac -in "$WORK/message.bin" -outform DER \
  -out "$WORK/soft.p7m" "$WORK/soft.pem"
for key in "$passive" "$active"; do
  expect_error "$(decrypt "$key" "$WORK/soft.p7m" "$WORK/wrong-pin")" NOT_A_RECIPIENT
done
head -c 300 /dev/urandom >"$WORK/garbage.bin"
expect_error "$(decrypt "$passive" "$WORK/garbage.bin")" INVALID_PARAMS
expect_error "$(call "$(jq -nc --arg a "$(cat "$WORK/soft.pem")" --arg o "$ORIGIN" \
  '{id: 1, command: "encrypt", origin: $o, params: {data: "aGVsbG8=", recipients: [$a], cipher: "aes"}}')")" INVALID_PARAMS
expect_error "$(call "$(jq -nc --arg o "$ORIGIN" \
  '{id: 1, command: "encrypt", origin: $o, params: {data: "aGVsbG8=", recipients: []}}')")" INVALID_PARAMS
# The PIN is still the user's: a wrong one is refused for a message for the key (the last one
# check_decrypt made is for the active key).
expect_error "$(decrypt "$active" "$WORK/msg.p7m" "$WORK/wrong-pin")" PIN_INCORRECT
echo "refusals: OK"

# What a sniffer saw: the active key's agreement ran in the token, no private key went by.
commands=$(sed -nE 's/.* > ([0-9A-Fa-f]*)$/\1/p' "$WORK/clear.rec" | tr 'A-F' 'a-f')
grep -q '^808600' <<<"$commands" || fail "no KEY AGREEMENT for the active key"
no_scalar_on_the_wire "$WORK/clear.rec"
echo "APDU record: OK"
