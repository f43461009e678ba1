#!/usr/bin/env bash
# setKeyLabel and setCertificateLabel through the real `tokenbridge-host` on a virtual ECP 3.0,
# then a re-plug: vtoken is stopped and started again on the same card memory (state directory),
# and a new host process lists the labels. Active (PKCS#11, C_SetAttributeValue CKA_LABEL), FKN
# (SET ATTRIBUTES inside the secure channel) and passive (the container's public part) keys;
# OpenSC's pkcs11-tool reads the active key's and certificate's labels through libvtoken-pkcs11.
#   labels_test.sh HOST_BIN MODULE       (runs itself under scripts/with-virtual-tokens.sh)
set -euo pipefail
HOST=$1 MODULE=$2
MODEL=rutoken-ecp-3.0-3220
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=../passive/lib.sh
source "$REPO/tests/integration/passive/lib.sh"
# shellcheck source=../auth/auth_lib.sh
source "$REPO/tests/integration/auth/auth_lib.sh"
command -v pkcs11-tool >/dev/null || fail "pkcs11-tool missing (opensc)"

KEY_LABEL="Подпись · key"
CERT_LABEL="Сертификат"

if [[ -z ${VTOKEN_COUNT:-} ]]; then
  WORK=$(mktemp -d /tmp/tb-labels.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
  export WORK
  make_test_ca >/dev/null 2>&1
  mkdir "$WORK/card"
  PHASE=set "$REPO/scripts/with-virtual-tokens.sh" "$MODEL:$WORK/card" -- "$0" "$@" ||
    fail "setting the labels failed"
  # The re-plug: a new vtoken process on the same card memory, a new host process.
  PHASE=check "$REPO/scripts/with-virtual-tokens.sh" "$MODEL:$WORK/card" -- "$0" "$@" ||
    fail "the labels did not survive the re-plug"
  echo "labels on $MODEL: OK"
  exit 0
fi

id=$("$HOST" devices | jq -r --arg m "$MODEL" '.[] | select(.id | startswith($m + "-")) | .id')
[[ -n $id ]] || fail "devices: $("$HOST" devices)"

set_label() { # COMMAND KEY LABEL [PIN_FILE] -> the whole response
  call "${4:-$WORK/pin}" "$(jq -nc --arg c "$1" --arg d "$id" --arg k "$2" --arg l "$3" \
    '{id: 1, command: $c, params: {deviceId: $d, keyId: $k, label: $l}}')"
}
key_json() { # KEY -> the Key object as listKeys gives it (with the PIN)
  expect_result "$(call "$WORK/pin" "$(request listKeys "{\"deviceId\":\"$id\"}")")" |
    jq -c --arg k "$1" '.keys[] | select(.keyId == $k)'
}

if [[ $PHASE == set ]]; then
  active=$(enroll active gost2012_256 v3_user)
  fkn=$(enroll fkn gost2012_256 v3_user)
  passive=$(enroll passive gost2012_256 v3_user)
  printf '%s\n' "$active" "$fkn" "$passive" >"$WORK/keys"
  for key in "$active" "$fkn" "$passive"; do
    result=$(expect_result "$(set_label setKeyLabel "$key" "$KEY_LABEL ${key:0:8}")")
    [[ $(jq -r .key.label <<<"$result") == "$KEY_LABEL ${key:0:8}" ]] || fail "setKeyLabel $key: $result"
  done
  for key in "$active" "$fkn"; do
    result=$(expect_result "$(set_label setCertificateLabel "$key" "$CERT_LABEL ${key:0:8}")")
    [[ $(jq -r .key.certificateLabel <<<"$result") == "$CERT_LABEL ${key:0:8}" ]] ||
      fail "setCertificateLabel $key: $result"
  done
  # A passive certificate has no label of its own; a key without certificate; refusals.
  expect_error "$(set_label setCertificateLabel "$passive" x)" MODE_NOT_SUPPORTED
  bare=$(jq -r .key.keyId <<<"$(expect_result "$(call "$WORK/pin" "$(request generateKeyPair \
    "{\"deviceId\":\"$id\",\"mode\":\"active\"}")")")")
  expect_error "$(set_label setCertificateLabel "$bare" x)" CERTIFICATE_NOT_FOUND
  expect_error "$(set_label setKeyLabel "$active" "$(printf 'x%.0s' {1..65})")" INVALID_PARAMS
  expect_error "$(set_label setKeyLabel 00ff x)" KEY_NOT_FOUND
  expect_error "$(call "$(jq -nc --arg d "$id" --arg k "$active" \
    '{id: 1, command: "setKeyLabel", params: {deviceId: $d, keyId: $k, label: "x"}}')")" PIN_REQUIRED
  expect_error "$(set_label setKeyLabel "$active" x "$WORK/wrong-pin")" PIN_INCORRECT
  [[ $(jq -r .label <<<"$(key_json "$active")") == "$KEY_LABEL ${active:0:8}" ]] ||
    fail "a wrong PIN changed the label: $(key_json "$active")"
  exit 0
fi

# PHASE=check: after the re-plug.
mapfile -t keys <"$WORK/keys"
active=${keys[0]} fkn=${keys[1]} passive=${keys[2]}
for key in "$active" "$fkn" "$passive"; do
  json=$(key_json "$key")
  [[ $(jq -r .label <<<"$json") == "$KEY_LABEL ${key:0:8}" ]] || fail "label of $key after re-plug: $json"
done
for key in "$active" "$fkn"; do
  json=$(key_json "$key")
  [[ $(jq -r .certificateLabel <<<"$json") == "$CERT_LABEL ${key:0:8}" ]] ||
    fail "certificate label of $key after re-plug: $json"
done
# Interop: OpenSC reads them through the PKCS#11 module (the objects carrying the key's CKA_ID).
pkcs11-tool --module "$MODULE" --login --pin 12345678 -O >"$WORK/objects.txt" 2>/dev/null
python3 - "$WORK/objects.txt" "$active" "$KEY_LABEL ${active:0:8}" "$CERT_LABEL ${active:0:8}" <<'PY'
import re, sys
text, key, key_label, cert_label = open(sys.argv[1], encoding='utf-8').read(), *sys.argv[2:]
found = {}
for block in re.split(r'\n(?=\S)', text):
    kind = block.split(';')[0].split('\n')[0].strip()
    ident = re.search(r'^\s*ID:\s*(\S+)', block, re.M)
    label = re.search(r"^\s*label:\s*(.*)$", block, re.M)
    if ident and ident.group(1).lower() == key.lower() and label:
        found[kind] = label.group(1).strip().strip("'")
want = {'Private Key Object': key_label, 'Public Key Object': key_label, 'Certificate Object': cert_label}
if found != want:
    sys.exit(f'pkcs11-tool sees {found}, wanted {want}\n{text}')
PY
echo "labels after the re-plug: OK"
