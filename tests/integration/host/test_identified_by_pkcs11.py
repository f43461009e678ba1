"""Identification through the vendor's PKCS#11 interface, end to end (issue 12, item 1).

Every ECP model vtoken emulates, three times under scripts/with-virtual-tokens.sh with the same
card memories (so the same serials), `tokenbridge-host devices` each time:
  1. the token-info object answers and no PKCS#11 module is found: identifiedBy "token-info";
  2. vtoken --hide-token-info (GET DATA 00 CA 01 81 answers 6A88), no module: identifiedBy "atr",
     which proves the object is really hidden;
  3. vtoken --hide-token-info with libvtoken-pkcs11.so as the only module (named explicitly, so
     a vendor library installed on the machine cannot answer instead): identifiedBy "pkcs11",
     and every model, id, version, feature and mode as in run 1.
Needs libvtoken-pkcs11 with Aktiv's extension and vtoken --hide-token-info (branch p11-ext).
  test_identified_by_pkcs11.py HOST_BINARY WITH_VIRTUAL_TOKENS PKCS11_MODULE MODEL...
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HOST, WRAPPER, MODULE = sys.argv[1], sys.argv[2], sys.argv[3]
MODELS = sys.argv[4:]
NO_MODULE = "/nonexistent/tokenbridge-no-pkcs11-module.so"
SAME_FIELDS = ("id", "model", "modelName", "family", "known", "serial", "hardwareVersion",
               "firmwareVersion", "features", "modes", "selectedMode", "extractableOnly")


def list_devices(states, hide_token_info, modules):
    env = dict(os.environ)
    env["VTOKEN_EXTRA_ARGS"] = "--hide-token-info" if hide_token_info else ""
    env["TOKENBRIDGE_PKCS11_MODULES"] = modules
    tokens = [f"{model}:{states[model]}" for model in MODELS]
    run = subprocess.run([WRAPPER, *tokens, "--", HOST, "devices"], env=env,
                         capture_output=True, timeout=240)
    if run.returncode != 0:
        raise AssertionError(f"devices failed ({run.returncode}): {run.stderr.decode()}")
    return {device["model"] if device["known"] else device["reader"]: device
            for device in json.loads(run.stdout)}


class IdentifiedByPkcs11Test(unittest.TestCase):
    def test_every_ecp_model_is_named_through_the_module(self):
        with tempfile.TemporaryDirectory() as root:
            states = {model: os.path.join(root, model) for model in MODELS}
            for path in states.values():
                os.mkdir(path)
            by_object = list_devices(states, hide_token_info=False, modules=NO_MODULE)
            hidden = list_devices(states, hide_token_info=True, modules=NO_MODULE)
            by_module = list_devices(states, hide_token_info=True, modules=MODULE)

        self.assertEqual(sorted(by_object), sorted(MODELS))
        for device in by_object.values():
            self.assertEqual(device["identifiedBy"], "token-info", device)
        for device in hidden.values():
            self.assertEqual(device["identifiedBy"], "atr", device)
            self.assertFalse(device["known"], device)

        self.assertEqual(sorted(by_module), sorted(MODELS))
        for model in MODELS:
            with self.subTest(model=model):
                device = by_module[model]
                self.assertEqual(device["identifiedBy"], "pkcs11", device)
                self.assertTrue(device["known"], device)
                self.assertEqual(device["id"], f"{model}-{device['serial']}")
                for field in SAME_FIELDS:
                    self.assertEqual(device[field], by_object[model][field], field)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
