#!/usr/bin/env bash
# Builds the packages (cmake/packaging.cmake) and checks them as a user would get them:
#   1. lintian (.deb, dbgsym .ddeb) and rpmlint (.rpm): no error, no warning; the overrides are
#      installer/debian/lintian-overrides and installer/rpm/rpmlint.toml, each with its reason;
#   2. contents: host stripped with its debug symbols in the dbgsym package, manual page,
#      LICENSE, notices, copyright, changelog, one manifest per browser directory of
#      manifests/locations.tsv, conffiles exactly the /etc manifests; the .deb's Depends and the
#      RPM's Requires cover every library the binary links (NEEDED) and the run-time loads;
#   3. the .deb in a clean Debian 12 root (mmdebstrap minbase from the mirrors this machine's apt
#      uses): apt installs it with its dependencies, `tokenbridge-host version` answers, a GOST
#      CMS verifies (and fails without the engine, and for a changed message), then
#      `apt-get purge` leaves none of our files. No RPM distribution root is available here: the
#      RPM gets the checks of 1 and 2, and rpm installs (--nodeps), verifies and erases it in an
#      empty root with its own database; its requirements are checked, not resolved.
#
#   package-test.sh [--build-dir DIR]     (default build-package/; needs root for the chroot)
# The minbase root and the downloaded .debs are cached in $TOKENBRIDGE_PACKAGE_CACHE
# (/var/cache/tokenbridge-package-test), so a second run downloads nothing new.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$REPO/build-package
while (($#)); do
  case $1 in
    --build-dir) BUILD=$(realpath -m "${2:?--build-dir needs a directory}"); shift ;;
    *) echo "package-test.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
