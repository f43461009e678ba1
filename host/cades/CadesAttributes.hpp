#pragma once

// The unsigned attributes of CAdES-T and CAdES-X Long Type 1 (RFC 5126 / ETSI TS 101 733,
// id-aa = 1.2.840.113549.1.9.16.2), as DER values, and their reading back.

#include "Revocation.hpp"

#include "crypto/HashAlgorithm.hpp"

#include <string_view>
#include <vector>

namespace tokenbridge::cades
{

namespace oid
{
    inline constexpr std::string_view SIGNATURE_TIME_STAMP = "1.2.840.113549.1.9.16.2.14";
    inline constexpr std::string_view CERTIFICATE_REFS = "1.2.840.113549.1.9.16.2.21";
    inline constexpr std::string_view REVOCATION_REFS = "1.2.840.113549.1.9.16.2.22";
    inline constexpr std::string_view CERTIFICATE_VALUES = "1.2.840.113549.1.9.16.2.23";
    inline constexpr std::string_view REVOCATION_VALUES = "1.2.840.113549.1.9.16.2.24";
    inline constexpr std::string_view ESC_TIME_STAMP = "1.2.840.113549.1.9.16.2.25";
} // namespace oid

// Attribute ::= SEQUENCE { attrType OID, attrValues SET OF { value } }, one value.
Bytes attribute(std::string_view oid, ByteView value);

// CompleteCertificateRefs: one OtherCertID { OtherHashAlgAndValue, IssuerSerial } per CA
// certificate of the path (the signer's own is named by signingCertificateV2).
Bytes completeCertificateRefs(const std::vector<Bytes>& authorities, crypto::HashAlgorithm hash);
// CompleteRevocationRefs: one CrlOcspRef for the signer's certificate: [1] OcspListID {
// OcspResponsesID { OcspIdentifier { responderID, producedAt }, ocspRepHash } } or [0]
// CRLListID { CrlValidatedID { crlHash } }.
Bytes completeRevocationRefs(const RevocationEvidence& evidence, crypto::HashAlgorithm hash);
// CertificateValues ::= SEQUENCE OF Certificate.
Bytes certificateValues(const std::vector<Bytes>& authorities);
// RevocationValues ::= SEQUENCE { crlVals [0] SEQUENCE OF CertificateList OPTIONAL,
// ocspVals [1] SEQUENCE OF BasicOCSPResponse OPTIONAL }.
Bytes revocationValues(const RevocationEvidence& evidence);

std::vector<Bytes> readCertificateValues(ByteView value);
std::vector<RevocationEvidence> readRevocationValues(ByteView value);

} // namespace tokenbridge::cades
