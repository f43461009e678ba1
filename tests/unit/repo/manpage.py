#!/usr/bin/python3
"""package.manpage: the manual page docs/tokenbridge-host.1 documents every command of the host's
usage text (`tokenbridge-host --help`, read from the built binary, so a new subcommand fails this
test until the page has it): in SYNOPSIS (a `.B name` line) and in COMMANDS (a `.TP` entry), and
the page renders without warnings.
    manpage.py HOST_BINARY MANPAGE
"""
import os
import re
import subprocess
import sys


def commands_of_help(host):
    text = subprocess.run([host, "--help"], capture_output=True, text=True, check=True).stdout
    section = text.split("Commands:", 1)[1].split("\n\n", 1)[0]
    # "  name ..." at two spaces of indentation; deeper lines continue a description.
    return [m.group(1) for m in re.finditer(r"^  (\S+)", section, re.M)]


def unescape(troff):
    return troff.replace("\\-", "-")


def main():
    host, page = sys.argv[1], sys.argv[2]
    commands = commands_of_help(host)
    if len(commands) < 4:
        print(f"could not read the commands of --help: {commands}", file=sys.stderr)
        return 1
    text = open(page, encoding="utf-8").read()
    synopsis = unescape(text.split(".SH SYNOPSIS", 1)[1].split(".SH ", 1)[0])
    section = unescape(text.split(".SH COMMANDS", 1)[1].split(".SH ", 1)[0])
    in_synopsis = set(re.findall(r"^\.B (\S+)$", synopsis, re.M))
    # ".TP" then the entry's first line: ".B name", ".BI \"name ...", ".BR name , ...".
    entries = set()
    for m in re.finditer(r"^\.TP\n\.B[IR]? \"?([^\s\"]+)", section, re.M):
        entries.add(m.group(1))
    failed = False
    for command in commands:
        where = [name for name, present in (("SYNOPSIS", command in in_synopsis),
                                            ("COMMANDS", command in entries)) if not present]
        print(f"{'ok     ' if not where else 'MISSING'} {command}" + (f" (not in {', '.join(where)})" if where else ""))
        failed |= bool(where)
    env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8")
    rendered = subprocess.run(["man", "--warnings", "-l", page], capture_output=True, text=True, env=env)
    if rendered.returncode != 0 or rendered.stderr.strip():
        print(f"man --warnings: {rendered.stderr.strip()}", file=sys.stderr)
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
