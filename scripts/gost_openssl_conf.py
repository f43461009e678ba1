#!/usr/bin/env python3
"""The one app-local OpenSSL configuration that loads the gost engine (libengine-gost-openssl).

Tests, the demo's TEST CA and the test tools run the openssl CLI (or Python's hashlib) with
OPENSSL_CONF pointing at a file that starts with this text, so the system's configuration is
left alone. The engine's directory is asked of openssl itself (`openssl version -e`), as
host/crypto/GostEngine.cpp does, so the path is right on every architecture.

  gost_openssl_conf.py [--provider] [EXTRA_FILE]   print the configuration (+ EXTRA_FILE's text)

From Python: `engineConfig(extra)` / `providerConfig()`; from shell or JavaScript: run the script.
"""
import re
import subprocess
import sys

ENGINE_TEMPLATE = """openssl_conf = openssl_def
[openssl_def]
engines = engine_section
[engine_section]
gost = gost_section
[gost_section]
engine_id = gost
dynamic_path = {engines}/gost.so
default_algorithms = ALL
"""

# hashlib (OpenSSL 3 EVP) sees the gost algorithms through the engine's provider build.
PROVIDER_CONFIG = """openssl_conf = openssl_def
[openssl_def]
providers = providers
[providers]
default = default_sect
gostprov = gost_sect
[default_sect]
activate = 1
[gost_sect]
activate = 1
"""


def enginesDir():
    """ENGINESDIR of `openssl version -e`, e.g. /usr/lib/x86_64-linux-gnu/engines-3."""
    out = subprocess.run(["openssl", "version", "-e"], check=True, capture_output=True,
                         text=True).stdout
    match = re.search(r'ENGINESDIR:\s*"([^"]+)"', out)
    if not match:
        raise RuntimeError("openssl version -e names no ENGINESDIR: " + out.strip())
    return match.group(1)


def engineConfig(extra=""):
    """The engine configuration followed by the caller's own sections ([req], extensions...)."""
    return ENGINE_TEMPLATE.format(engines=enginesDir()) + extra


def providerConfig():
    return PROVIDER_CONFIG


def main(argv):
    args = list(argv)
    provider = "--provider" in args
    if provider:
        args.remove("--provider")
    if len(args) > 1:
        sys.exit("usage: gost_openssl_conf.py [--provider] [EXTRA_FILE]")
    extra = ""
    if args:
        with open(args[0], encoding="utf-8") as f:
            extra = f.read()
    sys.stdout.write((providerConfig() + extra) if provider else engineConfig(extra))


if __name__ == "__main__":
    main(sys.argv[1:])
