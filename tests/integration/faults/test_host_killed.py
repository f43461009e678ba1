"""The host killed (SIGKILL) with requests in flight: a streamed sign (chunks queued, signFinish
behind them) and a key generation that is writing to the token. Afterwards the token's state is
the old one or the new one (card.json parses; the key list is the old one or has one more, whole
key), and a new host process serves the token at once: it lists, generates and signs (the
signature verifies).

    test_host_killed.py HOST_BINARY      (under scripts/with-virtual-tokens.sh, one spare reader)
"""
import base64
import os
import sys
import unittest

from faultlib import (PIN, TestCa, Vtoken, call_ok, enroll, sanitizer_findings, start_host,
                      wait_listed, wait_until)

HOST = sys.argv[1]
CHUNK = 1024 * 1024


class HostKilled(unittest.TestCase):
    def test_kill_with_a_stream_and_a_key_generation_in_flight(self):
        token = Vtoken("rutoken-ecp-2.0-2100")
        self.addCleanup(token.cleanup)
        # Each APDU takes 15 ms: the key generation's writes span a few hundred ms, so the kill
        # after its first CREATE FILE lands in the middle of them.
        token.start("--apdu-delay-ms", "15")
        ca = TestCa()
        self.addCleanup(ca.cleanup)
        host = start_host(HOST, self)
        device = wait_listed(host, token.reader)["id"]
        key = enroll(host, ca, device, "passive")
        before = sorted(k["keyId"] for k in call_ok(host, "listKeys", {"deviceId": device})["keys"])

        stream = call_ok(host, "sign", {"deviceId": device, "keyId": key,
                                        "stream": "start"})["streamId"]
        chunk = base64.b64encode(os.urandom(CHUNK)).decode()
        appends = [host.send("signAppend", {"streamId": stream, "offset": i * CHUNK,
                                            "data": chunk}) for i in range(6)]
        finish = host.send("signFinish", {"streamId": stream, "pin": PIN})
        creates = token.log_text().count("apdu 00 E0")
        generate = host.send("generateKeyPair", {"deviceId": device, "mode": "passive",
                                                 "pin": PIN})
        # Mid-write: the new container's first file exists, the directory is not committed yet.
        wait_until(lambda: token.log_text().count("apdu 00 E0") > creates, 30,
                   what="the key generation to write")
        host.proc.kill()
        host.proc.wait(10)
        answered = {json_id for json_id in (*appends, finish, generate) if host._replies.get(
            str(json_id))}
        self.assertNotIn(generate, answered, "the key generation finished before the kill")

        token.card()  # parses
        second = start_host(HOST, self)
        again = wait_listed(second, token.reader)
        self.assertEqual(again["id"], device)
        after = sorted(k["keyId"] for k in call_ok(second, "listKeys", {"deviceId": device})["keys"])
        self.assertTrue(set(before) <= set(after) and len(after) - len(before) <= 1,
                        f"{before} -> {after}")
        for new_key in set(after) - set(before):
            call_ok(second, "createCsr", {"deviceId": device, "keyId": new_key,
                                          "subject": {"CN": "whole"}, "pin": PIN})
        generated = call_ok(second, "generateKeyPair", {"deviceId": device, "mode": "passive",
                                                        "pin": PIN})
        self.assertEqual(generated["key"]["mode"], "passive")
        document = b"signed by the next host"
        cms = call_ok(second, "sign", {"deviceId": device, "keyId": key,
                                       "data": base64.b64encode(document).decode(),
                                       "pin": PIN})["cms"]
        self.assertTrue(ca.verify(base64.b64decode(cms), document))
        self.assertEqual(sanitizer_findings(host), [])
        self.assertEqual(sanitizer_findings(second), [])
        self.assertEqual(second.close(), 0, second.stderr())
        self.assertEqual(second.stream_errors, [])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
