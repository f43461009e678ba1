#pragma once

#include "core/Bytes.hpp"
#include "Certificate.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::crypto
{

struct CmsVerifyOptions
{
    // For detached signatures: the content, or its digest (computed with each signer's digest
    // algorithm; only meaningful when all signers use the same one).
    std::optional<ByteView> detachedContent;
    std::optional<Bytes> detachedDigest;
    std::vector<Bytes> trustedRoots; // DER or PEM
    // Untrusted certificates used to find signer certificates and build chains, in addition to
    // those inside the message.
    std::vector<Bytes> extraCertificates;
    std::optional<std::time_t> verificationTime; // default: now
};

struct CmsSignerResult
{
    bool certificateFound = false;
    bool signatureValid = false; // over the signed attributes (or the content digest if none)
    bool digestMatches = false; // messageDigest == digest of the content
    bool chainValid = false; // signer certificate chains to one of trustedRoots
    // signingCertificateV2 present (CAdES-BES) and its first ESSCertIDv2 certHash equals the
    // hash of the signer certificate. Absent attribute: false, but valid() does not require it
    // (plain CMS such as the TC26 reference messages has no signed attributes at all).
    bool signingCertificatePresent = false;
    bool signingCertificateMatches = false;
    std::string chainError; // OpenSSL's verify error text when !chainValid
    std::string digestAlgorithmOid;
    std::optional<CertificateInfo> certificate;
    std::optional<std::time_t> signingTime;

    [[nodiscard]] bool valid() const
    {
        return signatureValid && digestMatches && chainValid
            && (!signingCertificatePresent || signingCertificateMatches);
    }
    [[nodiscard]] nlohmann::json toJson() const;
};

struct CmsVerifyResult
{
    bool detached = false;
    std::optional<Bytes> content; // attached content
    std::vector<CmsSignerResult> signers;

    [[nodiscard]] bool allValid() const;
    [[nodiscard]] nlohmann::json toJson() const;
};

// Verifies every SignerInfo of a DER SignedData with OpenSSL's CMS primitives and the gost
// engine: CMS_SignerInfo_verify for the signature over the signed attributes, a messageDigest
// comparison against the supplied content/digest, X509_verify_cert against trustedRoots.
// A malformed message is a RequestError; a bad signature is reported in the result.
CmsVerifyResult verifyCms(ByteView cms, const CmsVerifyOptions& options);

} // namespace tokenbridge::crypto
