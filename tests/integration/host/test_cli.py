"""tokenbridge-host command line parts that need no token: compat, call, version, help.

Usage: test_cli.py HOST_BINARY
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HOST = sys.argv[1] if len(sys.argv) > 1 else "tokenbridge-host"


def run(*args, env=None):
    proc = subprocess.run([HOST, *args], capture_output=True, timeout=30,
                          env={**os.environ, **(env or {})})
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


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
