#!/usr/bin/env bash
# Data objects (writeData, readData, listData, deleteData) through the real `tokenbridge-host` on
# three virtual tokens: an ECP 2.0 2100 (PKCS#11 CKO_DATA through libvtoken-pkcs11), an ECP 3.0
# 3220 served in FKN mode (the token's data objects through the FKN channel) and a Rutoken Lite
# (passive: files of ours next to the containers, docs/passive.md). Then a re-plug (each
# vtoken stopped and started again on the same card memory) and a new host process reads them
# back, and OpenSC's pkcs11-tool lists and reads them through libvtoken-pkcs11. A fault: on a full
# card an overwrite fails and the old value is still there whole (PKCS#11: 64 objects; passive:
# the Lite's 64 KB of memory).
#   data_test.sh HOST_BIN MODULE       (runs itself under scripts/with-virtual-tokens.sh)
set -euo pipefail
HOST=$1 MODULE=$2
ACTIVE_MODEL=rutoken-ecp-2.0-2100
FKN_MODEL=rutoken-ecp-3.0-3220
LITE_MODEL=rutoken-lite
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=../passive/lib.sh
source "$REPO/tests/integration/passive/lib.sh"
command -v pkcs11-tool >/dev/null || fail "pkcs11-tool missing (opensc)"

