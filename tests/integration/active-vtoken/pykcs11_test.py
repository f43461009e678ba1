"""libvtoken-pkcs11.so driven by PyKCS11 (Debian's python3-pykcs11, a client nobody here wrote).

Key generation without a CKA_ID (the module derives it), hash-and-sign with Streebog checked by
`openssl dgst -verify` and the gost engine, C_Digest against `openssl dgst`, C_SetPIN and
C_InitPIN, random numbers, the SO/read-only session rules, and what a token removal does to the
sessions of an application (the token pulled and put back with vtoken's hotplug signals).

    pykcs11_test.py MODULE      (under scripts/with-virtual-tokens.sh with one ECP token)
"""
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import unittest

import PyKCS11
from PyKCS11 import LowLevel

# openssl with the gost engine through the one app-local configuration the tests share.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "scripts"))
from gost_openssl_conf import engineConfig  # noqa: E402

MODULE = sys.argv.pop(1)
USER_PIN = "12345678"
SO_PIN = "87654321"

# TC26 values (p11-kit's pkcs11x.h; Aktiv's rtpkcs11t.h, mirrored in AktivCo/pkcs11jna, names
# them CKM_GOSTR3410_WITH_GOSTR3411_12_256 etc.).
CKK_GOSTR3410_512 = 0xD4321003
CKM_GOSTR3410_512_KEY_PAIR_GEN = 0xD4321005
CKM_GOSTR3410_512 = 0xD4321006
CKM_GOSTR3410_WITH_GOSTR3411_12_256 = 0xD4321008
CKM_GOSTR3410_WITH_GOSTR3411_12_512 = 0xD4321009
CKM_GOSTR3411_12_256 = 0xD4321012
CKM_GOSTR3411_12_512 = 0xD4321013


