#!/usr/bin/env bash
# libvtoken-pkcs11.so driven by OpenSC's pkcs11-tool (a client nobody here wrote): token info,
# mechanisms, GOST key generation on the card, signing, and no way to read the private key.
#   pkcs11_tool_test.sh MODULE     (runs itself under scripts/with-virtual-tokens.sh)
set -euo pipefail
MODULE=$1
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v pkcs11-tool >/dev/null || { echo "pkcs11-tool missing (opensc)"; exit 1; }
if [[ -z ${VTOKEN_COUNT:-} ]]; then
  exec "$REPO/scripts/with-virtual-tokens.sh" rutoken-ecp-2.0-2100 -- "$0" "$MODULE"
fi
WORK=$(mktemp -d /tmp/tb-p11tool.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
p11() { pkcs11-tool --module "$MODULE" "$@"; }

info=$(p11 -T)
grep -q "serial num *: 00000000$VTOKEN_0_SERIAL" <<<"$info" || fail "serial: $info"
grep -q "firmware version *: 23.2" <<<"$info" || fail "firmware: $info"
p11 -M | grep -q "GOSTR3410-KEY-PAIR-GEN" || fail "mechanisms"
p11 --login --pin 12345678 --keypairgen --key-type GOSTR3410-2012-256:B --label tool --id 42 >/dev/null
objects=$(p11 --login --pin 12345678 -O)
grep -q "never extractable" <<<"$objects" || fail "private key attributes: $objects"
head -c 32 /dev/urandom >"$WORK/digest"
p11 --login --pin 12345678 --sign -m GOSTR3410 --id 42 -i "$WORK/digest" -o "$WORK/sig" >/dev/null
[[ $(stat -c %s "$WORK/sig") == 64 ]] || fail "signature length"
if p11 --login --pin 12345678 --read-object --type privkey --id 42 -o "$WORK/key" 2>/dev/null; then
  [[ ! -s $WORK/key ]] || fail "private key read"
fi
if p11 --login --pin 87654322 -O >/dev/null 2>&1; then fail "wrong PIN accepted"; fi
p11 --login --pin 12345678 --delete-object --type privkey --id 42 >/dev/null
echo "pkcs11-tool test passed"
