"""vtoken dies while it writes its state. (1) vtoken --crash-during-write N at every state write
of a passive key generation: card.json.tmp is left half-written, card.json still parses and the
restarted vtoken works from it; the host answers TOKEN_REMOVED and serves on; the key list is the
old one or has one more, whole key. (2) SIGKILL during a burst of writes (three queued key
generations) at several points: the same guarantees.

    test_vtoken_crash.py HOST_BINARY     (under scripts/with-virtual-tokens.sh, one spare reader)
"""
import json
import os
import sys
import unittest

from faultlib import (PIN, Vtoken, call_ok, fresh_host_call, sanitizer_findings, start_host,
                      wait_listed, wait_until)

HOST = sys.argv[1]
MODEL = "rutoken-ecp-2.0-2100"
CRASH_STATUS = 3  # vtoken's exit status after --crash-during-write


class VtokenCrash(unittest.TestCase):
    def setUp(self):
        self.token = Vtoken(MODEL)
        self.addCleanup(self.token.cleanup)
        self.token.start()
        self.host = start_host(HOST, self)
        self.device = wait_listed(self.host, self.token.reader)["id"]

    def keys(self):
        result = call_ok(self.host, "listKeys", {"deviceId": self.device})
        return sorted(k["keyId"] for k in result["keys"])

    def restart(self, *extra):
        self.token.start(*extra)
        wait_listed(self.host, self.token.reader)

    def generate(self):
        return self.host.send("generateKeyPair", {"deviceId": self.device, "mode": "passive",
                                                  "pin": PIN})

    def assert_whole(self, keys):
        for key in keys:
            call_ok(self.host, "createCsr", {"deviceId": self.device, "keyId": key,
                                             "subject": {"CN": "whole"}, "pin": PIN})

    def finish(self):
        fresh = fresh_host_call(HOST, {"id": 1, "command": "listKeys",
                                       "params": {"deviceId": self.device}})
        self.assertEqual(sorted(k["keyId"] for k in fresh["result"]["keys"]), self.keys())
        self.assertEqual(sanitizer_findings(self.host), [])
        self.assertEqual(self.host.close(), 0, self.host.stderr())
        self.assertEqual(self.host.stream_errors, [])

    def test_crash_at_every_state_write_of_a_key_generation(self):
        tmp = os.path.join(self.token.state, "card.json.tmp")
        keys = self.keys()
        for write in range(1, 100):
            self.token.stop()
            self.token.wait_absent()
            self.restart("--crash-during-write", str(write))
            reply = self.host.reply(self.generate(), timeout=60)
            if "result" in reply:
                self.assertIsNone(self.token.proc.poll(), "vtoken exited although it answered")
                keys.append(reply["result"]["key"]["keyId"])
                break
            self.assertEqual(self.token.proc.wait(10), CRASH_STATUS, f"write {write}: {reply}")
            self.assertEqual(reply["error"]["code"], "TOKEN_REMOVED", f"write {write}: {reply}")
            with open(tmp, encoding="utf-8") as f:  # the crash hit the middle of the write
                with self.assertRaises(ValueError):
                    json.load(f)
            self.token.card()  # card.json parses: the old state
            self.token.wait_absent()
            self.restart()  # the restarted vtoken works from that state
            after = self.keys()
            self.assertTrue(set(keys) <= set(after) and len(after) - len(keys) <= 1,
                            f"write {write}: {keys} -> {after}")
            keys = after
        else:
            self.fail("the key generation never completed")
        self.assertGreaterEqual(write, 4, "too few state writes: was the fault armed?")
        self.assertEqual(self.keys(), sorted(keys))
        self.assert_whole(keys)
        print(f"crash points tested: {write - 1}", file=sys.stderr)
        self.finish()

    def test_sigkill_during_a_burst_of_writes(self):
        keys = self.keys()
        for kill_after in (1, 4, 9):
            writes = self.token.log_text().count("apdu 00 D6")
            requests = [self.generate() for _ in range(3)]
            wait_until(lambda: self.token.log_text().count("apdu 00 D6") >= writes + kill_after,
                       30, what=f"{kill_after} UPDATE BINARY")
            self.token.kill()
            for request in requests:
                reply = self.host.reply(request, timeout=60)
                if "error" in reply:
                    self.assertIn(reply["error"]["code"], ("TOKEN_REMOVED", "DEVICE_NOT_FOUND"),
                                  reply)
            self.token.card()  # parses
            self.token.wait_absent()
            self.restart()
            after = self.keys()
            self.assertTrue(set(keys) <= set(after) and len(after) - len(keys) <= 3,
                            f"kill after {kill_after}: {keys} -> {after}")
            self.assert_whole(sorted(set(after) - set(keys)))
            keys = after
        self.finish()


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
