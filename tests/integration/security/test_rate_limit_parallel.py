"""The per-origin PIN rate limit holds across tokens under parallel requests, through the real
host (docs/security.md "Rate limits"): one page origin sends a wrong PIN to six tokens at once
(two per mode; the requests overlap on the host's workers); at most 3 reach a token (PIN_INCORRECT), the others are RATE_LIMITED, and the tokens'
own counters together lost exactly as many tries as PIN_INCORRECT answers came back. A limiter
that checked before and recorded after each attempt lets every one through
(6 tries spent: the test fails).

Run inside scripts/with-virtual-tokens.sh with 2 x rutoken-lite, 2 x rutoken-ecp-2.0-2100,
2 x rutoken-ecp-3.0-3220 (CMakeLists.txt):
  test_rate_limit_parallel.py HOST_BINARY
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "host"))
from hostdriver import Host  # noqa: E402

HOST = sys.argv[1]
WRONG_PIN = "97531864"
ORIGIN = "https://portal.example"
OTHER_ORIGIN = "https://other.example"
MODES = {"rutoken-lite": "passive", "rutoken-ecp-2.0-2100": "active", "rutoken-ecp-3.0-3220": "fkn"}
LIMIT = 3


class ParallelRateLimitTest(unittest.TestCase):
    def test_parallel_wrong_pins_to_several_tokens_reach_at_most_three(self):
        host = Host(HOST)
        self.addCleanup(host.kill)
        devices = [d for d in host.call("listDevices", origin=OTHER_ORIGIN)["result"]["devices"]
                   if d["model"] in MODES]
        self.assertEqual(len(devices), 6, devices)

        def tries(device):
            reply = host.call("getDeviceInfo", {"deviceId": device["id"]}, origin=OTHER_ORIGIN)
            return reply["result"]["device"]["pins"]["user"]["retriesLeft"]

        before = {d["id"]: tries(d) for d in devices}
        # All sent before any answer is read: the host runs them in parallel (one per token).
        ids = [host.send("generateKeyPair", {"deviceId": d["id"], "mode": MODES[d["model"]],
                                             "pin": WRONG_PIN}, origin=ORIGIN) for d in devices]
        codes = [host.reply(i, timeout=60)["error"]["code"] for i in ids]
        reached = codes.count("PIN_INCORRECT")
        self.assertEqual(reached + codes.count("RATE_LIMITED"), len(devices), codes)
        self.assertLessEqual(reached, LIMIT, codes)
        self.assertGreater(reached, 0, codes)
        spent = sum(before[d["id"]] - tries(d) for d in devices)
        self.assertEqual(spent, reached, f"card tries spent {spent}, answers {codes}")
        # Another origin is not limited by these failures.
        other = host.call("generateKeyPair", {"deviceId": devices[0]["id"], "mode": "passive",
                                              "pin": WRONG_PIN}, origin=OTHER_ORIGIN)
        self.assertEqual(other["error"]["code"], "PIN_INCORRECT", other)
        self.assertEqual(host.close(), 0, host.stderr())


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
