#!/usr/bin/env bash
# CTest extension.wasm_reproducible: the committed WebAssembly Streebog (extension/hasher/
# streebog.wasm and its base64 copy streebog-wasm.js) is what wasm/build.sh makes of
# wasm/streebog.c, byte for byte. After changing the C source: wasm/build.sh, commit both files.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
OUT=$(mktemp -d /tmp/tb-wasm.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
"$REPO/wasm/build.sh" "$OUT"
status=0
for file in streebog.wasm streebog-wasm.js; do
  if cmp "$OUT/$file" "$REPO/extension/hasher/$file"; then
    echo "$file: same bytes"
  else
    echo "FAIL: extension/hasher/$file differs from wasm/build.sh's (rebuild and commit it)" >&2
    status=1
  fi
done
exit $status
