#!/usr/bin/env python3
"""Independent test tool: reads and writes CryptoPro CSP key containers (GOST R 34.10-2012).

Shares no code with the host's C++ reader: it is a second, separate reading of the format the
open-source readers describe (kov-serg/get-cpcert, kmvi/cp-extract-data, li0ard/ckey,
li0ard/cpfx_ts, iliadmitriev/privkey2012; KDF vector from li0ard/gost). Everything here is written
from those descriptions; GOST 28147-89 and the curves are plain Python, Streebog comes from
OpenSSL's gost provider through hashlib (Debian: libengine-gost-openssl).

  cpcontainer.py read FOLDER [--password P | --password-file F] [--json]
  cpcontainer.py write FOLDER (--key PKCS8.pem | --generate {256,512})
                 [--password P | --password-file F] [--exportable | --no-exportable]
                 [--certificate CERT.pem] [--name NAME] [--usage {exchange,signature}]
                 [--reserve | --no-reserve]
  cpcontainer.py tamper FOLDER --what WHAT
  cpcontainer.py kdf PASSWORD SALT_HEX

Exit status of read: 0 ok, 2 wrong password, 3 damaged container.
"""
import argparse
import hashlib
import json
import os
import pathlib
import secrets
import subprocess
import sys
import tempfile

from gost89 import gostDecrypt, gostEncrypt, gostMac4
from gostcurves import CURVES, DEFAULT_CURVES, DIGEST_OIDS, KEY_OIDS
from minider import DerError, bitsSet, namedBits, octets, oid, oidText, one, parse, pem, pemBody, tlv

# The repository's one app-local gost configuration (provider form, for hashlib).
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / 'scripts'))
from gost_openssl_conf import providerConfig  # noqa: E402

GOST_CNF = providerConfig()


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


class Corrupted(DerError):
    """A damaged container (malformed DER included)."""


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


# ---------------- the container ----------------

HEADER_MAC_KEY = bytes(32)
CONTAINER_OID = '1.2.643.2.2.37.2.1'
# Named bits (li0ard/ckey schemas.py): the container's attributes and the key's.
SOFT_PASSWORD, RESERVE_PRIMARY = 0, 1  # kccaSoftPassword, kccaReservePrimary
EXPORTABLE, EXCHANGE = 0, 2  # pkaExportable, pkaExchange
# Key usage -> (key attribute bits, key algorithm OID by key size). CryptoPro's sample is an
# exchange key: the agreement OID and pkaExchange; a signature key has the signature OID.
KEY_USAGES = {
    'exchange': ({EXCHANGE}, {32: '1.2.643.7.1.1.6.1', 64: '1.2.643.7.1.1.6.2'}),
    'signature': (set(), KEY_OIDS),
}


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
    try:
        return _readHeader(folder)
    except IndexError:  # a SEQUENCE with fewer fields than the format has
        raise Corrupted('header.key: a field is missing') from None


def _readHeader(folder):
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
            if params[0][0] != 0x03 or not params[0][1]:
                raise Corrupted('header.key: key attributes')
            bits = bitsSet(params[0][1])
            h['exportable'] = EXPORTABLE in bits
            h['usage'] = 'exchange' if EXCHANGE in bits else 'signature'
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
                name=name[0][1].decode('ascii'), keyOid=h['keyOid'], usage=h['usage'], digestOid=h['digestOid'],
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


def writeContainer(folder, curve, d, password='', exportable=True, certificate=None, name=None,
                   usage='exchange', reserve=True):
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fp = fingerprint(curve, d)
    usageBits, keyOids = KEY_USAGES[usage]
    attrs = namedBits(usageBits | ({EXPORTABLE} if exportable else set()))
    alg = tlv(0xA0, oid(keyOids[curve.size]) + tlv(0x30, oid(curve.oid) + oid(DIGEST_OIDS[curve.size])))
    containerAttrs = namedBits(({RESERVE_PRIMARY} if reserve else set()) | ({SOFT_PASSWORD} if password else set()))
    content = tlv(0xA0, oid(CONTAINER_OID)) + tlv(0x03, containerAttrs)
    content += tlv(0x30, tlv(0x03, attrs) + alg)
    if password:
        content += tlv(0x82, gostMac4(cpkdf(password, fp), bytes(16)))
    if certificate:
        content += tlv(0x85, certificate)
    content = tlv(0x30, content + tlv(0x8A, fp))
    (folder / 'header.key').write_bytes(tlv(0x30, content + tlv(0x04, gostMac4(HEADER_MAC_KEY, content))))
    writeKey(folder, '', curve, d, password)
    if reserve:
        writeKey(folder, '2', curve, d, password)
    (folder / 'name.key').write_bytes(tlv(0x30, tlv(0x16, (name or folder.name).encode('ascii'))))


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


