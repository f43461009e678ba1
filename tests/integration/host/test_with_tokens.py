"""tokenbridge-host against real pcscd + vpcd + vtoken: devices, events, removal mid-command, CLI.

Run inside scripts/with-virtual-tokens.sh (see CMakeLists.txt), which starts the tokens and
exports VTOKEN_*; needs at least one spare reader slot:
  test_with_tokens.py HOST_BINARY
"""
import json
import os
import subprocess
import sys
import time
import unittest

from hostdriver import Host, SpareToken, insert_token, remove_token, tokens_from_env

HOST = sys.argv[1]
TOKENS = tokens_from_env()
MODELS = [t["model"] for t in TOKENS]
FKN_MODELS = {"rutoken-ecp-2.0-3000", "rutoken-ecp-3.0-3100", "rutoken-ecp-3.0-3220"}
PIN = "12345678"  # vtoken's factory user PIN


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

    def host_with(self, csp, platform="linux"):
        host = Host(HOST, env=dict(os.environ, TOKENBRIDGE_CSP=csp, TOKENBRIDGE_PLATFORM=platform))
        self.addCleanup(host.kill)
        return host

    def spare_device(self, host, token):
        deadline = time.monotonic() + 30
        while True:
            device = next((d for d in host.call("listDevices", timeout=60)["result"]["devices"]
                           if d["reader"] == token.reader), {})
            if device.get("model") == token.model:
                return device
            self.assertLess(time.monotonic(), deadline, f"spare token not identified: {device}")
            time.sleep(0.2)

    def assert_refused(self, host, device, mode):
        reply = host.call("generateKeyPair", {"deviceId": device["id"], "mode": mode, "pin": PIN},
                          timeout=60)
        self.assertEqual(reply.get("error", {}).get("code"), "MODE_NOT_SUPPORTED", reply)
        self.assertEqual(reply["error"]["requested"], mode)
        self.assertEqual(reply["error"]["available"], device["modes"])

    def test_no_new_key_where_the_table_lists_no_mode_but_old_keys_stay(self):
        # Рутокен 2151: passive + active-pkcs11 under CSP 5.0-R3, no mode at all under 4.0-R4.
        token = self.spare("rutoken-2151")
        token.wait_present()
        r3 = self.host_with("5.0-R3")
        device = self.spare_device(r3, token)
        self.assertEqual(device["modes"], ["active-pkcs11", "passive"])
        made = r3.call("generateKeyPair", {"deviceId": device["id"], "mode": "passive", "pin": PIN},
                       timeout=60)
        key = made["result"]["key"]
        self.finish(r3)

        r4 = self.host_with("4.0-R4")
        device = self.spare_device(r4, token)
        self.assertEqual(device["modes"], [])
        for mode in ("passive", "auto", "active", "fkn"):
            self.assert_refused(r4, device, mode)
        # The key written under 5.0-R3 is still the user's: listed and usable.
        listed = r4.call("listKeys", {"deviceId": device["id"]}, timeout=60)["result"]["keys"]
        self.assertEqual([k["keyId"] for k in listed], [key["keyId"]])
        self.assertEqual(listed[0]["mode"], "passive")
        # Used: the token's key file is decrypted and signs a certification request.
        csr = r4.call("createCsr", {"deviceId": device["id"], "keyId": key["keyId"],
                                    "subject": {"CN": "kept"}, "pin": PIN}, timeout=60)
        self.assertIn("csr", csr.get("result", {}), csr)
        self.finish(r4)

    def test_no_passive_key_where_the_table_lists_only_fkn(self):
        # The NFC 3100 over contact on Android: fkn only (footnote 1: no passive, no active).
        token = self.spare("rutoken-ecp-3.0-nfc-3100")
        token.wait_present()
        host = self.host_with("5.0-R3", "android")
        device = self.spare_device(host, token)
        self.assertEqual(device["modes"], ["fkn"])
        self.assert_refused(host, device, "passive")
        self.assert_refused(host, device, "active")
        # exportable asks for a passive key: refused as well.
        reply = host.call("generateKeyPair", {"deviceId": device["id"], "exportable": True,
                                              "pin": PIN}, timeout=60)
        self.assertEqual(reply.get("error", {}).get("code"), "MODE_NOT_SUPPORTED", reply)
        made = host.call("generateKeyPair", {"deviceId": device["id"], "pin": PIN}, timeout=60)
        self.assertEqual(made.get("result", {}).get("mode"), "fkn", made)
        self.assertEqual(made["result"]["extractable"], False)
        self.assertEqual(made["result"]["key"]["extractableFrom"], "fkn-session")
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
