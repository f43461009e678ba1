#!/usr/bin/env bash
# The main job on virtual tokens: three virtual Rutokens of different models are plugged into a
# real pcscd, and the host tells what each one is, which modes of operation it supports and which
# one it would use. Then the demo portal runs in headless Chromium with our extension: a key is
# enrolled on a virtual token through the PIN window, a document is signed and verified, and a
# screenshot of each step is saved (DEMO_OUT, default demo-output/; DEMO_BROWSER=0 skips it).
# Run as root on Debian 12 (installs what is missing, builds if needed).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
BUILD=${BUILD_DIR:-$REPO/build}

scripts/deps.sh
if [[ ! -x $BUILD/host/tokenbridge-host || ! -x $BUILD/emulator/vtoken ]]; then
  cmake -S "$REPO" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$BUILD" -j"$(nproc)"
fi
export VTOKEN_BIN=$BUILD/emulator/vtoken
HOST=$BUILD/host/tokenbridge-host

MODELS=(${DEMO_MODELS:-rutoken-lite rutoken-ecp-2.0-2100 rutoken-ecp-3.0-3220 rutoken-ecp-3.0-nfc-3100@nfc})

scripts/with-virtual-tokens.sh "${MODELS[@]}" -- bash -c '
  set -euo pipefail
  echo "CryptoPro CSP profile: ${TOKENBRIDGE_CSP:-5.0-R3 (default)}; platform: linux"
  "$0" devices > /tmp/tokenbridge-demo-devices.json
  /usr/bin/python3 "$1" /tmp/tokenbridge-demo-devices.json
' "$HOST" "$REPO/scripts/print-devices.py"

if [[ ${DEMO_BROWSER:-1} == 1 ]]; then
  OUT=${DEMO_OUT:-$REPO/demo-output}
  mkdir -p "$OUT"
  echo
  echo "Demo portal in headless Chromium with the extension: enroll a key, sign, verify"
  BUILD_DIR=$BUILD TOKENBRIDGE_SCREENSHOTS_DIR=$OUT scripts/e2e.sh -g 'enroll on the demo page'
  echo "Screenshots of each step: $(ls "$OUT"/*.png | tr '\n' ' ')"
fi
