#!/usr/bin/env bash
# Installs every Debian package the build, the tests and the demo need, and the node packages of
# package.json (npm ci), if missing.
# Sourced or run by scripts/test.sh and scripts/demo.sh; safe to run again.
set -euo pipefail

# Libraries, headers and data the build and the tests link or load (checked with dpkg).
DEB_PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libpcsclite-dev pcscd pcsc-tools vsmartcard-vpcd
  nlohmann-json3-dev libssl-dev openssl libengine-gost-openssl gostsum libcurl4-openssl-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libboost-dev libboost-filesystem-dev
  softhsm2 libp11-kit-dev p11-kit opensc gnutls-bin python3-pykcs11
  clang libclang-rt-14-dev lld  # lld: wasm-ld, which clang runs for wasm/build.sh
  python3
  nodejs chromium chromium-l10n firefox-esr firefox-esr-l10n-ru
  # packages and their checks (cmake/packaging.cmake, scripts/package-test.sh): CPack's DEB
  # generator runs file, dpkg-shlibdeps and objcopy, its RPM generator rpmbuild
  file dpkg-dev binutils rpm rpm2cpio cpio lintian rpmlint mmdebstrap man-db
)

# Every command a script, test, benchmark, the demo, the installer or the build runs, with the
# Debian package that provides it: checked with `command -v`, the package installed when the
# command is missing. CTest repo.deps_cover_commands (tests/unit/repo/deps_cover_commands.py)
# fails when a file of the repository runs a command that is not in this table.
COMMANDS=(
  # command                   package
  # build
  cmake                       cmake
  ctest                       cmake
  make                        make
  cc                          gcc
  c++                         g++
  clang                       clang
  clang++                     clang
  pkg-config                  pkg-config
  git                         git
  clang-format                clang-format
  # smart cards, PKCS#11, crypto
  pcscd                       pcscd
  pkcs11-tool                 opensc
  p11tool                     gnutls-bin
  softhsm2-util               softhsm2
  openssl                     openssl
  # interpreters, browsers
  bash                        bash
  sh                          dash
  python3                     python3
  node                        nodejs
  npm                         npm
  npx                         npm
  firefox-esr                 firefox-esr
  /usr/lib/chromium/chromium  chromium
  # tools the test and benchmark scripts use
  jq                          jq
  xxd                         xxd
  bc                          bc
  /usr/bin/time               time
  shfmt                       shfmt
  awk                         mawk
  sed                         sed
  grep                        grep
  find                        findutils
  xargs                       findutils
  cmp                         diffutils
  flock                       util-linux
  setpriv                     util-linux
  apt-get                     apt
  dpkg-query                  dpkg
  # packages (cmake/packaging.cmake, scripts/package-test.sh)
  cpack                       cmake
  dpkg                        dpkg
  dpkg-deb                    dpkg
  dpkg-shlibdeps              dpkg-dev
  readelf                     binutils
  objcopy                     binutils
  rpm                         rpm
  rpmbuild                    rpm
  rpm2cpio                    rpm2cpio
  cpio                        cpio
  lintian                     lintian
  rpmlint                     rpmlint
  mmdebstrap                  mmdebstrap
  man                         man-db
  gzip                        gzip
  tar                         tar
  mount                       mount
  umount                      mount
  mountpoint                  util-linux
  # coreutils
  base64 coreutils  basename coreutils  cat coreutils  chmod coreutils  cp coreutils
  cut coreutils  date coreutils  dd coreutils  df coreutils  dirname coreutils  env coreutils
  head coreutils  id coreutils  install coreutils  ls coreutils  mkdir coreutils
  mktemp coreutils  mv coreutils  nproc coreutils  od coreutils  realpath coreutils
  rm coreutils  rmdir coreutils  seq coreutils  sha256sum coreutils  uname coreutils  chroot coreutils  sleep coreutils  sort coreutils  stat coreutils
  tail coreutils  tee coreutils  timeout coreutils  tr coreutils  wc coreutils  yes coreutils
)

missing=()
for ((i = 0; i < ${#COMMANDS[@]}; i += 2)); do
  command -v "${COMMANDS[i]}" >/dev/null || missing+=("${COMMANDS[i + 1]}")
done
for pkg in "${DEB_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
# nodejs may come from outside Debian (a preinstalled node); npm alone is enough then. Debian's
# npm is installed last, on its own (it must not replace the npm of such a node).
skip=npm
if command -v node >/dev/null && command -v npm >/dev/null; then
  skip+='|nodejs'
fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | grep -vxE "$skip|" | sort -u) # ("|": and the empty line of an empty list)

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

# The node packages of package.json: the TypeScript compiler that CTest js-api.dts loads (so
# before ctest runs), and Playwright and web-ext for scripts/e2e.sh. Registry
# packages only; no browser is downloaded (the tests use Debian's chromium and firefox-esr).
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ ! -d $REPO/node_modules/@playwright/test || ! -d $REPO/node_modules/web-ext ||
  ! -d $REPO/node_modules/typescript ]]; then
  echo "deps: npm ci (node_modules)" >&2
  (cd "$REPO" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
