"""tokenbridge-host command line parts that need no token: compat, call, version, help.

Usage: test_cli.py HOST_BINARY
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import unittest

HOST = sys.argv[1] if len(sys.argv) > 1 else "tokenbridge-host"
# CryptoPro CSP's sample container (password "1"), in the repository.
SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "cryptopro",
                      "g2012256.000")


def run(*args, env=None, stdin=None):
    proc = subprocess.run([HOST, *args], capture_output=True, timeout=30, input=stdin,
                          env={**os.environ, **(env or {})})
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def secret_file(test, text):
    with tempfile.NamedTemporaryFile("w", delete=False) as f:
        f.write(text)
    test.addCleanup(os.remove, f.name)
    return f.name


class CliTest(unittest.TestCase):
    def test_compat_nfc(self):
        status, out, _ = run("compat", "--model", "rutoken-ecp-3.0-nfc-3100", "--csp", "5.0-R3",
                             "--platform", "linux", "--connection", "nfc")
        self.assertEqual(status, 0)
        self.assertEqual(json.loads(out), {
            "model": "rutoken-ecp-3.0-nfc-3100", "csp": "5.0-R3", "platform": "linux",
            "connection": "nfc", "supported": True,
            "modes": ["fkn-nfc", "active-pkcs11", "passive"], "selected": "fkn-nfc"})

    def test_compat_unsupported_is_not_an_error(self):
        status, out, _ = run("compat", "--model", "rutoken-2151", "--csp", "4.0-R4",
                             "--platform", "linux")
        self.assertEqual(status, 0)
        result = json.loads(out)
        self.assertFalse(result["supported"])
        self.assertEqual(result["modes"], [])
        self.assertIsNone(result["selected"])

    def test_compat_defaults_come_from_the_environment(self):
        status, out, _ = run("compat", "--model", "rutoken-lite",
                             env={"TOKENBRIDGE_CSP": "4.0-R4", "TOKENBRIDGE_PLATFORM": "windows"})
        self.assertEqual(status, 0)
        result = json.loads(out)
        self.assertEqual((result["csp"], result["platform"], result["connection"]),
                         ("4.0-R4", "windows", "contact"))

    def test_compat_unknown_values_exit_2_with_error_json(self):
        cases = [
            ("--model", "rutoken-xyz", "--csp", "5.0-R3", "--platform", "linux"),
            ("--model", "rutoken-lite", "--csp", "9.9", "--platform", "linux"),
            ("--model", "rutoken-lite", "--csp", "5.0-R3", "--platform", "beos"),
            ("--model", "rutoken-lite", "--connection", "usb"),
            ("--csp", "5.0-R3"),
            ("--model",),
            ("--colour", "red"),
        ]
        for args in cases:
            status, out, _ = run("compat", *args)
            self.assertEqual(status, 2, args)
            error = json.loads(out)["error"]
            self.assertEqual(error["code"], "INVALID_PARAMS", args)
            self.assertTrue(error["message"], args)

    def test_call_runs_the_dispatcher(self):
        status, out, _ = run("call", '{"id":"c1","command":"version"}')
        self.assertEqual(status, 0)
        reply = json.loads(out)
        self.assertEqual(reply["id"], "c1")
        self.assertEqual(reply["result"]["protocolVersion"], 1)
        status, out, _ = run("call", '{"id":2,"command":"nope"}')
        self.assertEqual(status, 1)
        self.assertEqual(json.loads(out)["error"]["code"], "UNKNOWN_COMMAND")
        status, out, _ = run("call", "{broken")
        self.assertEqual(status, 1)
        self.assertEqual(json.loads(out), {"id": None, "error": {
            "code": "BAD_REQUEST", "message": "message is not valid JSON"}})
        status, out, _ = run("call", '{"id":3,"command":"listDevices","origin":"http://evil.example"}')
        self.assertEqual(json.loads(out)["error"]["code"], "ORIGIN_NOT_ALLOWED")

    def test_digest_is_streebog_of_the_data(self):
        # GOST R 34.11-2012's M1 example (tests/unit/crypto/HashTest.cpp): the digest a sign
        # {data} carries as its messageDigest, which the extension shows in its window.
        m1 = base64.b64encode(b"012345678901234567890123456789012345678901234567890123456789012").decode()
        expected = {
            "streebog256": "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500",
            "streebog512": "1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa"
                           "00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48",
        }
        for algorithm, digest in expected.items():
            request = {"id": 1, "command": "digest", "origin": "https://portal.example",
                       "params": {"data": m1, "hashAlgorithm": algorithm}}
            status, out, _ = run("call", json.dumps(request))
            self.assertEqual(status, 0, out)
            result = json.loads(out)["result"]
            self.assertEqual(base64.b64decode(result["hash"]).hex(), digest)
            self.assertEqual((result["hashAlgorithm"], result["size"]), (algorithm, 63))
        for params, param in [({"data": m1, "hashAlgorithm": "sha1"}, "hashAlgorithm"),
                              ({"data": m1, "streamId": "x"}, "data"),
                              ({"streamId": "no-such-stream"}, "streamId")]:
            status, out, _ = run("call", json.dumps({"id": 2, "command": "digest",
                                                     "origin": "https://portal.example", "params": params}))
            error = json.loads(out)["error"]
            self.assertEqual((error["code"], error.get("param")), ("INVALID_PARAMS", param), params)

    def test_call_with_pin_file(self):
        with tempfile.NamedTemporaryFile("w", delete=False) as f:
            f.write("12345678\n")
        self.addCleanup(os.remove, f.name)
        status, out, err = run("call", "--pin-file", f.name, '{"id":1,"command":"version"}',
                               env={"TOKENBRIDGE_LOG": "debug"})
        self.assertEqual(status, 0)
        self.assertNotIn("12345678", out + err)
        status, out, _ = run("call", "--pin-file", "/nonexistent/pin", '{"id":1,"command":"version"}')
        self.assertEqual(status, 2)
        self.assertEqual(json.loads(out)["error"]["code"], "INVALID_PARAMS")
        with tempfile.NamedTemporaryFile("w", delete=False) as empty:
            empty.write("\n")
        self.addCleanup(os.remove, empty.name)
        status, out, _ = run("call", "--pin-file", empty.name, '{"id":1,"command":"version"}')
        self.assertEqual(status, 1)
        self.assertEqual(json.loads(out)["error"]["code"], "PIN_INVALID")

    def test_call_reads_the_request_from_stdin(self):
        status, out, _ = run("call", "-", stdin=b'{"id":"s1","command":"version"}')
        self.assertEqual(status, 0, out)
        self.assertEqual(json.loads(out)["id"], "s1")
        # Larger than one command-line argument may be (128 KiB): read whole, its last field seen.
        request = json.dumps({"id": 7, "command": "version",
                              "params": {"padding": "x" * (200 * 1024)}}).encode()
        status, out, _ = run("call", "-", stdin=request)
        self.assertEqual(status, 1, out[:200])
        reply = json.loads(out)
        self.assertEqual(reply["error"]["param"], "padding")
        status, out, _ = run("call", "-", stdin=b"{broken")
        self.assertEqual(status, 1)
        self.assertEqual(json.loads(out)["error"]["code"], "BAD_REQUEST")
        # Bounded like a native message (8 MiB).
        status, out, _ = run("call", "-", stdin=b" " * (8 * 1024 * 1024 + 1))
        self.assertEqual(status, 2)
        self.assertEqual(json.loads(out)["error"]["code"], "INVALID_PARAMS")

    def test_call_with_container_password_file(self):
        import_request = json.dumps({"id": 1, "command": "importContainer",
                                     "params": {"deviceId": "no-such-token", "path": SAMPLE}})
        wrong = secret_file(self, "Wr0ngPassw0rd\n")
        # Validated before any token is looked for: the password is wrong, not the device.
        status, out, err = run("call", "--container-password-file", wrong, import_request,
                               env={"TOKENBRIDGE_LOG": "debug"})
        self.assertEqual(status, 1, out)
        self.assertEqual(json.loads(out)["error"]["code"], "CONTAINER_PASSWORD_INCORRECT")
        self.assertNotIn("Wr0ngPassw0rd", out + err)
        # An empty file is the empty password (this container has one), not an invalid PIN.
        empty = secret_file(self, "")
        status, out, _ = run("call", "--container-password-file", empty, import_request)
        self.assertEqual(json.loads(out)["error"]["code"], "CONTAINER_PASSWORD_INCORRECT")
        # The right password gets as far as the token; both flags in either order, and stdin.
        right = secret_file(self, "1\n")
        pin = secret_file(self, "12345678\n")
        for args in (("--pin-file", pin, "--container-password-file", right),
                     ("--container-password-file", right, "--pin-file", pin)):
            status, out, _ = run("call", *args, "-", stdin=import_request.encode())
            self.assertEqual(status, 1, out)
            # (no pcscd on the machine: PCSC_UNAVAILABLE; with it: no such token)
            self.assertIn(json.loads(out)["error"]["code"], ("DEVICE_NOT_FOUND", "PCSC_UNAVAILABLE"),
                          args)
        # Usage errors.
        for args in (("--container-password-file", "/nonexistent/password", import_request),
                     ("--container-password-file", right, "--container-password-file", right,
                      import_request),
                     ("--container-password-file", right)):
            status, out, _ = run("call", *args)
            self.assertEqual(status, 2, args)
            self.assertEqual(json.loads(out)["error"]["code"], "INVALID_PARAMS", args)

    def test_version_help_and_usage(self):
        status, out, _ = run("version")
        self.assertEqual(status, 0)
        self.assertEqual(json.loads(out)["protocolVersion"], 1)
        status, out, _ = run("--help")
        self.assertEqual(status, 0)
        self.assertIn("compat", out)
        status, _, err = run("frobnicate")
        self.assertEqual(status, 2)
        self.assertIn("unknown command", err)
        status, _, _ = run()
        self.assertEqual(status, 2)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
