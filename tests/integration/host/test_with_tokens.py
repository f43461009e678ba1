"""tokenbridge-host against real pcscd + vpcd + vtoken: devices, events, removal mid-command, CLI.

Run inside scripts/with-virtual-tokens.sh (see CMakeLists.txt), which starts the tokens and
exports VTOKEN_*; needs at least one spare reader slot:
  test_with_tokens.py HOST_BINARY
"""
import json
import subprocess
import sys
import time
import unittest

from hostdriver import Host, SpareToken, insert_token, remove_token, tokens_from_env

HOST = sys.argv[1]
TOKENS = tokens_from_env()
MODELS = [t["model"] for t in TOKENS]
FKN_MODELS = {"rutoken-ecp-2.0-3000", "rutoken-ecp-3.0-3100", "rutoken-ecp-3.0-3220"}


class TokensTest(unittest.TestCase):
    def start(self):
        host = Host(HOST)
        self.addCleanup(host.kill)
        return host

    def finish(self, host):
        self.assertEqual(host.close(), 0, host.stderr())
        self.assertEqual(host.stream_errors, [], "stdout must carry only valid frames")

    def spare(self, model, extra_args=()):
        token = SpareToken(model, 0, extra_args)
        self.addCleanup(token.stop)
        return token

    def test_list_devices_identifies_each_model(self):
        host = self.start()
        result = host.call("listDevices")["result"]
        devices = result["devices"]
        self.assertEqual(sorted(d["model"] for d in devices), sorted(MODELS))
        self.assertEqual(len({d["id"] for d in result["devices"]}), len(result["devices"]))
        for device in devices:
            self.assertTrue(device["known"], device)
            self.assertRegex(device["serial"], r"^[0-9A-F]{8}$")
            self.assertRegex(device["atr"], r"^3B[0-9A-F]+$")
            self.assertTrue(device["modes"], device)
            self.assertEqual(device["selectedMode"], device["modes"][0])
            self.assertEqual(device["modes"][-1], "passive")
            self.assertEqual("fkn" in device["modes"], device["model"] in FKN_MODELS, device)
        self.assertEqual(result["environment"]["platform"], "linux")
        self.finish(host)

    def test_minimum_filters_devices(self):
        host = self.start()
        everything = host.call("listDevices")["result"]["devices"]
        result = host.call("listDevices", {"minimum": "fkn"})["result"]
        self.assertTrue(all("fkn" in d["modes"] or "fkn-nfc" in d["modes"] for d in result["devices"]))
        self.assertEqual(len(result["devices"]) + result["excluded"], len(everything))
        self.assertGreater(result["excluded"], 0)
        reply = host.call("listDevices", {"minimum": "strong"})
        self.assertEqual(reply["error"]["code"], "INVALID_PARAMS")
        self.assertEqual(reply["error"]["param"], "minimum")
        self.finish(host)

    def test_get_device_info_with_pin_status(self):
        host = self.start()
        device = host.call("listDevices")["result"]["devices"][0]
        info = host.call("getDeviceInfo", {"deviceId": device["id"]})["result"]["device"]
        self.assertEqual(info["id"], device["id"])
        self.assertEqual(info["model"], device["model"])
        self.assertTrue(info["pins"]["user"]["supported"])
        self.assertIsInstance(info["pins"]["user"]["retriesLeft"], int)
        reply = host.call("getDeviceInfo", {"deviceId": "rutoken-lite-FFFFFFFF"})
        self.assertEqual(reply["error"]["code"], "DEVICE_NOT_FOUND")
        self.finish(host)

    def test_insertion_and_removal_events(self):
        host = self.start()
        before = host.call("listDevices")["result"]["devices"]
        time.sleep(0.5)  # give the monitor time to take its first snapshot
        # A token appears in a new reader, is pulled, put back, and goes away for good.
        token = self.spare("rutoken-ecp-2.0-3000")
        inserted = host.wait_event(lambda e: e["event"] == "deviceInserted")
        self.assertEqual(inserted["device"]["model"], "rutoken-ecp-2.0-3000")
        self.assertEqual(inserted["device"]["reader"], token.reader)
        listed = host.call("listDevices")["result"]["devices"]
        self.assertEqual(len(listed), len(before) + 1)
        # The event describes the device exactly as listDevices does (same id to act on).
        self.assertIn(inserted["device"]["id"], [d["id"] for d in listed])
        remove_token(token.pid)
        removed = host.wait_event(lambda e: e["event"] == "deviceRemoved")
        self.assertEqual(removed["device"]["id"], inserted["device"]["id"])
        insert_token(token.pid)
        again = host.wait_event(lambda e: e["event"] == "deviceInserted")
        self.assertEqual(again["device"]["id"], inserted["device"]["id"])
        token.stop()
        host.wait_event(lambda e: e["event"] == "deviceRemoved")
        # One of the wrapper's tokens is pulled and put back.
        original = TOKENS[0]
        remove_token(original["pid"])
        self.addCleanup(insert_token, original["pid"])
        removed = host.wait_event(lambda e: e["event"] == "deviceRemoved")
        self.assertEqual(removed["device"]["model"], original["model"])
        self.assertEqual(removed["device"]["reader"], original["reader"])
        insert_token(original["pid"])
        host.wait_event(lambda e: e["event"] == "deviceInserted")
        after = host.call("listDevices")["result"]["devices"]
        self.assertEqual(sorted(d["id"] for d in after), sorted(d["id"] for d in before))
        self.finish(host)

    def test_token_removed_mid_command(self):
        # Each APDU of this token is answered after 1 s; it is pulled while the host waits for
        # the answer to the admin PIN status (the user PIN's status already logged).
        host = self.start()
        host.call("version")  # the host runs (and watches readers) before the token arrives
        token = self.spare("rutoken-ecp-3.0-3220", ["--apdu-delay-ms", "1000"])
        host.wait_event(lambda e: e["event"] == "deviceInserted", timeout=60)
        deadline = time.monotonic() + 60
        while True:  # until the host has read the slow token's info
            device = next((d for d in host.call("listDevices", timeout=60)["result"]["devices"]
                           if d["reader"] == token.reader), {})
            if device.get("model") == "rutoken-ecp-3.0-3220":
                break
            self.assertLess(time.monotonic(), deadline, f"slow token not identified: {device}")
            time.sleep(0.2)
        log_before = token.log_text().count("apdu 00 20 00 02")
        request = host.send("getDeviceInfo", {"deviceId": device["id"]})
        deadline = time.monotonic() + 60
        while token.log_text().count("apdu 00 20 00 02") == log_before:
            self.assertLess(time.monotonic(), deadline, "the host never asked the user PIN status")
            time.sleep(0.02)
        remove_token(token.pid)
        reply = host.reply(request, timeout=60)
        self.assertEqual(reply.get("error", {}).get("code"), "TOKEN_REMOVED", reply)
        # The host goes on serving: a fast command and, once it has seen the removal, the others.
        self.assertIn("result", host.call("version"))
        host.wait_event(lambda e: e["event"] == "deviceRemoved"
                        and e["device"]["reader"] == token.reader, timeout=60)
        devices = host.call("listDevices", timeout=60)["result"]["devices"]
        self.assertEqual(sorted(d["model"] for d in devices), sorted(MODELS))
        self.finish(host)

    def test_concurrent_requests_over_one_connection(self):
        host = self.start()
        ids = [host.send("listDevices") for _ in range(20)] + [host.send("version") for _ in range(20)]
        for request_id in ids:
            self.assertIn("result", host.reply(request_id, timeout=60))
        self.finish(host)

    def test_cli_devices_and_call(self):
        out = subprocess.run([HOST, "devices"], capture_output=True, timeout=60, check=True).stdout
        devices = json.loads(out)
        self.assertEqual(sorted(d["model"] for d in devices), sorted(MODELS))
        for device in devices:
            for field in ("reader", "atr", "model", "connection", "serial", "modes", "selectedMode"):
                self.assertIn(field, device)
        out = subprocess.run([HOST, "call", '{"id":1,"command":"listDevices"}'],
                             capture_output=True, timeout=60).stdout
        reply = json.loads(out)
        self.assertEqual(len(reply["result"]["devices"]), len(json.loads(
            subprocess.run([HOST, "devices"], capture_output=True, timeout=60).stdout)))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
