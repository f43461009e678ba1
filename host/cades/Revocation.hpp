#pragma once

#include "Online.hpp"
#include "SignerChain.hpp"

#include <ctime>
#include <string>

namespace tokenbridge::cades
{

// The revocation evidence of the signer's certificate a CAdES-X Long Type 1 carries.
struct RevocationEvidence
{
    enum class Kind { Ocsp, Crl } kind = Kind::Ocsp;
    Bytes value; // DER BasicOCSPResponse, or DER CertificateList
    std::time_t time = 0; // producedAt, or the CRL's thisUpdate
};

// Asks `ocspUrl` (empty: the certificate's authorityInfoAccess), or, where the certificate names
// no OCSP responder, downloads the CRL of its first HTTP distribution point. The answer must be
// signed by the issuer (or the responder it delegated) and current.
// CERTIFICATE_REVOKED when it says revoked; OCSP_UNAVAILABLE when there is nothing to ask, the
// issuer is unknown or the server cannot be reached; OCSP_ERROR for an unusable answer.
RevocationEvidence fetchRevocation(
    const SignerChain& chain, const std::string& ocspUrl, const Fetch& fetch);

// The status an evidence gives for `certificate` ("good", "revoked", "unknown") and whether its
// signature verifies with `issuer`; for verify's report.
struct RevocationStatus
{
    std::string status = "unknown";
    bool signatureValid = false; // at the time it was produced
    std::time_t time = 0; // producedAt, or the CRL's thisUpdate
};
RevocationStatus revocationStatus(
    const RevocationEvidence& evidence, X509* certificate, X509* issuer);
// The producedAt of a DER BasicOCSPResponse, the thisUpdate of a DER CRL (0 if malformed).
std::time_t evidenceTime(RevocationEvidence::Kind kind, ByteView value);

} // namespace tokenbridge::cades
