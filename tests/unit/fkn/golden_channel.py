#!/usr/bin/env python3
# Independent oracle for SecureChannelTest.GoldenKeysAndFirstCommand: RFC 8133 A.2.6 K/MAC_A/MAC_B
# -> SM-GOST v1 keys -> first protected command (80 10 01 02 03 010203 00). Reuses the primitives of
# /work/shared/specs/gost-sespake-check.py; run with OPENSSL_CONF activating the gost provider.
import sys; sys.path.insert(0,'/work/shared/specs')
import importlib.util
spec=importlib.util.spec_from_file_location('chk','/work/shared/specs/gost-sespake-check.py'); m=importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
K=bytes.fromhex('7DF71AC327ED517D0DE403E817C6204BC19165B9D1002B9F1088A6CDA6EACF27')
MA=bytes.fromhex('F929B61A3C833985B829F268557FA811009F820AB1A730B5AA334C3E6BA3177F')
MB=bytes.fromhex('A2928A5CF620BBC4900DE403F7FC59A5E980B68BE046D0B5D9B4AE6ABFA80BD6')
km=m.kdf_tree(K,b'SM-GOST v1',MA+MB,1,1024)
enc_h2t,mac_h2t,enc_t2h,mac_t2h=[km[i*32:(i+1)*32] for i in range(4)]
print('enc_h2t',enc_h2t.hex()); print('mac_t2h',mac_t2h.hex())
ssc=(1).to_bytes(8,'big')
C=m.ctr('kuznyechik',enc_h2t,ssc,bytes([1,2,3]))
macin=ssc+bytes([0x8c,0x10,1,2])+len(C).to_bytes(4,'big')+C+bytes([0x97,2,1,0])
t=m.omac('kuznyechik',mac_h2t,macin)[:8]
data=bytes([0x85,len(C)])+C+bytes([0x97,2,1,0,0x8e,8])+t
apdu=bytes([0x8c,0x10,1,2,len(data)])+data+b'\x00'
print('apdu',apdu.hex())
