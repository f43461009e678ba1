#!/usr/bin/env python3
# Independent oracle for SecureChannelTest.GoldenKeysAndFirstCommand: RFC 8133 A.2.6 K/MAC_A/MAC_B
# -> SM-GOST v1 keys -> first protected command (80 10 01 02 03 010203 00). Reuses the primitives of
# tests/data/gost-sespake-check.py (docs/gost-sespake.md §10). Needs the Debian gost provider
# (libengine-gost-openssl); without OPENSSL_CONF it activates it through a temporary config.
#   golden_channel.py                 prints the values
#   golden_channel.py --expect FILE   also fails unless FILE (SecureChannelTest.cpp) holds them
import importlib.util
import os
import pathlib
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3] / 'scripts'))
from gost_openssl_conf import providerConfig  # noqa: E402

GOST_CNF = providerConfig()

if 'OPENSSL_CONF' not in os.environ:
    # hashlib reads the config when it loads, so run again with it set (openssl enc inherits it).
    with tempfile.TemporaryDirectory() as tmp:
        cnf = pathlib.Path(tmp, 'gost.cnf')
        cnf.write_text(GOST_CNF)
        sys.exit(subprocess.run([sys.executable, *sys.argv], env=dict(os.environ, OPENSSL_CONF=str(cnf))).returncode)

checker = pathlib.Path(__file__).resolve().parents[2] / 'data' / 'gost-sespake-check.py'
spec = importlib.util.spec_from_file_location('chk', checker)
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)

K = bytes.fromhex('7DF71AC327ED517D0DE403E817C6204BC19165B9D1002B9F1088A6CDA6EACF27')
MA = bytes.fromhex('F929B61A3C833985B829F268557FA811009F820AB1A730B5AA334C3E6BA3177F')
MB = bytes.fromhex('A2928A5CF620BBC4900DE403F7FC59A5E980B68BE046D0B5D9B4AE6ABFA80BD6')
km = m.kdf_tree(K, b'SM-GOST v1', MA + MB, 1, 1024)
enc_h2t, mac_h2t, enc_t2h, mac_t2h = [km[i * 32:(i + 1) * 32] for i in range(4)]
ssc = (1).to_bytes(8, 'big')
C = m.ctr('kuznyechik', enc_h2t, ssc, bytes([1, 2, 3]))
macin = ssc + bytes([0x8c, 0x10, 1, 2]) + len(C).to_bytes(4, 'big') + C + bytes([0x97, 2, 1, 0])
t = m.omac('kuznyechik', mac_h2t, macin)[:8]
data = bytes([0x85, len(C)]) + C + bytes([0x97, 2, 1, 0, 0x8e, 8]) + t
apdu = bytes([0x8c, 0x10, 1, 2, len(data)]) + data + b'\x00'

values = {'ENC_H2T': enc_h2t.hex(), 'MAC_T2H': mac_t2h.hex(), 'FIRST_COMMAND': apdu.hex()}
print('enc_h2t', values['ENC_H2T'])
print('mac_t2h', values['MAC_T2H'])
print('apdu', values['FIRST_COMMAND'])

if len(sys.argv) == 3 and sys.argv[1] == '--expect':
    source = pathlib.Path(sys.argv[2]).read_text()
    wrong = [name for name, value in values.items()
             if not re.search(r'GOLDEN_%s\s*=\s*"%s"' % (name, value), source)]
    if wrong:
        sys.exit('golden_channel: %s disagrees on %s' % (sys.argv[2], ', '.join(wrong)))
    print('golden_channel: %s agrees' % sys.argv[2])
