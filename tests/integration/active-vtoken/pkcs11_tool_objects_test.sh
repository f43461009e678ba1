#!/usr/bin/env bash
# Data objects and certificates through libvtoken-pkcs11.so, driven by OpenSC's pkcs11-tool and
# made by openssl (clients nobody here wrote), on the token given: on Rutoken Lite / S the module
# keeps them in the card's file system, on an ECP in the card's object store.
#   pkcs11_tool_objects_test.sh MODULE MODEL FIRMWARE MECHANISMS(yes|no)
# (runs itself under scripts/with-virtual-tokens.sh; the caller sets VTOKEN_EXTRA_ARGS, e.g.
# --hide-token-info)
set -euo pipefail
MODULE=$1 MODEL=$2 FIRMWARE=$3 MECHANISMS=$4
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v pkcs11-tool >/dev/null || { echo "pkcs11-tool missing (opensc)"; exit 1; }
if [[ -z ${VTOKEN_COUNT:-} ]]; then
  exec "$REPO/scripts/with-virtual-tokens.sh" "$MODEL" -- "$0" "$@"
fi
WORK=$(mktemp -d /tmp/tb-p11objects.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
p11() { pkcs11-tool --module "$MODULE" "$@"; }
user() { p11 --login --pin 12345678 "$@"; }

info=$(p11 -T)
grep -q "serial num *: 00000000$VTOKEN_0_SERIAL" <<<"$info" || fail "serial: $info"
grep -q "firmware version *: $FIRMWARE\$" <<<"$info" || fail "firmware: $info"
mechanisms=$(p11 -M | grep -c "^  " || true)
if [[ $MECHANISMS == no ]]; then
  [[ $mechanisms == 0 ]] || fail "key mechanisms on a storage-only token: $(p11 -M)"
else
  [[ $mechanisms -gt 0 ]] || fail "no mechanisms"
fi

# A data object over 255 bytes (extended APDUs, more than one file read) and a certificate.
head -c 700 /dev/urandom >"$WORK/data"
user --write-object "$WORK/data" --type data --label tb-data --application-label tb-app >/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/key.pem" \
  -subj /CN=tokenbridge-objects -days 1 -outform DER -out "$WORK/cert.der" 2>/dev/null
user --write-object "$WORK/cert.der" --type cert --id 51 --label tb-cert >/dev/null

# Read back without a PIN, as a new process sees them.
objects=$(p11 -O)
grep -q "label: *'tb-data'" <<<"$objects" || fail "data object not listed: $objects"
grep -q "application: *'tb-app'" <<<"$objects" || fail "application: $objects"
grep -q "subject: *DN: CN=tokenbridge-objects" <<<"$objects" || fail "certificate: $objects"
p11 --read-object --type data --label tb-data -o "$WORK/data.out" >/dev/null
cmp -s "$WORK/data" "$WORK/data.out" || fail "data object value differs"
p11 --read-object --type cert --id 51 -o "$WORK/cert.out" >/dev/null
cmp -s "$WORK/cert.der" "$WORK/cert.out" || fail "certificate value differs"
openssl x509 -inform DER -in "$WORK/cert.out" -noout -subject | grep -q tokenbridge-objects ||
  fail "openssl cannot read the certificate back"

# Writing needs the user PIN.
if p11 --write-object "$WORK/data" --type data --label no-pin >/dev/null 2>&1; then
  fail "a data object written without login"
fi
user --delete-object --type data --label tb-data >/dev/null
user --delete-object --type cert --id 51 >/dev/null
objects=$(p11 -O)
[[ -z $(grep -E "tb-data|tb-cert" <<<"$objects") ]] || fail "objects left after delete: $objects"
echo "pkcs11-tool objects test passed on $MODEL"
