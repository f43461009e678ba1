#!/usr/bin/env python3
"""The cost of a long-term signature over a CAdES-BES, measured in one run: one host process
(native messaging), one passive key on a virtual ECP 3.0 with a certificate of a local CA,
a local TSA (`openssl ts -reply` behind tests/integration/cades/tsa_server.py) and a local
`openssl ocsp` responder. Rounds alternate BES, -T, -X Long Type 1 so load on the machine hits
all three alike; the result is each type's median and its ratio to the BES median.

  with-virtual-tokens.sh rutoken-ecp-3.0-3220 -- longterm_bench.py HOST [ROUNDS]
"""
import base64
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tests", "integration", "cades"))
sys.path.insert(0, os.path.join(REPO, "tests", "integration", "host"))
import fixture  # noqa: E402
from hostdriver import EXTENSION_ORIGIN, Host  # noqa: E402

HOST_BIN = sys.argv[1]
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
PIN = "12345678"
TYPES = ("cades-bes", "cades-t", "cades-x-long-type-1")


def main():
    pki = fixture.Pki(start_ocsp=False)
    host = None
    try:
        host = Host(HOST_BIN, (EXTENSION_ORIGIN,),
                    env=dict(os.environ, XDG_CONFIG_HOME=pki.path("config"), HOME=pki.work))

        def result(command, params):
            reply = host.call(command, params, timeout=120)
            if "result" not in reply:
                raise SystemExit(f"{command}: {reply}")
            return reply["result"]

        devices = result("listDevices", None)["devices"]
        device = [d["id"] for d in devices if d["id"].startswith("rutoken-ecp-3.0-3220-")][0]
        key = result("generateKeyPair", {"deviceId": device, "mode": "passive", "pin": PIN})["key"]
        csr = result("createCsr", {"deviceId": device, "keyId": key["keyId"], "pin": PIN,
                                   "subject": {"CN": "bench signer"}})["csr"]
        result("importCertificate", {"deviceId": device, "pin": PIN,
                                     "certificate": pki.certify("bench", csr)})
        pki.start_ocsp()
        data = base64.b64encode(b"a document to keep for years\n" * 100).decode()
        times = {t: [] for t in TYPES}
        for _ in range(ROUNDS):
            for signature_type in TYPES:
                params = {"deviceId": device, "keyId": key["keyId"], "data": data, "pin": PIN,
                          "signatureType": signature_type}
                if signature_type != "cades-bes":
                    params["tsaUrl"] = pki.url()
                start = time.perf_counter()
                result("sign", params)
                times[signature_type].append((time.perf_counter() - start) * 1000)
        bes = statistics.median(times["cades-bes"])
        print(f"rounds: {ROUNDS}, passive key, local TSA and OCSP responder on 127.0.0.1\n")
        print("| signatureType | median ms | ratio to cades-bes |")
        print("|---|---|---|")
        for signature_type in TYPES:
            median = statistics.median(times[signature_type])
            print(f"| {signature_type} | {median:.1f} | {median / bes:.2f} |")
    finally:
        if host:
            host.kill()
        pki.close()


main()
