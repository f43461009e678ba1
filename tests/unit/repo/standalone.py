#!/usr/bin/python3
"""repo.standalone: no tracked file but Markdown names the `shared` directory beside the repository
(developers and CI have it, a clone does not) or an absolute path of a development machine:
a test, script or build that read one would pass here and fail in a user's clone.
    standalone.py [REPO]
"""
import os
import pathlib
import re
import subprocess
import sys

# Spelled so that this file does not match itself.
OUTSIDE = re.compile(r"\.\./share[d]\b|/wor[k]/|/roo[t]/")


def tracked(root):
    try:
        out = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True,
                             check=True).stdout.decode()
        return [root / n for n in out.split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        files = []
        for top, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d not in (".git", "node_modules") and not d.startswith("build")]
            files += [pathlib.Path(top) / n for n in names]
        return files


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[3])
    hits = []
    for path in tracked(root):
        if path.suffix == ".md" or not path.is_file():
            continue  # Markdown may describe the development setup
        data = path.read_bytes()
        if b"\0" in data[:8192]:
            continue
        for n, line in enumerate(data.decode(errors="replace").splitlines(), 1):
            if OUTSIDE.search(line):
                hits.append(f"{path.relative_to(root)}:{n}: {line.strip()[:120]}")
    for hit in hits:
        print(hit)
    print(f"standalone: {len(hits)} line(s) name a path outside the repository")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