if [[ -z ${VTOKEN_COUNT:-} ]]; then
  WORK=$(mktemp -d /tmp/tb-data.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
  export WORK
  printf '12345678' >"$WORK/pin"
  printf '00000000' >"$WORK/wrong-pin"
  mkdir "$WORK/active" "$WORK/fkn" "$WORK/lite"
  PHASE=write "$REPO/scripts/with-virtual-tokens.sh" "$ACTIVE_MODEL:$WORK/active" \
    "$FKN_MODEL:$WORK/fkn" "$LITE_MODEL:$WORK/lite" -- "$0" "$@" || fail "writing failed"
  PHASE=check "$REPO/scripts/with-virtual-tokens.sh" "$ACTIVE_MODEL:$WORK/active" \
    "$FKN_MODEL:$WORK/fkn" "$LITE_MODEL:$WORK/lite" -- "$0" "$@" ||
    fail "the data objects did not survive the re-plug"
  echo "data objects: OK"
  exit 0
fi

device_of() { "$HOST" devices | jq -r --arg m "$1" '.[] | select(.id | startswith($m + "-")) | .id'; }
data_call() { # PIN_FILE|"" COMMAND PARAMS_JSON -> the whole response
  if [[ -n $1 ]]; then call "$1" "$(request "$2" "$3")"; else call "$(request "$2" "$3")"; fi
}
write() { # DEVICE NAME FILE -> the whole response
  data_call "$WORK/pin" writeData "$(jq -nc --arg d "$1" --arg n "$2" --arg v "$(base64 -w0 "$3")" \
    '{deviceId: $d, name: $n, data: $v}')"
}
read_value() { # DEVICE NAME -> the value, base64
  expect_result "$(data_call "" readData "$(jq -nc --arg d "$1" --arg n "$2" '{deviceId: $d, name: $n}')")" |
    jq -r .data
}
names() { # DEVICE -> sorted names, one a line
  expect_result "$(data_call "" listData "{\"deviceId\":\"$1\"}")" | jq -r '.objects[].name' | sort
}

# The PKCS#11 slot id of the token with this serial (pkcs11-tool -L).
slot_of() {
  pkcs11-tool --module "$MODULE" -L 2>/dev/null | awk -v serial="$1" '
    /^Slot / { match($0, /\(0x[0-9a-fA-F]+\)/); id = substr($0, RSTART + 1, RLENGTH - 2) }
    /serial num/ && toupper($0) ~ toupper(serial) "$" { print id; exit }'
}
active=$(device_of "$ACTIVE_MODEL")
fkn=$(device_of "$FKN_MODEL")
lite=$(device_of "$LITE_MODEL")
[[ -n $active && -n $fkn && -n $lite ]] || fail "devices: $("$HOST" devices)"

if [[ $PHASE == write ]]; then
  for device in "$active" "$fkn" "$lite"; do
    head -c 1000 /dev/urandom >"$WORK/$device.first"
    result=$(expect_result "$(write "$device" greeting "$WORK/$device.first")")
    [[ $(jq -r .size <<<"$result") == 1000 && $(jq -r .private <<<"$result") == false ]] ||
      fail "writeData: $result"
    [[ $(read_value "$device" greeting) == "$(base64 -w0 "$WORK/$device.first")" ]] || fail "readData $device"
    # An overwrite replaces it: one object of that name, the new value.
    head -c 2000 /dev/urandom >"$WORK/$device.greeting"
    expect_result "$(write "$device" greeting "$WORK/$device.greeting")" >/dev/null
    [[ $(read_value "$device" greeting) == "$(base64 -w0 "$WORK/$device.greeting")" ]] ||
      fail "readData after overwrite $device"
    [[ $(names "$device" | grep -c '^greeting$') == 1 ]] || fail "two objects named greeting: $(names "$device")"
    # 32 KiB is the limit.
    head -c 32768 /dev/urandom >"$WORK/$device.big"
    expect_result "$(write "$device" big "$WORK/$device.big")" >/dev/null
    head -c 32769 /dev/urandom >"$WORK/over"
    expect_error "$(write "$device" over "$WORK/over")" INVALID_PARAMS
    # Delete, and what is gone stays gone.
    printf 'x' >"$WORK/x"
    expect_result "$(write "$device" scratch "$WORK/x")" >/dev/null
    expect_result "$(data_call "$WORK/pin" deleteData "{\"deviceId\":\"$device\",\"name\":\"scratch\"}")" >/dev/null
    expect_error "$(data_call "$WORK/pin" deleteData "{\"deviceId\":\"$device\",\"name\":\"scratch\"}")" DATA_NOT_FOUND
    expect_error "$(data_call "" readData "{\"deviceId\":\"$device\",\"name\":\"scratch\"}")" DATA_NOT_FOUND
    # PIN rules: writing needs one; a wrong one writes nothing.
    expect_error "$(data_call "" writeData "{\"deviceId\":\"$device\",\"name\":\"nopin\",\"data\":\"AA==\"}")" PIN_REQUIRED
    expect_error "$(data_call "$WORK/wrong-pin" writeData "{\"deviceId\":\"$device\",\"name\":\"nopin\",\"data\":\"AA==\"}")" PIN_INCORRECT
    expect_error "$(data_call "" listData "{\"deviceId\":\"$device\",\"private\":true}")" PIN_REQUIRED
    expect_error "$(data_call "$WORK/pin" writeData "{\"deviceId\":\"$device\",\"name\":\"\",\"data\":\"AA==\"}")" INVALID_PARAMS
    [[ $(names "$device" | tr '\n' ' ') == "big greeting " ]] || fail "listData $device: $(names "$device")"
  done
  # Private objects (PKCS#11 CKA_PRIVATE kept by the card behind the PIN; passive: a file read
  # with the PIN only): invisible without it.
  head -c 300 /dev/urandom >"$WORK/secret"
  for device in "$active" "$lite"; do
    result=$(expect_result "$(data_call "$WORK/pin" writeData "$(jq -nc --arg d "$device" \
      --arg v "$(base64 -w0 "$WORK/secret")" '{deviceId: $d, name: "secret", data: $v, private: true}')")")
    [[ $(jq -r .private <<<"$result") == true ]] || fail "private writeData: $result"
    [[ $(names "$device" | tr '\n' ' ') == "big greeting " ]] || fail "a private object listed without the PIN"
    expect_error "$(data_call "" readData "{\"deviceId\":\"$device\",\"name\":\"secret\"}")" DATA_NOT_FOUND
    expect_error "$(data_call "" readData "{\"deviceId\":\"$device\",\"name\":\"secret\",\"private\":true}")" PIN_REQUIRED
    result=$(expect_result "$(data_call "$WORK/pin" readData "{\"deviceId\":\"$device\",\"name\":\"secret\",\"private\":true}")")
    [[ $(jq -r .data <<<"$result") == "$(base64 -w0 "$WORK/secret")" && $(jq -r .private <<<"$result") == true ]] ||
      fail "private readData: $result"
    result=$(expect_result "$(data_call "$WORK/pin" listData "{\"deviceId\":\"$device\",\"private\":true}")")
    [[ $(jq -r '[.objects[].name] | sort | join(" ")' <<<"$result") == "big greeting secret" ]] ||
      fail "listData with the PIN: $result"
  done
  # An FKN token keeps no private data objects.
  expect_error "$(data_call "$WORK/pin" writeData "{\"deviceId\":\"$fkn\",\"name\":\"secret\",\"data\":\"AA==\",\"private\":true}")" \
    MODE_NOT_SUPPORTED

  # The fault, on the PKCS#11 path: the card holds at most 64 objects. Filled up, an overwrite
  # cannot create its new object, fails, and leaves the old one whole.
  slot=$(slot_of "$VTOKEN_0_SERIAL")
  [[ -n $slot ]] || fail "no PKCS#11 slot for $VTOKEN_0_SERIAL: $(pkcs11-tool --module "$MODULE" -L)"
  for i in $(seq 1 70); do
    pkcs11-tool --module "$MODULE" --slot "$slot" --login --pin 12345678 --write-object "$WORK/x" \
      --type data --label "fill-$i" >/dev/null 2>&1 || break
  done
  head -c 500 /dev/urandom >"$WORK/new"
  result=$(write "$active" greeting "$WORK/new")
  jq -e .error <<<"$result" >/dev/null || fail "an overwrite on a full card succeeded: $result"
  [[ $(read_value "$active" greeting) == "$(base64 -w0 "$WORK/$active.greeting")" ]] ||
    fail "a failed overwrite damaged the old object"
  # Room again: the overwrite goes through.
  pkcs11-tool --module "$MODULE" --slot "$slot" --login --pin 12345678 --delete-object --type data \
    --label fill-1 >/dev/null
  expect_result "$(write "$active" greeting "$WORK/$active.greeting")" >/dev/null
  # Passive: the Lite's 64 KB cannot hold a second 32 KiB copy of big while the first exists.
  head -c 32768 /dev/urandom >"$WORK/big2"
  result=$(write "$lite" big "$WORK/big2")
  jq -e .error <<<"$result" >/dev/null || fail "a 32 KiB overwrite on a full Lite succeeded: $result"
  [[ $(read_value "$lite" big) == "$(base64 -w0 "$WORK/$lite.big")" ]] ||
    fail "a failed passive overwrite damaged the old object"
  exit 0
fi

# PHASE=check: new vtoken processes on the same card memory, a new host process.
for device in "$active" "$fkn" "$lite"; do
  [[ $(read_value "$device" greeting) == "$(base64 -w0 "$WORK/$device.greeting")" ]] ||
    fail "greeting on $device after the re-plug"
  [[ $(read_value "$device" big) == "$(base64 -w0 "$WORK/$device.big")" ]] || fail "big on $device after the re-plug"
  result=$(expect_result "$(data_call "" listData "{\"deviceId\":\"$device\"}")")
  [[ $(jq -r '.objects[] | select(.name == "greeting") | .application' <<<"$result") == tokenbridge ]] ||
    fail "application: $result"
done
# The private ones: still private, readable with the PIN only (host and pkcs11-tool).
for device in "$active" "$lite"; do
  result=$(expect_result "$(data_call "$WORK/pin" readData "{\"deviceId\":\"$device\",\"name\":\"secret\",\"private\":true}")")
  [[ $(jq -r .data <<<"$result") == "$(base64 -w0 "$WORK/secret")" ]] || fail "private object after the re-plug: $result"
  expect_error "$(data_call "" readData "{\"deviceId\":\"$device\",\"name\":\"secret\"}")" DATA_NOT_FOUND
done
slot=$(slot_of "$VTOKEN_0_SERIAL")
pkcs11-tool --module "$MODULE" --slot "$slot" -O 2>/dev/null | grep -q "label: *'secret'" &&
  fail "pkcs11-tool lists the private object without a login"
pkcs11-tool --module "$MODULE" --slot "$slot" --login --pin 12345678 -O 2>/dev/null | grep -A6 "label: *'secret'" |
  grep -q "private" || fail "pkcs11-tool does not show the private object after the login"
# Interop: OpenSC sees and reads them on both tokens, the FKN-written ones included.
# VTOKEN_0 is the ECP 2.0 ($active), VTOKEN_1 the ECP 3.0 ($fkn): the order of the arguments.
for pair in "$VTOKEN_0_SERIAL $active" "$VTOKEN_1_SERIAL $fkn"; do
  read -r serial device <<<"$pair"
  slot=$(slot_of "$serial")
  [[ -n $slot ]] || fail "no PKCS#11 slot for $serial"
  objects=$(pkcs11-tool --module "$MODULE" --slot "$slot" -O 2>/dev/null)
  grep -q "label: *'greeting'" <<<"$objects" || fail "pkcs11-tool does not list greeting (slot $slot): $objects"
  grep -q "application: *'tokenbridge'" <<<"$objects" || fail "pkcs11-tool application (slot $slot): $objects"
  pkcs11-tool --module "$MODULE" --slot "$slot" --read-object --type data --label greeting \
    -o "$WORK/read.$slot" >/dev/null 2>&1 || fail "pkcs11-tool --read-object (slot $slot)"
  cmp -s "$WORK/read.$slot" "$WORK/$device.greeting" ||
    fail "pkcs11-tool reads another value (slot $slot)"
done
echo "data objects after the re-plug: OK"
