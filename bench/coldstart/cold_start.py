#!/usr/bin/env python3
"""Host cold start to first answer, against a reference process spawned in the same run.

    cold_start.py HOST_BIN [ROUNDS]        (default 20; alternating, medians)

Each round spawns, in turn:
  reference  `openssl version` (a process that loads libcrypto and prints one line), until exit;
  version    `tokenbridge-host chrome-extension://ID/` (native messaging, as Chrome starts it):
             spawn -> `version` framed request -> its reply;
  listDevices the same, first request `listDevices` (only under scripts/with-virtual-tokens.sh:
             the answer then includes the tokens, PC/SC context and card probes).
After the first answer of the `version` process, 20 more `version` round trips on the warm host
give the warm figure. Prints Markdown rows; not a test.
"""
import json
import os
import statistics
import struct
import subprocess
import sys
import time

EXTENSION_ORIGIN = "chrome-extension://dodihedmbgklmppcafanlehkoljbjalc/"
PAGE_ORIGIN = "https://portal.example"


def frame(message):
    payload = json.dumps(message).encode()
    return struct.pack("<I", len(payload)) + payload


def read_frame(stream):
    header = stream.read(4)
    if len(header) < 4:
        raise RuntimeError("host closed stdout before answering")
    (size,) = struct.unpack("<I", header)
    return json.loads(stream.read(size))


def reference_ms():
    start = time.perf_counter()
    subprocess.run(["openssl", "version"], check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def read_reply(stream):
    """The next reply, skipping the host's events (a token inserted or removed meanwhile)."""
    while True:
        message = read_frame(stream)
        if "event" not in message:
            return message


def host_first_answer_ms(host, command, warm_rounds=0):
    """Spawn -> first reply (ms) and the warm `version` round trips (ms) after it."""
    start = time.perf_counter()
    proc = subprocess.Popen([host, EXTENSION_ORIGIN], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        request = {"id": 1, "command": command}
        if command != "version":
            request["origin"] = PAGE_ORIGIN
        proc.stdin.write(frame(request))
        proc.stdin.flush()
        reply = read_reply(proc.stdout)
        first = (time.perf_counter() - start) * 1000
        if reply.get("id") != 1 or "result" not in reply:
            raise RuntimeError(f"{command}: unexpected reply {reply}")
        warm = []
        for i in range(warm_rounds):
            t0 = time.perf_counter()
            proc.stdin.write(frame({"id": i + 2, "command": "version"}))
            proc.stdin.flush()
            if read_reply(proc.stdout).get("id") != i + 2:
                raise RuntimeError("warm version: reply for another request")
            warm.append((time.perf_counter() - t0) * 1000)
        return first, warm, reply["result"]
    finally:
        proc.stdin.close()
        proc.wait(timeout=20)


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    host = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    with_tokens = int(os.environ.get("VTOKEN_COUNT", "0")) > 0
    reference, version, devices, warm = [], [], [], []
    device_count = 0
    for _ in range(rounds):
        reference.append(reference_ms())
        first, warm_round, _ = host_first_answer_ms(host, "version", warm_rounds=20)
        version.append(first)
        warm.extend(warm_round)
        if with_tokens:
            first, _, result = host_first_answer_ms(host, "listDevices")
            devices.append(first)
            device_count = len(result["devices"])
    ref = statistics.median(reference)
    rows = [("cold start → first `version` reply", statistics.median(version))]
    if with_tokens:
        rows.append((f"cold start → first `listDevices` reply ({device_count} tokens)",
                     statistics.median(devices)))
    print("| measurement | median ms | reference: `openssl version` spawn → exit, median ms "
          "| ratio |")
    print("|---|---|---|---|")
    for what, ms in rows:
        print(f"| {what} | {ms:.1f} | {ref:.1f} | {ms / ref:.2f} |")
    warm_ms = statistics.median(warm)
    print(f"| warm `version` round trip on the same host (pipe, no browser) | {warm_ms:.3f} "
          f"| {ref:.1f} | {warm_ms / ref:.3f} |")
    print(f"\n{rounds} alternating rounds; cold start / warm round trip = "
          f"{statistics.median(version) / warm_ms:.0f}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
