#!/usr/bin/env python3
"""Independent test tool: reads and writes CryptoPro CSP key containers (GOST R 34.10-2012).

Shares no code with the host's C++ reader: it is a second, separate reading of the format the
open-source readers describe (kov-serg/get-cpcert, kmvi/cp-extract-data, li0ard/ckey,
li0ard/cpfx_ts, iliadmitriev/privkey2012; KDF vector from li0ard/gost). Everything here is written
from those descriptions; GOST 28147-89 and the curves are plain Python, Streebog comes from
OpenSSL's gost provider through hashlib (Debian: libengine-gost-openssl).

  cpcontainer.py read FOLDER [--password P]
  cpcontainer.py write FOLDER (--key PKCS8.pem | --generate {256,512}) [--password P]
                 [--exportable | --no-exportable] [--certificate CERT.pem] [--name NAME]
  cpcontainer.py tamper FOLDER --what WHAT
  cpcontainer.py kdf PASSWORD SALT_HEX

Exit status of read: 0 ok, 2 wrong password, 3 damaged container.
"""
import argparse
import base64
import hashlib
import os
import pathlib
import secrets
import subprocess
import sys
import tempfile

GOST_CNF = """openssl_conf = openssl_def
[openssl_def]
providers = providers
[providers]
default = default_sect
gostprov = gost_sect
[default_sect]
activate = 1
[gost_sect]
activate = 1
"""


def ensureGostProvider():
    """hashlib reads OPENSSL_CONF when it loads: without one, run again with a temporary one."""
    try:
        hashlib.new('md_gost12_256')
        return
    except ValueError:
        pass
    if os.environ.get('CPCONTAINER_REEXEC'):
        sys.exit('cpcontainer: the OpenSSL gost provider (libengine-gost-openssl) is not available')
    with tempfile.TemporaryDirectory() as tmp:
        cnf = pathlib.Path(tmp, 'gost.cnf')
        cnf.write_text(GOST_CNF)
        env = dict(os.environ, OPENSSL_CONF=str(cnf), CPCONTAINER_REEXEC='1')
        sys.exit(subprocess.run([sys.executable, *sys.argv], env=env).returncode)


def streebog256(data):
    return hashlib.new('md_gost12_256', data).digest()


class WrongPassword(Exception):
    pass


class Corrupted(Exception):
    pass


# ---------------- GOST 28147-89 with the TC26 param-Z S-box (RFC 7836 A.1 = RFC 8891's pi') ----------------

SBOX_Z = [bytes(row) for row in (
    (12, 4, 6, 2, 10, 5, 11, 9, 14, 8, 13, 7, 0, 3, 15, 1),
    (6, 8, 2, 3, 9, 10, 5, 12, 1, 14, 4, 7, 11, 13, 0, 15),
    (11, 3, 5, 8, 2, 15, 10, 13, 14, 1, 7, 4, 12, 9, 6, 0),
    (12, 8, 2, 1, 13, 4, 15, 6, 7, 0, 10, 5, 3, 14, 9, 11),
    (7, 15, 5, 10, 8, 1, 6, 13, 0, 9, 3, 14, 11, 4, 2, 12),
    (5, 13, 15, 6, 9, 2, 12, 10, 11, 7, 8, 1, 4, 3, 14, 0),
    (8, 14, 2, 5, 6, 9, 1, 12, 15, 4, 11, 0, 13, 10, 3, 7),
    (1, 7, 14, 13, 0, 5, 8, 3, 4, 15, 10, 6, 9, 12, 11, 2),
)]
# Two nibble tables merged into one byte table each: 4 lookups a round instead of 8.
SBOX_BYTES = [bytes((SBOX_Z[2 * i + 1][b >> 4] << 4) | SBOX_Z[2 * i][b & 15] for b in range(256))
              for i in range(4)]


def _f(x):
    s = SBOX_BYTES
    y = (s[0][x & 255] | s[1][(x >> 8) & 255] << 8 | s[2][(x >> 16) & 255] << 16
         | s[3][x >> 24] << 24)
    return ((y << 11) | (y >> 21)) & 0xFFFFFFFF


def _keyWords(key):
    if len(key) != 32:
        raise ValueError('GOST 28147-89 key is 32 bytes')
    return [int.from_bytes(key[4 * i:4 * i + 4], 'little') for i in range(8)]


