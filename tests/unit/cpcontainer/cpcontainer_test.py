#!/usr/bin/env python3
"""Test `cpcontainer.tool`: the independent CryptoPro container tool against public vectors, the
CryptoPro-made sample (tests/data/cryptopro) and OpenSSL's gost engine.

Keys and certificates come from `openssl genpkey`/`req` with the gost engine, so the private and
public keys the tool reads back are checked by code that is not ours. The tool is run as a
command (as the integration tests will run it); its primitives are also checked one by one.
"""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = pathlib.Path(__file__).resolve().parents[3]
TOOLS = REPO / 'tests' / 'tools'

# The one app-local gost configuration of the tests (engine and provider forms).
sys.path.insert(0, str(REPO / 'scripts'))
from gost_openssl_conf import engineConfig, providerConfig  # noqa: E402
TOOL = TOOLS / 'cpcontainer.py'
SAMPLE = REPO / 'tests' / 'data' / 'cryptopro'
SAMPLE_D = '6c58bf608520ed4ab25ec041fcf0b02d88458238ddcf91675696ec150426fc3c'

# OpenSSL 3's CLI signs and makes GOST keys through the gost engine (the provider lacks them).
ENGINE_CNF = engineConfig("""[req]
distinguished_name = req_dn
prompt = no
[req_dn]
CN = cpcontainer test
""")
GOST_PROVIDER_CNF = providerConfig()

# (openssl algorithm, paramset) -> the curve the tool must name
KEY_KINDS = {
    256: ('gost2012_256', 'A', 'CryptoPro-A'),
    512: ('gost2012_512', 'A', 'TC26-512-A'),
}

# Every parameter set of OpenSSL's gost engine (algorithm, size-paramset, the tool's curve name).
CURVE_KINDS = [
    ('gost2012_256', '256A', 'CryptoPro-A'), ('gost2012_256', '256B', 'CryptoPro-B'),
    ('gost2012_256', '256C', 'CryptoPro-C'), ('gost2012_256', '256XA', 'CryptoPro-XchA'),
    ('gost2012_256', '256XB', 'CryptoPro-XchB'), ('gost2012_256', '256TCA', 'TC26-256-A'),
    ('gost2012_256', '256TCB', 'TC26-256-B'), ('gost2012_256', '256TCC', 'TC26-256-C'),
    ('gost2012_256', '256TCD', 'TC26-256-D'), ('gost2012_512', '512A', 'TC26-512-A'),
    ('gost2012_512', '512B', 'TC26-512-B'), ('gost2012_512', '512C', 'TC26-512-C'),
]


class Tool:
    """Runs cpcontainer.py and openssl in a scratch directory."""

    def __init__(self, work):
        self.work = pathlib.Path(work)
        (self.work / 'engine.cnf').write_text(ENGINE_CNF)
        self.env = dict(os.environ, OPENSSL_CONF=str(self.work / 'engine.cnf'))

    def run(self, *args, check=True):
        return subprocess.run([sys.executable, str(TOOL), *map(str, args)], env=self.env,
                              capture_output=True, text=True, check=check)

    def openssl(self, *args, **kw):
        return subprocess.run(['openssl', *map(str, args)], env=self.env, capture_output=True,
                              check=True, **kw)

    def read(self, folder, password=''):
        out = self.run('read', folder, '--password', password).stdout
        fields = dict(re.findall(r'^([a-z]+): (.*)$', out, re.M))
        fields['pem'] = out
        return fields

    def opensslKey(self, pemFile):
        """-> (d hex big-endian, public X, Y hex big-endian) as OpenSSL prints the key."""
        text = self.openssl('pkey', '-in', pemFile, '-text', '-noout', text=True).stdout
        d = re.search(r'Private key: ([0-9A-F]+)', text).group(1).lower()
        x = re.search(r'X:([0-9A-F]+)', text).group(1).lower()
        y = re.search(r'Y:([0-9A-F]+)', text).group(1).lower()
        return d, x, y


def le(hexBigEndian, size):
    return int(hexBigEndian, 16).to_bytes(size, 'little').hex()


