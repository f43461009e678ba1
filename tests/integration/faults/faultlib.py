"""Helpers shared by the fault and concurrency tests (tests/integration/faults, concurrency).

Every test runs under scripts/with-virtual-tokens.sh (its VTOKEN_* environment) and drives the
real tokenbridge-host in native messaging mode through tests/integration/host/hostdriver.py.
Tokens are vtokens the test starts itself in the wrapper's spare readers, with a state
directory that outlives restarts, so a test can kill, crash and restart them.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "host"))

from hostdriver import Host, frame  # noqa: E402  (re-exported for the tests)

sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "scripts"))
from gost_openssl_conf import engineConfig  # noqa: E402

PIN = "12345678"
ORIGIN = "https://portal.example"
HOST_ENV = {"TOKENBRIDGE_CSP": "5.0-R3", "TOKENBRIDGE_PLATFORM": "linux"}
# What the sanitizers print when they find something (the host is built with them in the
# sanitizer build; the text never appears otherwise).
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:")

__all__ = ["Host", "frame", "PIN", "ORIGIN", "Vtoken", "start_host", "wait_until",
           "wait_listed", "call_ok", "TestCa", "sanitizer_findings", "fresh_host_call"]


def wait_until(predicate, timeout=15.0, step=0.02, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(step)


class SharedHost(Host):
    """hostdriver.Host that several threads may use: one frame at a time on stdin, unique ids."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._send_lock = threading.Lock()

    def send(self, command, params=None, origin=ORIGIN, request_id=None):
        with self._send_lock:
            if request_id is None:
                request_id = self._next_id
                self._next_id += 1
            return super().send(command, params, origin, request_id)


def start_host(binary, test=None):
    env = dict(os.environ, **HOST_ENV)
    host = SharedHost(binary, env=env)
    if test is not None:
        test.addCleanup(host.kill)
    return host


def sanitizer_findings(host):
    text = "".join(host.stderr_lines)
    return [line for line in text.splitlines() if any(m in line for m in SANITIZER_MARKS)]


def call_ok(host, command, params=None, timeout=60, origin=ORIGIN):
    reply = host.call(command, params, origin=origin, timeout=timeout)
    if "result" not in reply:
        raise AssertionError(f"{command} {params}: {reply}")
    return reply["result"]


def wait_listed(host, reader, timeout=20):
    """Polls listDevices until the token in `reader` is listed and identified (its id no longer
    the ATR-only "reader:..." form); returns its Device object."""
    def listed():
        reply = host.call("listDevices", origin=ORIGIN, timeout=timeout)
        for device in reply.get("result", {}).get("devices", []):
            if device["reader"] == reader and not device["id"].startswith("reader:"):
                return device
        return None
    return wait_until(listed, timeout, 0.05, f"the host to list the token in {reader}")


def fresh_host_call(binary, request, pin=False, timeout=60):
    """One request through a new host process (`tokenbridge-host call`), as a later session
    would see the token."""
    args = [binary, "call"]
    pin_file = None
    if pin:
        pin_file = tempfile.NamedTemporaryFile("w", delete=False)
        pin_file.write(PIN)
        pin_file.close()
        args += ["--pin-file", pin_file.name]
    try:
        out = subprocess.run(args + [json.dumps(request)], capture_output=True, timeout=timeout,
                             env=dict(os.environ, **HOST_ENV))
    finally:
        if pin_file:
            os.unlink(pin_file.name)
    for mark in SANITIZER_MARKS:
        assert mark.encode() not in out.stderr, out.stderr.decode(errors="replace")[-3000:]
    return json.loads(out.stdout)