# Key schedule of the 32 rounds (encryption) and of the MAC's 16.
ENC_ORDER = list(range(8)) * 3 + list(range(7, -1, -1))
DEC_ORDER = list(range(8)) + list(range(7, -1, -1)) * 3
MAC_ORDER = list(range(8)) * 2


def _rounds(k, order, n1, n2):
    for i in order:
        n1, n2 = n2 ^ _f((n1 + k[i]) & 0xFFFFFFFF), n1
    return n1, n2


def _ecb(key, data, order):
    if len(data) % 8:
        raise ValueError('ECB data is a multiple of 8 bytes')
    k = _keyWords(key)
    out = bytearray()
    for off in range(0, len(data), 8):
        n1 = int.from_bytes(data[off:off + 4], 'little')
        n2 = int.from_bytes(data[off + 4:off + 8], 'little')
        n1, n2 = _rounds(k, order, n1, n2)
        # The last round does not swap: the block leaves as (n2, n1).
        out += n2.to_bytes(4, 'little') + n1.to_bytes(4, 'little')
    return bytes(out)


def gostEncrypt(key, data):
    return _ecb(key, data, ENC_ORDER)


def gostDecrypt(key, data):
    return _ecb(key, data, DEC_ORDER)


def gostMac4(key, data):
    """GOST 28147-89 MAC (imitovstavka), zero-padded, its first 4 bytes."""
    k = _keyWords(key)
    data = bytes(data) + bytes(-len(data) % 8)
    if len(data) == 8:
        data += bytes(8)  # one block alone gets a zero block after it, as OpenSSL's gost-mac
    n1 = n2 = 0
    for off in range(0, len(data), 8):
        n1 ^= int.from_bytes(data[off:off + 4], 'little')
        n2 ^= int.from_bytes(data[off + 4:off + 8], 'little')
        n1, n2 = _rounds(k, MAC_ORDER, n1, n2)  # 16 rounds: (n1, n2) come back in place
    return n1.to_bytes(4, 'little')


# ---------------- CPKDF (password -> key encryption key) ----------------

KDF_SEED = b'DENEFH028.760246785.IUEFHWUIO.EF'


def cpkdf(password, salt):
    pw = password.encode('utf-8') if isinstance(password, str) else bytes(password)
    pin4 = b''.join(bytes([c, 0, 0, 0]) for c in pw)
    h0 = streebog256(salt + pin4)
    c = KDF_SEED.ljust(64, b'\0')
    for _ in range(2000 if pw else 2):
        c = streebog256(bytes(x ^ 0x36 for x in c) + h0 + bytes(x ^ 0x5C for x in c) + h0)
        c = c.ljust(64, b'\0')
    c = streebog256(bytes(x ^ 0x36 for x in c[:32]) + salt + bytes(x ^ 0x5C for x in c[:32]) + pin4)
    return streebog256(c[:32])


# ---------------- curves (RFC 4357, RFC 7836; a*x^3 Weierstrass form) ----------------


class Curve:

    def __init__(self, name, oid, p, a, b, q, x, y, size):
        self.name, self.oid, self.p, self.a, self.b, self.q = name, oid, p, a, b, q
        self.g, self.size = (x, y), size

    def add(self, p1, p2):
        if p1 is None:
            return p2
        if p2 is None:
            return p1
        (x1, y1), (x2, y2) = p1, p2
        if x1 == x2 and (y1 + y2) % self.p == 0:
            return None
        if p1 == p2:
            lam = (3 * x1 * x1 + self.a) * pow(2 * y1, -1, self.p)
        else:
            lam = (y2 - y1) * pow(x2 - x1, -1, self.p)
        x3 = (lam * lam - x1 - x2) % self.p
        return x3, (lam * (x1 - x3) - y1) % self.p

    def mul(self, k, pt=None):
        pt, acc = pt or self.g, None
        while k:
            if k & 1:
                acc = self.add(acc, pt)
            pt, k = self.add(pt, pt), k >> 1
        return acc


def _h(s):
    return int(s.replace(' ', ''), 16)


P256A = _h('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97')
P512A = _h('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF'
           'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC7')
_CP_A = dict(p=P256A, a=P256A - 3, b=166, q=_h('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF6C611070995AD10045841B09B761B893'),
             x=1, y=_h('8D91E471E0989CDA27DF505A453F2B7635294F2DDF23E3B122ACC99C9E9F1E14'), size=32)
