"""The PIN never leaves the host's PIN buffer towards a log, a reply or an error text, and wrong
PINs from one page origin are rate-limited before they reach the token (docs/security.md).

Run inside scripts/with-virtual-tokens.sh rutoken-ecp-2.0-2100 rutoken-lite rutoken-ecp-3.0-3220
(CMakeLists.txt):
  test_pin_secrecy.py HOST_BINARY

The host runs as the browser starts it (native messaging, PIN as params.pin) with
TOKENBRIDGE_LOG=debug, the most verbose level; every stdout frame and every stderr line is kept.
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "host"))
from hostdriver import Host, frame, tokens_from_env  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "scripts"))
from gost_openssl_conf import engineConfig  # noqa: E402

HOST = sys.argv[1]
TOKENS = tokens_from_env()
PIN = "12345678"  # vtoken's factory user PIN
WRONG_PIN = "97531864"
LONG_PIN = "8642097531" * 4  # 40 bytes: over the card's 32
HUGE_PIN = "1357924680" * 30  # 300 bytes: over the host's 256-byte PIN buffer
SECRETS = [PIN, WRONG_PIN, LONG_PIN, HUGE_PIN]
ORIGIN = "https://portal.example"
OTHER_ORIGIN = "https://other.example"
OPENSSL_CNF_EXTRA = """[req]
distinguished_name = req_dn
prompt = no
[req_dn]
CN = tokenbridge security test CA
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign
[v3_user]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
"""


def encodings(secret):
    """The ways a PIN could show up in text: as is, hex (either case), base64."""
    raw = secret.encode()
    return [secret, raw.hex(), raw.hex().upper(), base64.b64encode(raw).decode().rstrip("=")]


def device_id(host, model):
    for device in host.call("listDevices", origin=ORIGIN)["result"]["devices"]:
        if device["model"] == model:
            return device["id"]
    raise AssertionError(f"no {model} token")


def retries_left(host, device):
    info = host.call("getDeviceInfo", {"deviceId": device}, origin=ORIGIN)["result"]["device"]
    return info["pins"]["user"]["retriesLeft"]


class TestCa:
    def __init__(self, directory):
        self.dir = directory
        self.env = dict(os.environ, OPENSSL_CONF=os.path.join(directory, "openssl.cnf"))
        with open(self.env["OPENSSL_CONF"], "w", encoding="ascii") as f:
            f.write(engineConfig(OPENSSL_CNF_EXTRA))
        self.openssl("genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A",
                     "-out", self.path("ca.key"))
        self.openssl("req", "-new", "-x509", "-key", self.path("ca.key"), "-md_gost12_256",
                     "-days", "2", "-extensions", "v3_ca", "-out", self.path("ca.pem"))

    def path(self, name):
        return os.path.join(self.dir, name)

    def openssl(self, *args):
        subprocess.run(["openssl", *args], env=self.env, check=True, capture_output=True)

    def issue(self, csr_pem, name):
        with open(self.path(f"{name}.csr"), "w", encoding="ascii") as f:
            f.write(csr_pem)
        self.openssl("x509", "-req", "-in", self.path(f"{name}.csr"), "-CA", self.path("ca.pem"),
                     "-CAkey", self.path("ca.key"), "-CAcreateserial", "-md_gost12_256",
                     "-days", "2", "-extfile", self.env["OPENSSL_CONF"], "-extensions", "v3_user",
                     "-out", self.path(f"{name}.pem"))
        with open(self.path(f"{name}.pem"), encoding="ascii") as f:
            return f.read()


class PinSecrecyTest(unittest.TestCase):
    def start(self):
        host = Host(HOST, env=dict(os.environ, TOKENBRIDGE_LOG="debug"))
        self.addCleanup(host.kill)
        return host

    def assert_no_secret(self, text, where):
        for secret in SECRETS:
            for form in encodings(secret):
                self.assertNotIn(form, text, f"a PIN ({form!r}) appears in {where}")

    def ok(self, reply):
        self.assertIn("result", reply, reply)
        return reply["result"]

    def enroll_and_sign(self, host, ca, device, mode):
        """A key in `mode`, its CSR signed by the CA, the certificate imported, a signature:
        every PIN command the page can run, with the right PIN."""
        pin = {"pin": PIN}
        key = self.ok(host.call("generateKeyPair", {"deviceId": device, "mode": mode, **pin}))
        self.assertEqual(key["extractable"], mode == "passive", key)
        key_id = key["key"]["keyId"]
        csr = self.ok(host.call("createCsr", {"deviceId": device, "keyId": key_id,
                                              "subject": {"CN": f"PIN secrecy {mode}"}, **pin}))
        certificate = ca.issue(csr["csr"], f"{mode}-{device}")
        self.ok(host.call("importCertificate", {"deviceId": device, "certificate": certificate, **pin}))
        document = base64.b64encode(b"the signed document " * 50).decode()
        cms = self.ok(host.call("sign", {"deviceId": device, "keyId": key_id, "data": document, **pin}))
        verified = self.ok(host.call("verify", {"cms": cms["cms"], "data": document}))
        self.assertTrue(verified["signers"][0]["signatureValid"], verified)
        # A streamed signature: the PIN arrives only with signFinish.
        stream = self.ok(host.call("sign", {"deviceId": device, "keyId": key_id, "stream": "start"}))
        self.ok(host.call("signAppend", {"streamId": stream["streamId"], "offset": 0, "data": document}))
        self.ok(host.call("signFinish", {"streamId": stream["streamId"], **pin}))
        # A wrong PIN on the same key's paths.
        wrong = host.call("sign", {"deviceId": device, "keyId": key_id, "data": document, "pin": WRONG_PIN})
        self.assertEqual(wrong["error"]["code"], "PIN_INCORRECT", wrong)
        return key_id

    def test_no_pin_in_any_reply_or_log_line_at_debug_level(self):
        host = self.start()
        with tempfile.TemporaryDirectory(prefix="tb-pin-secrecy-") as directory:
            ca = TestCa(directory)
            ecp = device_id(host, "rutoken-ecp-2.0-2100")
            lite = device_id(host, "rutoken-lite")
            self.enroll_and_sign(host, ca, ecp, "active")
            passive_key = self.enroll_and_sign(host, ca, lite, "passive")

        # Error paths that hold a PIN: each reply is checked, and the log below.
        cases = [
            ({"deviceId": lite, "keyId": passive_key, "hash": "00" * 32, "pin": LONG_PIN}, "PIN_INVALID"),
            ({"deviceId": lite, "keyId": passive_key, "hash": "00" * 32, "pin": HUGE_PIN}, "PIN_INVALID"),
            ({"deviceId": "rutoken-lite-FFFFFFFF", "keyId": passive_key, "hash": "00" * 32, "pin": PIN},
             "DEVICE_NOT_FOUND"),
            ({"deviceId": lite, "keyId": "00" * 20, "hash": "00" * 32, "pin": PIN}, "KEY_NOT_FOUND"),
            ({"deviceId": lite, "keyId": passive_key, "hash": "zz", "pin": PIN}, "INVALID_PARAMS"),
            ({"deviceId": lite, "keyId": passive_key, "hash": "00" * 32, "pin": PIN, "bogus": PIN},
             "INVALID_PARAMS"),
            ({"deviceId": lite, "keyId": passive_key, "hash": "00" * 32, "pin": [PIN]}, "INVALID_PARAMS"),
        ]
        for params, code in cases:
            with self.subTest(code=code):
                reply = host.call("sign", params)
                self.assertEqual(reply.get("error", {}).get("code"), code, reply)
                # The "bogus" parameter's value is the PIN: the error names the parameter only.
                self.assert_no_secret(json.dumps(reply), f"the {code} reply")
        for command, origin in (("noSuchCommand", ORIGIN), ("sign", "http://evil.example")):
            reply = host.call(command, {"pin": PIN}, origin=origin)
            self.assertIn("error", reply)
            self.assert_no_secret(json.dumps(reply), f"the {reply['error']['code']} reply")
        # Cut off inside params: the JSON parser sees the PIN and fails.
        host.send_raw(frame(b'{"id": 99, "command": "sign", "params": {"pin": "' + PIN.encode()))
        self.assertEqual(host.reply(None)["error"]["code"], "BAD_REQUEST")

        self.finish_and_check_output(host)

    def test_no_pin_in_any_reply_or_log_line_in_fkn_mode(self):
        host = self.start()
        with tempfile.TemporaryDirectory(prefix="tb-pin-secrecy-") as directory:
            self.enroll_and_sign(host, TestCa(directory), device_id(host, "rutoken-ecp-3.0-3220"), "fkn")
        self.finish_and_check_output(host)

    def finish_and_check_output(self, host):
        self.assertEqual(host.close(), 0, host.stderr())
        self.assertEqual(host.stream_errors, [])
        log = "".join(host.stderr_lines)
        self.assertIn("[debug] PIN_INCORRECT", log, "the debug level was not in effect")
        self.assert_no_secret(json.dumps(host.all_messages), "the host's stdout")
        self.assert_no_secret(log, "the host's stderr log")

    def test_export_key_is_command_line_only(self):
        host = self.start()
        lite = device_id(host, "rutoken-lite")
        key = self.ok(host.call("generateKeyPair", {"deviceId": lite, "mode": "passive",
                                                    "exportable": True, "pin": PIN}))
        request = {"deviceId": lite, "keyId": key["key"]["keyId"]}
        reply = host.call("exportKey", dict(request, pin=PIN))
        self.assertEqual(reply["error"]["code"], "NOT_EXPORTABLE", reply)
        self.assertEqual(host.close(), 0, host.stderr())
        self.assertNotIn("PRIVATE KEY", json.dumps(host.all_messages))
        # The local user at the terminal can (the key was created exportable).
        with tempfile.NamedTemporaryFile("w", prefix="tb-pin-") as pin_file:
            pin_file.write(PIN)
            pin_file.flush()
            result = subprocess.run([HOST, "call", "--pin-file", pin_file.name, json.dumps(
                {"id": 1, "command": "exportKey", "params": request})], capture_output=True, text=True)
        self.assertIn("BEGIN PRIVATE KEY", json.loads(result.stdout)["result"]["privateKey"])

    def test_command_line_refuses_params_pin_and_keeps_the_pin_file_secret(self):
        env = dict(os.environ, TOKENBRIDGE_LOG="debug")
        request = {"id": 1, "command": "listKeys", "params": {"pin": PIN}}
        result = subprocess.run([HOST, "call", json.dumps(request)], env=env, capture_output=True, text=True)
        reply = json.loads(result.stdout)
        self.assertEqual((reply["error"]["code"], reply["error"]["param"]), ("INVALID_PARAMS", "pin"))
        self.assert_no_secret(result.stdout + result.stderr, "the CLI's output")
        with tempfile.NamedTemporaryFile("w", prefix="tb-pin-") as pin_file:
            pin_file.write(WRONG_PIN + "\n")
            pin_file.flush()
            host = Host(HOST, env=env)
            self.addCleanup(host.kill)
            lite = device_id(host, "rutoken-lite")
            host.close()
            request = {"id": 2, "command": "generateKeyPair", "params": {"deviceId": lite, "mode": "passive"}}
            result = subprocess.run([HOST, "call", "--pin-file", pin_file.name, json.dumps(request)],
                                    env=env, capture_output=True, text=True)
        self.assertEqual(json.loads(result.stdout)["error"]["code"], "PIN_INCORRECT", result.stdout)
        self.assert_no_secret(result.stdout + result.stderr, "the CLI's output")


SESPAKE_C1_LIMIT = 5


class RateLimitTest(unittest.TestCase):
    """3 wrong PINs per origin in 30 s (host/security/RateLimiter via commands::withKeyStore)."""

    def check_limit(self, model, mode):
        host = Host(HOST)
        self.addCleanup(host.kill)
        device = device_id(host, model)
        before = retries_left(host, device)
        params = {"deviceId": device, "mode": mode, "pin": WRONG_PIN}
        told = before
        for spent in range(1, 4):
            reply = host.call("generateKeyPair", params)
            self.assertEqual(reply["error"]["code"], "PIN_INCORRECT", reply)
            if mode == "fkn" and spent == 1:
                # SESPAKE tells its own tries, C_1: at most 5 (RFC 8133), never more than the
                # PIN's (docs/vtoken.md "FKN mode"); earlier failures may have lowered it.
                told = reply["error"]["retriesLeft"] + 1
                self.assertLessEqual(told, min(before, SESPAKE_C1_LIMIT), reply)
            self.assertEqual(reply["error"]["retriesLeft"], told - spent, reply)
        # Limited: neither a wrong nor a right PIN reaches the token any more.
        for pin in (WRONG_PIN, WRONG_PIN, PIN):
            reply = host.call("generateKeyPair", dict(params, pin=pin))
            self.assertEqual(reply["error"]["code"], "RATE_LIMITED", reply)
            self.assertGreater(reply["error"]["retryAfterMs"], 0)
            self.assertLessEqual(reply["error"]["retryAfterMs"], 30000)
        self.assertEqual(retries_left(host, device), before - 3, "a limited request spent a card try")
        # Requests without a PIN are not limited.
        self.assertIn("result", host.call("listKeys", {"deviceId": device}))
        # Another origin is not limited by this one's failures; its right PIN resets the card.
        other = host.call("generateKeyPair", dict(params, pin=PIN), origin=OTHER_ORIGIN)
        self.assertIn("result", other, other)
        self.assertGreaterEqual(retries_left(host, device), before, "the right PIN resets the counter")
        self.assertEqual(host.close(), 0, host.stderr())

    def test_passive_verify_is_limited_per_origin(self):
        self.check_limit("rutoken-lite", "passive")

    def test_active_login_is_limited_per_origin(self):
        self.check_limit("rutoken-ecp-2.0-2100", "active")

    def test_fkn_sespake_is_limited_per_origin(self):
        self.check_limit("rutoken-ecp-3.0-3220", "fkn")


if __name__ == "__main__":
    if len(TOKENS) < 3:
        sys.exit("run inside scripts/with-virtual-tokens.sh rutoken-ecp-2.0-2100 rutoken-lite "
                 "rutoken-ecp-3.0-3220")
    unittest.main(argv=sys.argv[:1], verbosity=2)
