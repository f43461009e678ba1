#!/usr/bin/env bash
# libvtoken-pkcs11.so as two command-line clients nobody here wrote see it with several virtual
# tokens: GnuTLS's `p11tool --list-tokens` lists every one (the first C_GetSlotList of a process
# comes with a buffer), and OpenSC's `pkcs11-tool --test` finds no error on any of them (random
# numbers from the card, Streebog digests, GOST keys on the card).
#   client_tools_test.sh MODULE     (runs itself under scripts/with-virtual-tokens.sh)
set -euo pipefail
MODULE=$1
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
PIN=12345678
fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in p11tool pkcs11-tool; do
  command -v "$tool" >/dev/null || fail "$tool missing (scripts/deps.sh)"
done
if [[ -z ${VTOKEN_COUNT:-} ]]; then
  exec "$REPO/scripts/with-virtual-tokens.sh" rutoken-ecp-2.0-2100 rutoken-ecp-3.0-3220 \
    rutoken-lite -- "$0" "$MODULE"
fi

tokens=$(p11tool --provider "$MODULE" --list-tokens)
listed=$(grep -c '^Token [0-9]*:' <<<"$tokens" || true)
[[ $listed == "$VTOKEN_COUNT" ]] || fail "p11tool lists $listed tokens of $VTOKEN_COUNT: $tokens"
for ((i = 0; i < VTOKEN_COUNT; i++)); do
  serial_var=VTOKEN_${i}_SERIAL
  grep -q "serial=00000000${!serial_var};" <<<"$tokens" || fail "token $i not listed: $tokens"
done

for ((i = 0; i < VTOKEN_COUNT; i++)); do
  reader_var=VTOKEN_${i}_READER
  model_var=VTOKEN_${i}_MODEL
  p11() { pkcs11-tool --module "$MODULE" --slot-description "${!reader_var}" "$@"; }
  core=false
  [[ ${!model_var} == rutoken-ecp-* ]] && core=true
  if $core; then
    # Keys on the token, as a user's would be, for the key part of --test.
    p11 --login --pin $PIN --keypairgen --key-type GOSTR3410-2012-256:B --label t256 >/dev/null
    p11 --login --pin $PIN --keypairgen --key-type GOSTR3410-2012-512:A --label t512 >/dev/null
  fi
  report=$(p11 --test --login --pin $PIN 2>&1) || fail "pkcs11-tool --test on ${!model_var}: $report"
  grep -q '^No errors' <<<"$report" || fail "pkcs11-tool --test on ${!model_var}: $report"
  grep -q 'C_GenerateRandom' <<<"$report" || fail "random not tested on ${!model_var}: $report"
  if $core; then
    grep -q 'all 4 digest functions seem to work' <<<"$report" \
      || fail "digests on ${!model_var}: $report"
  fi
done
echo "client tools test passed"
