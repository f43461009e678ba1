#pragma once

#include "core/Bytes.hpp"
#include "KeyAlgorithm.hpp"

namespace tokenbridge::crypto
{

// Anything that can sign a digest: an in-memory key (SoftwareSigner), a PKCS#11 token key, or a
// key from a passive container. The CMS and CSR builders use only this interface, so a token
// signer plugs in without the private key ever reaching OpenSSL.
class Signer
{
public:
    virtual ~Signer() = default;
    [[nodiscard]] virtual KeyAlgorithm algorithm() const = 0;
    // SubjectPublicKeyInfo DER of the signing key.
    [[nodiscard]] virtual Bytes publicKeySpki() const = 0;
    // `digest` was computed with keyAlgorithmInfo(algorithm()).digest. Returns the signature in
    // the X.509/CMS encoding: GOST s || r (each big-endian, 32 or 64 bytes; exactly what
    // PKCS#11 CKM_GOSTR3410 returns), ECDSA DER Ecdsa-Sig-Value, RSA PKCS#1 v1.5 block.
    virtual Bytes signDigest(ByteView digest) = 0;
};

} // namespace tokenbridge::crypto