_P_B = _h('8000000000000000000000000000000000000000000000000000000000000C99')
_CP_B = dict(p=_P_B, a=_P_B - 3, b=_h('3E1AF419A269A5F866A7D3C25C3DF80AE979259373FF2B182F49D4CE7E1BBC8B'),
             q=_h('800000000000000000000000000000015F700CFFF1A624E5E497161BCC8A198F'),
             x=1, y=_h('3FA8124359F96680B83D1C3EB2C070E5C545C9858D03ECFB744BF8D717717EFC'), size=32)
_P_C = _h('9B9F605F5A858107AB1EC85E6B41C8AACF846E86789051D37998F7B9022D759B')
_CP_C = dict(p=_P_C, a=_P_C - 3, b=32858, q=_h('9B9F605F5A858107AB1EC85E6B41C8AA582CA3511EDDFB74F02F3A6598980BB9'),
             x=0, y=_h('41ECE55743711A8C3CBF3783CD08C0EE4D4DC440D4641A8F366E550DFDB3BB67'), size=32)
_TC256_A = dict(p=P256A, a=_h('C2173F1513981673AF4892C23035A27CE25E2013BF95AA33B22C656F277E7335'),
                b=_h('295F9BAE7428ED9CCC20E7C359A9D41A22FCCD9108E17BF7BA9337A6F8AE9513'),
                q=_h('400000000000000000000000000000000FD8CDDFC87B6635C115AF556C360C67'),
                x=_h('91E38443A5E82C0D880923425712B2BB658B9196932E02C78B2582FE742DAA28'),
                y=_h('32879423AB1A0375895786C4BB46E9565FDE0B5344766740AF268ADB32322E5C'), size=32)
_TC512_A = dict(p=P512A, a=P512A - 3,
                b=_h('E8C2505DEDFC86DDC1BD0B2B6667F1DA34B82574761CB0E879BD081CFD0B6265'
                     'EE3CB090F30D27614CB4574010DA90DD862EF9D4EBEE4761503190785A71C760'),
                q=_h('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF'
                     '27E69532F48D89116FF22B8D4E0560609B4B38ABFAD2B85DCACDB1411F10B275'),
                x=3, y=_h('7503CFE87A836AE3A61B8816E25450E6CE5E1C93ACF1ABC1778064FDCBEFA921'
                          'DF1626BE4FD036E93D75E6A50E3A41E98028FE5FC235F5B889A589CB5215F2A4'), size=64)
_P512B = _h('8000000000000000000000000000000000000000000000000000000000000000'
            '000000000000000000000000000000000000000000000000000000000000006F')
_TC512_B = dict(p=_P512B, a=_P512B - 3,
                b=_h('687D1B459DC841457E3E06CF6F5E2517B97C7D614AF138BCBF85DC806C4B289F'
                     '3E965D2DB1416D217F8B276FAD1AB69C50F78BEE1FA3106EFB8CCBC7C5140116'),
                q=_h('8000000000000000000000000000000000000000000000000000000000000001'
                     '49A1EC142565A545ACFDB77BD9D40CFA8B996712101BEA0EC6346C54374F25BD'),
                x=2, y=_h('1A8F7EDA389B094C2C071E3647A8940F3C123B697578C213BE6DD9E6C8EC7335'
                          'DCB228FD1EDF4A39152CBCAAF8C0398828041055F94CEEEC7E21340780FE41BD'), size=64)
_TC512_C = dict(p=P512A,
                a=_h('DC9203E514A721875485A529D2C722FB187BC8980EB866644DE41C68E1430645'
                     '46E861C0E2C9EDD92ADE71F46FCF50FF2AD97F951FDA9F2A2EB6546F39689BD3'),
                b=_h('B4C4EE28CEBC6C2C8AC12952CF37F16AC7EFB6A9F69F4B57FFDA2E4F0DE5ADE0'
                     '38CBC2FFF719D2C18DE0284B8BFEF3B52B8CC7A5F5BF0A3C8D2319A5312557E1'),
                q=_h('3FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF'
                     'C98CDBA46506AB004C33A9FF5147502CC8EDA9E7A769A12694623CEF47F023ED'),
                x=_h('E2E31EDFC23DE7BDEBE241CE593EF5DE2295B7A9CBAEF021D385F7074CEA043A'
                     'A27272A7AE602BF2A7B9033DB9ED3610C6FB85487EAE97AAC5BC7928C1950148'),
                y=_h('F5CE40D95B5EB899ABBCCFF5911CB8577939804D6527378B8C108C3D2090FF9B'
                     'E18E2D33E3021ED2EF32D85822423B6304F726AA854BAE07D0396E9A9ADDC40F'), size=64)

