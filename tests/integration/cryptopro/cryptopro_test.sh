#!/usr/bin/env bash
# CryptoPro CSP key containers on a virtual token (issue 13), end to end through the real
# `tokenbridge-host call`, checked by tools nobody here wrote (`openssl cms -verify`, openssl's
# view of each key):
# - import (models with IMPORTED containers): CryptoPro's own sample (tests/data/cryptopro) and
#   containers written by the independent tool tests/tools/cpcontainer.py (256/512 bits, with and
#   without a password, exportable or not, a certificate of a test CA in the header); each is listed with
#   openssl's public key and signs a CMS openssl accepts; export, container kinds, deletion, a
#   request of more than 128 KiB read from stdin;
# - a wrong container password: CONTAINER_PASSWORD_INCORRECT, no PIN try spent;
# - every damaged container of cpcontainer.py `tamper` (models with TAMPER): CONTAINER_CORRUPTED and
#   the card's state file byte for byte unchanged;
# - a container placed in the card's memory in CryptoPro's on-token layout
#   (tests/tools/vtoken_place_cryptopro.py, while no vtoken runs): listed and signs, no import.
#
#   cryptopro_test.sh HOST_BIN MODEL
# Runs its phases under scripts/with-virtual-tokens.sh with a state directory it keeps between
# them.
set -euo pipefail

PHASE=
if [[ ${1:-} == --phase ]]; then
  PHASE=$2
  shift 2
fi
HOST=$1
MODEL=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
TOOLS=$REPO/tests/tools
SAMPLE=$REPO/tests/data/cryptopro
export PYTHONDONTWRITEBYTECODE=1 # the tools run from the source tree

# shellcheck source-path=SCRIPTDIR source=../passive/lib.sh
source "$HERE/../passive/lib.sh"

# What each model runs (one ctest per model; the CI budget is ~3 minutes for all of them).
# IMPORTED: the containers imported (see SPEC); TAMPER: the damaged ones tried too; LAYOUT:
# CryptoPro's on-token layout a container is placed in (empty: none; CSP's layout on an ECP has
# no public trace).
ALL=(c256pe c256px c256ne c256nx c512pe c512px c512ne c512nx)
case $MODEL in
  rutoken-lite) IMPORTED=("${ALL[@]}") TAMPER=1 LAYOUT=lite ;;
  rutoken-s) IMPORTED=(c256pe c256nx c512ne) TAMPER=0 LAYOUT=s ;;
  *) IMPORTED=("${ALL[@]}") TAMPER=1 LAYOUT= ;;
esac

cpc() { python3 "$TOOLS/cpcontainer.py" "$@"; }

device_id() {
  local id
  id=$("$HOST" devices | jq -r '.[0].id')
  [[ $id == "$MODEL"-* ]] || fail "device id $id"
  echo "$id"
}

user_retries() { # DEVICE_ID -> the user PIN's retry counter, read without spending a try
  expect_result "$(call "$(request getDeviceInfo "{\"deviceId\":\"$1\"}")")" | jq -r .device.pins.user.retriesLeft
}

key_ids() { # DEVICE_ID -> the sorted key ids of listKeys
  expect_result "$(call "$(request listKeys "{\"deviceId\":\"$1\"}")")" | jq -r '.keys[].keyId' | sort
}

# import_container PIN_FILE PASSWORD_FILE|- DEVICE_ID FOLDER -> the response ("-": no password)
import_container() {
  local args=(call --pin-file "$1")
  [[ $2 != - ]] && args+=(--container-password-file "$2")
  "$HOST" "${args[@]}" "$(jq -nc --arg d "$3" --arg p "$4" \
    '{id: 1, command: "importContainer", params: {deviceId: $d, path: $p}}')" || true
}