class Primitives(unittest.TestCase):

    def test_kdf_vector_li0ard_gost(self):
        # li0ard/gost kdf.spec.ts: CPKDF("qawsqaws", 98e4f49415555d8ab20567a0)
        out = Tool(tempfile.mkdtemp()).run('kdf', 'qawsqaws', '98e4f49415555d8ab20567a0').stdout
        self.assertEqual(out.strip(), 'b551b39608787399ba85c59c68906b8f83c289ccee3c6141700dfc75ec0fd9f5')

    def test_round_function_rfc8891(self):
        import gost89
        # RFC 8891 A.2: g[87654321](fedcba98) = fdcbc20c with the param-Z (pi') S-box.
        self.assertEqual(gost89._f((0xfedcba98 + 0x87654321) & 0xFFFFFFFF), 0xfdcbc20c)

    def test_mac_matches_openssl(self):
        import gost89
        # OpenSSL's gost-mac-12 is GOST 28147-89 MAC with the param-Z S-box (its key bytes as ours).
        key, data = bytes(range(32)), b'cpcontainer MAC check, three blocks'
        with tempfile.TemporaryDirectory() as work:
            tool = Tool(work)
            mac = tool.openssl('dgst', '-mac', 'gost-mac-12', '-macopt', 'hexkey:' + key.hex(),
                               input=data).stdout.decode()
        self.assertEqual(gost89.gostMac4(key, data).hex(), mac.split('= ')[-1].strip()[:8])

    def test_ecb_roundtrip(self):
        import gost89
        key, data = bytes(range(32)), bytes(range(64))
        enc = gost89.gostEncrypt(key, data)
        self.assertNotEqual(enc, data)
        self.assertEqual(gost89.gostDecrypt(key, enc), data)


