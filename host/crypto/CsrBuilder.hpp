#pragma once

#include "core/Bytes.hpp"
#include "Signer.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::crypto
{

// What goes into a PKCS#10 request (gost-sespake.md §6). Extensions are sent as one
// extensionRequest attribute.
struct CsrRequest
{
    nlohmann::json subject; // see buildName()
    // Names: digitalSignature nonRepudiation keyEncipherment dataEncipherment keyAgreement
    // keyCertSign cRLSign encipherOnly decipherOnly. Empty = no keyUsage extension.
    std::vector<std::string> keyUsage;
    bool keyUsageCritical = true;
    std::vector<std::string> extendedKeyUsage; // dotted OIDs
    std::optional<std::string> subjectSignTool; // 1.2.643.100.111, UTF8String(1..200)
    std::vector<std::string> certificatePolicies; // dotted OIDs, e.g. 1.2.643.100.113.1 (KC1)
};

// The Rutoken SDK sample's set: keyUsage digitalSignature, nonRepudiation, keyEncipherment,
// dataEncipherment; EKU clientAuth, emailProtection, 1.2.643.2.2.34.6.
CsrRequest defaultQualifiedCsrRequest(nlohmann::json subject);

// Parses names and builds the request DER; the signature is computed by `signer` over the
// DER CertificationRequestInfo (signatureAlgorithm per keyAlgorithmInfo().x509SignatureOid;
// GOST: signature BIT STRING = s || r).
Bytes buildCsr(Signer& signer, const CsrRequest& request);

std::string toPem(const Bytes& der, std::string_view label);

} // namespace tokenbridge::crypto
