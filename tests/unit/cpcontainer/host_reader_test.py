#!/usr/bin/env python3
"""Test `cpcontainer.host`: the host's CryptoPro reader and re-sealer (C++, run through
tests/unit/cpcontainer/CryptoProProbe.cpp) against the independent tool tests/tools/cpcontainer.py,
which shares no code with them.

- The whole matrix the tool can write (256/512 bits x password or none x exportable or not x
  certificate or none x reserve copy or none, exchange and signature keys), keys and certificates
  made by OpenSSL's gost engine: the host reads each to the d, public key, exportable flag, name and
  certificate the tool reads.
- Each of the tool's tamper kinds: the host refuses it with the error the format allows.
- Containers re-sealed by the host (tool-written ones and CryptoPro's own sample) read with the new
  password by the tool, to the same key, and no longer with the old one.

Usage: host_reader_test.py PATH_TO_cryptopro_probe
"""
import base64
import itertools
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from cpcontainer_test import KEY_KINDS, SAMPLE, SAMPLE_D, TOOLS, Tool  # noqa: E402

PROBE = None  # set from the command line


def pemToHex(text):
    body = ''.join(line for line in text.splitlines() if line and not line.startswith('-----'))
    return base64.b64decode(body).hex()


class HostVsTool(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.work = pathlib.Path(cls.tmp.name)
        cls.tool = Tool(cls.tmp.name)
        cls.keys = {}
        for bits, (alg, paramset, _) in KEY_KINDS.items():
            key, cert = cls.work / ('k%d.pem' % bits), cls.work / ('c%d.pem' % bits)
            cls.tool.openssl('genpkey', '-algorithm', alg, '-pkeyopt', 'paramset:' + paramset, '-out', key)
            cls.tool.openssl('req', '-new', '-x509', '-key', key, '-md_gost12_%d' % bits, '-days', '2',
                             '-out', cert)
            cls.keys[bits] = (key, cert)
        # The host's process gets the environment of the other host tests (no OpenSSL config).
        cls.hostEnv = {k: v for k, v in os.environ.items() if k != 'OPENSSL_CONF'}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def passwordFile(self, password):
        path = self.work / ('pw-%s' % password.encode().hex())
        path.write_bytes(password.encode('utf-8'))
        return path

    def host(self, *args):
        r = subprocess.run([PROBE, *map(str, args)], env=self.hostEnv, capture_output=True, text=True)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return json.loads(r.stdout)

    def hostRead(self, folder, password):
        return self.host('read', folder, self.passwordFile(password))

    def toolRead(self, folder, password):
        r = self.tool.run('read', folder, '--password-file', self.passwordFile(password), '--json',
                          check=False)
        return r.returncode, (json.loads(r.stdout) if r.returncode == 0 else None)

    def write(self, name, bits, password, exportable, certificate=True, reserve=True, usage='exchange'):
        key, cert = self.keys[bits]
        folder = self.work / name
        args = ['write', folder, '--key', key, '--password-file', self.passwordFile(password),
                '--exportable' if exportable else '--no-exportable', '--name', name, '--usage', usage,
                '--reserve' if reserve else '--no-reserve']
        if certificate:
            args += ['--certificate', cert]
        self.tool.run(*args)
        return folder

    def assertSameReading(self, folder, password):
        code, tool = self.toolRead(folder, password)
        self.assertEqual(code, 0)
        host = self.hostRead(folder, password)
        self.assertNotIn('error', host)
        certificate = pemToHex(tool['certificate']) if tool['certificate'] else None
        self.assertEqual(
            (host['d'], host['public'], host['exportable'], host['name'], host['certificate']),
            (tool['d'], tool['public'], tool['exportable'], tool['name'], certificate))
        return host

    def test_matrix(self):
        matrix = itertools.product(KEY_KINDS, ('', 'pass word'), (True, False), (True, False),
                                   (True, False))
        for i, (bits, password, exportable, certificate, reserve) in enumerate(matrix):
            name = 'm%d-%d%s%s%s%s' % (i, bits, 'p' if password else 'n', 'e' if exportable else 'x',
                                       'c' if certificate else '-', 'r' if reserve else '-')
            usage = ('exchange', 'signature')[i % 2]
            with self.subTest(name):
                folder = self.write(name, bits, password, exportable, certificate, reserve, usage)
                host = self.assertSameReading(folder, password)
                # The key is OpenSSL's (not only the tool's reading of it).
                d, _, _ = self.tool.opensslKey(self.keys[bits][0])
                self.assertEqual(int(host['d'], 16), int(d, 16))
                self.assertEqual(self.hostRead(folder, password + 'x'),
                                 {'error': 'CONTAINER_PASSWORD_INCORRECT'})

    def test_each_tamper_kind(self):
        import cptamper
        for bits, password in ((256, 'pw'), (512, ''), (256, ''), (512, 'pw')):
            original = self.write('t%d%s' % (bits, password), bits, password, True)
            for what in cptamper.TAMPER:
                with self.subTest(bits=bits, password=password, what=what):
                    folder = self.work / ('t%d%s-%s' % (bits, password, what))
                    shutil.copytree(original, folder)
                    self.tool.run('tamper', folder, '--what', what)
                    # Without hmacPassword a changed primary.key unmasks another key, which is
                    # just what a wrong password does: the format cannot tell the two apart.
                    # (primary2 is checked against primary, which the password did open.)
                    expected = ('CONTAINER_PASSWORD_INCORRECT' if what == 'primary-content'
                                and not password else 'CONTAINER_CORRUPTED')
                    self.assertEqual(self.hostRead(folder, password), {'error': expected})
                    # ... and the tool agrees (2 wrong password, 3 damaged).
                    code, _ = self.toolRead(folder, password)
                    self.assertEqual(code, 2 if expected == 'CONTAINER_PASSWORD_INCORRECT' else 3)
                    # Re-sealing refuses it the same way, and writes nothing.
                    out = self.work / ('t%d%s-%s-resealed' % (bits, password, what))
                    self.assertEqual(self.host('reseal', folder, out, self.passwordFile(password),
                                               self.passwordFile('new')), {'error': expected})
                    self.assertFalse(out.exists())

    def test_reseal_read_by_the_tool(self):
        cases = [(256, '', 'new one', True), (512, 'old', '', True), (256, 'old', 'other', False),
                 (512, '', 'x', False), (256, 'old', 'old', True)]
        for bits, old, new, reserve in cases:
            with self.subTest(bits=bits, old=old, new=new, reserve=reserve):
                name = 'r%d-%s-%s-%d' % (bits, old.encode().hex(), new.encode().hex(), reserve)
                folder = self.write(name, bits, old, exportable=reserve, reserve=reserve)
                before = self.assertSameReading(folder, old)
                out = self.work / (name + '-resealed')
                self.assertEqual(self.host('reseal', folder, out, self.passwordFile(old),
                                           self.passwordFile(new)), {})
                self.assertEqual(self.assertSameReading(out, new), before)
                if new != old:
                    code, _ = self.toolRead(out, old)
                    self.assertEqual(code, 2)
                # The masks, the name and (without hmacPassword) the header are kept byte for byte.
                kept = ['masks.key', 'name.key'] + (['masks2.key'] if reserve else [])
                if not old:
                    kept.append('header.key')
                for file in kept:
                    self.assertEqual((out / file).read_bytes(), (folder / file).read_bytes(), file)
                self.assertEqual(sorted(p.name for p in out.iterdir()),
                                 sorted(p.name for p in folder.iterdir()))

    def test_csp_sample_resealed_to_no_password(self):
        out = self.work / 'sample-empty'
        self.assertEqual(self.host('reseal', SAMPLE / 'g2012256.000', out, self.passwordFile('1'),
                                   self.passwordFile('')), {})
        code, tool = self.toolRead(out, '')
        self.assertEqual((code, tool['d'], tool['password']), (0, SAMPLE_D, True))
        self.assertEqual(self.toolRead(out, '1')[0], 2)
        self.assertEqual(self.hostRead(out, '')['d'], SAMPLE_D)


if __name__ == '__main__':
    PROBE = sys.argv.pop(1)
    if 'OPENSSL_CONF' not in os.environ:
        # cptamper imports the tool's modules: hashlib needs the gost provider loaded.
        from cpcontainer_test import GOST_PROVIDER_CNF
        with tempfile.TemporaryDirectory() as tmp:
            cnf = pathlib.Path(tmp, 'gost.cnf')
            cnf.write_text(GOST_PROVIDER_CNF)
            sys.exit(subprocess.run([sys.executable, __file__, PROBE, *sys.argv[1:]],
                                    env=dict(os.environ, OPENSSL_CONF=str(cnf))).returncode)
    sys.path.insert(0, str(TOOLS))
    unittest.main()