class Vtoken:
    """A vtoken in spare reader `spare` of the wrapper, with a persistent state directory."""

    def __init__(self, model, spare=0, serial=None):
        prefix = f"VTOKEN_SPARE_{spare}_"
        self.model = model
        self.port = os.environ[prefix + "PORT"]
        self.reader = os.environ[prefix + "READER"]
        self.dir = tempfile.mkdtemp(prefix="tb-faults-")
        self.state = os.path.join(self.dir, "state")
        self.log = os.path.join(self.dir, "vtoken.log")
        self.fault_file = os.path.join(self.dir, "fault")
        self.serial = serial
        self.proc = None

    def start(self, *extra, wait=True):
        args = [os.environ["VTOKEN_BIN"], "--model", self.model, "--state", self.state,
                "--port", self.port, "--log", self.log, "--fault-file", self.fault_file, *extra]
        if self.serial:
            args += ["--serial", self.serial]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if wait:
            self.wait_present()
        return self

    def wait_present(self, timeout_ms=10000):
        subprocess.run([os.environ["VTOKEN_WAIT_BIN"], "--timeout-ms", str(timeout_ms),
                        self.reader], check=True, stdout=subprocess.DEVNULL)

    def wait_absent(self, timeout_ms=10000):
        subprocess.run([os.environ["VTOKEN_WAIT_BIN"], "--absent", "--timeout-ms",
                        str(timeout_ms), self.reader], check=True, stdout=subprocess.DEVNULL)

    def arm(self, n):
        """The n-th APDU from the next one on is never answered and the card leaves its
        reader (vtoken --fault-file); 0 disarms."""
        with open(self.fault_file + ".tmp", "w") as f:
            f.write(str(n))
        os.rename(self.fault_file + ".tmp", self.fault_file)

    def faults_logged(self):
        return self.log_text().count("fault at APDU")

    def pull(self):
        os.kill(self.proc.pid, signal.SIGUSR1)

    def insert(self):
        os.kill(self.proc.pid, signal.SIGUSR2)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def card(self):
        """card.json parsed (raises if it is not valid JSON: a half-written state)."""
        with open(os.path.join(self.state, "card.json"), encoding="utf-8") as f:
            return json.load(f)

    def log_text(self):
        try:
            with open(self.log, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class TestCa:
    """A GOST test CA made with the openssl CLI and the gost engine (app-local config)."""

    CONF_EXTRA = """[req]
distinguished_name = req_dn
prompt = no
[req_dn]
CN = tokenbridge fault-test CA
[v3_user]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
"""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="tb-ca-")
        self.conf = os.path.join(self.dir, "openssl.cnf")
        with open(self.conf, "w") as f:
            f.write(engineConfig(self.CONF_EXTRA))
        self.env = dict(os.environ, OPENSSL_CONF=self.conf)
        self.key = os.path.join(self.dir, "ca.key")
        self.cert = os.path.join(self.dir, "ca.pem")
        self._run("genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A",
                  "-out", self.key)
        self._run("req", "-new", "-x509", "-key", self.key, "-md_gost12_256", "-days", "30",
                  "-out", self.cert)
        self._serial = 0

    def _run(self, *args, data=None):
        return subprocess.run(["openssl", *args], input=data, capture_output=True, check=True,
                              env=self.env).stdout

    def issue(self, csr_pem):
        self._serial += 1
        csr = os.path.join(self.dir, f"{self._serial}.csr")
        with open(csr, "w") as f:
            f.write(csr_pem)
        return self._run("x509", "-req", "-in", csr, "-CA", self.cert, "-CAkey", self.key,
                         "-set_serial", str(self._serial), "-md_gost12_256", "-days", "10",
                         "-extfile", self.conf, "-extensions", "v3_user").decode()

    def verify(self, cms_der, data):
        """True if openssl accepts the detached CMS for `data` with this CA."""
        cms = os.path.join(self.dir, "sig.p7s")
        content = os.path.join(self.dir, "content.bin")
        with open(cms, "wb") as f:
            f.write(cms_der)
        with open(content, "wb") as f:
            f.write(data)
        result = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                                 cms, "-content", content, "-CAfile", self.cert, "-out",
                                 os.devnull], capture_output=True, env=self.env)
        return result.returncode == 0

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def enroll(host, ca, device_id, mode, label="fault-test"):
    """A key with a CA certificate on the token; returns its keyId."""
    result = call_ok(host, "generateKeyPair", {"deviceId": device_id, "mode": mode,
                                               "label": label, "pin": PIN})
    key = result["key"]["keyId"]
    csr = call_ok(host, "createCsr", {"deviceId": device_id, "keyId": key,
                                      "subject": {"CN": label}, "pin": PIN})["csr"]
    call_ok(host, "importCertificate", {"deviceId": device_id, "certificate": ca.issue(csr),
                                        "pin": PIN})
    return key
