"""installer/install.sh --user (docs/security.md, "Installation"): what it installs cannot be
changed by other users, and the native messaging manifests admit only our extension.

  test_installer.py REPO HOST_BINARY

Runs the installer with HOME pointing at a scratch directory (nothing outside it is touched), under
a permissive umask (000) so that modes come from the installer, not from the caller's umask.
"""
import base64
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

REPO, HOST = sys.argv[1], sys.argv[2]
NAME = "ru.tokenbridge.host"
FIREFOX_ID = "tokenbridge@tokenbridge.example"


def chromium_extension_id():
    """The id Chromium derives from the manifest's public key: sha256 of the DER, first 32 hex
    digits mapped 0-f -> a-p."""
    with open(os.path.join(REPO, "extension", "manifest.json"), encoding="utf-8") as f:
        key = base64.b64decode(json.load(f)["key"])
    digest = hashlib.sha256(key).hexdigest()[:32]
    return "".join(chr(ord("a") + int(c, 16)) for c in digest)


def browsers():
    """(browser, template, per-user directory) rows of manifests/locations.tsv."""
    rows = []
    with open(os.path.join(REPO, "manifests", "locations.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                browser, template, user_dir, _ = line.rstrip("\n").split("\t")
                rows.append((browser, template, user_dir))
    return rows


class InstallerTest(unittest.TestCase):
    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="tb-install-")
        self.addCleanup(shutil.rmtree, self.home, True)

    def run_installer(self, *args):
        env = dict(os.environ, HOME=self.home)
        return subprocess.run(["bash", "-c", 'umask 000; exec "$@"', "install",
                               os.path.join(REPO, "installer", "install.sh"), *args],
                              env=env, capture_output=True, text=True, check=True)

    def assert_not_writable_by_others(self, path):
        mode = os.stat(path).st_mode
        self.assertEqual(mode & (stat.S_IWGRP | stat.S_IWOTH), 0,
                         f"{path} is writable by others: {oct(mode)}")
        self.assertEqual(os.stat(path).st_uid, os.getuid(), path)

    def test_user_install_is_private_and_admits_only_our_extension(self):
        self.run_installer("--user", "--all-browsers", "--host", HOST)
        host = os.path.join(self.home, ".local", "lib", "tokenbridge", "tokenbridge-host")
        self.assertTrue(os.access(host, os.X_OK))
        with open(host, "rb") as installed, open(HOST, "rb") as built:
            self.assertEqual(installed.read(), built.read())
        # The host and every directory above it inside HOME: a writable one would let another
        # user swap the binary the browser starts.
        path = host
        while path != self.home:
            self.assert_not_writable_by_others(path)
            path = os.path.dirname(path)

        expected_origin = f"chrome-extension://{chromium_extension_id()}/"
        for browser, template, user_dir in browsers():
            with self.subTest(browser=browser):
                manifest_path = os.path.join(self.home, user_dir, f"{NAME}.json")
                self.assert_not_writable_by_others(manifest_path)
                self.assert_not_writable_by_others(os.path.dirname(manifest_path))
                with open(manifest_path, encoding="utf-8") as f:
                    manifest = json.load(f)
                self.assertEqual(manifest["name"], NAME)
                self.assertEqual(manifest["type"], "stdio")
                self.assertEqual(manifest["path"], host, "an absolute path to the installed host")
                if template == "chromium":
                    self.assertEqual(manifest["allowed_origins"], [expected_origin])
                    self.assertNotIn("allowed_extensions", manifest)
                else:
                    self.assertEqual(manifest["allowed_extensions"], [FIREFOX_ID])
                    self.assertNotIn("allowed_origins", manifest)

        self.run_installer("--uninstall", "--user")
        self.assertFalse(os.path.exists(host))
        for _, _, user_dir in browsers():
            self.assertFalse(os.path.exists(os.path.join(self.home, user_dir, f"{NAME}.json")))

    def test_extension_id_in_the_templates_is_the_manifest_key(self):
        with open(os.path.join(REPO, "manifests", f"{NAME}.chromium.json.in"), encoding="utf-8") as f:
            self.assertEqual(json.load(f)["allowed_origins"],
                             [f"chrome-extension://{chromium_extension_id()}/"])
        with open(os.path.join(REPO, "extension", "manifest.json"), encoding="utf-8") as f:
            gecko = json.load(f)["browser_specific_settings"]["gecko"]["id"]
        with open(os.path.join(REPO, "manifests", f"{NAME}.firefox.json.in"), encoding="utf-8") as f:
            self.assertEqual(json.load(f)["allowed_extensions"], [gecko])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