# A SubjectPublicKeyInfo as openssl re-encodes it (base64): the host's and openssl's encodings
# of one key compare equal whatever optional parameters either writes.
spki_norm() { # base64 DER on stdin
  base64 -d | openssl pkey -pubin -inform DER -outform DER | base64 -w0
}
key_spki() { # PKCS#8 PEM file -> openssl's public key, normalized (never empty: two failed
  local spki #  readings must not compare equal)
  spki=$(openssl pkey -in "$1" -pubout -outform DER | base64 -w0 | spki_norm)
  [[ -n $spki ]] || fail "openssl cannot read the key $1"
  echo "$spki"
}

# The containers; each NAME has $WORK/NAME.key (PKCS#8 made by openssl), $WORK/NAME.pem (its
# certificate from the test CA) and the container folder $WORK/NAME.000.
# NAME: bits, password (p) or none (n), exportable (e) or not (x).
# SPEC: algorithm, paramset, password, exportable, usage (cpcontainer.py write --usage).
declare -A SPEC=(
  [c256pe]="gost2012_256 A password exportable exchange"
  [c256px]="gost2012_256 B password no-exportable signature"
  [c256ne]="gost2012_256 XB none exportable signature"
  [c256nx]="gost2012_256 XA none no-exportable exchange"
  [c512pe]="gost2012_512 B password exportable signature"
  [c512px]="gost2012_512 A password no-exportable exchange"
  [c512ne]="gost2012_512 C none exportable exchange"
  [c512nx]="gost2012_512 A none no-exportable signature"
  [placed_lite]="gost2012_256 C none no-exportable exchange"
  [placed_s]="gost2012_512 C none exportable signature"
)

make_container() { # NAME
  local name=$1 algorithm paramset password exportable usage md=md_gost12_256 pwargs=()
  read -r algorithm paramset password exportable usage <<<"${SPEC[$name]}"
  [[ $algorithm == gost2012_512 ]] && md=md_gost12_512
  [[ $password == password ]] && pwargs=(--password-file "$WORK/password")
  openssl genpkey -algorithm "$algorithm" -pkeyopt "paramset:$paramset" -out "$WORK/$name.key" 2>/dev/null
  openssl req -new -key "$WORK/$name.key" -"$md" -subj "/CN=$name/C=RU" -out "$WORK/$name.csr"
  openssl x509 -req -in "$WORK/$name.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial \
    -md_gost12_256 -days 10 -extfile "$OPENSSL_CONF" -extensions v3_user -out "$WORK/$name.pem" 2>/dev/null
  cpc write "$WORK/$name.000" --key "$WORK/$name.key" "${pwargs[@]}" "--$exportable" \
    --certificate "$WORK/$name.pem" --name "tokenbridge test $name" --usage "$usage"
}

# check_key KEY_JSON NAME: a CryptoPro container listed as the key openssl made.
check_key() {
  local key=$1 name=$2 algorithm exportable want=false
  read -r algorithm _ _ exportable _ <<<"${SPEC[$name]}"
  [[ $exportable == exportable ]] && want=true
  [[ $(jq -r .mode <<<"$key") == passive ]] || fail "$name mode: $key"
  [[ $(jq -r .container <<<"$key") == cryptopro ]] || fail "$name container: $key"
  [[ $(jq -r .exportable <<<"$key") == "$want" ]] || fail "$name exportable (want $want): $key"
  [[ $(jq -r .algorithm <<<"$key") == "$algorithm" ]] || fail "$name algorithm: $key"
  [[ $(jq -r .hasCertificate <<<"$key") == true ]] || fail "$name: the header's certificate is missing: $key"
  [[ $(jq -r .publicKey <<<"$key" | spki_norm) == "$(key_spki "$WORK/$name.key")" ]] ||
    fail "$name: public key differs from openssl's"
}