# OID -> curve; the exchange (Xch) parameter sets are the signature curves A and C again.
CURVES = {}
for _name, _oid, _params in [
    ('CryptoPro-A', '1.2.643.2.2.35.1', _CP_A), ('CryptoPro-B', '1.2.643.2.2.35.2', _CP_B),
    ('CryptoPro-C', '1.2.643.2.2.35.3', _CP_C), ('CryptoPro-XchA', '1.2.643.2.2.36.0', _CP_A),
    ('CryptoPro-XchB', '1.2.643.2.2.36.1', _CP_C), ('TC26-256-A', '1.2.643.7.1.2.1.1.1', _TC256_A),
    ('TC26-512-A', '1.2.643.7.1.2.1.2.1', _TC512_A), ('TC26-512-B', '1.2.643.7.1.2.1.2.2', _TC512_B),
    ('TC26-512-C', '1.2.643.7.1.2.1.2.3', _TC512_C)]:
    CURVES[_oid] = Curve(_name, _oid, **_params)

KEY_OIDS = {32: '1.2.643.7.1.1.1.1', 64: '1.2.643.7.1.1.1.2'}  # GOST R 34.10-2012 256 / 512
DIGEST_OIDS = {32: '1.2.643.7.1.1.2.2', 64: '1.2.643.7.1.1.2.3'}  # Streebog 256 / 512
DEFAULT_CURVES = {256: '1.2.643.2.2.35.1', 512: '1.2.643.7.1.2.1.2.1'}

# ---------------- DER, as much as the container needs ----------------


