"""DER and PEM, as much as CryptoPro containers and GOST PKCS#8 keys need (test tool)."""
import base64


class DerError(ValueError):
    """Malformed DER: for a container, a damaged one."""


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
            raise DerError('truncated DER')
        tag, n, off2 = data[off], data[off + 1], off + 2
        if n & 0x80:
            k = n & 0x7F
            if k == 0 or k > 3 or off2 + k > len(data):
                raise DerError('bad DER length')
            n, off2 = int.from_bytes(data[off2:off2 + k], 'big'), off2 + k
        if off2 + n > len(data):
            raise DerError('DER length past the end')
        out.append((tag, data[off2:off2 + n], data[off:off2 + n]))
        off = off2 + n
        if not strict:
            break
    return out


def one(data, tag):
    items = parse(data)
    if len(items) != 1 or items[0][0] != tag:
        raise DerError('expected one element of tag 0x%02x' % tag)
    return items[0][1]


def namedBits(indexes):
    """BIT STRING value with the named bits `indexes` set (bit 0 = 0x80 of the first byte), DER:
    trailing zero bits dropped."""
    if not indexes:
        return b'\0'
    top = max(indexes)
    body = bytearray(top // 8 + 1)
    for i in indexes:
        body[i // 8] |= 0x80 >> (i % 8)
    return bytes([7 - top % 8]) + bytes(body)


def bitsSet(value):
    """The named bits set in a BIT STRING value."""
    return {8 * i + j for i, b in enumerate(value[1:]) for j in range(8) if b & (0x80 >> j)}


def octets(value, sizes, what):
    tag, body, _ = value
    if tag != 0x04 or len(body) not in sizes:
        raise DerError('%s: an OCTET STRING of %s bytes expected' % (what, sizes))
    return body




def pemBody(text, label):
    begin, end = '-----BEGIN %s-----' % label, '-----END %s-----' % label
    if begin not in text:
        return None
    return base64.b64decode(''.join(text.split(begin, 1)[1].split(end, 1)[0].split()))


def pem(der, label):
    b64 = base64.b64encode(der).decode()
    return '-----BEGIN %s-----\n%s\n-----END %s-----\n' % (
        label, '\n'.join(b64[i:i + 64] for i in range(0, len(b64), 64)), label)

