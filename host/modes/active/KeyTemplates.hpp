#pragma once

#include "AttributeTemplate.hpp"
#include "crypto/KeyAlgorithm.hpp"

#include <string>

namespace tokenbridge::modes::active
{

// What to generate. gostParamSetOid: CKA_GOSTR3410_PARAMS as a dotted OID; empty = the default
// (256: CryptoPro-A 1.2.643.2.2.35.1 = tc26 256-B, what Aktiv's samples use; 512: tc26 512-A).
struct KeyGenSpec
{
    crypto::KeyAlgorithm algorithm = crypto::KeyAlgorithm::Gost2012_256;
    std::string gostParamSetOid;
    std::string label;
    CK_ULONG rsaBits = 2048;
};

struct KeyGenTemplates
{
    CK_MECHANISM_TYPE mechanism = 0;
    AttributeTemplate publicKey;
    AttributeTemplate privateKey;
};

// Per algorithm: the key-pair mechanism, key type and domain parameters.
struct KeyMechanisms
{
    crypto::KeyAlgorithm algorithm;
    CK_KEY_TYPE keyType;
    CK_MECHANISM_TYPE generate;
    CK_MECHANISM_TYPE sign; // raw: the host hashes, the token signs the digest
    std::string_view defaultParamSet; // GOST only
    std::string_view digestParamSet; // CKA_GOSTR3411_PARAMS, GOST only
};

const KeyMechanisms& keyMechanisms(crypto::KeyAlgorithm algorithm);
// nullptr for key types we do not handle.
const KeyMechanisms* findKeyMechanisms(CK_KEY_TYPE keyType);

// The CKA_GOSTR3410_PARAMS OID the spec asks for (default filled in); RequestError if it is not a
// parameter set of that algorithm.
std::string gostParamSetFor(const KeyGenSpec& spec);

// Token keys that never leave the token: private key CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE true,
// CKA_EXTRACTABLE false, CKA_SIGN true; both halves carry `label` and `id`.
KeyGenTemplates keyGenTemplates(const KeyGenSpec& spec, ByteView id);

} // namespace tokenbridge::modes::active
