#pragma once

#include "Online.hpp"
#include "Revocation.hpp"
#include "SignerChain.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge::cades
{

// The signature levels a signer asks for (CryptoPro: CADESCOM_CADES_BES, _T, _X_LONG_TYPE_1).
enum class SignatureType { Bes, T, XLongType1 };
std::optional<SignatureType> parseSignatureType(std::string_view name);
std::string_view signatureTypeName(SignatureType type);

struct LongTermOptions
{
    SignatureType type = SignatureType::T;
    std::string tsaUrl;
    std::string tsaPolicy; // dotted OID or empty
    std::string ocspUrl; // empty: the certificate's authorityInfoAccess (else its CRL)
    std::vector<Bytes> certificates; // CA certificates that help build the signer's path
    Fetch fetch; // every request goes through it
};

// What is known of one signer before its signature is raised.
struct PreparedSigner
{
    SignerChain chain;
    std::optional<RevocationEvidence> revocation;
};

// Before a signature is made: the signer's path and its revocation status, so a revoked
// certificate is refused before the PIN is used. -X Long Type 1 needs the evidence (errors of
// fetchRevocation); -T asks only when a responder and the issuer are known, and only "revoked"
// refuses.
PreparedSigner prepareSigner(ByteView certificate, const LongTermOptions& options);

// Raises every SignerInfo of a SignedData to options.type (a signer already there is kept):
// -T adds the signature-time-stamp over its signature value; -X Long Type 1 also the complete
// certificate and revocation references, the CAdES-C time-stamp over signature value,
// signature time-stamp and references, and the certificate and revocation values. `prepared`:
// evidence already gathered (prepareSigner); other signers are prepared here, or, without
// `others`, left as they are. Nothing is returned unless every signer was raised.
Bytes raiseSignature(ByteView cms, const LongTermOptions& options,
    const std::vector<PreparedSigner>& prepared = {}, bool others = true);

} // namespace tokenbridge::cades
