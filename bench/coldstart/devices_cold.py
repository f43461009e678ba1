#!/usr/bin/env python3
"""`tokenbridge-host devices` from process start to exit, by identification path.

    devices_cold.py HOST_BIN PKCS11_MODULE [ROUNDS]     (default 20; alternating, medians)

Run under scripts/with-virtual-tokens.sh (the tokens it lists). Each round spawns, in turn:
  reference   `openssl version`, until exit;
  token-info  `HOST devices` with no PKCS#11 module (TOKENBRIDGE_PKCS11_MODULES names none): each
              Rutoken is identified by its token-info object (GET DATA);
  pkcs11      `HOST devices` with PKCS11_MODULE as the only module: each Rutoken is identified
              through the module first (loaded on the first Rutoken; Aktiv's extension).
Prints Markdown rows, then how the last run identified the devices. Not a test.
"""
import collections
import json
import os
import statistics
import subprocess
import sys
import time

NO_MODULE = "/nonexistent/tokenbridge-no-pkcs11-module.so"


def spawn_ms(command, modules=None):
    env = dict(os.environ)
    if modules is not None:
        env["TOKENBRIDGE_PKCS11_MODULES"] = modules
    start = time.perf_counter()
    out = subprocess.run(command, env=env, capture_output=True, check=True).stdout
    return (time.perf_counter() - start) * 1000, out


def main():
    host, module = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    cases = {
        "reference": (["openssl", "version"], None),
        "token-info": ([host, "devices"], NO_MODULE),
        "pkcs11": ([host, "devices"], module),
    }
    times = collections.defaultdict(list)
    last = b""
    for _ in range(rounds):
        for name, (command, modules) in cases.items():
            ms, last = spawn_ms(command, modules)
            times[name].append(ms)
    reference = statistics.median(times["reference"])
    print("| measurement | median ms | reference: `openssl version` spawn → exit, median ms | ratio |")
    print("|---|---|---|---|")
    for name, label in (("token-info", "`devices`, identified by the token-info object"),
                        ("pkcs11", "`devices`, identified through the PKCS#11 module")):
        median = statistics.median(times[name])
        print(f"| {label} | {median:.1f} | {reference:.1f} | {median / reference:.2f} |")
    sources = collections.Counter(d["identifiedBy"] for d in json.loads(last))
    print(f"\n{rounds} alternating rounds; the module's run identified: {dict(sources)}")


if __name__ == "__main__":
    main()
