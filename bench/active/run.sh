#!/usr/bin/env bash
# Runs the active-mode signing breakdown on a virtual Rutoken ECP 2.0 (one pcscd per machine:
# serialized with the tests through the same lock file).
# Usage: bench/active/run.sh [BUILD_DIR] [ITERATIONS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build}"
iterations="${2:-100}"
export BUILD_DIR="$build"
exec flock -o /tmp/tokenbridge-pcscd.lock \
  "$repo/scripts/with-virtual-tokens.sh" rutoken-ecp-2.0-2100 -- \
  "$build/bench/active/active_sign_breakdown" "$iterations"
