#!/usr/bin/env python3
"""Test tool: puts a CryptoPro CSP key container into a virtual token's memory, in the on-token
layout CryptoPro itself leaves on a Rutoken, as if CSP had written it (no import by the host).

  vtoken_place_cryptopro.py STATE_DIR CONTAINER_FOLDER [--index 0A] [--layout lite|s]
  vtoken_place_cryptopro.py --extract STATE_DIR OUT_DIR [--layout lite|s]

STATE_DIR is a vtoken state directory (its card.json, written by vtoken; see
emulator/core/StateStore.cpp and FileSystem.cpp toJson/fromJson); no vtoken may run on it (the
tool refuses when vtoken holds the directory's lock). CONTAINER_FOLDER holds the container's
files (masks.key, primary.key, header.key, name.key, and masks2.key/primary2.key if present),
e.g. as tests/tools/cpcontainer.py writes them.

Layout (the APDU traces of krotname/cryptopro-key-export, docs/apdu/rutoken-lite-fw9.md and
rutoken-s.md; docs/passive.md): the container is the DF <idx>00 under
  lite: MF 3F00 / 1000 / 1003        s: MF 3F00 / 0000 / 0000 / 0002
with the EFs <idx>01..<idx>06 = masks, primary, header (with the certificate), masks2, primary2,
name. Like CSP, each file is padded with FF up to a declared size larger than its DER. The key
files (masks*, primary*) are readable only after the user PIN (access byte 02); header and name
are readable always; every file and DF is writable with the user PIN.

--extract is the reverse, to see what another program (the host's importContainer) left on the
card: every container DF of the layout becomes OUT_DIR/<idx>.000/ with its files, the FF padding
cut after the DER element; one JSON line per container on stdout: {"index": "0B", "folder": ...,
"files": {"masks.key": {"read": 2, "write": 2, "size": declared size, "der": DER length}, ...}}.

Shares no code with the host: it only edits or reads the emulator's JSON state.
"""
import argparse
import fcntl
import json
import os
import pathlib
import sys
import tempfile

AC_ALWAYS = 0x00
AC_USER = 0x02

LAYOUTS = {
    'lite': [0x1000, 0x1003],
    's': [0x0000, 0x0000, 0x0002],
}

# (suffix, file name, read access, smallest declared size). The sizes are those the traces show
# for a 256-bit container on a Lite (masks 60, primary 70, name 300); a larger file gets a few
# bytes of FF more than its DER, so that a reader must always find the DER's own end.
FILES = [
    (0x01, 'masks.key', AC_USER, 60),
    (0x02, 'primary.key', AC_USER, 70),
    (0x03, 'header.key', AC_ALWAYS, 0),
    (0x04, 'masks2.key', AC_USER, 60),
    (0x05, 'primary2.key', AC_USER, 70),
    (0x06, 'name.key', AC_ALWAYS, 300),
]
EXTRA_PADDING = 37  # odd on purpose: no alignment a reader could rely on


def df(fid, children=None):
    return {'fid': fid, 'type': 'df', 'read': AC_ALWAYS, 'write': AC_USER, 'children': children or []}


def child(node, fid):
    return next((c for c in node['children'] if c['fid'] == fid), None)


def padded(data, smallest):
    size = max(smallest, len(data) + EXTRA_PADDING)
    return data + b'\xff' * (size - len(data))


def place(state, folder, index, layout):
    node = state['files']
    for fid in LAYOUTS[layout]:
        found = child(node, fid)
        if found is None:
            found = df(fid)
            node['children'].append(found)
        elif found['type'] != 'df':
            sys.exit('vtoken_place_cryptopro: %04X on the path is not a DF' % fid)
        node = found
    container_fid = index << 8
    if child(node, container_fid) is not None:
        sys.exit('vtoken_place_cryptopro: the card already has a container at %04X' % container_fid)
    container = df(container_fid)
    for suffix, name, read, smallest in FILES:
        path = folder / name
        if not path.exists():
            if name in ('masks2.key', 'primary2.key'):
                continue  # a container without a reserve copy
            sys.exit('vtoken_place_cryptopro: %s missing' % path)
        container['children'].append({'fid': container_fid | suffix, 'type': 'ef', 'read': read,
                                      'write': AC_USER,
                                      'data': padded(path.read_bytes(), smallest).hex().upper()})
    node['children'].append(container)


def derLength(data):
    """Length of the DER element at the start of data (the rest is padding); 0 if none."""
    if len(data) < 2:
        return 0
    first = data[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if count == 0 or count > 3 or len(data) < 2 + count:
        return 0
    return 2 + count + int.from_bytes(data[2:2 + count], 'big')


def extract(state, out, layout):
    node = state['files']
    for fid in LAYOUTS[layout]:
        node = child(node, fid)
        if node is None or node['type'] != 'df':
            return
    names = {suffix: name for suffix, name, _, _ in FILES}
    for container in sorted(node['children'], key=lambda c: c['fid']):
        if container['type'] != 'df' or container['fid'] & 0xFF:
            continue
        index = container['fid'] >> 8
        folder = out / ('%02X.000' % index)
        folder.mkdir(parents=True)
        files = {}
        for ef in container['children']:
            name = names.get(ef['fid'] & 0xFF) if ef['fid'] >> 8 == index else None
            if ef['type'] != 'ef' or name is None:
                continue
            data = bytes.fromhex(ef['data'])
            der = min(derLength(data), len(data))
            (folder / name).write_bytes(data[:der])
            files[name] = {'read': ef['read'], 'write': ef['write'], 'size': len(data), 'der': der}
        print(json.dumps({'index': '%02X' % index, 'folder': str(folder), 'files': files}))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--extract', action='store_true',
                    help='write the containers found on the card into FOLDER instead')
    ap.add_argument('state_dir')
    ap.add_argument('folder')
    ap.add_argument('--index', default='0A', help='the container DF is <index>00 (hex byte, 01..FE)')
    ap.add_argument('--layout', choices=sorted(LAYOUTS), default='lite')
    args = ap.parse_args()
    index = int(args.index, 16)
    if not 0x01 <= index <= 0xFE:
        ap.error('--index must be a hex byte 01..FE')

    state_dir = pathlib.Path(args.state_dir)
    card = state_dir / 'card.json'
    if not card.exists():
        sys.exit('vtoken_place_cryptopro: %s does not exist (run vtoken once on it)' % card)
    # vtoken holds an exclusive flock on .lock while it runs (StateStore::lock): it would
    # overwrite our edit with its own memory.
    with open(state_dir / '.lock', 'a+') as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            sys.exit('vtoken_place_cryptopro: a vtoken runs on %s' % state_dir)
        state = json.loads(card.read_text())
        if args.extract:
            extract(state, pathlib.Path(args.folder), args.layout)
            return 0
        place(state, pathlib.Path(args.folder), index, args.layout)
        # Replaced atomically, like vtoken saves it.
        fd, tmp = tempfile.mkstemp(dir=state_dir, prefix='card.json.')
        with os.fdopen(fd, 'w') as out:
            json.dump(state, out, indent=1)
            out.write('\n')
        os.replace(tmp, card)
    return 0


if __name__ == '__main__':
    sys.exit(main())
