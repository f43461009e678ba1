#pragma once

#include "HashAlgorithm.hpp"

#include <string_view>

namespace tokenbridge::crypto
{

enum class KeyAlgorithm { Gost2012_256, Gost2012_512, EcdsaP256, Rsa };

// Per key algorithm: the digest to sign with and the OIDs that go into X.509/PKCS#10 and CMS.
struct KeyAlgorithmInfo
{
    KeyAlgorithm algorithm;
    std::string_view
        name; // stable name for JSON: "gost2012_256", "gost2012_512", "ecdsa_p256", "rsa"
    std::string_view keyOid; // SubjectPublicKeyInfo algorithm
    HashAlgorithm digest;
    std::string_view x509SignatureOid; // certificate / CSR signatureAlgorithm
    bool x509SignatureNullParams;
    // CMS SignerInfo.signatureAlgorithm: the key OID for GOST (what the TC26 messages and
    // `openssl cms` emit), with NULL parameters (TC26 style).
    std::string_view cmsSignatureOid;
    bool cmsSignatureNullParams;
    bool cmsDigestNullParams;
};

const KeyAlgorithmInfo& keyAlgorithmInfo(KeyAlgorithm algorithm);
const KeyAlgorithmInfo* findKeyAlgorithmByName(std::string_view name);

} // namespace tokenbridge::crypto
