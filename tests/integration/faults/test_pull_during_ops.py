"""A token pulled at every APDU of an operation (vtoken --fault-file: the N-th APDU is never
answered and the card leaves its reader, as a real pull mid-command does). For each N until the
operation completes untouched: the host answers TOKEN_REMOVED, the card's state is the old one or
the new one (never half: card.json parses, the key list is the before or the after set, every
listed key is whole), and the same host process serves the next request once the token is back.

    test_pull_during_ops.py HOST_BINARY OPERATION...
OPERATION: passive-keygen | active-keygen | passive-sign | active-sign. The operations given run
at the same time, each on its own token (one spare reader each), through one host process.
Operations through the PKCS#11 module must not run next to others: the module's token discovery
talks to every token and would shift their APDU counts.
"""
import base64
import re
import sys
import threading
import unittest

from faultlib import (PIN, TestCa, Vtoken, call_ok, enroll, fresh_host_call, sanitizer_findings,
                      start_host, wait_listed, wait_until)

HOST = sys.argv[1]
OPERATIONS = sys.argv[2:]
MODEL = "rutoken-ecp-2.0-2100"  # crypto core: passive and active keys
FKN_MODEL = "rutoken-ecp-3.0-3220"  # FKN: SESPAKE (80 5A/5B/5C), then protected APDUs
KEY_MODE = {"passive": "passive", "active": "active-pkcs11", "fkn": "fkn"}
MAX_POINTS = 200  # a bound for a runaway loop; the operations take far fewer APDUs
# After an active key generation the module lists the card's objects (LIST OBJECTS 80 48 00 00)
# and reads each (READ OBJECT 80 48 01 ref), and each generation pulled after its GENERATE KEY
# PAIR leaves one more key: pulled one read at a time that enumeration grows as fast as the loop
# advances and the loop never ends (the "hang" at the 7th point). The enumeration only reads, so
# once a LIST OBJECTS was pulled, only every READ_STRIDE-th READ OBJECT is; every other APDU
# (the writes SET ATTRIBUTES 80 DA before the listing included) is still pulled one by one.
READ_STRIDE = 8
LIST_OBJECTS = re.compile(r"\((80|8C) 48 00 00\)")
OBJECT_READ = re.compile(r"\((80|8C) 48 01 [0-9A-F]{2}\)")


