#!/usr/bin/env bash
# Installs tokenbridge-host and registers it with the browsers (native messaging manifests).
#
#   install.sh [--user | --system] [--host PATH] [--prefix DIR] [--all-browsers]
#   install.sh --uninstall [--user | --system] [--prefix DIR]
#
#   --user          (default) for the current user: host in ~/.local/lib/tokenbridge, manifests in
#                   the per-user directories of the browsers that have a profile directory
#                   (all of them with --all-browsers)
#   --system        for everyone (root): host in PREFIX/lib/tokenbridge (PREFIX=/usr/local),
#                   manifests in every browser's system directory
#   --host PATH     the host binary to install (default: build/host/tokenbridge-host of this checkout)
#   --uninstall     removes the manifests and the installed host
# Directories: manifests/locations.tsv. The browser extension itself is installed from the
# browser's store (or loaded unpacked from extension/ for development).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
NAME=ru.tokenbridge.host
scope=user; action=install; all_browsers=0
host_src=$REPO/build/host/tokenbridge-host
prefix=/usr/local

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit "${1:-0}"; }
while (($#)); do
  case $1 in
    --user) scope=user ;;
    --system) scope=system ;;
    --uninstall) action=uninstall ;;
    --all-browsers) all_browsers=1 ;;
    --host) host_src=${2:?--host needs a path}; shift ;;
    --prefix) prefix=${2:?--prefix needs a directory}; shift ;;
    -h|--help) usage 0 ;;
    *) echo "install.sh: unknown argument $1" >&2; usage 2 ;;
  esac
  shift
done

if [[ $scope == system ]]; then
  [[ $(id -u) == 0 ]] || { echo "install.sh: --system needs root" >&2; exit 1; }
  host_dir=$prefix/lib/tokenbridge
else
  host_dir=$HOME/.local/lib/tokenbridge
fi
host_dst=$host_dir/tokenbridge-host

# Yields "browser template directory" for this scope.
targets() {
  local browser template user_dir system_dir
  while IFS=$'\t' read -r browser template user_dir system_dir; do
    [[ -z $browser || $browser == \#* ]] && continue
    if [[ $scope == system ]]; then
      echo "$browser $template $system_dir"
    else
      # A browser never started by this user has no profile directory: skip it unless asked.
      local profile=$HOME/${user_dir%/*}
      [[ $all_browsers == 1 || -d $profile ]] && echo "$browser $template $HOME/$user_dir"
    fi
  done <"$REPO/manifests/locations.tsv"
}

install_all() {
  [[ -x $host_src ]] || { echo "install.sh: no host binary at $host_src (build it, or pass --host)" >&2; exit 1; }
  install -d "$host_dir"
  install -m 0755 "$host_src" "$host_dst"
  echo "host: $host_dst"
  local browser template dir count=0
  while read -r browser template dir; do
    install -d "$dir"
    sed "s|@TOKENBRIDGE_HOST_PATH@|$host_dst|" "$REPO/manifests/$NAME.$template.json.in" >"$dir/$NAME.json"
    chmod 0644 "$dir/$NAME.json"
    echo "$browser: $dir/$NAME.json"
    count=$((count + 1))
  done < <(targets)
  ((count > 0)) || echo "install.sh: no browser profile found; start a browser once or use --all-browsers" >&2
}

uninstall_all() {
  local browser template dir
  all_browsers=1
  while read -r browser template dir; do
    if [[ -f $dir/$NAME.json ]]; then
      rm -f "$dir/$NAME.json"
      echo "$browser: removed $dir/$NAME.json"
      rmdir "$dir" 2>/dev/null || true # only if we left it empty
    fi
  done < <(targets)
  rm -f "$host_dst"
  rmdir "$host_dir" 2>/dev/null || true
  echo "host: removed $host_dst"
}

if [[ $action == install ]]; then install_all; else uninstall_all; fi