def oid(text):
    arcs = [int(a) for a in text.split(".")]
    body = bytes([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        while arc > 0x7F:
            arc >>= 7
            chunk.insert(0, 0x80 | (arc & 0x7F))
        body += bytes(chunk)
    return der(0x06, body)


def der(tag, content):
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    elif n < 0x100:
        length = bytes([0x81, n])
    else:
        length = bytes([0x82, n >> 8, n & 0xFF])
    return bytes([tag]) + length + content


# Per key size: key type, generation and hash-and-sign mechanisms, curve (CryptoPro-A as Aktiv's
# samples; tc26 512-A), Streebog parameter OID, SubjectPublicKeyInfo algorithm (RFC 9215) and
# openssl's digest name.
GOST = {
    256: dict(key_type=PyKCS11.CKK_GOSTR3410, gen=PyKCS11.CKM_GOSTR3410_KEY_PAIR_GEN,
              sign=CKM_GOSTR3410_WITH_GOSTR3411_12_256, raw=PyKCS11.CKM_GOSTR3410,
              digest=CKM_GOSTR3411_12_256, params=oid("1.2.643.2.2.35.1"),
              hash_params=oid("1.2.643.7.1.1.2.2"), spki_alg=oid("1.2.643.7.1.1.1.1"),
              openssl_md="md_gost12_256"),
    512: dict(key_type=CKK_GOSTR3410_512, gen=CKM_GOSTR3410_512_KEY_PAIR_GEN,
              sign=CKM_GOSTR3410_WITH_GOSTR3411_12_512, raw=CKM_GOSTR3410_512,
              digest=CKM_GOSTR3411_12_512, params=oid("1.2.643.7.1.2.1.2.1"),
              hash_params=oid("1.2.643.7.1.1.2.3"), spki_alg=oid("1.2.643.7.1.1.1.2"),
              openssl_md="md_gost12_512"),
}



class Openssl:
    def __init__(self, directory):
        self.dir = directory
        conf = os.path.join(directory, "openssl.cnf")
        with open(conf, "w", encoding="ascii") as f:
            f.write(engineConfig())
        self.env = dict(os.environ, OPENSSL_CONF=conf)

    def run(self, *args, check=True):
        return subprocess.run(["openssl", *args], capture_output=True, env=self.env, check=check)

    def file(self, name, data):
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def public_key_pem(self, value, params, algorithm):
        """SubjectPublicKeyInfo (RFC 9215) from the key's CKA_VALUE and CKA_GOSTR3410_PARAMS."""
        spki = der(0x30, der(0x30, algorithm + der(0x30, params))
                   + der(0x03, b"\x00" + der(0x04, value)))
        return self.run("pkey", "-pubin", "-inform", "DER", "-in", self.file("pub.der", spki),
                        "-out", os.path.join(self.dir, "pub.pem")).returncode == 0

    def verifies(self, md, data, signature):
        result = self.run("dgst", "-" + md, "-verify", os.path.join(self.dir, "pub.pem"),
                          "-signature", self.file("sig.bin", signature),
                          self.file("data.bin", data), check=False)
        return result.returncode == 0 and b"Verified OK" in result.stdout

    def digest(self, md, data):
        return self.run("dgst", "-" + md, "-binary", self.file("data.bin", data)).stdout


def ckr(error):
    return error.exception.value


class ModuleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lib = PyKCS11.PyKCS11Lib()
        cls.lib.load(MODULE)
        slots = cls.lib.getSlotList(tokenPresent=True)
        if len(slots) != 1:
            raise AssertionError(f"one token expected, the module sees {len(slots)}")
        cls.slot = slots[0]
        cls.tmp = tempfile.TemporaryDirectory(prefix="tb-pykcs11-")
        cls.openssl = Openssl(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def session(self, rw=True, login=None, user=PyKCS11.CKU_USER):
        flags = PyKCS11.CKF_SERIAL_SESSION | (PyKCS11.CKF_RW_SESSION if rw else 0)
        session = self.lib.openSession(self.slot, flags)
        self.addCleanup(self.close, session)
        if login is not None:
            session.login(login, user)
        return session

    @staticmethod
    def close(session):
        try:
            session.closeSession()
        except PyKCS11.PyKCS11Error as error:
            if error.value != PyKCS11.CKR_SESSION_HANDLE_INVALID:  # closed by a removal
                raise

    def generate(self, session, size, label, with_id=None):
        g = GOST[size]
        public = [(PyKCS11.CKA_CLASS, PyKCS11.CKO_PUBLIC_KEY), (PyKCS11.CKA_TOKEN, True),
                  (PyKCS11.CKA_KEY_TYPE, g["key_type"]), (PyKCS11.CKA_LABEL, label),
                  (PyKCS11.CKA_GOSTR3410_PARAMS, g["params"]),
                  (PyKCS11.CKA_GOSTR3411_PARAMS, g["hash_params"]), (PyKCS11.CKA_VERIFY, True)]
        private = [(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY), (PyKCS11.CKA_TOKEN, True),
                   (PyKCS11.CKA_KEY_TYPE, g["key_type"]), (PyKCS11.CKA_LABEL, label),
                   (PyKCS11.CKA_PRIVATE, True), (PyKCS11.CKA_SENSITIVE, True),
                   (PyKCS11.CKA_SIGN, True)]
        if with_id is not None:
            public.append((PyKCS11.CKA_ID, with_id))
            private.append((PyKCS11.CKA_ID, with_id))
        pub, priv = session.generateKeyPair(public, private, PyKCS11.Mechanism(g["gen"], None))
        self.addCleanup(self.destroy, priv)
        return pub, priv

    def destroy(self, key):
        session = self.lib.openSession(self.slot,
                                       PyKCS11.CKF_SERIAL_SESSION | PyKCS11.CKF_RW_SESSION)
        try:
            try:
                session.login(USER_PIN)
            except PyKCS11.PyKCS11Error as error:  # the test's session is still logged in
                if error.value != PyKCS11.CKR_USER_ALREADY_LOGGED_IN:
                    raise
            session.destroyObject(key)
        finally:
            session.closeSession()

    def attribute(self, session, key, attribute):
        return bytes(session.getAttributeValue(key, [attribute], allAsBinary=True)[0])

    # --- CKA_ID ------------------------------------------------------------------------------

    def test_key_pair_without_id_gets_the_sha1_of_its_public_key(self):
        session = self.session(login=USER_PIN)
        for size in GOST:
            pub, priv = self.generate(session, size, f"no id {size}")
            value = self.attribute(session, pub, PyKCS11.CKA_VALUE)
            self.assertEqual(len(value), size // 4)
            expected = hashlib.sha1(value).digest()
            self.assertEqual(self.attribute(session, pub, PyKCS11.CKA_ID), expected)
            self.assertEqual(self.attribute(session, priv, PyKCS11.CKA_ID), expected)

    def test_key_pair_keeps_the_id_the_caller_gives(self):
        session = self.session(login=USER_PIN)
        pub, priv = self.generate(session, 256, "given id", with_id=b"\x42\x43")
        self.assertEqual(self.attribute(session, priv, PyKCS11.CKA_ID), b"\x42\x43")
        self.assertEqual(self.attribute(session, pub, PyKCS11.CKA_ID), b"\x42\x43")

    # --- hash-and-sign, digests ----------------------------------------------------------------

    def sign_parts(self, session, key, mechanism, parts):
        low = session.lib
        self.assertEqual(low.C_SignInit(session.session, PyKCS11.Mechanism(mechanism, None)
                                        .to_native(), key), PyKCS11.CKR_OK)
        for part in parts:
            self.assertEqual(low.C_SignUpdate(session.session, PyKCS11.ckbytelist(part)),
                             PyKCS11.CKR_OK)
        signature = PyKCS11.ckbytelist()
        for _ in range(2):  # the size, then the signature
            self.assertEqual(low.C_SignFinal(session.session, signature), PyKCS11.CKR_OK)
        return bytes(signature)

    def test_hash_and_sign_verifies_with_openssl(self):
        session = self.session(login=USER_PIN)
        data = os.urandom(3000)
        for size, g in GOST.items():
            with self.subTest(size=size):
                pub, priv = self.generate(session, size, f"hash-sign {size}")
                self.assertTrue(self.openssl.public_key_pem(
                    self.attribute(session, pub, PyKCS11.CKA_VALUE),
                    self.attribute(session, pub, PyKCS11.CKA_GOSTR3410_PARAMS), g["spki_alg"]))
                one = bytes(session.sign(priv, data, PyKCS11.Mechanism(g["sign"], None)))
                self.assertEqual(len(one), size // 4)
                self.assertTrue(self.openssl.verifies(g["openssl_md"], data, one))
                # The same check fails for other data: the verification is not vacuous.
                self.assertFalse(self.openssl.verifies(g["openssl_md"], data + b"x", one))
                parts = self.sign_parts(session, priv, g["sign"],
                                        [data[:1], data[1:1000], data[1000:]])
                self.assertTrue(self.openssl.verifies(g["openssl_md"], data, parts))
                # Raw mechanism over openssl's digest: what the host does, the same signature
                # scheme (random k, so not the same bytes).
                digest = self.openssl.digest(g["openssl_md"], data)
                raw = bytes(session.sign(priv, digest, PyKCS11.Mechanism(g["raw"], None)))
                self.assertTrue(self.openssl.verifies(g["openssl_md"], data, raw))

    def test_hash_and_sign_refuses_the_other_key_size(self):
        session = self.session(login=USER_PIN)
        _, priv = self.generate(session, 256, "size mismatch")
        with self.assertRaises(PyKCS11.PyKCS11Error) as error:
            session.sign(priv, b"data", PyKCS11.Mechanism(GOST[512]["sign"], None))
        self.assertEqual(ckr(error), PyKCS11.CKR_KEY_TYPE_INCONSISTENT)

    def test_digest_equals_openssl_streebog(self):
        session = self.session(rw=False)
        for size, g in GOST.items():
            # PyKCS11 itself refuses empty input to C_Digest and C_DigestUpdate (ARGUMENTS_BAD
            # without calling the module): the empty message is C_DigestInit + C_DigestFinal.
            empty = session.digestSession(PyKCS11.Mechanism(g["digest"], None))
            self.assertEqual(bytes(empty.final()), self.openssl.digest(g["openssl_md"], b""))
            for data in (b"abc", os.urandom(5000)):
                with self.subTest(size=size, length=len(data)):
                    expected = self.openssl.digest(g["openssl_md"], data)
                    self.assertEqual(len(expected), size // 8)
                    one = bytes(session.digest(data, PyKCS11.Mechanism(g["digest"], None)))
                    self.assertEqual(one, expected)
                    parts = session.digestSession(PyKCS11.Mechanism(g["digest"], None))
                    for i in range(0, len(data), 777):
                        parts.update(data[i:i + 777])
                    self.assertEqual(bytes(parts.final()), expected)

    def test_mechanisms_listed_with_their_functions(self):
        # PyKCS11 names vendor mechanisms CKM_VENDOR_DEFINED_0x... and looks them up by name.
        names = {PyKCS11.CKM[name]: name for name in self.lib.getMechanismList(self.slot)}
        for g in GOST.values():
            for mechanism, flag in ((g["sign"], "CKF_SIGN"), (g["digest"], "CKF_DIGEST")):
                self.assertIn(mechanism, names)
                info = self.lib.getMechanismInfo(self.slot, names[mechanism])
                self.assertIn(flag, info.flags2text())

    # --- PINs ----------------------------------------------------------------------------------

    def test_set_pin_changes_the_user_pin(self):
        session = self.session()
        with self.assertRaises(PyKCS11.PyKCS11Error) as error:
            session.setPin("00000000", "11112222")
        self.assertEqual(ckr(error), PyKCS11.CKR_PIN_INCORRECT)
        with self.assertRaises(PyKCS11.PyKCS11Error) as error:
            session.setPin(USER_PIN, "123")
        self.assertEqual(ckr(error), PyKCS11.CKR_PIN_LEN_RANGE)
        session.setPin(USER_PIN, "11112222")
        try:
            # Not logged in by the change: C_SetPIN leaves the login state as it was.
            self.assertEqual(session.getSessionInfo().state, PyKCS11.CKS_RW_PUBLIC_SESSION)
            with self.assertRaises(PyKCS11.PyKCS11Error) as error:
                session.login(USER_PIN)
            self.assertEqual(ckr(error), PyKCS11.CKR_PIN_INCORRECT)
            session.login("11112222")
            # Logged in: the PIN of the user logged in changes.
            session.setPin("11112222", "33334444")
            session.logout()
            session.login("33334444")
            session.logout()
        finally:
            for old in ("33334444", "11112222"):
                try:
                    session.setPin(old, USER_PIN)
                    break
                except PyKCS11.PyKCS11Error:
                    continue
        session.login(USER_PIN)
        session.logout()

    def test_set_pin_needs_a_read_write_session(self):
        session = self.session(rw=False)
        with self.assertRaises(PyKCS11.PyKCS11Error) as error:
            session.setPin(USER_PIN, "11112222")
        self.assertEqual(ckr(error), PyKCS11.CKR_SESSION_READ_ONLY)

    def test_init_pin_by_the_so_sets_a_new_user_pin(self):
        user = self.session()
        with self.assertRaises(PyKCS11.PyKCS11Error) as error:
            user.initPin("55556666")
        self.assertEqual(ckr(error), PyKCS11.CKR_USER_NOT_LOGGED_IN)
        user.closeSession()
        so = self.session(login=SO_PIN, user=PyKCS11.CKU_SO)
        so.initPin("55556666")
        so.logout()
        try:
            so.login("55556666")
            so.logout()
        finally:
            so.setPin("55556666", USER_PIN)

    # --- sessions --------------------------------------------------------------------------------

    def test_so_login_refused_while_a_read_only_session_is_open(self):
        read_only = self.session(rw=False)
        rw = self.session()
        with self.assertRaises(PyKCS11.PyKCS11Error) as error:
            rw.login(SO_PIN, PyKCS11.CKU_SO)
        self.assertEqual(ckr(error), PyKCS11.CKR_SESSION_READ_ONLY_EXISTS)
        read_only.closeSession()
        rw.login(SO_PIN, PyKCS11.CKU_SO)
        with self.assertRaises(PyKCS11.PyKCS11Error) as error:
            self.lib.openSession(self.slot, PyKCS11.CKF_SERIAL_SESSION)
        self.assertEqual(ckr(error), PyKCS11.CKR_SESSION_READ_WRITE_SO_EXISTS)
        rw.logout()

    def test_random_comes_from_the_card(self):
        session = self.session(rw=False)
        first = bytes(session.generateRandom(1000))
        second = bytes(session.generateRandom(1000))
        self.assertEqual(len(first), 1000)
        self.assertNotEqual(first, second)
        self.assertEqual(len(bytes(session.generateRandom(1))), 1)
        with self.assertRaises(PyKCS11.PyKCS11Error) as error:
            session.seedRandom(b"seed")
        self.assertEqual(ckr(error), PyKCS11.CKR_RANDOM_SEED_NOT_SUPPORTED)

    def test_removal_closes_the_sessions_and_the_login(self):
        session = self.session(login=USER_PIN)
        _, priv = self.generate(session, 256, "survives removal")
        digest = os.urandom(32)
        session.sign(priv, digest, PyKCS11.Mechanism(PyKCS11.CKM_GOSTR3410, None))
        pull_and_reinsert()
        # PKCS#11 closed the sessions of the removed token ...
        with self.assertRaises(PyKCS11.PyKCS11Error) as error:
            session.getSessionInfo()
        self.assertEqual(ckr(error), PyKCS11.CKR_SESSION_HANDLE_INVALID)
        # ... and a new one starts logged out, as the card does after a removal.
        again = self.session()
        self.assertEqual(again.getSessionInfo().state, PyKCS11.CKS_RW_PUBLIC_SESSION)
        again.login(USER_PIN)
        key = again.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY),
                                 (PyKCS11.CKA_LABEL, "survives removal")])
        self.assertEqual(len(key), 1)
        signature = again.sign(key[0], digest, PyKCS11.Mechanism(PyKCS11.CKM_GOSTR3410, None))
        self.assertEqual(len(signature), 64)


def pull_and_reinsert():
    """The token out and back in (vtoken's SIGUSR1/SIGUSR2), seen by PC/SC both times."""
    pid = int(os.environ["VTOKEN_0_PID"])
    reader = os.environ["VTOKEN_0_READER"]
    wait = os.environ["VTOKEN_WAIT_BIN"]
    os.kill(pid, signal.SIGUSR1)
    subprocess.run([wait, "--absent", "--timeout-ms", "10000", reader], check=True,
                   stdout=subprocess.DEVNULL)
    os.kill(pid, signal.SIGUSR2)
    subprocess.run([wait, "--timeout-ms", "10000", reader], check=True,
                   stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    unittest.main(verbosity=2)
