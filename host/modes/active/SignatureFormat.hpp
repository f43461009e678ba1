#pragma once

#include "core/Bytes.hpp"
#include "crypto/KeyAlgorithm.hpp"

namespace tokenbridge::modes::active
{

// What the raw token mechanism takes for a digest computed in the host with
// keyAlgorithmInfo(algorithm).digest:
// - GOST 256/512 (CKM_GOSTR3410 / CKM_GOSTR3410_512): the Streebog output bytes unchanged, as
//   OpenSSL/gost-engine produce them (the token reads e = digest as a little-endian number, the
//   same convention as gost-engine and the TC26 vectors; see docs/active.md).
// - ECDSA (CKM_ECDSA): the SHA-256 digest.
// - RSA (CKM_RSA_PKCS): DER DigestInfo { sha256, digest } (the token adds the PKCS#1 padding).
// RequestError(INVALID_PARAMS) if the digest has the wrong length.
Bytes signInput(crypto::KeyAlgorithm algorithm, ByteView digest);

// Token output -> the X.509/CMS encoding crypto::Signer promises:
// - GOST: s || r big-endian (what PKCS#11 GOST mechanisms return): passed through, length checked.
// - ECDSA: r || s (fixed-size halves) -> DER ECDSA-Sig-Value.
// - RSA: the PKCS#1 v1.5 signature block, unchanged.
Bytes encodeSignature(crypto::KeyAlgorithm algorithm, ByteView tokenSignature);

} // namespace tokenbridge::modes::active
