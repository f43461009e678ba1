#pragma once

#include "core/Bytes.hpp"
#include "OpenSsl.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::crypto
{

struct NameEntry
{
    std::string oid;
    std::string key; // "CN", "SNILS", ... (DistinguishedName table), else OpenSSL's short name,
                     // else the OID
    std::string value; // UTF-8
};

// The fields of an X.509 certificate the host shows and filters on.
struct CertificateInfo
{
    Bytes der;
    std::vector<NameEntry> subject;
    std::vector<NameEntry> issuer;
    std::string subjectDn; // RFC 2253 text, UTF-8
    std::string issuerDn;
    std::string serialNumber; // lower-case hex, big-endian
    std::time_t notBefore = 0;
    std::time_t notAfter = 0;
    std::vector<std::string> keyUsage; // names as in CsrRequest::keyUsage
    std::vector<std::string> extendedKeyUsage; // dotted OIDs
    std::vector<std::string> policies; // certificatePolicies, dotted OIDs
    std::string publicKeyAlgorithm; // keyAlgorithmInfo name, or the OID if not one of ours
    std::string publicKeyAlgorithmOid;
    std::string publicKeyParamSetOid; // GOST publicKeyParamSet / EC curve; may be empty
    Bytes spki;
    std::string thumbprintSha1; // hex of SHA-1(DER)
    std::string thumbprintStreebog256; // hex of Streebog-256(DER)

    // First subject attribute with that key ("SNILS", "CN", ...).
    [[nodiscard]] std::optional<std::string> subjectAttribute(std::string_view key) const;
    // Binary fields as base64; times as ISO 8601.
    [[nodiscard]] nlohmann::json toJson() const;
};

// Accepts DER or PEM. RequestError if it is not a certificate.
CertificateInfo parseCertificate(ByteView derOrPem);
X509Ptr loadX509(ByteView derOrPem);
Bytes x509Der(X509* certificate);

} // namespace tokenbridge::crypto
