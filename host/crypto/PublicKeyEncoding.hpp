#pragma once

#include "core/Bytes.hpp"
#include "crypto/KeyAlgorithm.hpp"

#include <string>
#include <string_view>

namespace tokenbridge::crypto
{

// SubjectPublicKeyInfo DER from the public-key attributes a token returns.
// GOST: CKA_VALUE = X_le || Y_le (64/128 bytes) on the curve CKA_GOSTR3410_PARAMS names; the SPKI
// is RFC 9215's (OCTET STRING of those bytes inside the BIT STRING, parameter SEQUENCE).
Bytes gostSpki(KeyAlgorithm algorithm, std::string_view paramSetOid, ByteView xyLittleEndian);
// EC: CKA_EC_PARAMS (DER namedCurve OID) + CKA_EC_POINT (DER OCTET STRING per PKCS#11 2.40, or a
// bare point from older modules; both accepted).
Bytes ecSpki(ByteView ecParams, ByteView ecPointAttribute);
// RSA: CKA_MODULUS + CKA_PUBLIC_EXPONENT (big-endian magnitudes).
Bytes rsaSpki(ByteView modulus, ByteView exponent);

// The bare point from CKA_EC_POINT (strips the DER OCTET STRING if there is one).
Bytes unwrapEcPoint(ByteView ecPointAttribute);
// Dotted text of a DER OID element (CKA_EC_PARAMS, CKA_GOSTR3410_PARAMS).
std::string oidFromDer(ByteView derOid);

// CKA_ID for a key pair, the way most tokens and OpenSC derive it: SHA-1 over the public key
// material (GOST: X_le || Y_le; EC: the uncompressed point; RSA: the modulus).
Bytes keyIdFromSpki(ByteView spki);

// Same algorithm and same key bits (parameter encodings may differ, e.g. GOST digestParamSet).
bool samePublicKey(ByteView spkiA, ByteView spkiB);

} // namespace tokenbridge::crypto