# sign_verify DEVICE_ID KEY_ID NAME [VERIFY_ARGS...]: a detached CMS of doc.bin that
# `openssl cms -verify` accepts (the signer's certificate taken from the message itself) and
# rejects for the document with one byte changed. Default: the chain must reach the test CA.
sign_verify() {
  local id=$1 key=$2 name=$3 result
  shift 3
  (($#)) || set -- -CAfile "$WORK/ca.pem"
  result=$(expect_result "$(call "$WORK/pin" "$(jq -nc --arg d "$id" --arg k "$key" \
    --rawfile x "$WORK/doc.b64" '{id:1,command:"sign",params:{deviceId:$d,keyId:$k,data:$x}}')")")
  jq -r .cms <<<"$result" | base64 -d >"$WORK/$name.p7s"
  openssl cms -verify -binary -inform DER -in "$WORK/$name.p7s" -content "$WORK/doc.bin" "$@" \
    -signer "$WORK/$name.signer.pem" -out /dev/null 2>"$WORK/verify.err" ||
    fail "$name: signature rejected: $(cat "$WORK/verify.err")"
  if openssl cms -verify -binary -inform DER -in "$WORK/$name.p7s" -content "$WORK/changed.bin" "$@" \
    -out /dev/null 2>/dev/null; then fail "$name: changed document accepted"; fi
}

find_key() { # DEVICE_ID NAME -> the listed key with NAME's public key (exactly one)
  local keys want found=() key
  keys=$(expect_result "$(call "$(request listKeys "{\"deviceId\":\"$1\"}")")")
  want=$(key_spki "$WORK/$2.key")
  while read -r key; do
    [[ $(jq -r .publicKey <<<"$key" | spki_norm) == "$want" ]] && found+=("$key")
  done < <(jq -c '.keys[]' <<<"$keys")
  ((${#found[@]} == 1)) || fail "$2: ${#found[@]} listed keys with its public key: $keys"
  echo "${found[0]}"
}

# ---------------------------------------------------------------------------------------------
phase_init() { # vtoken writes the card's first state; nothing else yet
  device_id >/dev/null
}

# The container CryptoPro left on the token: listed and usable with the token PIN alone.
phase_placed() {
  local id key name=placed_$LAYOUT
  id=$(device_id)
  key=$(find_key "$id" "$name")
  check_key "$key" "$name"
  [[ $(jq -r .key.container <<<"$(expect_result "$(call "$(request getKeyInfo \
    "{\"deviceId\":\"$id\",\"keyId\":\"$(jq -r .keyId <<<"$key")\"}")")")") == cryptopro ]] ||
    fail "getKeyInfo of the placed container"
  sign_verify "$id" "$(jq -r .keyId <<<"$key")" "$name"
}

phase_import() {
  local id result key name keyid
  id=$(device_id)
  if [[ -n $LAYOUT ]]; then phase_placed; fi

  # A wrong container password: refused before the token's PIN is ever presented (with a wrong
  # PIN as well, the counter stays), nothing written; then the right one imports.
  local before
  before=$(key_ids "$id")
  [[ $(user_retries "$id") == 3 ]] || fail "user PIN retries before: $(user_retries "$id")"
  expect_error "$(import_container "$WORK/pin" "$WORK/wrong-password" "$id" "$WORK/c256pe.000")" \
    CONTAINER_PASSWORD_INCORRECT
  [[ $(user_retries "$id") == 3 ]] || fail "a wrong container password cost a PIN try"
  expect_error "$(import_container "$WORK/wrong-pin" "$WORK/wrong-password" "$id" "$WORK/c256pe.000")" \
    CONTAINER_PASSWORD_INCORRECT
  [[ $(user_retries "$id") == 3 ]] || fail "a wrong container password (and wrong PIN) cost a PIN try"
  # No password given for a container that has one: the empty password, as wrong as any.
  expect_error "$(import_container "$WORK/pin" - "$id" "$WORK/c256pe.000")" CONTAINER_PASSWORD_INCORRECT
  [[ $(key_ids "$id") == "$before" ]] || fail "a refused import changed the key list"

  for name in "${IMPORTED[@]}"; do
    local pwfile=-
    [[ ${SPEC[$name]} == *" password "* ]] && pwfile=$WORK/password
    key=$(expect_result "$(import_container "$WORK/pin" "$pwfile" "$id" "$WORK/$name.000")")
    check_key "$key" "$name"
    keyid=$(jq -r .keyId <<<"$key")
    # listKeys and getKeyInfo describe it the same way.
    check_key "$(find_key "$id" "$name")" "$name"
    check_key "$(expect_result "$(call "$(request getKeyInfo \
      "{\"deviceId\":\"$id\",\"keyId\":\"$keyid\"}")")" | jq -c .key)" "$name"
    sign_verify "$id" "$keyid" "$name"
    # The certificate carried by the signature is the one of the container's header.
    cmp -s <(openssl x509 -in "$WORK/$name.signer.pem" -outform DER) \
      <(openssl x509 -in "$WORK/$name.pem" -outform DER) || fail "$name: signed with another certificate"
    echo "$name $keyid" >>"$WORK/imported"
  done

  # CryptoPro CSP's own container: its password, its certificate (CA unpublished and expired:
  # the chain is not checked, the signature is).
  printf '1' >"$WORK/sample-password"
  cp -r "$SAMPLE/g2012256.000" "$WORK/"
  openssl x509 -in "$SAMPLE/g2012256.expected.pem" -out "$WORK/sample.pem"
  expect_error "$(import_container "$WORK/pin" "$WORK/wrong-password" "$id" "$WORK/g2012256.000")" \
    CONTAINER_PASSWORD_INCORRECT
  key=$(expect_result "$(import_container "$WORK/pin" "$WORK/sample-password" "$id" "$WORK/g2012256.000")")
  [[ $(jq -r .container <<<"$key") == cryptopro && $(jq -r .mode <<<"$key") == passive ]] ||
    fail "sample: $key"
  [[ $(jq -r .exportable <<<"$key") == true ]] || fail "sample is exportable: $key"
  openssl x509 -in "$WORK/sample.pem" -pubkey -noout >"$WORK/sample.pub"
  [[ $(jq -r .publicKey <<<"$key" | spki_norm) == "$(openssl pkey -pubin -in "$WORK/sample.pub" -outform DER | base64 -w0)" ]] ||
    fail "sample: public key is not the certificate's"
  sign_verify "$id" "$(jq -r .keyId <<<"$key")" sample -noverify
  cmp -s <(openssl x509 -in "$WORK/sample.signer.pem" -outform DER) \
    <(openssl x509 -in "$WORK/sample.pem" -outform DER) || fail "sample: signed with another certificate"

  # A key the host makes itself is a tokenbridge container.
  result=$(expect_result "$(call "$WORK/pin" "$(request generateKeyPair \
    "{\"deviceId\":\"$id\",\"mode\":\"passive\"}")")")
  [[ $(jq -r .key.container <<<"$result") == tokenbridge ]] || fail "generated key container: $result"
  keyid=$(jq -r .key.keyId <<<"$result")
  [[ $(expect_result "$(call "$(request listKeys "{\"deviceId\":\"$id\"}")")" |
    jq -r ".keys[] | select(.keyId == \"$keyid\") | .container") == tokenbridge ]] ||
    fail "listKeys: the generated key is not a tokenbridge container"
  [[ $(expect_result "$(call "$(request getKeyInfo "{\"deviceId\":\"$id\",\"keyId\":\"$keyid\"}")")" |
    jq -r .key.container) == tokenbridge ]] || fail "getKeyInfo: the generated key is not a tokenbridge container"

  # Export (command line only): the exportable ones give openssl's key back, the others refuse.
  while read -r name keyid; do
    result=$(call "$WORK/pin" "$(request exportKey "{\"deviceId\":\"$id\",\"keyId\":\"$keyid\"}")")
    if [[ ${SPEC[$name]} == *" exportable "* ]]; then
      jq -r .result.privateKey <<<"$result" >"$WORK/$name.exported.pem"
      [[ $(key_spki "$WORK/$name.exported.pem") == "$(key_spki "$WORK/$name.key")" ]] ||
        fail "$name: the exported key is not the container's: $(jq -c .error <<<"$result")"
    else # (the reply is not printed: it would hold the key)
      [[ $(jq -r '.error.code // "none"' <<<"$result") == NOT_EXPORTABLE ]] ||
        fail "$name: not exportable, got: $(jq -c '.error // "a private key"' <<<"$result")"
    fi
  done <"$WORK/imported"

  # More than 128 KiB of request (more than one argv string may hold): read from stdin.
  head -c $((192 * 1024)) /dev/urandom >"$WORK/big.bin"
  read -r name keyid < <(grep '^c512ne ' "$WORK/imported")
  jq -nc --arg d "$id" --arg k "$keyid" --rawfile x <(base64 -w0 "$WORK/big.bin") \
    '{id:1,command:"sign",params:{deviceId:$d,keyId:$k,data:$x}}' >"$WORK/big.json"
  (($(stat -c %s "$WORK/big.json") > 128 * 1024)) || fail "the stdin request is too small"
  result=$(expect_result "$("$HOST" call --pin-file "$WORK/pin" - <"$WORK/big.json" || true)")
  jq -r .cms <<<"$result" | base64 -d >"$WORK/big.p7s"
  openssl cms -verify -binary -inform DER -in "$WORK/big.p7s" -content "$WORK/big.bin" \
    -CAfile "$WORK/ca.pem" -out /dev/null 2>"$WORK/verify.err" ||
    fail "stdin request: signature rejected: $(cat "$WORK/verify.err")"

  # deleteKey removes an imported container.
  read -r name keyid < <(grep '^c256nx ' "$WORK/imported")
  expect_result "$(call "$WORK/pin" "$(request deleteKey "{\"deviceId\":\"$id\",\"keyId\":\"$keyid\"}")")" >/dev/null
  if key_ids "$id" | grep -qx "$keyid"; then fail "deleted container still listed"; fi
  expect_error "$(call "$(request getKeyInfo "{\"deviceId\":\"$id\",\"keyId\":\"$keyid\"}")")" KEY_NOT_FOUND
  [[ $(user_retries "$id") == 3 ]] || fail "user PIN retries at the end: $(user_retries "$id")"
}

# Every damage cpcontainer.py makes is refused as such, and nothing is written (the caller
# compares the state file).
phase_tamper() {
  local id before kind
  id=$(device_id)
  before=$(key_ids "$id")
  for kind in "${KINDS[@]}"; do
    expect_error "$(import_container "$WORK/pin" "$WORK/password" "$id" "$WORK/tampered/$kind/c256pe.000")" \
      CONTAINER_CORRUPTED
  done
  [[ $(key_ids "$id") == "$before" ]] || fail "a damaged container changed the key list"
  [[ $(user_retries "$id") == 3 ]] || fail "user PIN retries after the damaged containers"
}

# What importContainer left on the card (read from vtoken's state while it is stopped, by the
# placer's --extract and cpcontainer.py, no host code): CryptoPro's layout, each container opens
# with the empty password (re-sealed) and is the key imported, the key files readable only after
# the user PIN; the deleted container is gone.
check_on_token() {
  local layout=lite line folder name spki want found=()
  [[ $MODEL == rutoken-s ]] && layout=s
  python3 "$TOOLS/vtoken_place_cryptopro.py" --extract "$STATE" "$WORK/on-token" --layout "$layout" \
    >"$WORK/on-token.jsonl"
  declare -A names=()
  for name in "${IMPORTED[@]}" ${LAYOUT:+"placed_$LAYOUT"}; do
    names[$(key_spki "$WORK/$name.key")]=$name
  done
  names[$(openssl pkey -pubin -in "$WORK/sample.pub" -outform DER | base64 -w0)]=sample
  while read -r line; do
    folder=$(jq -r .folder <<<"$line")
    [[ $(jq -c '[.files | to_entries[] | select(.key | test("^(masks|primary)")) | .value.read] | unique' \
      <<<"$line") == "[2]" ]] || fail "key files readable without the user PIN: $line"
    cpc read "$folder" --json >"$folder.json" 2>"$WORK/read.err" ||
      fail "the tool cannot open $(jq -r .index <<<"$line") without a password: $(cat "$WORK/read.err")"
    jq -r .privateKey "$folder.json" >"$folder.pem"
    spki=$(key_spki "$folder.pem")
    name=${names[$spki]:-unknown}
    [[ $name != unknown ]] || fail "$folder: a key nobody imported"
    want=true
    [[ $name != sample && ${SPEC[$name]} == *no-exportable* ]] && want=false
    [[ $(jq -r .exportable "$folder.json") == "$want" ]] || fail "$name: the exportable bit changed on the token"
    found+=("$name")
  done <"$WORK/on-token.jsonl"
  want=$(printf '%s\n' "${names[@]}" | grep -vx c256nx | sort)
  [[ $(printf '%s\n' "${found[@]}" | sort) == "$want" ]] ||
    fail "containers on the card: ${found[*]}, expected: ${want//$'\n'/ }"
}

if [[ -n $PHASE ]]; then
  mapfile -t KINDS <"$WORK/kinds"
  "phase_$PHASE"
  exit
fi

# ---------------------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/tb-cryptopro.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
STATE=$WORK/card
export VTOKEN_EXTRA_ARGS="--max-retries 3"
make_test_ca
printf 'k7#pass word' >"$WORK/password"
printf 'k7#pass wore' >"$WORK/wrong-password"
head -c 60000 /dev/urandom >"$WORK/doc.bin"
base64 -w0 "$WORK/doc.bin" >"$WORK/doc.b64"
cp "$WORK/doc.bin" "$WORK/changed.bin"
printf '\x55' | dd of="$WORK/changed.bin" bs=1 seek=5000 conv=notrunc 2>/dev/null
cmp -s "$WORK/doc.bin" "$WORK/changed.bin" &&
  printf '\xAA' | dd of="$WORK/changed.bin" bs=1 seek=5000 conv=notrunc 2>/dev/null

if [[ -n $LAYOUT ]]; then make_container "placed_$LAYOUT"; fi
for name in "${IMPORTED[@]}"; do make_container "$name"; done
: >"$WORK/kinds"
if ((TAMPER)); then
  # Every kind of damage the tool knows (each MAC, each length, the key's content).
  python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); from cptamper import TAMPER; print(*sorted(TAMPER), sep="\n")' \
    "$TOOLS" >"$WORK/kinds"
  (($(wc -l <"$WORK/kinds") >= 16)) || fail "tamper kinds: $(cat "$WORK/kinds")"
  while read -r kind; do
    mkdir -p "$WORK/tampered/$kind"
    cp -r "$WORK/c256pe.000" "$WORK/tampered/$kind/"
    cpc tamper "$WORK/tampered/$kind/c256pe.000" --what "$kind"
  done <"$WORK/kinds"
fi

WITH=("$REPO/scripts/with-virtual-tokens.sh" "$MODEL:$STATE" --)
export HOST MODEL WORK STATE OPENSSL_CONF
"${WITH[@]}" "$0" --phase init "$HOST" "$MODEL"
# As CryptoPro would leave it: written into the card's memory while no vtoken runs.
if [[ -n $LAYOUT ]]; then
  python3 "$TOOLS/vtoken_place_cryptopro.py" "$STATE" "$WORK/placed_$LAYOUT.000" --index 0A --layout "$LAYOUT"
fi
if ((${#IMPORTED[@]})); then
  "${WITH[@]}" "$0" --phase import "$HOST" "$MODEL"
  check_on_token
else
  "${WITH[@]}" "$0" --phase placed "$HOST" "$MODEL"
fi
if ((TAMPER)); then
  cp "$STATE/card.json" "$WORK/card-before.json"
  "${WITH[@]}" "$0" --phase tamper "$HOST" "$MODEL"
  cmp "$WORK/card-before.json" "$STATE/card.json" || fail "a refused damaged container changed the card's state"
fi
echo "CryptoPro containers on $MODEL: OK"
