#!/usr/bin/env bash
# Browser end-to-end tests: Chromium (Playwright) and Firefox ESR (Marionette, tests/e2e/
# marionette.mjs) drive the real extension, which talks to the real tokenbridge-host, which talks
# to virtual tokens on a real pcscd (scripts/with-virtual-tokens.sh). Plus `web-ext lint`.
#   BUILD_DIR              build tree with host/tokenbridge-host and emulator/vtoken (default: build)
#   TOKENBRIDGE_HOST_BIN   the host binary (default: $BUILD_DIR/host/tokenbridge-host)
#   extra arguments go to `playwright test` (e.g. -g 'events', --project firefox)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
export BUILD_DIR=${BUILD_DIR:-$REPO/build}
export TOKENBRIDGE_HOST_BIN=${TOKENBRIDGE_HOST_BIN:-$BUILD_DIR/host/tokenbridge-host}
[[ -x $TOKENBRIDGE_HOST_BIN ]] || { echo "e2e: no host binary at $TOKENBRIDGE_HOST_BIN (build first)" >&2; exit 1; }

if [[ ! -d node_modules/@playwright/test || ! -d node_modules/web-ext || ! -d node_modules/typescript ]]; then
  # Registry packages only; these never download browsers (we use Debian's chromium/firefox-esr).
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

echo "--- web-ext lint"
lint_log=$(mktemp)
trap 'rm -f "$lint_log"' EXIT
npx --no-install web-ext lint --source-dir=extension --output=json >"$lint_log" || true
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  // The one expected warning: Firefox ignores background.service_worker (Chrome uses it).
  const unexpected = r.warnings.filter((w) => !(w.code === "MANIFEST_FIELD_UNSUPPORTED" && /service_worker/.test(w.message)));
  for (const m of [...r.errors, ...unexpected]) console.log(`${m.code}: ${m.message} (${m.file ?? ""})`);
  console.log(`web-ext lint: ${r.errors.length} errors, ${unexpected.length} unexpected warnings`);
  process.exit(r.errors.length + unexpected.length ? 1 : 0);' "$lint_log"

echo "--- tsc: js-api/tokenbridge.d.ts"
npx --no-install tsc --noEmit --strict --lib es2022,dom js-api/tokenbridge.d.ts && echo "tokenbridge.d.ts: ok"

echo "--- browsers (Chromium + Firefox ESR) with virtual tokens"
# One pcscd per machine: serialize with every other user of the virtual tokens.
# -o: the lock fd is not inherited by the command, so a pcscd it starts cannot keep the lock.
exec flock -o /tmp/tokenbridge-pcscd.lock scripts/with-virtual-tokens.sh \
  rutoken-ecp-3.0-3220 rutoken-lite smartcard-rutoken-ecp-3.0-nfc-3100@nfc -- \
  npx --no-install playwright test -c tests/e2e/playwright.config.mjs "$@"
