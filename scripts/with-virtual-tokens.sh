#!/usr/bin/env bash
# with-virtual-tokens.sh MODEL[@nfc][:STATE_DIR] ... -- COMMAND [ARG...]
#
# Runs COMMAND while one vtoken per MODEL sits in a virtual reader of a real pcscd, then tears
# down what it started and exits with COMMAND's status (125 when the set-up itself fails).
#
#   MODEL       a model id of `vtoken --list-models` (e.g. rutoken-ecp-3.0-3220)
#   @nfc        present the contactless ATR (NFC models only); default: contact
#   :STATE_DIR  the card's memory; default: a fresh temporary directory removed afterwards
#
# pcscd: if none runs, the script starts `pcscd -f -c $VTOKEN_PCSC_CONF/conf` (must be root)
# with our own reader configuration: 8 reader.conf entries, each with its own copy of
# libifdvpcd.so (pitfall P4), 2 slots each, so 16 readers (pcscd's maximum) named
# "Virtual PCD <base> 00 0<slot>" on TCP ports 35963..35978 (VTOKEN_PORT_BASE moves them).
# It stops that pcscd at the end.
# If a pcscd with OUR configuration already runs (another run, a developer), it is reused and
# left running; tokens take ports nobody is connected to. If a pcscd with a FOREIGN
# configuration runs (e.g. the system's, with the stock 2 readers), the script refuses with
# status 125 unless VTOKEN_REPLACE_PCSCD=1, in which case it stops that pcscd (by the PID in
# /run/pcscd/pcscd.pid), runs its own, and does not restart the foreign one.
#
# Only one pcscd per machine: serialize runs (CTest RESOURCE_LOCK pcscd; by hand
# `flock -o /tmp/tokenbridge-pcscd.lock with-virtual-tokens.sh ...`).
#
# COMMAND sees (indices from 0):
#   VTOKEN_COUNT, VTOKEN_<i>_MODEL, _CONNECTION (contact|nfc), _PID, _PORT, _READER, _ATR,
#   _SERIAL (8 hex digits, as token-info tag 83), _STATE (state dir), _LOG;
#   VTOKEN_BIN and VTOKEN_WAIT_BIN (to start/await more tokens);
#   VTOKEN_SPARE_COUNT, VTOKEN_SPARE_<j>_PORT, VTOKEN_SPARE_<j>_READER (free slots);
#   VTOKEN_RUN_DIR (logs). Send SIGUSR1/SIGUSR2 to a _PID to remove/insert that token.
#
# Binaries: $VTOKEN_BIN, else the first of $BUILD_DIR, $REPO/build holding emulator/vtoken;
# vtoken-wait next to it (or $VTOKEN_WAIT_BIN). $VTOKEN_EXTRA_ARGS is added to
# every vtoken command line (e.g. "--max-retries 3"), $VTOKEN_PCSCD_ARGS to pcscd's (e.g. "-d -a").
# Logs of a failed run stay in $VTOKEN_RUN_DIR unless VTOKEN_KEEP_LOGS=0.
# shellcheck disable=SC2317 # functions run from traps
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PORT_BASE=${VTOKEN_PORT_BASE:-35963}
ENTRIES=8 # pcscd handles at most 16 readers (PCSCLITE_MAX_READERS_CONTEXTS)
CONF_ROOT=${VTOKEN_PCSC_CONF:-/tmp/tokenbridge-vpcd}
VPCD_SO=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
PCSCD_PIDFILE=/run/pcscd/pcscd.pid
SETUP_FAILED=125

die() {
  echo "with-virtual-tokens: $*" >&2
  exit $SETUP_FAILED
}

