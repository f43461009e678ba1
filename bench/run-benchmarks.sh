#!/usr/bin/env bash
# Runs the benchmarks of docs/benchmarks.md and prints a Markdown fragment to paste there. Each
# benchmark prints its figure, a reference measured in the same run, and their ratio.
#
#   bench/run-benchmarks.sh BUILD_DIR
#
# Sections (ONLY="cold browser sign sespake hash memory stream longterm" picks some) and their size knobs:
#   cold     host cold start to first answer vs spawning `openssl version`    COLD_N=20
#   browser  Chromium: warm round trips; 1000 requests from 5 tabs vs 1 tab     WARM_N=200 PER_TAB=200
#   sign     sign latency per mode, host / channel / card, ratio to active      SIGN_N=20
#   sespake  SESPAKE per curve in-process and over PC/SC; per-APDU channel cost SESPAKE_N=20
#   hash     Streebog streaming vs openssl dgst                                 HASH_MIB=256 ROUNDS=3
#   memory   peak RSS signing a document vs openssl dgst of the same file       DOC_MIB=1024
#   stream   page -> signature of a file, Chromium + Firefox, vs openssl dgst   STREAM_MIB=1024
#   longterm sign CAdES-T / -X Long Type 1 vs CAdES-BES, local TSA and OCSP      LONGTERM_N=10
# Needs: the build (host, emulator, bench targets; tests/integration/passive/passive_stream_sign
# for the in-process memory row), node_modules (npm ci, as scripts/e2e.sh), Debian chromium.
# Parts on virtual tokens take /tmp/tokenbridge-pcscd.lock (one pcscd per machine).
set -euo pipefail
BUILD=$(realpath "${1:?usage: run-benchmarks.sh BUILD_DIR}")
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$REPO/bench
ONLY=${ONLY:-cold browser sign sespake hash memory stream longterm}
export VTOKEN_BIN=$BUILD/emulator/vtoken VTOKEN_WAIT_BIN=$BUILD/emulator/vtoken-wait
export BUILD_DIR=$BUILD TOKENBRIDGE_HOST_BIN=$BUILD/host/tokenbridge-host
LOCK=(flock -o /tmp/tokenbridge-pcscd.lock)

wants() { [[ " $ONLY " == *" $1 "* ]]; }
section() { printf '\n### %s\n\n' "$1"; }

echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), load average at start $(cut -d' ' -f1-3 /proc/loadavg)."

if wants cold || wants browser; then
  if wants browser && [[ ! -d $REPO/node_modules/@playwright/test ]]; then
    (cd "$REPO" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund >&2)
  fi
  session=""
  wants cold && session+="echo; echo '### Host cold start'; echo; python3 '$BENCH/coldstart/cold_start.py' '$TOKENBRIDGE_HOST_BIN' ${COLD_N:-20};"
  wants browser && session+="echo; echo '### Chromium: page → extension → host → page'; echo; node '$BENCH/browser/browser_bench.mjs' ${WARM_N:-200} ${PER_TAB:-200};"
  "${LOCK[@]}" "$REPO/scripts/with-virtual-tokens.sh" rutoken-ecp-3.0-3220 rutoken-lite -- \
    bash -c "set -e; $session"
fi

if wants sign; then
  section "Sign latency per mode"
  "$BENCH/sign/run.sh" "$BUILD" "${SIGN_N:-20}"
fi

if wants sespake; then
  section "SESPAKE handshake per curve and the channel's cost per APDU"
  if "$VTOKEN_BIN" --help 2>&1 | grep -q -- --fkn-curve; then
    "$BENCH/sespake/run.sh" "$BUILD" "${SESPAKE_N:-20}"
  else
    echo "(vtoken has no --fkn-curve: in-process only)"
    "$BUILD/bench/sespake_inprocess" "${SESPAKE_N:-20}"
  fi
fi

if wants hash; then
  section "Streebog-256 streaming throughput"
  "$BENCH/hash/run.sh" "$BUILD" "${HASH_MIB:-256}" "${ROUNDS:-3}"
fi

if wants memory; then
  section "Peak memory signing a ${DOC_MIB:-1024} MiB document"
  "$BENCH/memory/run.sh" "$BUILD" "${DOC_MIB:-1024}"
fi

if wants stream; then
  section "Page → signature of a ${STREAM_MIB:-1024} MiB file (Chromium, Firefox ESR)"
  "$BENCH/browser/stream.sh" "$BUILD" "${STREAM_MIB:-1024}"
fi

if wants longterm; then
  section "Long-term signatures: CAdES-T and -X Long Type 1 over CAdES-BES"
  "${LOCK[@]}" "$REPO/scripts/with-virtual-tokens.sh" rutoken-ecp-3.0-3220 -- \
    python3 "$BENCH/longterm/longterm_bench.py" "$TOKENBRIDGE_HOST_BIN" "${LONGTERM_N:-10}"
fi
