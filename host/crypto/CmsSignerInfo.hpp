#pragma once

// Internal to the CMS builder: one SignerInfo with CAdES-BES signed attributes.

#include "core/Bytes.hpp"
#include "Signer.hpp"

#include <ctime>
#include <string_view>

namespace tokenbridge::crypto::cms
{

struct SignerInput
{
    ByteView certificate; // signer certificate DER
    std::string_view contentType; // eContentType OID
    ByteView contentDigest; // messageDigest value
    std::time_t signingTime;
};

Bytes buildSignerInfo(Signer& signer, const SignerInput& input);
// AlgorithmIdentifier of the signer's digest, as it appears in digestAlgorithms.
Bytes digestAlgorithmIdentifier(KeyAlgorithm algorithm);
// RequestError unless the certificate holds the signer's public key.
void requireMatchingCertificate(const Signer& signer, ByteView certificate);

} // namespace tokenbridge::crypto::cms
