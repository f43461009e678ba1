#!/usr/bin/env python3
"""sign with signatureType on a virtual token (passive key, certificate of the local CA that
names the local OCSP responder): -T and -X Long Type 1 verified by openssl, and a revoked
certificate refused before the PIN is used (a wrong PIN is not even tried: the card's retry
counter does not move).

  with-virtual-tokens.sh rutoken-ecp-3.0-3220 -- test_sign_vtoken.py HOST_BIN
"""
import base64
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import der  # noqa: E402
import fixture  # noqa: E402

HOST_BIN = sys.argv[1] if len(sys.argv) > 1 else ""
PKI = None
DEVICE = None
KEYS = {}


def call(command, params, pin=True):
    args = [HOST_BIN, "call"]
    if pin:
        args += ["--pin-file", PKI.path(pin if isinstance(pin, str) else "pin")]
    request = json.dumps({"id": 1, "command": command, "params": params})
    result = subprocess.run(args + [request], capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, HOME=PKI.work))
    return json.loads(result.stdout)


def result(reply):
    if "result" not in reply:
        raise AssertionError(reply)
    return reply["result"]


def setUpModule():
    global PKI, DEVICE
    PKI = fixture.Pki(start_ocsp=False)
    with open(PKI.path("pin"), "w") as f:
        f.write("12345678")
    with open(PKI.path("wrong-pin"), "w") as f:
        f.write("00000000")
    devices = json.loads(subprocess.run([HOST_BIN, "devices"], capture_output=True, text=True,
                                        check=True).stdout)
    DEVICE = [d["id"] for d in devices if d["id"].startswith("rutoken-ecp-3.0-3220-")][0]
    for name, revoked in (("good", False), ("revoked", True)):
        key = result(call("generateKeyPair", {"deviceId": DEVICE, "mode": "passive"}))["key"]
        csr = result(call("createCsr", {"deviceId": DEVICE, "keyId": key["keyId"],
                                        "subject": {"CN": f"token {name}"}}))["csr"]
        result(call("importCertificate", {"deviceId": DEVICE,
                                          "certificate": PKI.certify(name, csr, revoked)}))
        KEYS[name] = key["keyId"]
    PKI.start_ocsp()


def tearDownModule():
    PKI.close()


class SignOnToken(unittest.TestCase):
    def sign(self, name, signature_type, pin=True):
        with open(PKI.path("document.txt"), "rb") as f:
            data = base64.b64encode(f.read()).decode()
        params = {"deviceId": DEVICE, "keyId": KEYS[name], "data": data,
                  "signatureType": signature_type}
        if signature_type != "cades-bes":
            params["tsaUrl"] = PKI.url()
        return call("sign", params, pin)

    def retries(self):
        reply = call("sign", {"deviceId": DEVICE, "keyId": KEYS["good"], "hash": "00" * 32},
                     pin=False)
        self.assertEqual(reply["error"]["code"], "PIN_REQUIRED", reply)
        return reply["error"]["retriesLeft"]

    def test_x_long_type_1_verifies_with_openssl(self):
        cms = base64.b64decode(result(self.sign("good", "cades-x-long-type-1"))["cms"])
        signer = der.signer_infos(cms)[0]
        types = [t for t, _, _ in der.unsigned_attributes(signer)]
        for n in (14, 21, 22, 23, 24, 25):
            self.assertIn(der.oid(f"1.2.840.113549.1.9.16.2.{n}"), types, n)
        with open(PKI.path("token.cms"), "wb") as f:
            f.write(cms)
        with open(PKI.path("token.sig"), "wb") as f:
            f.write(der.signature_value(signer))
        with open(PKI.path("token.tst"), "wb") as f:
            f.write(der.attribute_value(signer, "1.2.840.113549.1.9.16.2.14"))
        self.assertIn("Verification: OK", PKI.openssl(
            "ts", "-verify", "-token_in", "-in", PKI.path("token.tst"), "-data",
            PKI.path("token.sig"), "-CAfile", PKI.path("ca.pem"), "-untrusted",
            PKI.path("tsa.pem"), check=False))
        PKI.openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", PKI.path("token.cms"),
                    "-content", PKI.path("document.txt"), "-CAfile", PKI.path("ca.pem"),
                    "-out", os.devnull)

    def test_a_revoked_certificate_is_refused_before_the_pin_is_used(self):
        before = self.retries()
        for signature_type in ("cades-t", "cades-x-long-type-1"):
            reply = self.sign("revoked", signature_type, pin="wrong-pin")
            self.assertEqual(reply.get("error", {}).get("code"), "CERTIFICATE_REVOKED", reply)
        self.assertEqual(self.retries(), before)
        # A BES does not ask: the wrong PIN reaches the card (and is counted).
        reply = self.sign("revoked", "cades-bes", pin="wrong-pin")
        self.assertEqual(reply["error"]["code"], "PIN_INCORRECT", reply)
        result(self.sign("good", "cades-bes"))  # the right PIN resets the counter


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
