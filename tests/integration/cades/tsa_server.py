#!/usr/bin/env python3
"""A local RFC 3161 timestamp server for the tests: `openssl ts -reply` behind http.server.

  tsa_server.py WORK_DIR     (OPENSSL_CONF loads the gost engine; WORK_DIR holds tsa.key,
                              tsa.pem, tsa.cnf) prints its port, then serves until killed.
POST /tsa          a real answer
POST /garbage      200 with bytes that are no TimeStampResp
POST /wrong-nonce  a real, signed answer to the same imprint with another nonce
GET  /ca.der       the CA certificate (WORK_DIR/ca.der); /ca.crl its CRL
GET  /count        how many POSTs arrived (a refused request must not reach the server)
"""
import http.server
import os
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import der  # noqa: E402

WORK = sys.argv[1]
LOCK = threading.Lock()
COUNT = [0]


def reply(query):
    with tempfile.TemporaryDirectory(dir=WORK) as scratch:
        with open(os.path.join(scratch, "q.tsq"), "wb") as f:
            f.write(query)
        subprocess.run(["openssl", "ts", "-reply", "-queryfile", f"{scratch}/q.tsq",
                        "-inkey", f"{WORK}/tsa.key", "-signer", f"{WORK}/tsa.pem",
                        "-config", f"{WORK}/tsa.cnf", "-section", "tsa_config1",
                        "-out", f"{scratch}/r.tsr"], check=True, capture_output=True)
        with open(os.path.join(scratch, "r.tsr"), "rb") as f:
            return f.read()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, body, status=200, kind="application/timestamp-reply"):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path in ("/ca.der", "/ca.crl"):  # caIssuers, crlDistributionPoints
            with open(os.path.join(WORK, self.path[1:]), "rb") as f:
                self.answer(f.read(), kind="application/octet-stream")
            return
        self.answer(str(COUNT[0]).encode(), kind="text/plain")

    def do_POST(self):
        query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with LOCK:
            COUNT[0] += 1
        if self.path == "/garbage":
            self.answer(b"\x30\x03\x02\x01\x00 this is not a timestamp")
        elif self.path == "/wrong-nonce":
            self.answer(reply(der.flip_nonce(query)))
        else:
            self.answer(reply(query))


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
