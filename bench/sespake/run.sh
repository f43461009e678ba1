#!/usr/bin/env bash
# SESPAKE handshake per curve: in-process (sespake_inprocess, pure crypto) and over real PC/SC
# with one virtual Rutoken ECP 3.0 3220 per curve (`vtoken --fkn-curve NAME`, sespake_pcsc),
# each against plain active mode measured in the same run. Takes the pcscd lock itself
# unless TOKENBRIDGE_PCSCD_LOCKED=1.
#
#   bench/sespake/run.sh BUILD_DIR [ITERATIONS] [CURVE...]    (default 20; all seven curves)
set -euo pipefail
BUILD=$(realpath "${1:?usage: run.sh BUILD_DIR [ITERATIONS] [CURVE...]}")
ITERATIONS=${2:-20}
ARGS=("$@")
shift $(($# < 2 ? $# : 2))
CURVES=("$@")
[[ ${#CURVES[@]} -gt 0 ]] ||
  CURVES=(cryptopro-a cryptopro-b cryptopro-c tc26-256-a tc26-512-a tc26-512-b tc26-512-c)
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

if [[ ${SESPAKE_PHASE:-} != pcsc ]]; then
  echo "#### In-process"
  "$BUILD/bench/sespake_inprocess" "$ITERATIONS"
  echo
  echo "#### Over PC/SC (pcscd + vpcd + vtoken)"
  # One pcscd per machine: one lock for all curves (under CTest the pcscd resource lock is
  # already held, and a second flock would deadlock).
  LOCK=(flock -o /tmp/tokenbridge-pcscd.lock)
  [[ ${TOKENBRIDGE_PCSCD_LOCKED:-0} == 1 ]] && LOCK=()
  SESPAKE_PHASE=pcsc exec "${LOCK[@]}" "$0" "${ARGS[@]}"
fi

export VTOKEN_BIN=$BUILD/emulator/vtoken VTOKEN_WAIT_BIN=$BUILD/emulator/vtoken-wait
# The card's memory on tmpfs unless STATE_ON_DISK=1: vtoken fsyncs every state write (SESPAKE
# persists its counters twice per handshake), and this VM's disk flushes are no model of a
# token's EEPROM (docs/benchmarks.md).
STATE_ROOT=$(mktemp -d "$( ((${STATE_ON_DISK:-0})) && echo /tmp || echo /dev/shm)/tb-bench-sespake.XXXXXX")
trap 'rm -rf "$STATE_ROOT"' EXIT
echo "card state on $(df --output=fstype "$STATE_ROOT" | tail -1)"
echo
for curve in "${CURVES[@]}"; do
  VTOKEN_EXTRA_ARGS="--fkn-curve $curve" "$REPO/scripts/with-virtual-tokens.sh" \
    "rutoken-ecp-3.0-3220:$STATE_ROOT/$curve" -- "$BUILD/bench/sespake_pcsc" "$curve" "$ITERATIONS"
  echo
done
