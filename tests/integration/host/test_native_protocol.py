"""tokenbridge-host in native messaging mode, framing and envelope (no token needed).

Usage: test_native_protocol.py HOST_BINARY REPO_DIR
"""
import glob
import json
import os
import struct
import sys
import unittest

from hostdriver import EXTENSION_ORIGIN, Host, frame

HOST = sys.argv[1] if len(sys.argv) > 1 else "tokenbridge-host"
REPO = sys.argv[2] if len(sys.argv) > 2 else "."


class NativeProtocolTest(unittest.TestCase):
    def start(self, args=(EXTENSION_ORIGIN,), env=None):
        host = Host(HOST, args, env)
        self.addCleanup(host.kill)
        return host

    def finish(self, host):
        self.assertEqual(host.close(), 0, host.stderr())
        self.assertEqual(host.stream_errors, [], "stdout must carry only valid frames")

    def test_version(self):
        host = self.start()
        reply = host.call("version", origin=None)
        result = reply["result"]
        self.assertRegex(result["version"], r"^\d+\.\d+\.\d+$")
        self.assertEqual(result["protocolVersion"], 1)
        self.assertLessEqual({"version", "listDevices", "getDeviceInfo"}, set(result["commands"]))
        self.assertEqual(result["commands"], sorted(result["commands"]))
        self.finish(host)

    def test_browser_argv_forms(self):
        # Firefox: manifest path + extension id; and the explicit flag.
        for args in (["/usr/lib/mozilla/native-messaging-hosts/x.json", "tokenbridge@example.org"],
                     ["--native"]):
            host = self.start(args)
            self.assertIn("result", host.call("version"))
            self.finish(host)

    def test_oversize_request_keeps_the_stream_in_sync(self):
        host = self.start()
        size = 8 * 1024 * 1024 + 1
        host.send_raw(struct.pack("<I", size) + b" " * size)
        host.send("version", request_id="after")
        self.assertIn("result", host.reply("after"))
        too_large = host.reply(None)
        self.assertEqual(too_large["error"]["code"], "MESSAGE_TOO_LARGE")
        self.assertEqual(too_large["error"]["limit"], 8 * 1024 * 1024)
        self.finish(host)

    def test_malformed_requests(self):
        host = self.start()
        cases = [
            (b"\xc3\x28", None, "BAD_REQUEST"),
            (b"[1,2,3]", None, "BAD_REQUEST"),
            (b"not json", None, "BAD_REQUEST"),
            (json.dumps({"command": "version"}).encode(), None, "BAD_REQUEST"),
            (json.dumps({"id": 5, "command": "formatToken"}).encode(), 5, "UNKNOWN_COMMAND"),
            (json.dumps({"id": 6, "command": "version", "params": []}).encode(), 6, "BAD_REQUEST"),
            (json.dumps({"id": 7, "command": "getDeviceInfo", "origin": "https://a.ru"}).encode(),
             7, "INVALID_PARAMS"),
        ]
        for payload, _, _ in cases:
            host.send_raw(frame(payload))
        for payload, request_id, code in cases:
            self.assertEqual(host.reply(request_id)["error"]["code"], code, payload)
        self.assertIn("result", host.call("version"))
        self.finish(host)

    def test_origin_rules(self):
        host = self.start()
        self.assertEqual(host.call("listDevices", origin=None)["error"]["code"], "ORIGIN_NOT_ALLOWED")
        for origin in ("http://evil.example", "file://", "null", EXTENSION_ORIGIN):
            reply = host.call("listDevices", origin=origin)
            self.assertEqual(reply["error"]["code"], "ORIGIN_NOT_ALLOWED", origin)
        self.finish(host)

    def test_end_of_input_inside_a_frame_exits_cleanly(self):
        for partial in (b"\x10", b"\x10\x00\x00\x00{\"id\""):
            host = self.start()
            self.assertIn("result", host.call("version"))
            host.send_raw(partial)
            self.finish(host)

    def test_many_requests_byte_by_byte_with_debug_logging(self):
        host = self.start(env={**os.environ, "TOKENBRIDGE_LOG": "debug"})
        data = b"".join(frame({"id": i, "command": "version"}) for i in range(50))
        for i in range(len(data)):
            host.send_raw(data[i:i + 1])
        for i in range(50):
            self.assertIn("result", host.reply(i))
        self.finish(host)
        replies = [m for m in host.all_messages if "event" not in m]  # a pcscd may be running
        self.assertEqual(len(replies), 50)


class DocumentationTest(unittest.TestCase):
    """The project rule: every command the host serves is documented in docs/protocol*.md. (Every
    error code, with its class, and every command of spec/protocol.json: CTest spec.docs.)"""

    def setUp(self):
        # docs/protocol.md, plus the docs/protocol-*.md that later issues add for their commands.
        paths = [os.path.join(REPO, "docs/protocol.md")]
        paths += sorted(glob.glob(os.path.join(REPO, "docs/protocol-*.md")))
        self.doc = ""
        for path in paths:
            with open(path, encoding="utf-8") as f:
                self.doc += f.read()

    def test_every_command_documented(self):
        host = Host(HOST, (EXTENSION_ORIGIN,))
        try:
            result = host.call("version", origin=None)["result"]
            commands, protocol_version = result["commands"], result["protocolVersion"]
            host.close()
        finally:
            host.kill()
        for command in commands:
            self.assertTrue(f"### `{command}`" in self.doc,
                            f"command {command} has no '### `{command}`' section in docs/protocol*.md")
        # The running host serves exactly the commands of the spec, and says its version.
        with open(os.path.join(REPO, "spec/protocol.json"), encoding="utf-8") as f:
            spec = json.load(f)
        self.assertEqual(commands, sorted(c["name"] for c in spec["commands"]))
        self.assertEqual(protocol_version, spec["protocolVersion"])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
