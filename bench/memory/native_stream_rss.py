#!/usr/bin/env python3
"""Signs a file through the real host in native-messaging mode, as the extension does: sign
stream start, signAppend chunks, then signFinish with `params.pin` (the extension adds the PIN
from its PIN window; a page never can). Reports the host process's peak RSS (VmHWM, read before
the host exits) and writes the DER CMS.

    native_stream_rss.py HOST DEVICE_ID KEY_ID FILE CHUNK_BYTES PIN_FILE OUT
Prints one JSON line: {"bytes", "chunks", "seconds", "hostPeakRssKiB"}.
"""
import base64
import json
import struct
import subprocess
import sys
import time

ORIGIN = "https://example.com"


def exchange(host, request_id, command, params):
    body = json.dumps({"id": request_id, "command": command, "origin": ORIGIN,
                       "params": params}).encode()
    host.stdin.write(struct.pack("=I", len(body)) + body)
    host.stdin.flush()
    while True:  # skip events, wait for our reply
        header = host.stdout.read(4)
        if len(header) < 4:
            raise SystemExit("host closed the pipe")
        (size,) = struct.unpack("=I", header)
        message = json.loads(host.stdout.read(size))
        if message.get("id") == request_id:
            if "result" not in message:
                raise SystemExit(f"{command}: {message.get('error')}")
            return message["result"]


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def main():
    host_bin, device, key, path, chunk, pin_file, out = sys.argv[1:8]
    chunk = int(chunk)
    with open(pin_file) as f:
        pin = f.read().rstrip("\n")
    host = subprocess.Popen([host_bin, "--native"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    started = time.monotonic()
    stream = exchange(host, 1, "sign", {"deviceId": device, "keyId": key,
                                        "stream": "start"})["streamId"]
    chunks = total = 0
    with open(path, "rb") as document:
        while data := document.read(chunk):
            exchange(host, 2 + chunks, "signAppend", {"streamId": stream, "offset": total,
                                                      "data": base64.b64encode(data).decode()})
            chunks += 1
            total += len(data)
    finished = exchange(host, 10**9, "signFinish", {"streamId": stream, "pin": pin})
    seconds = time.monotonic() - started
    peak = peak_rss_kib(host.pid)
    host.stdin.close()
    host.wait(timeout=10)
    with open(out, "wb") as f:
        f.write(base64.b64decode(finished["cms"]))
    print(json.dumps({"bytes": total, "chunks": chunks, "seconds": round(seconds, 2),
                      "hostPeakRssKiB": peak}))


if __name__ == "__main__":
    main()
