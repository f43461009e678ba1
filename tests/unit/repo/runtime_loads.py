#!/usr/bin/python3
"""package.runtime_loads: every place where the host loads a library or runs a program at run time
(dlopen, an OpenSSL engine or provider, posix_spawn/exec/popen/system) is in a file that
cmake/packaging.cmake's dependency comment names. Such loads are invisible to dpkg-shlibdeps and
rpm's find-requires, so each needs a decision there: Depends/Requires, Recommends, or nothing
(and why). A new one fails this test until that decision is written down.
    runtime_loads.py [REPO]
"""
import pathlib
import re
import sys

LOADS = re.compile(
    r"\b(dlopen|dlmopen|ENGINE_by_id|ENGINE_load_\w+|OSSL_PROVIDER_(?:try_)?load|posix_spawnp?"
    r"|exec[lv]p?e?|popen|system|CONF_modules_load\w*)\s*\(")


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[3])
    packaging = (root / "cmake/packaging.cmake").read_text()
    # The comment's entries: "#   - crypto/GostEngine.cpp: ..." (paths relative to host/).
    named = set(re.findall(r"^#\s+- ([\w/.]+\.(?:cpp|hpp)):", packaging, re.M))
    found = {}
    for path in sorted((root / "host").rglob("*")):
        if path.suffix not in (".cpp", ".hpp", ".h", ".c"):
            continue
        for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            code = line.split("//")[0]
            for m in LOADS.finditer(code):
                found.setdefault(str(path.relative_to(root / "host")), []).append(f"{n}: {m.group(1)}")
    missing = {f: hits for f, hits in found.items() if f not in named}
    stale = sorted(named - set(found))
    for f, hits in sorted(found.items()):
        print(f"{'ok     ' if f in named else 'MISSING'} host/{f}: {', '.join(hits)}")
    for f in stale:
        print(f"STALE   host/{f}: named in cmake/packaging.cmake but loads nothing now")
    if not found:
        print("no run-time load found at all: the pattern is broken", file=sys.stderr)
        return 1
    if missing or stale:
        print("cmake/packaging.cmake's list of run-time loads (its comment) is out of date: decide the "
              "package dependency of each MISSING file and name it there", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
