#!/usr/bin/env bash
# Tests of scripts/with-virtual-tokens.sh itself: argument errors, status pass-through, the
# environment it exports, clean-up on SIGINT, and the foreign-pcscd policy.
# Needs VTOKEN_BIN; run by CTest under RESOURCE_LOCK pcscd.
# shellcheck disable=SC2016 # the single-quoted scripts expand in the command's shell
set -uo pipefail
SCRIPT=$(cd "$(dirname "$0")/../../.." && pwd)/scripts/with-virtual-tokens.sh
failures=0
export VTOKEN_KEEP_LOGS=0 # several runs here fail on purpose
check() { # NAME EXPECTED ACTUAL
  if [[ $2 == "$3" ]]; then
    echo "ok   $1"
  else
    echo "FAIL $1: expected '$2', got '$3'"
    failures=$((failures + 1))
  fi
}

"$SCRIPT" rutoken-lite >/dev/null 2>&1
check "no -- is a set-up error" 125 $?
"$SCRIPT" rutoken-lite -- >/dev/null 2>&1
check "no command is a set-up error" 125 $?
"$SCRIPT" no-such-model -- true >/dev/null 2>&1
check "unknown model" 125 $?
"$SCRIPT" rutoken-s@nfc -- true >/dev/null 2>&1
check "nfc on a contact-only model" 125 $?
"$SCRIPT" rutoken-lite -- bash -c 'exit 7' 2>/dev/null
check "command status passes through" 7 $?

out=$("$SCRIPT" rutoken-ecp-3.0-3220 smartcard-rutoken-ecp-3.0-nfc-3100@nfc -- bash -c '
  echo "$VTOKEN_COUNT|$VTOKEN_0_MODEL|$VTOKEN_1_CONNECTION|$VTOKEN_0_ATR"
  kill -0 "$VTOKEN_0_PID" && kill -0 "$VTOKEN_1_PID" && echo alive
  [[ -d $VTOKEN_0_STATE && -x $VTOKEN_BIN && -x $VTOKEN_WAIT_BIN ]] && echo paths
  [[ $VTOKEN_1_ATR == 3B8C800150${VTOKEN_1_SERIAL}52745343778183* ]] && echo pupi
  ((VTOKEN_SPARE_COUNT > 0)) && echo spare
  echo "pids $VTOKEN_0_PID $VTOKEN_1_PID state $VTOKEN_0_STATE"')
check "environment" \
  "2|rutoken-ecp-3.0-3220|nfc|3B8B015275746F6B656E20454350A0" "$(sed -n 1p <<<"$out")"
check "tokens alive, paths, PUPI, spare slots" "alive paths pupi spare" \
  "$(sed -n 2,5p <<<"$out" | tr '\n' ' ' | sed 's/ $//')"
read -r _ pid0 pid1 _ state0 <<<"$(sed -n 6p <<<"$out")"
sleep 0.2
kill -0 "$pid0" 2>/dev/null || kill -0 "$pid1" 2>/dev/null
check "tokens stopped afterwards" 1 $?
[[ -e $state0 ]]
check "temporary state removed" 1 $?

# SIGINT while the command runs: the command is stopped, so are the tokens.
tmp=$(mktemp)
# (timeout runs it in the foreground: a background job of this shell would ignore SIGINT.)
timeout --preserve-status -s INT 3 "$SCRIPT" rutoken-lite -- \
  bash -c 'echo "$VTOKEN_0_PID" >'"$tmp"'; sleep 30' 2>/dev/null
check "SIGINT status" 130 $?
kill -0 "$(<"$tmp")" 2>/dev/null
check "token stopped after SIGINT" 1 $?
rm -f "$tmp"

# A pcscd with another configuration (the system's) is refused, or replaced on request.
if [[ -f /run/pcscd/pcscd.pid ]] && kill -0 "$(tr -cd 0-9 </run/pcscd/pcscd.pid)" 2>/dev/null; then
  echo "skip foreign-pcscd checks: a pcscd runs already"
else
  pcscd -f >/dev/null 2>&1 &
  foreign=$!
  sleep 0.5
  "$SCRIPT" rutoken-lite -- true 2>/dev/null
  check "foreign pcscd refused" 125 $?
  VTOKEN_REPLACE_PCSCD=1 "$SCRIPT" rutoken-lite -- true 2>/dev/null
  check "foreign pcscd replaced" 0 $?
  kill -0 "$foreign" 2>/dev/null
  check "foreign pcscd stopped" 1 $?
  kill "$foreign" 2>/dev/null
  wait "$foreign" 2>/dev/null
fi
((failures == 0))
