#pragma once

#include "core/Bytes.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::crypto
{

// One KeyTransRecipientInfo (RFC 5652 §6.2.1) of an EnvelopedData. Other recipient kinds are
// skipped: the keys this host decrypts with are GOST keys, which the gost engine addresses by
// key transport.
struct CmsKeyTransRecipient
{
    // rid: issuerAndSerialNumber (issuer Name DER and serialNumber INTEGER content) or
    // subjectKeyIdentifier.
    Bytes issuer;
    Bytes serial;
    std::optional<Bytes> subjectKeyId;
    std::string keyEncryptionOid;
    Bytes encryptedKey;
};

// The fields of a CMS EnvelopedData (RFC 5652 §6.1) the decryptor needs, copied out of the DER.
struct CmsEnvelope
{
    std::vector<CmsKeyTransRecipient> recipients;
    std::string contentType;
    Bytes contentAlgorithm; // AlgorithmIdentifier DER
    std::string contentAlgorithmOid;
    Bytes encryptedContent;
    Bytes unprotectedAttributes; // [1] IMPLICIT SET OF Attribute, the whole TLV; empty if absent
};

// Parses a ContentInfo holding an EnvelopedData. BER (an indefinite-length or constructed
// encryptedContent, as `openssl cms -encrypt -stream` writes) is first normalized to DER through
// OpenSSL. RequestError(INVALID_PARAMS, param "cms") for anything else.
CmsEnvelope parseCmsEnvelope(ByteView cms);

// GostR3410-KeyTransport (R 1323565.1.023, the gost engine's PSKeyTransport): the wrapped key, the
// sender's ephemeral SubjectPublicKeyInfo and the 32-byte UKM.
struct GostKeyTransport
{
    Bytes wrappedKey;
    Bytes ephemeralSpki;
    Bytes ukm;
};
GostKeyTransport parseGostKeyTransport(ByteView encryptedKey);

} // namespace tokenbridge::crypto
