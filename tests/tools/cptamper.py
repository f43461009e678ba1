"""Damaged variants of a container written by cpcontainer.py: each one a reader must refuse
(every MAC, every length). Each edit keeps the rest of the container intact.
"""
from cpcontainer import EXPORTABLE, HEADER_MAC_KEY
from gost89 import gostMac4
from minider import bitsSet, namedBits, one, parse, tlv

def _flipLast(folder, name):
    data = bytearray((folder / name).read_bytes())
    data[-1] ^= 0x01
    (folder / name).write_bytes(bytes(data))


def _shortenField(folder, name, index):
    """Rebuilds file's SEQUENCE with field `index` one byte shorter (well-formed DER, wrong size).
    In masks files the MAC is recomputed where it can be, so that the length is the one defect."""
    items = parse(one((folder / name).read_bytes(), 0x30))
    tag, body, _ = items[index]
    items[index] = (tag, body[:-1], tlv(tag, body[:-1]))
    if name.startswith('masks') and index != 2 and len(items[0][1]) >= 32:
        mac = gostMac4(items[0][1][-32:], items[1][1])
        items[2] = (0x04, mac, tlv(0x04, mac))
    (folder / name).write_bytes(tlv(0x30, b''.join(whole for _, _, whole in items)))


def _headerContent(folder, edit, remac=False):
    """Edits header.key's content; keeps the old MAC unless `remac` (then the edit is the one defect)."""
    outer = parse(one((folder / 'header.key').read_bytes(), 0x30))
    content = tlv(0x30, bytes(edit(outer[0][1])))
    mac = tlv(0x04, gostMac4(HEADER_MAC_KEY, content)) if remac else outer[1][2]
    (folder / 'header.key').write_bytes(tlv(0x30, content + mac))


def _flipExportable(content):
    items = parse(content)
    for i, (tag, body, _) in enumerate(items):
        if tag == 0x30:
            params = parse(body)
            bits = bitsSet(params[0][1]) ^ {EXPORTABLE}
            items[i] = (tag, None, tlv(0x30, tlv(0x03, namedBits(bits)) + params[1][2]))
    return b''.join(whole for _, _, whole in items)


def _flipPrimary(folder, name):
    data = bytearray((folder / name).read_bytes())
    data[4] ^= 0x01  # inside the encrypted key, after the SEQUENCE and OCTET STRING headers
    (folder / name).write_bytes(bytes(data))


def _truncate(folder, name):
    (folder / name).write_bytes((folder / name).read_bytes()[:-1])


def _headerMacLength(folder):
    _shortenField(folder, 'header.key', 1)


def _fingerprintLength(content):
    items = parse(content)
    return b''.join(tlv(t, b[:-1]) if t == 0x8A else w for t, b, w in items)


TAMPER = {
    'header-mac': lambda f: _flipLast(f, 'header.key'),
    'header-exportable': lambda f: _headerContent(f, _flipExportable),
    'header-length': lambda f: _truncate(f, 'header.key'),
    'header-mac-length': _headerMacLength,
    'fingerprint-length': lambda f: _headerContent(f, _fingerprintLength, remac=True),
    'masks-mac': lambda f: _flipLast(f, 'masks.key'),
    'masks2-mac': lambda f: _flipLast(f, 'masks2.key'),
    'masks-length': lambda f: _truncate(f, 'masks.key'),
    'mask-length': lambda f: _shortenField(f, 'masks.key', 0),
    'salt-length': lambda f: _shortenField(f, 'masks.key', 1),
    'masks-mac-length': lambda f: _shortenField(f, 'masks.key', 2),
    'mask2-length': lambda f: _shortenField(f, 'masks2.key', 0),
    'primary-length': lambda f: _shortenField(f, 'primary.key', 0),
    'primary2-length': lambda f: _shortenField(f, 'primary2.key', 0),
    'primary-content': lambda f: _flipPrimary(f, 'primary.key'),
    'primary2-content': lambda f: _flipPrimary(f, 'primary2.key'),
}
