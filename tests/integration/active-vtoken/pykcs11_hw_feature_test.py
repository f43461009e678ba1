"""The token-info hardware feature object of Aktiv's extension in libvtoken-pkcs11.so, read by
PyKCS11 (Debian's python3-pykcs11, a client nobody here wrote) the way Aktiv's own apps look for
it (AktivCo/rutoken-tech-android TokenModel.kt): a search for CKO_HW_FEATURE of type
CKH_VENDOR_DEFINED + 1, then CKA_VENDOR_MODEL_NAME (CKA_VENDOR_DEFINED | 0x3010) and the current /
supported interfaces (| 0x3003 / | 0x3004); and CK_TOKEN_INFO's versions.

    pykcs11_hw_feature_test.py MODULE   (under scripts/with-virtual-tokens.sh; models below)
"""
import os
import sys
import unittest

import PyKCS11

MODULE = sys.argv.pop(1)

CKH_VENDOR_TOKEN_INFO = PyKCS11.CKH_VENDOR_DEFINED + 1
CKA_VENDOR_CURRENT_TOKEN_INTERFACE = PyKCS11.CKA_VENDOR_DEFINED | 0x3003
CKA_VENDOR_SUPPORTED_TOKEN_INTERFACE = PyKCS11.CKA_VENDOR_DEFINED | 0x3004
CKA_VENDOR_MODEL_NAME = PyKCS11.CKA_VENDOR_DEFINED | 0x3010
USB, BT, ISO, NFC_B = 0x01, 0x02, 0x08, 0x20

# model -> (hw, fw, contact interface, supported interfaces, name or None): the table of Aktiv's
# apps as docs/vtoken.md "Models" gives it; a name only from firmware 32.
MODELS = {
    "rutoken-2151": ((70, 0), (32, 0), USB, USB, "Рутокен 2151"),
    "smartcard-rutoken-2151": ((70, 0), (32, 0), ISO, ISO, "Смарт-карта Рутокен 2151"),
    "rutoken-ecp-2.0-3000": ((20, 0), (26, 0), USB, USB, None),
    "rutoken-ecp-3.0-3220": ((65, 0), (30, 0), USB, USB, None),
    "rutoken-ecp-bluetooth": ((20, 0), (23, 0), BT, USB | BT, None),
    "rutoken-ecp-3.0-nfc-3100": ((60, 0), (30, 0), USB, USB | NFC_B, None),
    "rutoken-lite": ((20, 0), (20, 0), USB, USB, None),
}


def ulong(value):
    """A vendor attribute PyKCS11 does not know comes back as its raw bytes (a native CK_ULONG)."""
    return int.from_bytes(bytes(value), sys.byteorder)


class HwFeature(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lib = PyKCS11.PyKCS11Lib()
        cls.lib.load(MODULE)
        cls.slots = {}
        for slot in cls.lib.getSlotList(tokenPresent=True):
            cls.slots[cls.lib.getSlotInfo(slot).slotDescription.strip()] = slot

    def tokens(self):
        count = int(os.environ["VTOKEN_COUNT"])
        self.assertGreater(count, 0)
        for i in range(count):
            env = lambda name: os.environ[f"VTOKEN_{i}_{name}"]
            yield env("MODEL"), env("CONNECTION"), self.slots[env("READER")]

    def test_versions(self):
        for model, _, slot in self.tokens():
            with self.subTest(model=model):
                info = self.lib.getTokenInfo(slot)
                hw, fw = MODELS[model][0], MODELS[model][1]
                self.assertEqual(tuple(info.hardwareVersion), hw)
                self.assertEqual(tuple(info.firmwareVersion), fw)

    def test_token_info_feature(self):
        for model, connection, slot in self.tokens():
            with self.subTest(model=model, connection=connection):
                _, _, contact, supported, name = MODELS[model]
                session = self.lib.openSession(slot)
                found = session.findObjects([
                    (PyKCS11.CKA_CLASS, PyKCS11.CKO_HW_FEATURE),
                    (PyKCS11.CKA_HW_FEATURE_TYPE, CKH_VENDOR_TOKEN_INFO),
                ])
                self.assertEqual(len(found), 1)
                current_value, supported_value = session.getAttributeValue(
                    found[0],
                    [CKA_VENDOR_CURRENT_TOKEN_INTERFACE, CKA_VENDOR_SUPPORTED_TOKEN_INTERFACE],
                )
                self.assertEqual(ulong(current_value), NFC_B if connection == "nfc" else contact)
                self.assertEqual(ulong(supported_value), supported)
                # PyKCS11 gives None for an attribute the object does not have
                # (CKR_ATTRIBUTE_TYPE_INVALID).
                (value,) = session.getAttributeValue(found[0], [CKA_VENDOR_MODEL_NAME],
                                                     allAsBinary=True)
                if name is None:
                    self.assertIsNone(value)
                else:
                    self.assertEqual(bytes(value).decode("utf-8"), name)
                # Not among the objects of a search that does not ask for hardware features.
                self.assertNotIn(found[0].value(), [o.value() for o in session.findObjects()])
                session.closeSession()


if __name__ == "__main__":
    unittest.main(verbosity=2)
