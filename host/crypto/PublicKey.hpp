#pragma once

#include "core/Bytes.hpp"
#include "KeyAlgorithm.hpp"
#include "OpenSsl.hpp"

#include <string>

namespace tokenbridge::crypto
{

// A public key of any supported algorithm (GOST 2012-256/512, ECDSA P-256, RSA).
class PublicKey
{
public:
    static PublicKey fromSpki(ByteView spkiDer);
    // GOST only: raw X_le || Y_le (64 or 128 bytes) on the curve named by the parameter-set OID.
    static PublicKey fromGostRaw(
        KeyAlgorithm algorithm, std::string_view paramSetOid, ByteView xyLittleEndian);
    // Takes ownership of a key (public or private; only the public half is used).
    explicit PublicKey(EvpPkeyPtr key);

    [[nodiscard]] KeyAlgorithm algorithm() const;
    // SubjectPublicKeyInfo DER.
    [[nodiscard]] Bytes spki() const;
    // GOST: X_le || Y_le, the octets inside the SPKI OCTET STRING (= PKCS#11 CKA_VALUE).
    [[nodiscard]] Bytes gostRaw() const;
    // GOST: the publicKeyParamSet OID; empty for other algorithms.
    [[nodiscard]] std::string paramSetOid() const;
    // Signature in the X.509/CMS encoding (s || r for GOST, DER for ECDSA, PKCS#1 v1.5 for RSA)
    // over a digest computed with keyAlgorithmInfo(algorithm()).digest.
    [[nodiscard]] bool verifyDigest(ByteView digest, ByteView signature) const;
    [[nodiscard]] EVP_PKEY* get() const noexcept { return _key.get(); }

private:
    EvpPkeyPtr _key;
};

// Shared by PublicKey/PrivateKey: which KeyAlgorithm an EVP_PKEY is (RequestError if unsupported).
KeyAlgorithm detectKeyAlgorithm(EVP_PKEY* key);
Bytes spkiOf(EVP_PKEY* key);

// Parsed fields of a SubjectPublicKeyInfo.
struct SpkiFields
{
    std::string algorithmOid;
    std::string paramSetOid; // GOST publicKeyParamSet or the EC named curve; empty otherwise
    Bytes keyBits; // BIT STRING content without the unused-bits octet
};
SpkiFields parseSpki(ByteView spkiDer);

} // namespace tokenbridge::crypto
