#!/usr/bin/env python3
"""Test `cpcontainer.placer`: tests/tools/vtoken_place_cryptopro.py on a vtoken state file (no
vtoken, no host): the DF paths of both layouts, the access bytes, the FF padding beyond each
file's DER, refusals (a used index, a running vtoken, no state), and --extract giving back the
files placed. The container is CryptoPro CSP's sample (tests/data/cryptopro)."""
import fcntl
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = pathlib.Path(__file__).resolve().parents[3]
TOOL = REPO / 'tests' / 'tools' / 'vtoken_place_cryptopro.py'
SAMPLE = REPO / 'tests' / 'data' / 'cryptopro' / 'g2012256.000'

# suffix -> (file, read access): masks and primary files only after the user PIN (02).
FILES = {0x01: ('masks.key', 2), 0x02: ('primary.key', 2), 0x03: ('header.key', 0),
         0x04: ('masks2.key', 2), 0x05: ('primary2.key', 2), 0x06: ('name.key', 0)}
ROOTS = {'lite': [0x1000, 0x1003], 's': [0x0000, 0x0000, 0x0002]}


def emptyCard():
    # The shape CardState::toJson writes (emulator/core/CardState.cpp), with a bare MF.
    return {'format': 1, 'model': 'rutoken-lite', 'serial': 1,
            'pins': {}, 'files': {'fid': 0x3F00, 'type': 'df', 'read': 0, 'write': 255, 'children': []},
            'keys': [], 'extensions': {}}


def child(node, fid):
    found = [c for c in node['children'] if c['fid'] == fid]
    assert len(found) == 1, (hex(fid), node)
    return found[0]


class Placer(unittest.TestCase):
    def setUp(self):
        self.dir = pathlib.Path(tempfile.mkdtemp())
        self.state = self.dir / 'card'
        self.state.mkdir()
        (self.state / 'card.json').write_text(json.dumps(emptyCard()))

    def tearDown(self):
        shutil.rmtree(self.dir)

    def run_tool(self, *args):
        return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True)

    def card(self):
        return json.loads((self.state / 'card.json').read_text())

    def container(self, layout, index):
        node = self.card()['files']
        for fid in ROOTS[layout]:
            node = child(node, fid)
            self.assertEqual(node['type'], 'df')
        return child(node, index << 8)

    def test_layouts(self):
        for layout, index in (('lite', 0x0A), ('s', 0x0B)):
            with self.subTest(layout=layout):
                done = self.run_tool(self.state, SAMPLE, '--index', '%02X' % index, '--layout', layout)
                self.assertEqual(done.returncode, 0, done.stderr)
                container = self.container(layout, index)
                self.assertEqual(sorted(ef['fid'] for ef in container['children']),
                                 [index << 8 | s for s in sorted(FILES)])
                for ef in container['children']:
                    name, read = FILES[ef['fid'] & 0xFF]
                    data = bytes.fromhex(ef['data'])
                    original = (SAMPLE / name).read_bytes()
                    self.assertEqual((ef['type'], ef['read'], ef['write']), ('ef', read, 2), name)
                    self.assertEqual(data[:len(original)], original, name)
                    padding = data[len(original):]
                    self.assertTrue(padding and set(padding) == {0xFF}, name)
                self.assertEqual(len(bytes.fromhex(child(container, index << 8 | 6)['data'])), 300)

    def test_extract_gives_back_the_files(self):
        self.assertEqual(self.run_tool(self.state, SAMPLE, '--index', '0C').returncode, 0)
        done = self.run_tool('--extract', self.state, self.dir / 'out')
        self.assertEqual(done.returncode, 0, done.stderr)
        lines = [json.loads(line) for line in done.stdout.splitlines()]
        self.assertEqual([line['index'] for line in lines], ['0C'])
        folder = pathlib.Path(lines[0]['folder'])
        for name, read in FILES.values():
            self.assertEqual((folder / name).read_bytes(), (SAMPLE / name).read_bytes(), name)
            self.assertEqual(lines[0]['files'][name]['read'], read, name)
            self.assertGreater(lines[0]['files'][name]['size'], lines[0]['files'][name]['der'], name)

    def test_without_reserve_copy(self):
        folder = self.dir / 'noreserve.000'
        shutil.copytree(SAMPLE, folder)
        (folder / 'masks2.key').unlink()
        (folder / 'primary2.key').unlink()
        self.assertEqual(self.run_tool(self.state, folder).returncode, 0)
        self.assertEqual(sorted(ef['fid'] & 0xFF for ef in self.container('lite', 0x0A)['children']),
                         [1, 2, 3, 6])

    def test_refusals(self):
        self.assertEqual(self.run_tool(self.state, SAMPLE).returncode, 0)
        before = (self.state / 'card.json').read_bytes()
        used = self.run_tool(self.state, SAMPLE)  # the same index again
        self.assertNotEqual(used.returncode, 0)
        self.assertIn('already has a container', used.stderr)
        with open(self.state / '.lock', 'a+') as lock:  # as a running vtoken holds it
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            running = self.run_tool(self.state, SAMPLE, '--index', '0B')
        self.assertNotEqual(running.returncode, 0)
        self.assertIn('a vtoken runs', running.stderr)
        self.assertEqual((self.state / 'card.json').read_bytes(), before)
        (self.state / 'card.json').unlink()
        self.assertNotEqual(self.run_tool(self.state, SAMPLE).returncode, 0)


if __name__ == '__main__':
    unittest.main()
