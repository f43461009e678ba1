#!/usr/bin/env bash
# Installs every Debian package the build, the tests and the demo need, if missing.
# Sourced or run by scripts/test.sh and scripts/demo.sh; safe to run again.
set -euo pipefail

DEB_PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libpcsclite-dev pcscd pcsc-tools vsmartcard-vpcd
  nlohmann-json3-dev libssl-dev openssl libengine-gost-openssl gostsum
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libboost-dev libboost-filesystem-dev
  softhsm2 libp11-kit-dev p11-kit opensc
  clang libclang-rt-14-dev
  python3
  nodejs chromium chromium-l10n firefox-esr
)

missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
# nodejs may come from outside Debian (a preinstalled node); npm alone is enough then.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))

if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}" >&2
  if [[ $(id -u) -ne 0 ]]; then
    echo "deps: need root to install packages (or install them yourself)" >&2
    exit 1
  fi
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if ! command -v npm >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm
fi