CACHE=${TOKENBRIDGE_PACKAGE_CACHE:-/var/cache/tokenbridge-package-test}
failures=0
fail() { echo "package-test: FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "package-test: ok: $*"; }
start=$SECONDS
stage() { echo "=== $* ($((SECONDS - start)) s) ==="; }

[[ $(id -u) == 0 ]] || { echo "package-test.sh: needs root (chroot, mmdebstrap)" >&2; exit 1; }
"$REPO/scripts/deps.sh"

stage "build the packages ($BUILD)"
# The release configuration: debug information on (split into the dbgsym package); only the host
# and the compressed documentation are built, not the tests (CMAKE_SKIP_INSTALL_ALL_DEPENDENCY:
# cpack would otherwise build every target first).
cmake -S "$REPO" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTOKENBRIDGE_DEBUG_INFO=ON \
  -DTOKENBRIDGE_BENCH=OFF -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target tokenbridge-host tokenbridge-package-docs
rm -f "$BUILD"/tokenbridge*.deb "$BUILD"/tokenbridge*.ddeb "$BUILD"/tokenbridge*.rpm
(cd "$BUILD" && cpack) >"$BUILD/cpack.log" 2>&1 || { cat "$BUILD/cpack.log"; exit 1; }
version=$(sed -nE 's/^project\(tokenbridge VERSION ([0-9.]+).*/\1/p' "$REPO/CMakeLists.txt")
deb_arch=$(dpkg --print-architecture)
deb=$BUILD/tokenbridge_${version}-1_$deb_arch.deb
ddeb=$BUILD/tokenbridge-dbgsym_${version}-1_$deb_arch.ddeb
rpm_file=$BUILD/tokenbridge-${version}-1.$(uname -m).rpm
for f in "$deb" "$ddeb" "$rpm_file"; do
  [[ -f $f ]] || { echo "package-test: cpack made no $f" >&2; ls "$BUILD" >&2; exit 1; }
done
if grep -iE 'CMake (Warning|Error)' "$BUILD/cpack.log"; then fail "cpack warned (cpack.log)"; fi

work=$(mktemp -d /var/tmp/tokenbridge-package-test.XXXXXX)
root=$work/root
cleanup() {
  if mountpoint -q "$root/proc" 2>/dev/null; then umount "$root/proc" || umount -l "$root/proc"; fi
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

stage "lintian, rpmlint"
# --fail-on error,warning: an unexplained warning fails too (overrides: lintian-overrides).
lintian_status=0
lintian --pedantic --display-info --fail-on error,warning "$deb" "$ddeb" >"$work/lintian.log" 2>&1 ||
  lintian_status=$?
grep -v 'root privileges' "$work/lintian.log" || true
if ((lintian_status == 0)); then ok "lintian: no error or warning"; else fail "lintian"; fi
rpmlint_out=$(rpmlint -c "$REPO/installer/rpm/rpmlint.toml" "$rpm_file" 2>&1 || true)
echo "$rpmlint_out"
if grep -qE ' 0 errors, 0 warnings' <<<"$rpmlint_out"; then ok "rpmlint: no error or warning"; else fail "rpmlint"; fi

stage "contents and dependencies"
dpkg-deb -x "$deb" "$work/deb"
dpkg-deb -x "$ddeb" "$work/ddeb"
host=$work/deb/usr/bin/tokenbridge-host
# Stripped (no .debug_info, no symbol table), linked to its split symbols by build id.
if readelf -S "$host" | grep -qE '\.debug_info|\.symtab'; then fail "the packaged host is not stripped"; fi
build_id=$(readelf -n "$host" | sed -nE 's/.*Build ID: ([0-9a-f]+).*/\1/p')
debug_file=$work/ddeb/usr/lib/debug/.build-id/${build_id:0:2}/${build_id:2}.debug
if [[ -n $build_id ]] && readelf -S "$debug_file" 2>/dev/null | grep -q '\.debug_info'; then
  ok "host stripped, debug symbols in the dbgsym package ($build_id)"
else
  fail "no debug symbols for build id '$build_id' in the dbgsym package"
fi
readelf -p .gnu_debuglink "$host" 2>/dev/null | grep -q "${build_id:2}.debug" || fail "no .gnu_debuglink"

expected_files=(usr/bin/tokenbridge-host usr/share/man/man1/tokenbridge-host.1.gz
  usr/share/doc/tokenbridge/LICENSE usr/share/doc/tokenbridge/THIRD-PARTY-NOTICES.md
  usr/share/doc/tokenbridge/install.md)
deb_only=(usr/share/doc/tokenbridge/copyright usr/share/doc/tokenbridge/changelog.Debian.gz)
conffiles=()
while IFS=$'\t' read -r browser _ _ system_dir; do
  [[ -z $browser || $browser == \#* ]] && continue
  expected_files+=("${system_dir#/}/ru.tokenbridge.host.json")
  if [[ $system_dir == /etc/* ]]; then conffiles+=("$system_dir/ru.tokenbridge.host.json"); fi
done <"$REPO/manifests/locations.tsv"
for f in "${expected_files[@]}" "${deb_only[@]}"; do
  [[ -e $work/deb/$f ]] || fail ".deb lacks /$f"
done
for f in "$work"/deb/etc/*/native-messaging-hosts/*.json "$work"/deb/etc/opt/*/native-messaging-hosts/*.json \
  "$work"/deb/etc/opt/*/*/native-messaging-hosts/*.json "$work"/deb/usr/lib/mozilla/native-messaging-hosts/*.json; do
  [[ -e $f ]] || continue
  [[ $(jq -r .path "$f") == /usr/bin/tokenbridge-host ]] || fail "$f: path is not /usr/bin/tokenbridge-host"
done
man -l "$work/deb/usr/share/man/man1/tokenbridge-host.1.gz" >/dev/null 2>"$work/man.err" || fail "man page does not render"
if [[ -s $work/man.err ]]; then fail "man page warnings: $(cat "$work/man.err")"; fi
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | sort >"$work/conffiles.deb"
printf '%s\n' "${conffiles[@]}" | sort >"$work/conffiles.expected"
cmp -s "$work/conffiles.deb" "$work/conffiles.expected" || fail ".deb conffiles: $(tr '\n' ' ' <"$work/conffiles.deb")"
rpm -qpc "$rpm_file" | sort >"$work/conffiles.rpm"
cmp -s "$work/conffiles.rpm" "$work/conffiles.expected" || fail "RPM %config files: $(tr '\n' ' ' <"$work/conffiles.rpm")"
rpm -qpl "$rpm_file" >"$work/rpm.files"
for f in "${expected_files[@]}" usr/lib64/mozilla/native-messaging-hosts/ru.tokenbridge.host.json; do
  grep -qx "/$f" "$work/rpm.files" || fail "RPM lacks /$f"
done
rpm2cpio "$rpm_file" | (mkdir -p "$work/rpm" && cd "$work/rpm" && cpio -idm --quiet)
if readelf -S "$work/rpm/usr/bin/tokenbridge-host" | grep -qE '\.debug_info|\.symtab'; then fail "the RPM's host is not stripped"; fi
# rpm itself installs and erases it in an empty root (its own database; no RPM distribution is
# at hand, so --nodeps: the requirements are checked above, not resolved).
rpm_root=$work/rpmroot
mkdir -p "$rpm_root"
# The database inside the root, where RPM distributions keep it (Debian's rpm defaults to ~/.rpmdb).
rpm_in=(rpm --root "$rpm_root" --dbpath /var/lib/rpm)
"${rpm_in[@]}" --initdb
if "${rpm_in[@]}" -i --nodeps "$rpm_file" && "${rpm_in[@]}" -V --nodeps tokenbridge &&
  [[ $("$rpm_root/usr/bin/tokenbridge-host" version | jq -r .version) == "$version" ]] &&
  "${rpm_in[@]}" -e tokenbridge; then
  left=$(find "$rpm_root" -path "$rpm_root/var/lib/rpm" -prune -o -mindepth 1 \( -type f -o -type l \) -print)
  if [[ -z $left ]]; then ok "RPM installs (rpm -i, -V), runs, and erases without leftovers"; else fail "after rpm -e: $left"; fi
else
  fail "rpm -i / -V / version / -e in an empty root"
fi

# Dependencies: every NEEDED library of the binary is required by both packages (shlibdeps,
# rpm's find-requires), and so are the pieces loaded at run time (cmake/packaging.cmake).
depends=$(dpkg-deb -f "$deb" Depends)
# Whether Depends names PACKAGE (as a whole word, before any version).
has_dep() { tr ',|' '\n\n' <<<"$depends" | sed -E 's/^ *//; s/ .*//' | grep -qxF "$1"; }
requires=$(rpm -qpR "$rpm_file")
for lib in $(readelf -d "$host" | sed -nE 's/.*\(NEEDED\).*\[(.*)\]/\1/p'); do
  owner=$(dpkg -S "*/$lib" 2>/dev/null | head -1 | cut -d: -f1)
  [[ -n $owner ]] || { fail "no installed package has $lib"; continue; }
  has_dep "$owner" || fail ".deb Depends lacks $owner ($lib): $depends"
  grep -q "^$lib()" <<<"$requires" || fail "RPM does not require $lib"
done
for pkg in pcscd libengine-gost-openssl; do
  has_dep "$pkg" || fail ".deb Depends lacks $pkg"
done
for pkg in pcsc-lite openssl-gost-engine; do grep -qx "$pkg" <<<"$requires" || fail "RPM Requires lacks $pkg"; done
# The engine the host loads (GostEngine.cpp: ENGINESDIR/gost.so) is the one the dependency has.
engines=$(openssl version -e | sed -E 's/.*"(.*)"/\1/')
[[ $(dpkg -S "$engines/gost.so" | cut -d: -f1) == libengine-gost-openssl ]] ||
  fail "$engines/gost.so is not libengine-gost-openssl's"
ok "Depends: $depends"

stage "install into a clean Debian 12 root"
# The Debian mirrors and suites this machine's apt uses (one "deb" line each).
mapfile -t sources < <(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' \
  'Created-By: Packages' 'Origin: Debian' | sort -u | awk '{print "deb " $1 " " $2 " " $3}')
((${#sources[@]})) || { echo "package-test: no Debian source in apt's configuration" >&2; exit 1; }
suite=$(awk '{print $3}' <<<"${sources[0]}")
suite=${suite%%-*}
mkdir -p "$CACHE/archives"
tarball=$CACHE/$suite-minbase.tar
key=$(printf '%s\n' "${sources[@]}" | sha256sum | cut -c1-16)
# Rebuilt after a week (security updates) or when the sources change.
if [[ ! -f $tarball || $(cat "$tarball.key" 2>/dev/null) != "$key" ]] ||
  [[ -n $(find "$tarball" -mtime +7) ]]; then
  rm -rf "$CACHE/new.tar"
  mmdebstrap --quiet --variant=minbase --mode=root "$suite" "$CACHE/new.tar" "${sources[@]}"
  mv "$CACHE/new.tar" "$tarball"
  echo "$key" >"$tarball.key"
fi
mkdir -p "$root"
tar -C "$root" -xf "$tarball"
# The root has its own /dev nodes (mmdebstrap); only /proc is mounted.
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# No service starts inside the chroot (pcscd's postinst).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
cp "$CACHE"/archives/*.deb "$root/var/cache/apt/archives/" 2>/dev/null || true
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"; }
in_root apt-get update -qq
# Nothing of ours is there before: the engine must come from our Depends.
in_root dpkg-query -W libengine-gost-openssl >/dev/null 2>&1 && fail "the clean root already has the engine"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  "/tmp/$(basename "$deb")" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install"; }
cp "$root"/var/cache/apt/archives/*.deb "$CACHE/archives/" 2>/dev/null || true
in_root dpkg-query -W -f='${Package} ${Version}\n' tokenbridge libengine-gost-openssl pcscd | sed 's/^/  installed: /' || true
in_root dpkg -L tokenbridge | sort >"$work/files.installed"

got=$(in_root tokenbridge-host version | jq -r .version || true)
[[ $got == "$version" ]] && ok "tokenbridge-host version: $got" || fail "tokenbridge-host version: '$got'"
[[ -f $root/usr/share/man/man1/tokenbridge-host.1.gz ]] || fail "manual page not installed"

# A GOST R 34.10-2012 CMS made here with openssl + the gost engine (a fresh key each run), verified
# by the installed host: valid as made, invalid with one content byte changed, and an error when
# the engine is not there (so it is the engine of the package's dependency that did the work).
gost=$work/gost
mkdir -p "$gost"
python3 "$REPO/scripts/gost_openssl_conf.py" >"$gost/openssl.cnf"
OPENSSL_CONF=$gost/openssl.cnf openssl req -x509 -newkey gost2012_256 -pkeyopt paramset:A \
  -md_gost12_256 -subj /CN=tokenbridge-package-test -days 2 -nodes -keyout "$gost/key.pem" \
  -out "$gost/cert.pem" 2>/dev/null
head -c 3000 /dev/urandom >"$gost/doc.bin"
OPENSSL_CONF=$gost/openssl.cnf openssl cms -sign -binary -nodetach -in "$gost/doc.bin" -signer "$gost/cert.pem" \
  -inkey "$gost/key.pem" -md md_gost12_256 -outform DER -out "$gost/sig.p7s"
python3 - "$gost/sig.p7s" "$gost/doc.bin" <<'PY'
import sys
sig = bytearray(open(sys.argv[1], "rb").read()); doc = open(sys.argv[2], "rb").read()
at = sig.find(doc[100:200]); assert at > 0
sig[at] ^= 0x01
open(sys.argv[1] + ".changed", "wb").write(sig)
PY
verify() { # CMS file -> the host's response
  jq -nc --arg c "$(base64 -w0 "$1")" --arg r "$(cat "$gost/cert.pem")" \
    '{id: 1, command: "verify", params: {cms: $c, trustedRoots: [$r]}}' >"$root/tmp/request.json"
  in_root sh -c 'tokenbridge-host call - </tmp/request.json' 2>&1 || true
}
response=$(verify "$gost/sig.p7s")
if [[ $(jq -r '.result.valid' <<<"$response" 2>/dev/null) == true &&
  $(jq -r '.result.signers[0].certificate.publicKeyAlgorithm' <<<"$response") == gost2012_256 ]]; then
  ok "GOST CMS verified by the installed host"
else
  fail "GOST verify: $response"
fi
response=$(verify "$gost/sig.p7s.changed")
[[ $(jq -r '.result.valid' <<<"$response" 2>/dev/null) == false ]] && ok "changed CMS: valid false" ||
  fail "changed CMS: $response"
engine=$(in_root dpkg -L libengine-gost-openssl 2>/dev/null | grep '/gost\.so$' | head -1 || true)
if [[ -n $engine ]]; then
  mv "$root$engine" "$root$engine.away"
  response=$(verify "$gost/sig.p7s")
  mv "$root$engine.away" "$root$engine"
  grep -q 'gost engine is not available' <<<"$response" && ok "without $engine the verify fails" ||
    fail "verify without the engine: $response"
else
  fail "libengine-gost-openssl has no gost.so in the root"
fi

stage "purge"
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q tokenbridge >"$work/purge.log" 2>&1 ||
  { cat "$work/purge.log"; fail "apt-get purge"; }
in_root dpkg-query -W -f='${Status}' tokenbridge 2>/dev/null | grep -qE 'ok installed|config-files' &&
  fail "tokenbridge still known to dpkg after purge"
left=()
while read -r f; do
  [[ $f == / || $f == /. ]] && continue
  # A directory another package also has (/usr/bin, /etc/opt, ...) stays; one only we had may not.
  if [[ -d $root$f && ! -L $root$f ]]; then
    in_root dpkg-query -S "$f" >/dev/null 2>&1 || left+=("$f/")
  elif [[ -e $root$f || -L $root$f ]]; then
    left+=("$f")
  fi
done <"$work/files.installed"
if ((${#left[@]})); then fail "left after purge: ${left[*]}"; else ok "purge left none of our $(wc -l <"$work/files.installed") paths"; fi

echo
echo "package-test: $((SECONDS - start)) s, $failures failed"
((failures == 0))