def password(args):
    if args.password_file:
        return pathlib.Path(args.password_file).read_bytes().decode('utf-8')
    return args.password


def cmdRead(args):
    try:
        c = readContainer(args.folder, password(args))
    except WrongPassword as e:
        print('cpcontainer: %s' % e, file=sys.stderr)
        return 2
    except DerError as e:
        print('cpcontainer: damaged container: %s' % e, file=sys.stderr)
        return 3
    curve = c['curve']
    fields = {
        'd': c['d'].to_bytes(curve.size, 'big').hex(),
        'curve': '%s %s' % (curve.name, curve.oid),
        'bits': curve.size * 8,
        'exportable': c['exportable'],
        'password': c['hasPassword'],
        'usage': c['usage'],
        'name': c['name'],
        'public': publicKey(curve, c['d']).hex(),
        # PKCS#8 under the signature algorithm OID, which OpenSSL's gost engine loads.
        'privateKey': pem(pkcs8(curve, c['d']), 'PRIVATE KEY'),
        'certificate': pem(c['certificate'], 'CERTIFICATE') if c['certificate'] else None,
    }
    if args.json:
        print(json.dumps(fields, indent=1))
        return 0
    for key in ('d', 'curve', 'bits', 'exportable', 'password', 'usage', 'name', 'public'):
        value = fields[key]
        print('%s: %s' % (key, ('yes' if value else 'no') if isinstance(value, bool) else value))
    sys.stdout.write(fields['privateKey'] + (fields['certificate'] or ''))
    return 0


def cmdWrite(args):
    if args.key:
        body = pemBody(pathlib.Path(args.key).read_text(), 'PRIVATE KEY')
        curve, d = keyFromPkcs8(body)
    else:
        curve = CURVES[DEFAULT_CURVES[args.generate]]
        d = secrets.randbelow(curve.q - 1) + 1
    cert = pemBody(pathlib.Path(args.certificate).read_text(), 'CERTIFICATE') if args.certificate else None
    writeContainer(args.folder, curve, d, password(args), args.exportable, cert, args.name, args.usage,
                   args.reserve)
    return 0


def cmdTamper(args):
    from cptamper import TAMPER  # it imports this module's constants

    TAMPER[args.what](pathlib.Path(args.folder))
    return 0


def tamperNames():
    from cptamper import TAMPER

    return TAMPER


def cmdKdf(args):
    print(cpkdf(args.password, bytes.fromhex(args.salt)).hex())
    return 0


def addPassword(parser):
    group = parser.add_mutually_exclusive_group()
    group.add_argument('--password', default='')
    group.add_argument('--password-file', help='the password is the whole file (UTF-8, no newline)')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    r = sub.add_parser('read')
    r.add_argument('folder')
    addPassword(r)
    r.add_argument('--json', action='store_true', help='one JSON object instead of lines and PEM')
    r.set_defaults(run=cmdRead)
    w = sub.add_parser('write')
    w.add_argument('folder')
    src = w.add_mutually_exclusive_group(required=True)
    src.add_argument('--key')
    src.add_argument('--generate', type=int, choices=(256, 512))
    addPassword(w)
    w.add_argument('--reserve', action=argparse.BooleanOptionalAction, default=True,
                   help='write the reserve copy masks2.key/primary2.key (default)')
    w.add_argument('--exportable', action=argparse.BooleanOptionalAction, default=True)
    w.add_argument('--certificate')
    w.add_argument('--name')
    w.add_argument('--usage', choices=sorted(KEY_USAGES), default='exchange')
    w.set_defaults(run=cmdWrite)
    t = sub.add_parser('tamper')
    t.add_argument('folder')
    t.add_argument('--what', required=True, choices=sorted(tamperNames()))
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
