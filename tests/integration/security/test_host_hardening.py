"""The running tokenbridge-host keeps its memory to itself (docs/security.md, "Process hardening"):
no core dumps (RLIMIT_CORE 0/0) and not dumpable, so another process of the same user can neither
open /proc/<pid>/mem nor get a core file of it.

  test_host_hardening.py HOST_BINARY

The host runs as an unprivileged user: `nobody` when the test runs as root (root could read any
process's memory anyway), else the current user. A `sleep` of the same user is the control: its
/proc/<pid>/mem opens, so the refusal for the host is the hardening and not the environment (with
Yama's ptrace_scope >= 1 the control is skipped; the /proc ownership checks do not depend on it).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "host"))
from hostdriver import Host  # noqa: E402

HOST = sys.argv[1]
NOBODY = 65534


def as_user(uid):
    def drop():
        if os.getuid() == 0:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
    return drop


def can_open_mem_as(uid, pid):
    """Whether a process of `uid` can open /proc/<pid>/mem for reading (what a memory scraper does)."""
    probe = ("import sys\ntry:\n    open(f'/proc/{sys.argv[1]}/mem', 'rb').close()\n"
             "except OSError:\n    sys.exit(1)\n")
    result = subprocess.run([sys.executable, "-c", probe, str(pid)], preexec_fn=as_user(uid))
    return result.returncode == 0


def yama_ptrace_scope():
    """Yama (if present) also refuses /proc/<pid>/mem of non-descendants from scope 1 on."""
    try:
        with open("/proc/sys/kernel/yama/ptrace_scope", encoding="ascii") as f:
            return int(f.read())
    except OSError:
        return 0


class HostHardeningTest(unittest.TestCase):
    def setUp(self):
        self.uid = NOBODY if os.getuid() == 0 else os.getuid()
        # A copy the unprivileged user can surely execute (the build tree may sit in /root).
        self.dir = tempfile.mkdtemp(prefix="tb-hardening-")
        os.chmod(self.dir, 0o755)
        self.binary = os.path.join(self.dir, "tokenbridge-host")
        shutil.copy(HOST, self.binary)
        os.chmod(self.binary, 0o755)
        self.addCleanup(shutil.rmtree, self.dir, True)

    def test_host_is_not_dumpable_and_has_no_core_limit(self):
        host = self._start_as_user()
        # `version` answered: main() has run.
        self.assertIn("result", host.call("version", origin=None))
        pid = host.proc.pid
        self.assertEqual(self._status_uid(pid), self.uid, "the host runs as the unprivileged user")
        # Non-dumpable: the kernel hands the files of /proc/<pid> to root.
        for name in ("status", "mem", "environ"):
            self.assertEqual(os.stat(f"/proc/{pid}/{name}").st_uid, 0, name)
        with open(f"/proc/{pid}/limits", encoding="ascii") as f:
            core = next(line for line in f if line.startswith("Max core file size")).split()
        self.assertEqual(core[4:6], ["0", "0"], f"soft and hard core limits: {core}")
        self.assertFalse(can_open_mem_as(self.uid, pid), "same-user process read the host's memory")
        if yama_ptrace_scope() == 0:
            # The control: without Yama, only the hardening can explain the refusal above.
            self.assert_control_readable()
        self.assertEqual(host.close(), 0, host.stderr())
        self.assertNotIn("process hardening", host.stderr())

    def assert_control_readable(self):
        control = subprocess.Popen(["sleep", "30"], preexec_fn=as_user(self.uid))
        self.addCleanup(control.wait)
        self.addCleanup(control.kill)
        time.sleep(0.2)
        self.assertEqual(os.stat(f"/proc/{control.pid}/mem").st_uid, self.uid)
        self.assertTrue(can_open_mem_as(self.uid, control.pid),
                        "control: a dumpable process of the same user is readable")

    def _start_as_user(self):
        env = {"PATH": "/usr/bin:/bin", "TOKENBRIDGE_LOG": "debug"}
        if os.getuid() == 0:  # setpriv execs the host: same PID
            host = Host("/usr/bin/setpriv", args=(f"--reuid={self.uid}", f"--regid={self.uid}",
                                                  "--clear-groups", self.binary, "--native"), env=env)
        else:
            host = Host(self.binary, args=("--native",), env=env)
        self.addCleanup(host.kill)
        return host

    @staticmethod
    def _status_uid(pid):
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            line = next(line for line in f if line.startswith("Uid:"))
        return int(line.split()[1])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