find_vtoken() {
  if [[ -n ${VTOKEN_BIN:-} ]]; then
    [[ -x $VTOKEN_BIN ]] || die "VTOKEN_BIN=$VTOKEN_BIN is not executable"
    VTOKEN_BIN=$(realpath "$VTOKEN_BIN")
    return
  fi
  local dir
  for dir in ${BUILD_DIR:+"$BUILD_DIR"} "$REPO/build"; do
    if [[ -x $dir/emulator/vtoken ]]; then
      VTOKEN_BIN=$dir/emulator/vtoken
      return
    fi
  done
  die "no vtoken binary: build it or set VTOKEN_BIN"
}

reader_for_port() {
  local k=$(($1 - PORT_BASE))
  printf 'Virtual PCD %d 00 %02X' $((PORT_BASE + k / 2 * 2)) $((k % 2))
}

# Our reader configuration; files are rewritten only when they differ, so a pcscd already
# running with it never sees them change.
write_config() {
  mkdir -p "$CONF_ROOT/conf" "$CONF_ROOT/lib"
  local e base so file text
  for file in "$CONF_ROOT"/conf/*; do # entries of another ENTRIES/PORT_BASE
    [[ -e $file ]] || continue
    base=${file##*/vpcd-}
    if ! [[ $base =~ ^[0-9]+$ ]] || ((base < PORT_BASE || base >= PORT_BASE + 2 * ENTRIES)) \
      || (((base - PORT_BASE) % 2)); then
      rm -f "$file"
    fi
  done
  for ((e = 0; e < ENTRIES; e++)); do
    base=$((PORT_BASE + 2 * e))
    so=$CONF_ROOT/lib/libifdvpcd-$base.so
    cmp -s "$VPCD_SO" "$so" || { cp "$VPCD_SO" "$so.tmp" && mv "$so.tmp" "$so"; }
    file=$CONF_ROOT/conf/vpcd-$base
    text=$(printf '%s\n' "FRIENDLYNAME \"Virtual PCD $base\"" \
      "DEVICENAME   /dev/null:$(printf '0x%X' "$base")" "LIBPATH      $so" \
      "CHANNELID    $(printf '0x%X' "$base")")
    if ! [[ -f $file && $(<"$file") == "$text" ]]; then
      printf '%s\n' "$text" >"$file.tmp" && mv "$file.tmp" "$file"
    fi
  done
}

pcscd_pid() { # the file ends with a NUL byte
  [[ -f $PCSCD_PIDFILE ]] && tr -cd '0-9' <"$PCSCD_PIDFILE"
}

pcscd_running() {
  local pid
  pid=$(pcscd_pid) && [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null
}

# True when pcscd answers and lists our first and last reader.
pcscd_is_ours() {
  local readers
  readers=$("$VTOKEN_WAIT_BIN" --list --timeout-ms "${1:-2000}" 2>/dev/null) || return 1
  grep -qxF "$(reader_for_port "$PORT_BASE")" <<<"$readers" \
    && grep -qxF "$(reader_for_port $((PORT_BASE + 2 * ENTRIES - 1)))" <<<"$readers"
}

# Starts "$@" in the background without the descriptors above 2 this shell inherited (such as
# the lock fd of `flock LOCK with-virtual-tokens.sh ...`): a pcscd or vtoken outliving us must not
# hold that lock. $! is the started program.
spawn_clean() {
  (
    for fd in /proc/"$BASHPID"/fd/*; do
      n=${fd##*/}
      ((n > 2)) && eval "exec $n>&-" 2>/dev/null
    done
    exec "$@"
  ) &
}

