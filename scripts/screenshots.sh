#!/usr/bin/env bash
# Screenshots of the demo pages and the extension's windows for the README, in both browsers:
# docs/screenshots/{devices,sign,enroll,consent,pin,select}.png (Chromium) and firefox-*.png
# (Firefox ESR), taken by the e2e enroll + sign and chooser tests against virtual tokens. Same environment as
# scripts/e2e.sh (extra arguments go to `playwright test`, e.g. --project firefox).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$REPO/docs/screenshots"
TOKENBRIDGE_SCREENSHOTS=1 exec "$REPO/scripts/e2e.sh" -g 'enroll on the demo page|certificate chooser gives' "$@"
