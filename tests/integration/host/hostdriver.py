"""Drives the real tokenbridge-host as a child process over pipes in native messaging mode.

Every byte the host writes to stdout is parsed as frames by a reader thread; anything that is
not a complete frame holding a JSON object is recorded as a stream error (tests assert none).
"""
import json
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import threading

EXTENSION_ORIGIN = "chrome-extension://dodihedmbgklmppcafanlehkoljbjalc/"
PAGE_ORIGIN = "https://portal.example"


def frame(message):
    payload = message if isinstance(message, bytes) else json.dumps(message).encode()
    return struct.pack("<I", len(payload)) + payload


class Host:
    def __init__(self, binary, args=(EXTENSION_ORIGIN,), env=None):
        self.proc = subprocess.Popen([binary, *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=env)
        self.all_messages = []
        self.stream_errors = []
        self.stderr_lines = []
        self._replies = {}
        self._events = []
        self._lock = threading.Condition()
        self._next_id = 1
        self._threads = [threading.Thread(target=self._read_stdout, daemon=True),
                         threading.Thread(target=self._read_stderr, daemon=True)]
        for thread in self._threads:
            thread.start()

    def _read_exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.proc.stdout.read(n - len(data))
            if not chunk:
                return data
            data += chunk
        return data

    def _read_stdout(self):
        while True:
            header = self._read_exact(4)
            if not header:
                break
            if len(header) < 4:
                self.stream_errors.append(f"stdout ends inside a header: {header!r}")
                break
            (size,) = struct.unpack("<I", header)
            if size >= 1024 * 1024:
                self.stream_errors.append(f"frame of {size} bytes exceeds the browser limit")
            payload = self._read_exact(size)
            if len(payload) < size:
                self.stream_errors.append("stdout ends inside a frame")
                break
            try:
                message = json.loads(payload.decode("utf-8"))
                if not isinstance(message, dict):
                    raise ValueError("not an object")
            except ValueError as error:
                self.stream_errors.append(f"invalid frame {payload[:80]!r}: {error}")
                continue
            with self._lock:
                self.all_messages.append(message)
                if "event" in message:
                    self._events.append(message)
                else:
                    self._replies.setdefault(json.dumps(message.get("id")), []).append(message)
                self._lock.notify_all()

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line.decode("utf-8", "replace"))

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, command, params=None, origin=PAGE_ORIGIN, request_id=None):
        if request_id is None:
            request_id = self._next_id
            self._next_id += 1
        request = {"id": request_id, "command": command}
        if origin is not None:
            request["origin"] = origin
        if params is not None:
            request["params"] = params
        self.send_raw(frame(request))
        return request_id

    def reply(self, request_id, timeout=20):
        key = json.dumps(request_id)
        with self._lock:
            if not self._lock.wait_for(lambda: self._replies.get(key), timeout):
                raise TimeoutError(f"no reply for id {request_id!r}; stderr: {self.stderr()}")
            return self._replies[key].pop(0)

    def call(self, command, params=None, origin=PAGE_ORIGIN, timeout=20):
        return self.reply(self.send(command, params, origin), timeout)

    def wait_event(self, predicate, timeout=20):
        with self._lock:
            found = []

            def match():
                for event in self._events:
                    if predicate(event):
                        found.append(event)
                        self._events.remove(event)
                        return True
                return False

            if not self._lock.wait_for(match, timeout):
                raise TimeoutError(f"no matching event; events: {self._events}")
            return found[0]

    def close(self, timeout=20):
        """Closes stdin (what a browser does) and returns the exit status."""
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        status = self.proc.wait(timeout)
        for thread in self._threads:  # they end at end of output: every byte is parsed
            thread.join(timeout)
        return status

    def stderr(self):
        return "".join(self.stderr_lines)[-2000:]

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for thread in self._threads:
            thread.join(5)
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                pipe.close()
            except OSError:
                pass


def tokens_from_env():
    """The tokens scripts/with-virtual-tokens.sh started for us (its VTOKEN_* variables)."""
    tokens = []
    for i in range(int(os.environ.get("VTOKEN_COUNT", "0"))):
        prefix = f"VTOKEN_{i}_"
        tokens.append({key.lower(): os.environ.get(prefix + key, "")
                       for key in ("MODEL", "CONNECTION", "PID", "PORT", "READER", "LOG")})
        tokens[-1]["pid"] = int(tokens[-1]["pid"])
    return tokens


def remove_token(pid):
    os.kill(pid, signal.SIGUSR1)


def insert_token(pid):
    os.kill(pid, signal.SIGUSR2)


class SpareToken:
    """One more vtoken, started by the test in a free slot of the wrapper's pcscd, stopped by
    its own PID."""

    def __init__(self, model, spare_index=0, extra_args=()):
        prefix = f"VTOKEN_SPARE_{spare_index}_"
        self.model = model
        self.port = os.environ[prefix + "PORT"]
        self.reader = os.environ[prefix + "READER"]
        self.dir = tempfile.mkdtemp(prefix="tb-host-test-")
        self.log = os.path.join(self.dir, "vtoken.log")
        self.proc = subprocess.Popen(
            [os.environ["VTOKEN_BIN"], "--model", model, "--state", os.path.join(self.dir, "state"),
             "--port", self.port, "--log", self.log, *extra_args],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    @property
    def pid(self):
        return self.proc.pid

    def wait_present(self, timeout_ms=10000):
        subprocess.run([os.environ["VTOKEN_WAIT_BIN"], "--timeout-ms", str(timeout_ms), self.reader],
                       check=True, stdout=subprocess.DEVNULL)

    def log_text(self):
        try:
            with open(self.log, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
            # pcscd shows the card a while after vtoken is gone: the next spare token in this
            # reader would not be an insertion to a host started meanwhile.
            subprocess.run([os.environ["VTOKEN_WAIT_BIN"], "--absent", "--timeout-ms", "10000",
                            self.reader], check=True, stdout=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)