stop_pid() { # PID TIMEOUT_TENTHS: SIGTERM, wait, SIGKILL if it lingers
  local pid=$1 tries=$2
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && ((tries-- > 0)); do sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

start_pcscd() {
  if pcscd_running; then
    local try
    for ((try = 0; try < 30; try++)); do # it may still be adding its readers
      pcscd_is_ours 200 && return
      sleep 0.1
    done
    [[ ${VTOKEN_REPLACE_PCSCD:-0} == 1 ]] \
      || die "a pcscd with another reader configuration runs (PID $(pcscd_pid));" \
        "stop it or set VTOKEN_REPLACE_PCSCD=1"
    local foreign
    foreign=$(pcscd_pid)
    echo "with-virtual-tokens: stopping foreign pcscd $foreign" >&2
    kill -TERM "$foreign" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$foreign" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$foreign" 2>/dev/null && die "foreign pcscd $foreign does not stop"
  fi
  [[ $(id -u) -eq 0 ]] || die "starting pcscd needs root"
  local args
  read -r -a args <<<"${VTOKEN_PCSCD_ARGS:-}"
  spawn_clean pcscd -f "${args[@]}" -c "$CONF_ROOT/conf" >"$RUN_DIR/pcscd.log" 2>&1
  PCSCD_PID=$!
  local i
  for ((i = 0; i < 100; i++)); do
    if ! kill -0 "$PCSCD_PID" 2>/dev/null; then
      cat "$RUN_DIR/pcscd.log" >&2
      die "pcscd exited at start"
    fi
    pcscd_is_ours 200 && return
    sleep 0.1
  done
  die "pcscd did not list our readers within 10 s"
}

# Someone (a vtoken of another run) is connected to, or waiting on, that vpcd port.
port_busy() {
  awk -v port="$(printf '%04X' "$1")" '
    $4 == "01" { split($2, l, ":"); split($3, r, ":"); if (l[2] == port || r[2] == port) busy = 1 }
    END { exit !busy }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${TOKEN_PIDS[@]}"; do stop_pid "$pid" 30; done
  [[ -n ${PCSCD_PID:-} ]] && stop_pid "$PCSCD_PID" 50
  local dir
  for dir in "${TEMP_STATES[@]}"; do rm -rf "$dir"; done
  if ((status == 0)) || [[ ${VTOKEN_KEEP_LOGS:-1} == 0 ]]; then
    rm -rf "$RUN_DIR"
  else
    echo "with-virtual-tokens: status $status; logs kept in $RUN_DIR" >&2
  fi
  exit "$status"
}

# --- arguments --------------------------------------------------------------------------------
SPECS=()
while (($#)) && [[ $1 != -- ]]; do
  SPECS+=("$1")
  shift
done
(($#)) || die "usage: with-virtual-tokens.sh MODEL[@nfc][:STATE_DIR] ... -- COMMAND [ARG...]"
shift
(($#)) || die "no COMMAND after --"
((${#SPECS[@]} <= 2 * ENTRIES)) || die "at most $((2 * ENTRIES)) tokens"

find_vtoken
VTOKEN_WAIT_BIN=${VTOKEN_WAIT_BIN:-$(dirname "$VTOKEN_BIN")/vtoken-wait}
[[ -x $VTOKEN_WAIT_BIN ]] || die "no vtoken-wait next to $VTOKEN_BIN (set VTOKEN_WAIT_BIN)"
VTOKEN_WAIT_BIN=$(realpath "$VTOKEN_WAIT_BIN")
MODEL_LINES=$("$VTOKEN_BIN" --list-models) # "id contactATR [nfc:ATR]"

TOKEN_PIDS=()
TEMP_STATES=()
PCSCD_PID=
RUN_DIR=$(mktemp -d /tmp/vtokens.XXXXXX)
CMD_PID=
# Stop COMMAND too (it runs in the background so that `wait` can be interrupted), then clean up.
on_signal() {
  if [[ -n $CMD_PID ]]; then
    kill -TERM "$CMD_PID" 2>/dev/null || true
    wait "$CMD_PID" 2>/dev/null || true
  fi
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

write_config
start_pcscd

# --- tokens -----------------------------------------------------------------------------------
read -r -a EXTRA <<<"${VTOKEN_EXTRA_ARGS:-}"
used_ports=" "
next_port=$PORT_BASE
free_port() {
  while ((next_port < PORT_BASE + 2 * ENTRIES)); do
    local p=$next_port
    next_port=$((next_port + 1))
    if ! port_busy "$p"; then
      PORT=$p
      return
    fi
  done
  die "no free virtual reader left"
}

READERS=()
for i in "${!SPECS[@]}"; do
  spec=${SPECS[$i]}
  head=${spec%%:*}
  state=
  [[ $spec == *:* ]] && state=${spec#*:}
  model=${head%@*}
  connection=contact
  if [[ $head == *@* ]]; then
    [[ ${head#*@} == nfc ]] || die "bad connection in $spec (only @nfc)"
    connection=nfc
  fi
  line=$(grep "^$model " <<<"$MODEL_LINES") || die "unknown model $model"
  [[ $connection == contact || $line == *" nfc:"* ]] || die "$model has no contactless interface"
  if [[ -z $state ]]; then
    state=$(mktemp -d /tmp/vtoken-state.XXXXXX)
    TEMP_STATES+=("$state")
  fi
  free_port
  used_ports+="$PORT "
  reader=$(reader_for_port "$PORT")
  log=$RUN_DIR/vtoken-$i.log
  spawn_clean "$VTOKEN_BIN" --model "$model" --state "$state" --port "$PORT" \
    --connection "$connection" --log "$log" "${EXTRA[@]}" >>"$log" 2>&1
  TOKEN_PIDS+=($!)
  READERS+=("$reader")
  export "VTOKEN_${i}_MODEL=$model" "VTOKEN_${i}_CONNECTION=$connection" "VTOKEN_${i}_PID=$!" \
    "VTOKEN_${i}_PORT=$PORT" "VTOKEN_${i}_READER=$reader" "VTOKEN_${i}_STATE=$state" \
    "VTOKEN_${i}_LOG=$log"
done

if ((${#READERS[@]})); then
  # Wait in the background so that a vtoken refusing to start (e.g. a state dir of another
  # model) fails the run at once instead of after the timeout.
  "$VTOKEN_WAIT_BIN" --timeout-ms 10000 "${READERS[@]}" >"$RUN_DIR/seen" &
  wait_pid=$!
  while kill -0 "$wait_pid" 2>/dev/null; do
    for pid in "${TOKEN_PIDS[@]}"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        kill "$wait_pid" 2>/dev/null || true
        cat "$RUN_DIR"/vtoken-*.log >&2 || true
        die "vtoken $pid exited at start"
      fi
    done
    sleep 0.05
  done
  if ! wait "$wait_pid"; then
    cat "$RUN_DIR"/vtoken-*.log >&2 || true
    die "tokens did not show up in PC/SC"
  fi
  seen=$(<"$RUN_DIR/seen")
  for i in "${!READERS[@]}"; do
    atr=$(grep -F "${READERS[$i]}"$'\t' <<<"$seen" | cut -f2)
    state_var=VTOKEN_${i}_STATE
    serial=$(sed -n 's/^ *"serial": *\([0-9]*\).*/\1/p' "${!state_var}/card.json")
    export "VTOKEN_${i}_ATR=$atr" "VTOKEN_${i}_SERIAL=$(printf '%08X' "$serial")"
  done
fi

spare=0
for ((p = PORT_BASE; p < PORT_BASE + 2 * ENTRIES; p++)); do
  [[ $used_ports == *" $p "* ]] && continue
  port_busy "$p" && continue
  export "VTOKEN_SPARE_${spare}_PORT=$p" "VTOKEN_SPARE_${spare}_READER=$(reader_for_port "$p")"
  spare=$((spare + 1))
done
export VTOKEN_COUNT=${#SPECS[@]} VTOKEN_SPARE_COUNT=$spare VTOKEN_BIN VTOKEN_WAIT_BIN \
  VTOKEN_RUN_DIR=$RUN_DIR

# --- the command ------------------------------------------------------------------------------
"$@" <&0 &
CMD_PID=$!
status=0
wait "$CMD_PID" || status=$?
CMD_PID=
exit "$status"
