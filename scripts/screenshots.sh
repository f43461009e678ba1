#!/usr/bin/env bash
# Screenshots of the three demo pages and the PIN window for the README
# (docs/screenshots/{devices,sign,enroll,pin}.png),
# taken by the e2e enroll + sign test against virtual tokens. Same environment as scripts/e2e.sh.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$REPO/docs/screenshots"
TOKENBRIDGE_SCREENSHOTS=1 exec "$REPO/scripts/e2e.sh" -g 'enroll on the demo page' "$@"
