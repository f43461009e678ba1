#!/usr/bin/env python3
"""CAdES-T and CAdES-X Long Type 1 through the real host, against a local TSA (`openssl ts
-reply` behind tsa_server.py) and a local `openssl ocsp` responder, all GOST keys; the results
checked by openssl (`ts -verify` over the signature value, `cms -verify`) and by verify.

  test_long_term.py HOST_BIN
"""
import base64
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "host"))
import der  # noqa: E402
import fixture  # noqa: E402
from hostdriver import EXTENSION_ORIGIN, Host  # noqa: E402

HOST_BIN = sys.argv[1] if len(sys.argv) > 1 else ""
PKI = None
ATTRIBUTES = {name: f"1.2.840.113549.1.9.16.2.{n}" for name, n in
              (("tst", 14), ("certRefs", 21), ("revRefs", 22), ("certValues", 23),
               ("revValues", 24), ("escTst", 25))}


def setUpModule():
    global PKI
    PKI = fixture.Pki()


def tearDownModule():
    PKI.close()


def text(path):
    with open(PKI.path(path), encoding="ascii") as f:
        return f.read()


def b64(path):
    with open(PKI.path(path), "rb") as f:
        return base64.b64encode(f.read()).decode()


class LongTerm(unittest.TestCase):
    def setUp(self):
        env = dict(os.environ, XDG_CONFIG_HOME=PKI.path("config"), HOME=PKI.work)
        self.host = Host(HOST_BIN, (EXTENSION_ORIGIN,), env=env)

    def tearDown(self):
        self.host.kill()

    def enhance(self, message, signature_type, tsa="/tsa", host=None, **extra):
        params = {"cms": b64(message), "signatureType": signature_type, "tsaUrl": PKI.url(tsa),
                  **extra}
        return (host or self.host).call("enhance", params, timeout=60)

    def result_cms(self, reply):
        self.assertIn("result", reply, reply)
        return base64.b64decode(reply["result"]["cms"])

    def write(self, name, data):
        with open(PKI.path(name), "wb") as f:
            f.write(data)
        return PKI.path(name)

    def ts_verify(self, token, data, name):
        return PKI.openssl("ts", "-verify", "-token_in", "-in", self.write(f"{name}.tst", token),
                           "-data", self.write(f"{name}.data", data), "-CAfile",
                           PKI.path("ca.pem"), "-untrusted", PKI.path("tsa.pem"), check=False)

    def verify(self, cms):
        reply = self.host.call("verify", {"cms": base64.b64encode(cms).decode(),
                                          "data": b64("document.txt"),
                                          "trustedRoots": [text("ca.pem")]})
        self.assertIn("result", reply, reply)
        return reply["result"]

    def test_t_timestamps_the_signature_value(self):
        cms = self.result_cms(self.enhance("signer.bes", "cades-t"))
        signer = der.signer_infos(cms)[0]
        token = der.attribute_value(signer, ATTRIBUTES["tst"])
        self.assertIsNotNone(token)
        self.assertIn("Verification: OK",
                      self.ts_verify(token, der.signature_value(signer), "t"))
        # ...and not over anything else.
        self.assertNotIn("Verification: OK", self.ts_verify(token, b"other", "t-other"))
        self.assertIsNone(der.attribute_value(signer, ATTRIBUTES["certRefs"]))
        report = self.verify(cms)
        self.assertTrue(report["valid"], report)
        signer_report = report["signers"][0]
        self.assertEqual(signer_report["signatureType"], "cades-t")
        self.assertTrue(signer_report["timestamp"]["valid"], signer_report)
        self.assertIn("CN=tsa", signer_report["timestamp"]["tsa"])
        self.assertFalse(signer_report["longTermDataComplete"])

    def check_x_long_type_1(self, cms, name):
        signer = der.signer_infos(cms)[0]
        attributes = der.unsigned_attributes(signer)
        types = [t for t, _, _ in attributes]
        for key, dotted in ATTRIBUTES.items():
            self.assertEqual(types.count(der.oid(dotted)), 1, key)
        # The CAdES-C time-stamp covers signature value, signature time-stamp and references.
        whole = {t: w for t, _, w in attributes}
        covered = (der.signature_value(signer) + whole[der.oid(ATTRIBUTES["tst"])]
                   + whole[der.oid(ATTRIBUTES["certRefs"])] + whole[der.oid(ATTRIBUTES["revRefs"])])
        self.assertIn("Verification: OK",
                      self.ts_verify(der.attribute_value(signer, ATTRIBUTES["escTst"]), covered,
                                     name + "-esc"))
        self.assertIn("Verification: OK",
                      self.ts_verify(der.attribute_value(signer, ATTRIBUTES["tst"]),
                                     der.signature_value(signer), name))
        verified = subprocess.run(
            ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
             self.write(f"{name}.cms", cms), "-content", PKI.path("document.txt"), "-CAfile",
             PKI.path("ca.pem"), "-out", os.devnull], capture_output=True, text=True, env=PKI.env)
        self.assertEqual(verified.returncode, 0, verified.stderr)
        report = self.verify(cms)["signers"][0]
        self.assertEqual(report["signatureType"], "cades-x-long-type-1")
        self.assertEqual(report["revocation"]["status"], "good", report)
        self.assertEqual(report["revocation"]["source"], "ocsp")
        self.assertTrue(report["revocation"]["valid"], report)
        self.assertTrue(report["escTimestamp"]["valid"], report)
        self.assertTrue(report["longTermDataComplete"], report)

    def test_x_long_type_1_of_a_bes(self):
        cms = self.result_cms(self.enhance("signer.bes", "cades-x-long-type-1"))
        self.check_x_long_type_1(cms, "xlt1")

    def test_x_long_type_1_of_a_t_keeps_its_timestamp(self):
        t = self.result_cms(self.enhance("signer.bes", "cades-t"))
        self.write("signer.t", t)
        first = der.attribute_value(der.signer_infos(t)[0], ATTRIBUTES["tst"])
        cms = self.result_cms(self.enhance("signer.t", "cades-x-long-type-1"))
        self.assertEqual(der.attribute_value(der.signer_infos(cms)[0], ATTRIBUTES["tst"]), first)
        self.check_x_long_type_1(cms, "t-xlt1")

    def test_x_long_type_1_with_a_crl_where_no_ocsp_is_named(self):
        ca = [text("ca.pem")]
        cms = self.result_cms(self.enhance("crl-signer.bes", "cades-x-long-type-1",
                                           certificates=ca))
        report = self.verify(cms)["signers"][0]
        self.assertEqual(report["revocation"]["source"], "crl", report)
        self.assertEqual(report["revocation"]["status"], "good", report)
        self.assertTrue(report["longTermDataComplete"], report)
        self.refused(self.enhance("crl-revoked.bes", "cades-x-long-type-1", certificates=ca),
                     "CERTIFICATE_REVOKED")

    def refused(self, reply, code):
        self.assertNotIn("result", reply, reply)
        self.assertEqual(reply["error"]["code"], code, reply)

    def test_refusals(self):
        # This signer's certificate names no caIssuers: its issuer comes in certificates.
        ca = [text("ca.pem")]
        self.refused(self.enhance("revoked.bes", "cades-x-long-type-1"), "OCSP_UNAVAILABLE")
        self.refused(self.enhance("revoked.bes", "cades-x-long-type-1", certificates=ca),
                     "CERTIFICATE_REVOKED")
        self.refused(self.enhance("revoked.bes", "cades-t", certificates=ca),
                     "CERTIFICATE_REVOKED")
        self.refused(self.enhance("signer.bes", "cades-t", "/garbage"), "TSA_ERROR")
        self.refused(self.enhance("signer.bes", "cades-t", "/wrong-nonce"), "TSA_ERROR")
        down = f"http://127.0.0.1:{fixture.free_port()}/tsa"
        reply = self.host.call("enhance", {"cms": b64("signer.bes"), "signatureType": "cades-t",
                                           "tsaUrl": down}, timeout=60)
        # Not listed: refused by the guard before any connection.
        self.refused(reply, "INVALID_PARAMS")
        self.refused(self.enhance("signer.bes", "cades-x-long-type-1",
                                  ocspUrl=f"http://127.0.0.1:{PKI.tsa_port}/garbage"),
                     "OCSP_ERROR")
        self.refused(self.enhance("signer.bes", "cades-t", tsaPolicy="1.2.3.4.9"), "TSA_ERROR")

    def test_tsa_down_on_the_command_line(self):
        down = f"http://127.0.0.1:{fixture.free_port()}/tsa"
        request = ('{"id":1,"command":"enhance","params":{"cms":"%s","signatureType":"cades-t",'
                   '"tsaUrl":"%s"}}' % (b64("signer.bes"), down))
        result = subprocess.run([HOST_BIN, "call", request], capture_output=True, text=True,
                                env=dict(os.environ, HOME=PKI.work))
        self.assertIn('"TSA_UNAVAILABLE"', result.stdout, result.stdout + result.stderr)
        # The command line may use any URL: the same local TSA, unlisted, answers.
        request = request.replace(down, PKI.url())
        result = subprocess.run([HOST_BIN, "call", request], capture_output=True, text=True,
                                env=dict(os.environ, HOME=PKI.work))
        self.assertIn('"cms"', result.stdout, result.stdout + result.stderr)

    def test_an_unlisted_private_address_is_refused_before_any_request(self):
        bare = Host(HOST_BIN, (EXTENSION_ORIGIN,),
                    env=dict(os.environ, XDG_CONFIG_HOME=PKI.path("nothing"), HOME=PKI.work))
        try:
            before = PKI.tsa_requests()
            reply = self.enhance("signer.bes", "cades-t", host=bare)
            self.refused(reply, "INVALID_PARAMS")
            self.assertEqual(reply["error"].get("reason"), "network-guard", reply)
            https = bare.call("enhance", {"cms": b64("signer.bes"), "signatureType": "cades-t",
                                          "tsaUrl": f"https://127.0.0.1:{PKI.tsa_port}/tsa"})
            self.refused(https, "INVALID_PARAMS")
            self.assertEqual(PKI.tsa_requests(), before)
        finally:
            bare.kill()


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