class CryptoProSample(unittest.TestCase):
    """g2012256.000 was written by CryptoPro CSP itself (kov-serg/get-cpcert's sample)."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.tool = Tool(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def test_reads_expected_key_and_certificate(self):
        got = self.tool.read(SAMPLE / 'g2012256.000', '1')
        self.assertEqual(got['d'], SAMPLE_D)
        self.assertEqual(got['curve'], 'CryptoPro-XchA 1.2.643.2.2.36.0')
        self.assertEqual(got['exportable'], 'yes')
        self.assertEqual(got['password'], 'yes')
        self.assertEqual(got['name'], 'g2012256')
        expected = (SAMPLE / 'g2012256.expected.pem').read_text()
        cert = re.search(r'-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n', expected, re.S)
        self.assertIn(cert.group(0), got['pem'])
        # The expected PKCS#8 key, as OpenSSL reads it, is the same d.
        d, _, _ = self.tool.opensslKey(SAMPLE / 'g2012256.expected.pem')
        self.assertEqual(int(d, 16), int(SAMPLE_D, 16))
        # The public key the tool derives is the certificate's (OpenSSL's view).
        certFile = self.tmp.name + '/cert.pem'
        pathlib.Path(certFile).write_text(cert.group(0))
        pub = self.tool.openssl('x509', '-in', certFile, '-noout', '-pubkey').stdout
        pubFile = self.tmp.name + '/pub.pem'
        pathlib.Path(pubFile).write_bytes(pub)
        text = self.tool.openssl('pkey', '-pubin', '-in', pubFile, '-text', '-noout', text=True).stdout
        x = re.search(r'X:([0-9A-F]+)', text).group(1)
        y = re.search(r'Y:([0-9A-F]+)', text).group(1)
        self.assertEqual(got['public'], le(x, 32) + le(y, 32))

    def test_writer_reproduces_the_sample_header(self):
        # The sample's key, certificate, password and name written again: the header's content is
        # CryptoPro's byte for byte, except the extensions ([12]) the tool does not write.
        from minider import parse
        work = pathlib.Path(self.tmp.name)
        out = self.tool.read(SAMPLE / 'g2012256.000', '1')['pem']
        (work / 'key.pem').write_text(re.search(r'-----BEGIN PRIVATE KEY.*?END PRIVATE KEY-----\n', out, re.S)[0])
        (work / 'cert.pem').write_text(re.search(r'-----BEGIN CERTIFICATE.*?END CERTIFICATE-----\n', out, re.S)[0])
        self.tool.run('write', work / 'again', '--key', work / 'key.pem', '--certificate', work / 'cert.pem',
                      '--password', '1', '--name', 'g2012256', '--usage', 'exchange', '--exportable')

        def content(folder):
            outer = parse(parse((folder / 'header.key').read_bytes())[0][1])
            return [whole for tag, _, whole in parse(outer[0][1]) if tag != 0xAC]

        self.assertEqual(content(work / 'again'), content(SAMPLE / 'g2012256.000'))
        self.assertEqual((work / 'again' / 'name.key').read_bytes(),
                         (SAMPLE / 'g2012256.000' / 'name.key').read_bytes())

    def test_wrong_password(self):
        r = self.tool.run('read', SAMPLE / 'g2012256.000', '--password', '2', check=False)
        self.assertEqual(r.returncode, 2, r.stderr)
        r = self.tool.run('read', SAMPLE / 'g2012256.000', check=False)
        self.assertEqual(r.returncode, 2, r.stderr)


class WrittenContainers(unittest.TestCase):
    """write -> read for 256/512 x password or none x exportable or not, keys made by OpenSSL."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.tool = Tool(cls.tmp.name)
        cls.keys = {}
        for bits, (alg, paramset, _) in KEY_KINDS.items():
            key, cert = cls.tmp.name + '/k%d.pem' % bits, cls.tmp.name + '/c%d.pem' % bits
            cls.tool.openssl('genpkey', '-algorithm', alg, '-pkeyopt', 'paramset:' + paramset, '-out', key)
            cls.tool.openssl('req', '-new', '-x509', '-key', key, '-md_gost12_%d' % bits, '-days', '2',
                             '-out', cert)
            cls.keys[bits] = (key, cert)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def write(self, name, bits, password, exportable, usage='exchange'):
        key, cert = self.keys[bits]
        folder = pathlib.Path(self.tmp.name, name)
        self.tool.run('write', folder, '--key', key, '--certificate', cert, '--password', password,
                      '--exportable' if exportable else '--no-exportable', '--name', name,
                      '--usage', usage)
        return folder

    def test_matrix(self):
        for bits in KEY_KINDS:
            for password in ('', 'secret-pw'):
                for exportable in (True, False):
                    with self.subTest(bits=bits, password=password, exportable=exportable):
                        self.checkRoundTrip(bits, password, exportable)

    def checkRoundTrip(self, bits, password, exportable):
        name = 'c%d%s%s' % (bits, 'p' if password else 'n', 'e' if exportable else 'x')
        usage = ('exchange', 'signature')[(bits == 512) ^ bool(password)]  # each size gets both
        folder = self.write(name, bits, password, exportable, usage)
        size = bits // 8
        self.assertEqual(sorted(p.name for p in folder.iterdir()),
                         ['header.key', 'masks.key', 'masks2.key', 'name.key', 'primary.key', 'primary2.key'])
        self.assertEqual(len((folder / 'primary.key').read_bytes()), 2 + 2 + size)
        self.assertNotEqual((folder / 'masks.key').read_bytes(), (folder / 'masks2.key').read_bytes())
        got = self.tool.read(folder, password)
        key, cert = self.keys[bits]
        d, x, y = self.tool.opensslKey(key)
        self.assertEqual(int(got['d'], 16), int(d, 16))
        self.assertEqual(got['public'], le(x, size) + le(y, size))
        self.assertEqual(got['curve'].split()[0], KEY_KINDS[bits][2])
        self.assertEqual(got['exportable'], 'yes' if exportable else 'no')
        self.assertEqual(got['password'], 'yes' if password else 'no')
        self.assertEqual(got['name'], name)
        self.assertEqual(got['usage'], usage)
        self.assertIn(pathlib.Path(cert).read_text(), got['pem'])
        # The key read back signs a CMS that OpenSSL verifies with the certificate.
        work = pathlib.Path(self.tmp.name)
        (work / 'read.pem').write_text(got['pem'])
        (work / 'doc.txt').write_text('a document for ' + name)
        self.tool.openssl('cms', '-sign', '-binary', '-in', work / 'doc.txt', '-signer', cert,
                          '-inkey', work / 'read.pem', '-md', 'md_gost12_%d' % bits, '-outform', 'DER',
                          '-out', work / 'doc.p7s')
        self.tool.openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', work / 'doc.p7s',
                          '-content', work / 'doc.txt', '-CAfile', cert, '-purpose', 'any',
                          '-out', os.devnull)
        if password:
            r = self.tool.run('read', folder, '--password', password + 'x', check=False)
            self.assertEqual(r.returncode, 2, r.stderr)
        else:
            # No password in the header: a password given anyway unmasks a wrong key.
            r = self.tool.run('read', folder, '--password', 'x', check=False)
            self.assertEqual(r.returncode, 2, r.stderr)

    def test_generated(self):
        for bits in KEY_KINDS:
            with self.subTest(bits=bits):
                folder = pathlib.Path(self.tmp.name, 'gen%d' % bits)
                self.tool.run('write', folder, '--generate', bits, '--password', '1')
                got = self.tool.read(folder, '1')
                self.assertEqual(len(got['d']), bits // 4)
                self.assertEqual(got['bits'], str(bits))
                # OpenSSL derives the same public key from the private key the tool prints.
                (pathlib.Path(self.tmp.name) / 'gen.pem').write_text(got['pem'])
                _, x, y = self.tool.opensslKey(pathlib.Path(self.tmp.name) / 'gen.pem')
                self.assertEqual(got['public'], le(x, bits // 8) + le(y, bits // 8))

    def test_without_reserve_copy_json_and_password_file(self):
        work = pathlib.Path(self.tmp.name)
        (work / 'pw').write_bytes('p w'.encode())
        key, cert = self.keys[512]
        self.tool.run('write', work / 'noreserve', '--key', key, '--password-file', work / 'pw', '--no-reserve')
        self.assertEqual(sorted(p.name for p in (work / 'noreserve').iterdir()),
                         ['header.key', 'masks.key', 'name.key', 'primary.key'])
        got = json.loads(self.tool.run('read', work / 'noreserve', '--password', 'p w', '--json').stdout)
        d, x, y = self.tool.opensslKey(key)
        self.assertEqual((int(got['d'], 16), got['public'], got['name'], got['certificate']),
                         (int(d, 16), le(x, 64) + le(y, 64), 'noreserve', None))
        self.assertEqual((got['bits'], got['exportable'], got['password']), (512, True, True))

    def test_every_curve_agrees_with_openssl(self):
        # The curve constants were transcribed: each parameter set OpenSSL knows, its key written and
        # read back, gives OpenSSL's public key and the curve OpenSSL names.
        work = pathlib.Path(self.tmp.name)
        for alg, paramset, curve in CURVE_KINDS:
            with self.subTest(paramset=paramset):
                key = work / ('curve-%s.pem' % paramset)
                self.tool.openssl('genpkey', '-algorithm', alg, '-pkeyopt', 'paramset:' + paramset[3:], '-out', key)
                folder = work / ('curve-%s' % paramset)
                self.tool.run('write', folder, '--key', key)
                got = self.tool.read(folder)
                _, x, y = self.tool.opensslKey(key)
                size = len(got['d']) // 2
                self.assertEqual(got['public'], le(x, size) + le(y, size))
                self.assertEqual(got['curve'].split()[0], curve)

    def test_each_tamper_is_refused(self):
        import cptamper
        for bits, password in ((256, 'pw'), (512, '')):
            original = self.write('t%d' % bits, bits, password, True)
            for what in cptamper.TAMPER:
                with self.subTest(bits=bits, what=what):
                    folder = pathlib.Path(self.tmp.name, 't%d-%s' % (bits, what))
                    shutil.copytree(original, folder)
                    self.assertEqual(self.tool.run('read', folder, '--password', password).returncode, 0)
                    self.tool.run('tamper', folder, '--what', what)
                    self.assertNotEqual(self.directoryBytes(folder), self.directoryBytes(original))
                    r = self.tool.run('read', folder, '--password', password, check=False)
                    # Without a password check in the header, a damaged primary key reads as a wrong
                    # password: nothing else tells the two apart.
                    expected = 2 if what == 'primary-content' and not password else 3
                    self.assertEqual(r.returncode, expected, r.stderr)

    @staticmethod
    def directoryBytes(folder):
        return {p.name: p.read_bytes() for p in folder.iterdir()}


if __name__ == '__main__':
    if 'OPENSSL_CONF' not in os.environ:
        # The primitive tests import the tool's modules: hashlib needs the gost provider loaded.
        with tempfile.TemporaryDirectory() as tmp:
            cnf = pathlib.Path(tmp, 'gost.cnf')
            cnf.write_text(GOST_PROVIDER_CNF)
            sys.exit(subprocess.run([sys.executable, *sys.argv],
                                    env=dict(os.environ, OPENSSL_CONF=str(cnf))).returncode)
    sys.path.insert(0, str(TOOLS))
    unittest.main()
