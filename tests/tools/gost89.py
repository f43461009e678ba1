"""GOST 28147-89 (ECB and the MAC) with the TC26 param-Z S-box, plain Python.

Part of the test tool cpcontainer.py; checked by the RFC 8891 round-function vector and by the
MACs of the CryptoPro-made sample (tests/tools/cpcontainer_test.py).
"""

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
