#!/usr/bin/env python3
"""Streams a file to the real host in native-messaging mode (sign stream start, signAppend
chunks, signFinish) and reports the host process's peak RSS (VmHWM from /proc/<pid>/status).

signFinish is sent without a PIN on purpose: it must answer PIN_REQUIRED and keep the stream
(what the extension relies on before it asks the user; a resent signFinish with params.pin would
then sign it — bench/memory/native_stream_rss.py does that). The memory figure covers the whole
transfer and hashing, which is where a document's size could matter.

    native_stream_probe.py HOST DEVICE_ID KEY_ID FILE CHUNK_BYTES
Prints one JSON line: {"bytes", "chunks", "seconds", "hostPeakRssKiB", "finish"}.
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
    while True:  # skip events (deviceInserted, ...), wait for our reply
        header = host.stdout.read(4)
        if len(header) < 4:
            raise SystemExit("host closed the pipe")
        (size,) = struct.unpack("=I", header)
        message = json.loads(host.stdout.read(size))
        if message.get("id") == request_id:
            return message


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def main():
    host_bin, device, key, path, chunk = sys.argv[1:6]
    chunk = int(chunk)
    host = subprocess.Popen([host_bin, "--native"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    started = time.monotonic()
    reply = exchange(host, 1, "sign", {"deviceId": device, "keyId": key, "stream": "start"})
    if "result" not in reply:
        raise SystemExit(f"sign start: {reply}")
    stream = reply["result"]["streamId"]
    chunks = 0
    total = 0
    with open(path, "rb") as document:
        while True:
            data = document.read(chunk)
            if not data:
                break
            reply = exchange(host, 2 + chunks, "signAppend",
                             {"streamId": stream, "offset": total,
                              "data": base64.b64encode(data).decode()})
            if "result" not in reply:
                raise SystemExit(f"signAppend: {reply}")
            chunks += 1
            total += len(data)
    received = reply["result"]["received"] if chunks else 0
    finish = exchange(host, 10**9, "signFinish", {"streamId": stream})
    seconds = time.monotonic() - started
    peak = peak_rss_kib(host.pid)
    host.stdin.close()
    host.wait(timeout=10)
    print(json.dumps({"bytes": total, "received": received, "chunks": chunks,
                      "seconds": round(seconds, 2), "hostPeakRssKiB": peak,
                      "finish": finish.get("error", {}).get("code", "result")}))


if __name__ == "__main__":
    main()