class PointLoop:
    """One operation on one token, interrupted at every APDU in turn."""

    def __init__(self, test, host, token, operation):
        self.t = test
        self.host = host
        self.token = token
        self.operation = operation
        self.mode = operation.split("-")[0]
        self.device = wait_listed(host, token.reader)["id"]
        self.points = 0

    def keys(self):
        """(keyId, hasCertificate) of every key the token holds, read by the running host."""
        result = call_ok(self.host, "listKeys", {"deviceId": self.device})
        return sorted((k["keyId"], k["hasCertificate"]) for k in result["keys"])

    def card_objects(self):
        """card.json without the PIN counters (it must parse: never half-written). The FKN
        credential carries SESPAKE's counters, which a pulled handshake may move (START pays the
        try before any EC work); the rest of it (Q_PW, salt, parameters) must not change."""
        card = {k: v for k, v in self.token.card().items() if k != "pins"}
        credential = card.get("extensions", {}).get("fkn", {}).get("credential")
        if credential:
            # TokenCredential::serialize() ends with 6 x uint32 LE: limits, then the 3 counters (24 hex).
            card["extensions"]["fkn"]["credential"] = credential[:-24]
        return card

    def user_pin(self):
        pin = self.token.card()["pins"]["user"]
        return pin["triesLeft"], pin["maxTries"]

    def last_fault(self):
        return [line for line in self.token.log_text().splitlines() if "fault at APDU" in line][-1]

    def back_in(self):
        """The pulled token goes back once PC/SC saw it leave; the host lists it again."""
        self.token.wait_absent()
        self.token.insert()
        self.token.wait_present()
        wait_listed(self.host, self.token.reader)
        # Listed again is not yet served again: pcscd may report the reinsertion in two steps
        # (seen on FKN tokens: one DEVICE_NOT_FOUND right after the listing). Bounded wait.
        wait_until(lambda: "result" in self.host.call("listKeys", {"deviceId": self.device}),
                   10, 0.05, "the host to serve the reinserted token")

    def run_points(self, send, check_consistent):
        """Pulls at APDU 1, 2, ... of `send()` until it completes untouched; returns the
        completed reply."""
        t = self.t
        n = 0
        listing = False
        for point in range(1, MAX_POINTS):
            last = self.last_fault() if n else ""
            listing = listing or bool(LIST_OBJECTS.search(last))
            # An FKN signature is short (~20 APDUs) and changes nothing on the card: pulled at
            # every APDU, the SESPAKE handshake after the listing included. (Active signing
            # enumerates ~100 objects through the module: strided reads keep it under a minute.)
            stride = 1 if self.operation == "fkn-sign" else READ_STRIDE
            n += stride if listing and OBJECT_READ.search(last) else 1
            before = self.keys()
            card_before = self.card_objects()
            faults = self.token.faults_logged()
            self.token.arm(n)
            reply = send()
            pulled = self.token.faults_logged() > faults
            if "result" in reply and not pulled:
                self.token.arm(0)
                self.points = point - 1
                return reply
            t.assertTrue(pulled, f"{self.operation} point {n}: {reply}")
            if "result" in reply:
                # Done before the pull: only the closing logout (VERIFY P1 FF) may go unanswered,
                # and the card's session ends with its removal anyway.
                t.assertRegex(self.last_fault(), r"\(00 20 FF 0[12]\)", f"point {n}: {reply}")
            else:
                t.assertEqual(reply["error"]["code"], "TOKEN_REMOVED",
                              f"{self.operation} point {n} {self.last_fault()}: {reply}")
            self.back_in()
            check_consistent(n, before, self.keys(), card_before)
        t.fail(f"{self.operation} never completed")

    def run(self):
        (self.keygen if self.operation.endswith("keygen") else self.sign)()
        t = self.t
        # Interrupted PIN checks (VERIFY, or a SESPAKE run cut after its START) may each have
        # cost a try; the completed operation's successful check gave them all back.
        left, most = self.user_pin()
        t.assertEqual(left, most, "the PIN's tries were not restored")
        t.assertGreaterEqual(self.points, 3, "suspiciously few APDUs: was the fault armed?")
        # A new host process sees exactly what the running one sees.
        fresh = fresh_host_call(HOST, {"id": 1, "command": "listKeys",
                                       "params": {"deviceId": self.device}})
        t.assertEqual(sorted((k["keyId"], k["hasCertificate"]) for k in fresh["result"]["keys"]),
                      self.keys())
        print(f"{self.operation}: {self.points} interruption points", file=sys.stderr)
        pulled = re.findall(r"fault at APDU (#\d+ \([0-9A-F ]+\))", self.token.log_text())
        print(f"{self.operation}: pulled at {', '.join(pulled)}", file=sys.stderr)

    # -- key generation: the key list is the old one or has exactly one more, whole key ------

    def keygen(self):
        t = self.t
        generated = []

        def send():
            return self.host.call("generateKeyPair", {"deviceId": self.device, "mode": self.mode,
                                                      "label": "pulled", "pin": PIN}, timeout=60)

        def check(n, before, after, _card):
            added = sorted(set(after) - set(before))
            t.assertTrue(set(before) <= set(after), f"point {n}: keys lost: {before} {after}")
            t.assertLessEqual(len(added), 1, f"point {n}: {added}")
            generated.extend(key for key, _ in added)

        reply = self.run_points(send, check)
        generated.append(reply["result"]["key"]["keyId"])
        t.assertEqual(reply["result"]["key"]["mode"], KEY_MODE[self.mode])
        # Every key that exists is whole: the token signs a CSR with it (passive: the private
        # part decrypts and matches the public one).
        for key in generated:
            call_ok(self.host, "createCsr", {"deviceId": self.device, "keyId": key,
                                             "subject": {"CN": "whole"}, "pin": PIN})
        t.assertEqual(sorted(k for k, _ in self.keys()), sorted(generated))

    # -- signing: nothing on the card changes; the finished signature verifies --------------

    def sign(self):
        t = self.t
        ca = TestCa()
        t.addCleanup(ca.cleanup)
        key = enroll(self.host, ca, self.device, self.mode)
        document = b"signed while the token is pulled " * 10

        def send():
            return self.host.call("sign", {"deviceId": self.device, "keyId": key,
                                           "data": base64.b64encode(document).decode(),
                                           "pin": PIN}, timeout=60)

        def check(n, before, after, card_before):
            t.assertEqual(after, before, f"point {n}")
            t.assertEqual(self.card_objects(), card_before, f"point {n}: the card changed")

        reply = self.run_points(send, check)
        t.assertTrue(ca.verify(base64.b64decode(reply["result"]["cms"]), document))


class PullDuringOperations(unittest.TestCase):
    def test_operations(self):
        host = start_host(HOST, self)
        loops = []
        for index, operation in enumerate(OPERATIONS):
            # Every other spare reader: the two slots of one vpcd entry share a driver instance,
            # and a pull in one slot must not touch the other token.
            token = Vtoken(FKN_MODEL if operation.startswith("fkn") else MODEL, 2 * index)
            self.addCleanup(token.cleanup)
            token.start()
            loops.append(PointLoop(self, host, token, operation))
        failures = []

        def run(loop):
            try:
                loop.run()
            except BaseException as error:  # reported by the main thread
                failures.append(error)

        threads = [threading.Thread(target=run, args=(loop,)) for loop in loops]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]
        self.assertEqual(sanitizer_findings(host), [])
        self.assertEqual(host.close(), 0, host.stderr())
        self.assertEqual(host.stream_errors, [])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