def derLen(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([0x80 | len(body)]) + body


def tlv(tag, value):
    return bytes([tag]) + derLen(len(value)) + value


def oid(dotted):
    parts = [int(x) for x in dotted.split('.')]
    out = bytearray([parts[0] * 40 + parts[1]])
    for v in parts[2:]:
        chunk = [v & 0x7F]
        while v > 0x7F:
            v >>= 7
            chunk.append(0x80 | (v & 0x7F))
        out += bytes(reversed(chunk))
    return tlv(0x06, bytes(out))


def oidText(body):
    first, rest, v = body[0], [], 0
    for b in body[1:]:
        v = (v << 7) | (b & 0x7F)
        if not b & 0x80:
            rest.append(v)
            v = 0
    return '.'.join(str(x) for x in [first // 40, first % 40, *rest])


def parse(data, strict=True):
    """-> [(tag, value, whole_tlv)]; a length that runs past the data is a damaged container."""
    out, off = [], 0
    while off < len(data):
        if off + 2 > len(data):
            raise Corrupted('truncated DER')
        tag, n, off2 = data[off], data[off + 1], off + 2
        if n & 0x80:
            k = n & 0x7F
            if k == 0 or k > 3 or off2 + k > len(data):
                raise Corrupted('bad DER length')
            n, off2 = int.from_bytes(data[off2:off2 + k], 'big'), off2 + k
        if off2 + n > len(data):
            raise Corrupted('DER length past the end')
        out.append((tag, data[off2:off2 + n], data[off:off2 + n]))
        off = off2 + n
        if not strict:
            break
    return out


def one(data, tag):
    items = parse(data)
    if len(items) != 1 or items[0][0] != tag:
        raise Corrupted('expected one element of tag 0x%02x' % tag)
    return items[0][1]


def octets(value, sizes, what):
    tag, body, _ = value
    if tag != 0x04 or len(body) not in sizes:
        raise Corrupted('%s: an OCTET STRING of %s bytes expected' % (what, sizes))
    return body


# ---------------- the container ----------------

HEADER_MAC_KEY = bytes(32)
CONTAINER_OID = '1.2.643.2.2.37.2.1'
CONTAINER_ATTRS = bytes([6, 0xC0])  # as CryptoPro's sample header carries them
EXPORTABLE_BIT = 0x80  # bit 0 of the key's attributes BIT STRING (li0ard/ckey schemas.py)
KEY_ATTRS_UNUSED, KEY_ATTRS = 5, 0x20  # the other bits the sample's key attributes carry


def fingerprint(curve, d):
    """First 8 bytes of the public key's X, little-endian."""
    return curve.mul(d)[0].to_bytes(curve.size, 'little')[:8]


def publicKey(curve, d):
    x, y = curve.mul(d)
    return x.to_bytes(curve.size, 'little') + y.to_bytes(curve.size, 'little')


def readFile(folder, name):
    try:
        return (folder / name).read_bytes()
    except FileNotFoundError:
        raise Corrupted('%s is missing' % name) from None


def readHeader(folder):
    raw = readFile(folder, 'header.key')
    items = parse(one(raw, 0x30))
    if len(items) != 2:
        raise Corrupted('header.key: SEQUENCE { content, mac } expected')
    (ctag, cbody, cwhole), mac = items[0], octets(items[1], (4,), 'header mac')
    if ctag != 0x30:
        raise Corrupted('header.key: the content is not a SEQUENCE')
    if gostMac4(HEADER_MAC_KEY, cwhole) != mac:
        raise Corrupted('header.key: MAC mismatch')
    h = {'certificate': None, 'hmacPassword': None, 'fp': None, 'exportable': False}
    for tag, body, whole in parse(cbody):
        if tag == 0x30:  # the primary key's parameters
            params = parse(body)
            bits = params[0][1]
            if params[0][0] != 0x03 or len(bits) < 2:
                raise Corrupted('header.key: key attributes')
            h['exportable'] = bool(bits[1] & EXPORTABLE_BIT)
            alg = parse(one(params[1][2], 0xA0))
            h['keyOid'] = oidText(alg[0][1])
            ids = parse(alg[1][1])
            h['curveOid'], h['digestOid'] = oidText(ids[0][1]), oidText(ids[1][1])
        elif tag == 0x82:
            h['hmacPassword'] = body
        elif tag == 0x85:
            h['certificate'] = body
        elif tag == 0x8A:
            h['fp'] = body
    if 'curveOid' not in h or h['fp'] is None or len(h['fp']) != 8:
        raise Corrupted('header.key: key parameters or fingerprint missing')
    if h['hmacPassword'] is not None and len(h['hmacPassword']) != 4:
        raise Corrupted('header.key: hmacPassword length')
    return h


def readKey(folder, suffix, curve, password):
    """masks<suffix>.key + primary<suffix>.key -> d."""
    masks = parse(one(readFile(folder, 'masks%s.key' % suffix), 0x30))
    if len(masks) != 3:
        raise Corrupted('masks%s.key: SEQUENCE { mask, salt, mac } expected' % suffix)
    mask = octets(masks[0], (curve.size,), 'mask')
    salt = octets(masks[1], (12,), 'salt')
    mac = octets(masks[2], (4,), 'masks mac')
    if gostMac4(mask[-32:], salt) != mac:
        raise Corrupted('masks%s.key: MAC mismatch' % suffix)
    primary = parse(one(readFile(folder, 'primary%s.key' % suffix), 0x30))
    if not primary:
        raise Corrupted('primary%s.key is empty' % suffix)
    encrypted = octets(primary[0], (curve.size,), 'primary key')
    masked = int.from_bytes(gostDecrypt(cpkdf(password, salt), encrypted), 'little')
    m = int.from_bytes(mask, 'little') % curve.q
    if m == 0:
        raise Corrupted('masks%s.key: a zero mask' % suffix)
    return masked * pow(m, -1, curve.q) % curve.q


def readContainer(folder, password=''):
    folder = pathlib.Path(folder)
    h = readHeader(folder)
    curve = CURVES.get(h['curveOid'])
    if curve is None:
        raise Corrupted('unknown curve %s' % h['curveOid'])
    if h['hmacPassword'] is not None:
        if gostMac4(cpkdf(password, h['fp']), bytes(16)) != h['hmacPassword']:
            raise WrongPassword('the container password is wrong')
    d = readKey(folder, '', curve, password)
    if fingerprint(curve, d) != h['fp']:
        # Without hmacPassword, a wrong password shows only here.
        raise (Corrupted if h['hmacPassword'] is not None else WrongPassword)(
            'the key does not match the header fingerprint')
    if (folder / 'masks2.key').exists() or (folder / 'primary2.key').exists():
        if readKey(folder, '2', curve, password) != d:
            raise Corrupted('the reserve copy (masks2/primary2) holds another key')
    name = parse(one(readFile(folder, 'name.key'), 0x30))
    if not name or name[0][0] != 0x16:
        raise Corrupted('name.key: SEQUENCE { IA5String } expected')
    return dict(d=d, curve=curve, exportable=h['exportable'], certificate=h['certificate'],
                name=name[0][1].decode('ascii'), keyOid=h['keyOid'], digestOid=h['digestOid'],
                hasPassword=h['hmacPassword'] is not None)


def writeKey(folder, suffix, curve, d, password):
    mask = b''
    while not int.from_bytes(mask, 'little') % curve.q:
        mask = secrets.token_bytes(curve.size)
    salt = secrets.token_bytes(12)
    masked = d * int.from_bytes(mask, 'little') % curve.q
    encrypted = gostEncrypt(cpkdf(password, salt), masked.to_bytes(curve.size, 'little'))
    (folder / ('masks%s.key' % suffix)).write_bytes(
        tlv(0x30, tlv(0x04, mask) + tlv(0x04, salt) + tlv(0x04, gostMac4(mask[-32:], salt))))
    (folder / ('primary%s.key' % suffix)).write_bytes(tlv(0x30, tlv(0x04, encrypted)))


def writeContainer(folder, curve, d, password='', exportable=True, certificate=None, name=None):
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fp = fingerprint(curve, d)
    attrs = bytes([KEY_ATTRS_UNUSED, KEY_ATTRS | (EXPORTABLE_BIT if exportable else 0)])
    alg = tlv(0xA0, oid(KEY_OIDS[curve.size]) + tlv(0x30, oid(curve.oid) + oid(DIGEST_OIDS[curve.size])))
    content = tlv(0xA0, oid(CONTAINER_OID)) + tlv(0x03, CONTAINER_ATTRS)
    content += tlv(0x30, tlv(0x03, attrs) + alg)
    if password:
        content += tlv(0x82, gostMac4(cpkdf(password, fp), bytes(16)))
    if certificate:
        content += tlv(0x85, certificate)
    content = tlv(0x30, content + tlv(0x8A, fp))
    (folder / 'header.key').write_bytes(tlv(0x30, content + tlv(0x04, gostMac4(HEADER_MAC_KEY, content))))
    writeKey(folder, '', curve, d, password)
    writeKey(folder, '2', curve, d, password)
    (folder / 'name.key').write_bytes(tlv(0x30, tlv(0x16, (name or folder.name).encode('ascii'))))


# ---------------- damaged variants (each one the reader must refuse) ----------------


def _flipLast(folder, name):
    data = bytearray((folder / name).read_bytes())
    data[-1] ^= 0x01
    (folder / name).write_bytes(bytes(data))


def _shortenField(folder, name, index):
    """Rebuilds file's SEQUENCE with field `index` one byte shorter (well-formed DER, wrong size)."""
    items = parse(one((folder / name).read_bytes(), 0x30))
    tag, body, _ = items[index]
    items[index] = (tag, body, tlv(tag, body[:-1]))
    (folder / name).write_bytes(tlv(0x30, b''.join(whole for _, _, whole in items)))


def _headerContent(folder, edit):
    """Edits header.key's content and keeps the old MAC."""
    outer = parse(one((folder / 'header.key').read_bytes(), 0x30))
    content = bytes(edit(outer[0][1]))
    (folder / 'header.key').write_bytes(tlv(0x30, tlv(0x30, content) + outer[1][2]))


def _flipExportable(content):
    items = parse(content)
    for i, (tag, body, _) in enumerate(items):
        if tag == 0x30:
            params = parse(body)
            bits = bytearray(params[0][1])
            bits[1] ^= EXPORTABLE_BIT
            items[i] = (tag, None, tlv(0x30, tlv(0x03, bytes(bits)) + params[1][2]))
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
    'fingerprint-length': lambda f: _headerContent(f, _fingerprintLength),
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


# ---------------- keys and certificates through PEM ----------------


def pemBody(text, label):
    begin, end = '-----BEGIN %s-----' % label, '-----END %s-----' % label
    if begin not in text:
        return None
    return base64.b64decode(''.join(text.split(begin, 1)[1].split(end, 1)[0].split()))


def pem(der, label):
    b64 = base64.b64encode(der).decode()
    return '-----BEGIN %s-----\n%s\n-----END %s-----\n' % (
        label, '\n'.join(b64[i:i + 64] for i in range(0, len(b64), 64)), label)


def keyFromPkcs8(der):
    """PKCS#8 of a GOST R 34.10-2012 key as OpenSSL's gost engine writes it -> (curve, d)."""
    items = parse(one(der, 0x30))
    alg = parse(one(items[1][2], 0x30))
    params = parse(alg[1][1])
    curve = CURVES[oidText(params[0][1])]
    priv = items[2][1]
    if len(priv) == curve.size:  # the raw key, little-endian (what the engine writes)
        return curve, int.from_bytes(priv, 'little')
    tag, body, _ = parse(priv)[0]
    if tag == 0x04 and len(body) == curve.size:  # wrapped in a second OCTET STRING
        return curve, int.from_bytes(body, 'little')
    if tag == 0x02:  # an INTEGER, big-endian
        return curve, int.from_bytes(body, 'big')
    raise ValueError('unknown PKCS#8 private key encoding')


def pkcs8(curve, d, keyOid=None):
    alg = tlv(0x30, oid(keyOid or KEY_OIDS[curve.size])
              + tlv(0x30, oid(curve.oid) + oid(DIGEST_OIDS[curve.size])))
    return tlv(0x30, tlv(0x02, b'\0') + alg + tlv(0x04, d.to_bytes(curve.size, 'little')))


# ---------------- command line ----------------


def cmdRead(args):
    try:
        c = readContainer(args.folder, args.password)
    except WrongPassword as e:
        print('cpcontainer: %s' % e, file=sys.stderr)
        return 2
    except Corrupted as e:
        print('cpcontainer: damaged container: %s' % e, file=sys.stderr)
        return 3
    curve = c['curve']
    print('d: %s' % c['d'].to_bytes(curve.size, 'big').hex())
    print('curve: %s %s' % (curve.name, curve.oid))
    print('bits: %d' % (curve.size * 8))
    print('exportable: %s' % ('yes' if c['exportable'] else 'no'))
    print('password: %s' % ('yes' if c['hasPassword'] else 'no'))
    print('name: %s' % c['name'])
    print('public: %s' % publicKey(curve, c['d']).hex())
    # PKCS#8 under the signature algorithm OID, which OpenSSL's gost engine loads.
    sys.stdout.write(pem(pkcs8(curve, c['d']), 'PRIVATE KEY'))
    if c['certificate']:
        sys.stdout.write(pem(c['certificate'], 'CERTIFICATE'))
    return 0


def cmdWrite(args):
    if args.key:
        body = pemBody(pathlib.Path(args.key).read_text(), 'PRIVATE KEY')
        curve, d = keyFromPkcs8(body)
    else:
        curve = CURVES[DEFAULT_CURVES[args.generate]]
        d = secrets.randbelow(curve.q - 1) + 1
    cert = pemBody(pathlib.Path(args.certificate).read_text(), 'CERTIFICATE') if args.certificate else None
    writeContainer(args.folder, curve, d, args.password, args.exportable, cert, args.name)
    return 0


def cmdTamper(args):
    TAMPER[args.what](pathlib.Path(args.folder))
    return 0


def cmdKdf(args):
    print(cpkdf(args.password, bytes.fromhex(args.salt)).hex())
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    r = sub.add_parser('read')
    r.add_argument('folder')
    r.add_argument('--password', default='')
    r.set_defaults(run=cmdRead)
    w = sub.add_parser('write')
    w.add_argument('folder')
    src = w.add_mutually_exclusive_group(required=True)
    src.add_argument('--key')
    src.add_argument('--generate', type=int, choices=(256, 512))
    w.add_argument('--password', default='')
    w.add_argument('--exportable', action=argparse.BooleanOptionalAction, default=True)
    w.add_argument('--certificate')
    w.add_argument('--name')
    w.set_defaults(run=cmdWrite)
    t = sub.add_parser('tamper')
    t.add_argument('folder')
    t.add_argument('--what', required=True, choices=sorted(TAMPER))
    t.set_defaults(run=cmdTamper)
    k = sub.add_parser('kdf')
    k.add_argument('password')
    k.add_argument('salt')
    k.set_defaults(run=cmdKdf)
    args = ap.parse_args()
    return args.run(args)


if __name__ == '__main__':
    ensureGostProvider()
    sys.exit(main())
