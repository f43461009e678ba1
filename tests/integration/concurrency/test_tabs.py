"""Five "tabs" (origins, request ids) interleave their requests over one native messaging
connection, as the extension multiplexes every tab onto one host, while a long key generation
runs on a slow token (vtoken --apdu-delay-ms).

- listDevices is answered while the long operation runs, in a small part of its duration;
- every reply carries the id of its request and that request's content: each tab signs its own
  documents and each signature verifies against that document only;
- the requests for one token run in the order they arrived: the order in which the token
  computed the signatures (its APDU log) is the order in which the sign requests were sent.

    test_tabs.py HOST_BINARY    (under scripts/with-virtual-tokens.sh, spare readers 0 and 2)
"""
import base64
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "faults"))

from faultlib import (PIN, TestCa, Vtoken, call_ok, enroll, sanitizer_findings,  # noqa: E402
                      start_host, wait_listed)

HOST = sys.argv[1]
TABS = 5
ROUNDS = 3
SLOW_DELAY_MS = 40
PSO = " > 002A9E9A"  # PSO COMPUTE DIGITAL SIGNATURE in vtoken's --apdu-log


def signatures_in_card_order(apdu_log):
    """The signatures (s||r) the token computed, in the order it computed them (log lines are
    "TIME vtoken[PID] > COMMAND" / "... < RESPONSE")."""
    lines = open(apdu_log, encoding="utf-8").read().splitlines()
    found = []
    for i, line in enumerate(lines):
        if PSO in line:
            answer = lines[i + 1].split("< ", 1)[1]
            assert answer.endswith("9000"), answer
            found.append(bytes.fromhex(answer[:-4]))
    return found


def encodings(signature):
    """The card's s||r as it may appear in a CMS signatureValue (CMS keeps s||r; the GOST
    R 34.10 halves are also seen reversed as one little-endian number)."""
    half = len(signature) // 2
    swapped = signature[half:] + signature[:half]
    return (signature, signature[::-1], swapped, swapped[::-1])


class Tabs(unittest.TestCase):
    def test_interleaved_tabs_order_and_listing_during_a_long_operation(self):
        fast = Vtoken("rutoken-ecp-2.0-2100", spare=0)
        self.addCleanup(fast.cleanup)
        apdu_log = os.path.join(fast.dir, "apdu.log")
        fast.start("--apdu-log", apdu_log)
        slow = Vtoken("rutoken-lite", spare=2)  # another vpcd entry (driver instance)
        self.addCleanup(slow.cleanup)
        slow.start("--apdu-delay-ms", str(SLOW_DELAY_MS))
        ca = TestCa()
        self.addCleanup(ca.cleanup)
        host = start_host(HOST, self)
        fast_id = wait_listed(host, fast.reader)["id"]
        slow_id = wait_listed(host, slow.reader, timeout=30)["id"]
        key = enroll(host, ca, fast_id, "active", "tabs")

        # The long operation: a key generation on the slow token (every APDU takes 40 ms).
        long_started = time.monotonic()
        long_op = host.send("generateKeyPair", {"deviceId": slow_id, "mode": "passive",
                                                "pin": PIN})
        time.sleep(0.2)  # it is on the token now

        # The tabs' requests, round-robin: each tab its own origin, ids and documents.
        sent = []  # (id, kind, tab, document) in send order
        for round_ in range(ROUNDS):
            for tab in range(TABS):
                origin = f"https://tab{tab}.example"
                document = f"tab {tab} round {round_} ".encode() * (tab + 1)
                for kind, params in (
                        ("sign", {"deviceId": fast_id, "keyId": key, "pin": PIN,
                                  "data": base64.b64encode(document).decode()}),
                        ("listDevices", None),
                        ("getDeviceInfo", {"deviceId": fast_id})):
                    request_id = f"tab{tab}-{round_}-{kind}"
                    host.send(kind, params, origin=origin, request_id=request_id)
                    sent.append((request_id, kind, tab, document))

        listed_at = time.monotonic()
        listing = host.call("listDevices", origin="https://tab0.example", timeout=60)
        listing_took = time.monotonic() - listed_at
        long_reply = host.reply(long_op, timeout=120)
        long_took = time.monotonic() - long_started
        self.assertIn("result", long_reply)
        self.assertEqual({d["id"] for d in listing["result"]["devices"]}, {fast_id, slow_id})
        self.assertLess(listing_took, long_took / 4,
                        f"listDevices took {listing_took:.3f} s during a {long_took:.3f} s "
                        "operation on another token")

        replies = {request_id: host.reply(request_id, timeout=120) for request_id, *_ in sent}
        signatures = []
        for request_id, kind, tab, document in sent:
            reply = replies[request_id]
            self.assertEqual(reply["id"], request_id)
            self.assertIn("result", reply, reply)
            if kind == "sign":
                cms = base64.b64decode(reply["result"]["cms"])
                self.assertTrue(ca.verify(cms, document), request_id)
                signatures.append((request_id, cms))
            elif kind == "listDevices":
                self.assertEqual({d["id"] for d in reply["result"]["devices"]}, {fast_id, slow_id})
            else:
                self.assertEqual(reply["result"]["device"]["id"], fast_id)
        # A signature answers its own document, not a neighbour's.
        self.assertFalse(ca.verify(base64.b64decode(replies["tab0-0-sign"]["result"]["cms"]),
                                   sent[3][3]))
        self.assertEqual(len({cms for _, cms in signatures}), TABS * ROUNDS)

        # Per-token order: the card computed the signatures in the order they were requested.
        card_order = signatures_in_card_order(apdu_log)
        positions = []
        for request_id, cms in signatures:
            matches = [i for i, signature in enumerate(card_order)
                       if any(form in cms for form in encodings(signature))]
            self.assertEqual(len(matches), 1, f"{request_id}: {len(card_order)} signatures")
            positions.append(matches[0])
        self.assertEqual(positions, sorted(positions), "requests for one token ran out of order")

        self.assertEqual(sanitizer_findings(host), [])
        self.assertEqual(host.close(), 0, host.stderr())
        self.assertEqual(host.stream_errors, [])
        print(f"listDevices {listing_took * 1000:.0f} ms during a {long_took * 1000:.0f} ms "
              "operation", file=sys.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
