"""pcscd restarted under a running host (native messaging mode): while pcscd is down the host
keeps running, reports the token removed (event) and answers PCSC_UNAVAILABLE; once pcscd and the
token are back it reports the token inserted and serves it again, in the same process.

    test_pcscd_restart.py HOST_BINARY      (under scripts/with-virtual-tokens.sh, one spare reader)
"""
import os
import signal
import subprocess
import sys
import time
import unittest

from faultlib import (PIN, Vtoken, call_ok, sanitizer_findings, start_host, wait_listed,
                      wait_until)

HOST = sys.argv[1]
PID_FILE = "/run/pcscd/pcscd.pid"


def pcscd_pid():
    try:
        with open(PID_FILE, "rb") as f:  # the file ends with a NUL byte
            return int(bytes(c for c in f.read() if 48 <= c <= 57) or b"0")
    except (OSError, ValueError):
        return 0


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


class PcscdRestart(unittest.TestCase):
    def test_host_survives_pcscd_restart(self):
        token = Vtoken("rutoken-ecp-3.0-3220")
        self.addCleanup(token.cleanup)
        token.start()
        host = start_host(HOST, self)
        device = wait_listed(host, token.reader)
        time.sleep(0.3)  # the monitor's first snapshot includes the token

        old = pcscd_pid()
        self.assertGreater(old, 0, "no pcscd pid file")
        os.kill(old, signal.SIGTERM)
        wait_until(lambda: not alive(old), 10, what="pcscd to exit")

        removed = host.wait_event(lambda e: e["event"] == "deviceRemoved"
                                  and e["device"]["id"] == device["id"])
        self.assertEqual(removed["device"]["reader"], token.reader)
        for command, params in (("listDevices", None),
                                ("getDeviceInfo", {"deviceId": device["id"]}),
                                ("listKeys", {"deviceId": device["id"]})):
            reply = host.call(command, params, origin="https://portal.example")
            self.assertEqual(reply.get("error", {}).get("code"), "PCSC_UNAVAILABLE",
                             f"{command}: {reply}")
        self.assertIn("result", host.call("version"))

        # The same configuration as the wrapper's pcscd; ours is stopped at the end (the wrapper
        # stops only the pcscd it started, which is gone).
        conf = os.path.join(os.environ.get("VTOKEN_PCSC_CONF", "/tmp/tokenbridge-vpcd"), "conf")
        pcscd = subprocess.Popen(["pcscd", "-f", "-c", conf], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        self.addCleanup(lambda: (pcscd.terminate(), pcscd.wait(10)))

        # vtoken reconnects by itself; the host finds the token again without a restart.
        inserted = host.wait_event(lambda e: e["event"] == "deviceInserted"
                                   and e["device"]["id"] == device["id"], timeout=30)
        self.assertEqual(inserted["device"]["reader"], token.reader)
        again = wait_listed(host, token.reader)
        self.assertEqual(again["id"], device["id"])
        info = call_ok(host, "getDeviceInfo", {"deviceId": device["id"]})["device"]
        self.assertEqual(info["pins"]["user"]["retriesLeft"], 10)
        result = call_ok(host, "generateKeyPair", {"deviceId": device["id"], "mode": "passive",
                                                   "pin": PIN})
        self.assertEqual(result["key"]["mode"], "passive")

        self.assertEqual(sanitizer_findings(host), [])
        self.assertEqual(host.close(), 0, host.stderr())
        self.assertEqual(host.stream_errors, [])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
