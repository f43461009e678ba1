#!/usr/bin/env bash
# Passive-mode enrolment on a virtual token, driven through the real `tokenbridge-host call`:
# generate a passive key, CSR, a test CA (openssl CLI + gost engine, app-local OPENSSL_CONF)
# issues the certificate, import, sign detached and attached, `openssl cms -verify` accepts each
# signature and rejects a changed byte; wrong/blocked PIN; a corrupted container.
#
#   passive_enroll_test.sh HOST_BIN MODEL
# Runs its phases under scripts/with-virtual-tokens.sh with a state directory it keeps between
# them (the corruption is written into the card's memory while no vtoken runs).
set -euo pipefail

PHASE=
if [[ ${1:-} == --phase ]]; then
  PHASE=$2
  shift 2
fi
HOST=$1
MODEL=$2
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [[ -z $PHASE ]]; then
WORK=$(mktemp -d /tmp/tb-passive.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
STATE=$WORK/card
export VTOKEN_EXTRA_ARGS="--max-retries 3"
make_test_ca
fi
phase_enroll() {
  local id key result csr cert doc
  id=$("$HOST" devices | jq -r '.[0].id')
  [[ $id == "$MODEL"-* ]] || fail "device id $id"

  # Without a PIN: PIN_REQUIRED with the retry counter, so the extension can ask for it.
  result=$(call "$(request generateKeyPair "{\"deviceId\":\"$id\"}")")
  expect_error "$result" PIN_REQUIRED
  [[ $(jq '.error.retriesLeft' <<<"$result") == 3 ]] || fail "retriesLeft: $result"
  # FKN models make an FKN key for mode "fkn" (tests/integration/fkn); the others refuse it.
  case $MODEL in
    rutoken-ecp-2.0-3000 | rutoken-ecp-3.0-* | *nfc*) ;;
    *)
      expect_error "$(call "$WORK/pin" "$(request generateKeyPair "{\"deviceId\":\"$id\",\"mode\":\"fkn\"}")")" \
        MODE_NOT_SUPPORTED
      ;;
  esac

  # "auto" picks the active mode on tokens that have it (tests/integration/active-vtoken), so
  # the passive key on an ECP is asked for by name.
  local mode=passive
  [[ $MODEL == rutoken-lite || $MODEL == rutoken-s ]] && mode=auto
  result=$(expect_result "$(call "$WORK/pin" "$(request generateKeyPair \
    "{\"deviceId\":\"$id\",\"mode\":\"$mode\",\"label\":\"Подпись\"}")")")
  [[ $(jq -r .mode <<<"$result") == passive ]] || fail "mode: $result"
  [[ $(jq -r .extractable <<<"$result") == true ]] || fail "extractable: $result"
  key=$(jq -r .key.keyId <<<"$result")
  if [[ $MODEL == rutoken-lite || $MODEL == rutoken-s ]]; then
    [[ $(jq -r '.warning // "none"' <<<"$result") == none ]] || fail "storage-only token warned: $result"
  else
    [[ $(jq -r '.advice.strongerMode // "none"' <<<"$result") != none ]] || fail "no advice: $result"
  fi
  result=$(expect_result "$(call "$(request getKeyInfo "{\"deviceId\":\"$id\",\"keyId\":\"$key\"}")")")
  [[ $(jq -r .key.mode <<<"$result") == passive && $(jq -r .key.label <<<"$result") == Подпись ]] ||
    fail "getKeyInfo: $result"

  # CSR with the RFC 9215 attributes, signed by the token key; the CA checks it and issues.
  result=$(expect_result "$(call "$WORK/pin" "$(request createCsr "{\"deviceId\":\"$id\",\"keyId\":\"$key\",
    \"subject\":{\"CN\":\"Иванов Иван\",\"SNILS\":\"12345678901\",\"INN\":\"123456789012\",\"C\":\"RU\"},
    \"subjectSignTool\":\"tokenbridge test\"}")")")
  jq -r .csr <<<"$result" >"$WORK/req.pem"
  openssl req -in "$WORK/req.pem" -verify -noout 2>&1 | grep -q "verify OK" || fail "CSR signature"
  openssl asn1parse -in "$WORK/req.pem" | grep -Eq "1.2.643.100.111|Signing Tool of Subject" || fail "no subjectSignTool"
  openssl x509 -req -in "$WORK/req.pem" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial \
    -md_gost12_256 -days 10 -extfile "$OPENSSL_CONF" -extensions v3_user -out "$WORK/user.pem" 2>/dev/null

  # A certificate for another key is refused; the right one is stored with its key.
  openssl genpkey -algorithm gost2012_256 -pkeyopt paramset:A -out "$WORK/other.key" 2>/dev/null
  openssl req -new -x509 -key "$WORK/other.key" -md_gost12_256 -days 1 -out "$WORK/other.pem"
  expect_error "$(call "$WORK/pin" "$(request importCertificate \
    "$(jq -n --arg c "$(cat "$WORK/other.pem")" --arg d "$id" '{deviceId: $d, certificate: $c}')")")" KEY_NOT_FOUND
  result=$(expect_result "$(call "$WORK/pin" "$(request importCertificate \
    "$(jq -n --arg c "$(cat "$WORK/user.pem")" --arg d "$id" '{deviceId: $d, certificate: $c}')")")")
  [[ $(jq -r .key.hasCertificate <<<"$result") == true ]] || fail "import: $result"
  result=$(expect_result "$(call "$(request listCertificates '{}')")")
  [[ $(jq "[.certificates[] | select(.keyId == \"$key\")] | length" <<<"$result") == 1 ]] ||
    fail "listCertificates: $result"

  # Sign detached and attached; openssl verifies both and rejects a changed byte.
  head -c 60000 /dev/urandom >"$WORK/doc.bin"
  doc=$(base64 -w0 "$WORK/doc.bin")
  for detached in true false; do
    result=$(expect_result "$(call "$WORK/pin" "$(jq -nc --arg d "$id" --arg k "$key" --arg x "$doc" \
      --argjson det $detached '{id:1,command:"sign",params:{deviceId:$d,keyId:$k,data:$x,detached:$det}}')")")
    jq -r .cms <<<"$result" | base64 -d >"$WORK/sig-$detached.p7s"
  done
  cp "$WORK/doc.bin" "$WORK/changed.bin"
  printf '\x55' | dd of="$WORK/changed.bin" bs=1 seek=5000 conv=notrunc 2>/dev/null
  cmp -s "$WORK/doc.bin" "$WORK/changed.bin" && printf '\xAA' | dd of="$WORK/changed.bin" bs=1 seek=5000 conv=notrunc 2>/dev/null
  openssl cms -verify -binary -inform DER -in "$WORK/sig-true.p7s" -content "$WORK/doc.bin" \
    -CAfile "$WORK/ca.pem" -out /dev/null || fail "detached signature rejected"
  if openssl cms -verify -binary -inform DER -in "$WORK/sig-true.p7s" -content "$WORK/changed.bin" \
    -CAfile "$WORK/ca.pem" -out /dev/null 2>/dev/null; then fail "changed document accepted"; fi
  openssl cms -verify -binary -inform DER -in "$WORK/sig-false.p7s" -CAfile "$WORK/ca.pem" \
    -out "$WORK/out.bin" || fail "attached signature rejected"
  cmp "$WORK/out.bin" "$WORK/doc.bin" || fail "attached content differs"
  # The attached message with one content byte changed (a byte of the document inside the DER).
  python3 - "$WORK/sig-false.p7s" "$WORK/doc.bin" <<'PY'
import sys
sig = bytearray(open(sys.argv[1], 'rb').read()); doc = open(sys.argv[2], 'rb').read()
at = sig.find(doc[1000:1100]); assert at > 0
sig[at] ^= 0x01
open(sys.argv[1] + '.changed', 'wb').write(sig)
PY
  if openssl cms -verify -binary -inform DER -in "$WORK/sig-false.p7s.changed" -CAfile "$WORK/ca.pem" \
    -out /dev/null 2>/dev/null; then fail "changed attached document accepted"; fi

  # Co-sign the detached signature with the same key; the host's own verify accepts it.
  result=$(expect_result "$(call "$WORK/pin" "$(jq -nc --arg d "$id" --arg k "$key" --arg x "$doc" \
    --arg c "$(base64 -w0 "$WORK/sig-true.p7s")" '{id:1,command:"sign",params:{deviceId:$d,keyId:$k,data:$x,cms:$c}}')")")
  result=$(expect_result "$(call "$(jq -nc --arg c "$(jq -r .cms <<<"$result")" --arg x "$doc" \
    --arg r "$(cat "$WORK/ca.pem")" '{id:1,command:"verify",params:{cms:$c,data:$x,trustedRoots:[$r]}}')")")
  [[ $(jq -r .valid <<<"$result") == true && $(jq '.signers | length' <<<"$result") == 2 ]] ||
    fail "co-signature: $result"

  # A 512-bit key next to the first one: enrolled and verified the same way.
  local key512
  key512=$(enroll_key "$id" gost2012_512)
  result=$(expect_result "$(call "$WORK/pin" "$(jq -nc --arg d "$id" --arg k "$key512" --arg x "$doc" \
    '{id:1,command:"sign",params:{deviceId:$d,keyId:$k,data:$x}}')")")
  jq -r .cms <<<"$result" | base64 -d >"$WORK/sig512.p7s"
  openssl cms -verify -binary -inform DER -in "$WORK/sig512.p7s" -content "$WORK/doc.bin" \
    -CAfile "$WORK/ca.pem" -out /dev/null || fail "512-bit signature rejected"
  expect_result "$(call "$WORK/pin" "$(request deleteKey "{\"deviceId\":\"$id\",\"keyId\":\"$key512\"}")")" >/dev/null

  # Wrong PIN: counted, with the tries left; the right PIN resets the counter.
  result=$(call "$WORK/wrong-pin" "$(request createCsr "{\"deviceId\":\"$id\",\"keyId\":\"$key\",\"subject\":{\"CN\":\"x\"}}")")
  expect_error "$result" PIN_INCORRECT
  [[ $(jq .error.retriesLeft <<<"$result") == 2 ]] || fail "retriesLeft: $result"
  echo "$id $key" >"$WORK/ids"
}

phase_corrupted() {
  local id key result
  read -r id key <"$WORK/ids"
  result=$(call "$WORK/pin" "$(jq -nc --arg d "$id" --arg k "$key" '{id:1,command:"sign",params:{deviceId:$d,keyId:$k,data:"AAEC"}}')")
  expect_error "$result" CONTAINER_CORRUPTED
  # Listing still works: the public part is intact.
  expect_result "$(call "$(request listKeys "{\"deviceId\":\"$id\"}")")" >/dev/null
}

phase_block() {
  local id key result
  read -r id key <"$WORK/ids"
  for _ in 1 2 3; do
    result=$(call "$WORK/wrong-pin" "$(request generateKeyPair "{\"deviceId\":\"$id\"}")")
  done
  expect_error "$result" PIN_BLOCKED
  expect_error "$(call "$WORK/pin" "$(request generateKeyPair "{\"deviceId\":\"$id\"}")")" PIN_BLOCKED
  expect_error "$(call "$(request generateKeyPair "{\"deviceId\":\"$id\"}")")" PIN_BLOCKED
}

phase_delete() {
  local id key
  read -r id key <"$WORK/ids"
  expect_result "$(call "$WORK/pin" "$(request deleteCertificate "{\"deviceId\":\"$id\",\"keyId\":\"$key\"}")")" >/dev/null
  expect_result "$(call "$WORK/pin" "$(request deleteKey "{\"deviceId\":\"$id\",\"keyId\":\"$key\"}")")" >/dev/null
  expect_error "$(call "$(request getKeyInfo "{\"deviceId\":\"$id\",\"keyId\":\"$key\"}")")" KEY_NOT_FOUND

  # Export: only keys created exportable, only on the command line.
  local plain exportable result
  plain=$(expect_result "$(call "$WORK/pin" "$(request generateKeyPair "{\"deviceId\":\"$id\"}")")" | jq -r .key.keyId)
  exportable=$(expect_result "$(call "$WORK/pin" "$(request generateKeyPair \
    "{\"deviceId\":\"$id\",\"exportable\":true}")")" | jq -r .key.keyId)
  expect_error "$(call "$WORK/pin" "$(request exportKey "{\"deviceId\":\"$id\",\"keyId\":\"$plain\"}")")" NOT_EXPORTABLE
  result=$(expect_result "$(call "$WORK/pin" "$(request exportKey "{\"deviceId\":\"$id\",\"keyId\":\"$exportable\"}")")")
  jq -r .privateKey <<<"$result" | openssl pkey -noout || fail "exported key does not parse"
}

if [[ -n $PHASE ]]; then
  "phase_$PHASE"
  exit
fi

# A byte of the private EF's ciphertext flipped in the card's memory (no vtoken running).
corrupt_private_ef() {
  python3 - "$STATE/card.json" "$WORK/files-before.json" <<'PY'
import json, sys
state = json.load(open(sys.argv[1]))
def find(node, fid):
    return next(c for c in node.get('children', []) if c['fid'] == fid)
df = find(state['files'], 0x4B00)
private = next(c for c in df['children'] if 0x4D00 <= c['fid'] <= 0x4DFF)
data = bytearray.fromhex(private['data'])
data[-20] ^= 0x01  # inside the ciphertext/MAC, not the TLV framing
private['data'] = data.hex().upper()
json.dump(state, open(sys.argv[1], 'w'))
json.dump(state['files'], open(sys.argv[2], 'w'), sort_keys=True)
PY
}

files_unchanged() {
  python3 - "$STATE/card.json" "$WORK/files-before.json" <<'PY'
import json, sys
now = json.dumps(json.load(open(sys.argv[1]))['files'], sort_keys=True)
before = json.dumps(json.load(open(sys.argv[2])), sort_keys=True)
if now != before:
    import difflib
    for line in difflib.unified_diff(before.split('}'), now.split('}'), lineterm=''):
        print(line[:300], file=sys.stderr)
sys.exit(0 if now == before else 1)
PY
}

WITH=("$REPO/scripts/with-virtual-tokens.sh" "$MODEL:$STATE" --)
export HOST MODEL WORK STATE OPENSSL_CONF
"${WITH[@]}" "$0" --phase enroll "$HOST" "$MODEL"
cp -r "$STATE" "$WORK/card-good"
corrupt_private_ef
"${WITH[@]}" "$0" --phase corrupted "$HOST" "$MODEL"
files_unchanged || fail "the failed operation changed the token's files"
rm -rf "$STATE" && cp -r "$WORK/card-good" "$STATE"
"${WITH[@]}" "$0" --phase delete "$HOST" "$MODEL"
"${WITH[@]}" "$0" --phase block "$HOST" "$MODEL"
echo "passive enrolment on $MODEL: OK"
