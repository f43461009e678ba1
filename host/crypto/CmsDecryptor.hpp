#pragma once

#include "core/Bytes.hpp"
#include "KeyAgreement.hpp"

#include <memory>

namespace tokenbridge::crypto
{

// Decrypts a CMS EnvelopedData addressed (by issuer and serial number, or subject key identifier)
// to `certificateDer`, whose private key answers through `agreement`: KEG from the sender's
// ephemeral key (the only step that needs the private key), KImp15 of the content key, then the
// content with the engine's CTR-ACPKM-OMAC cipher, whose tag (the unprotected attribute
// id-cms-mac-attr) is checked before anything is returned.
// Errors (RequestError): NOT_A_RECIPIENT (no recipient info names the certificate),
// INVALID_PARAMS (not an EnvelopedData, a key transport or content cipher other than the GOST
// 2015 ones, malformed fields), DECRYPTION_FAILED (an integrity check failed).
// The two steps apart: the constructor checks everything that needs no private key (so a message
// for someone else costs no PIN try), decrypt() asks the key agreement.
class CmsDecryptor
{
public:
    CmsDecryptor(ByteView cms, ByteView certificateDer);
    CmsDecryptor(const CmsDecryptor&) = delete;
    CmsDecryptor& operator=(const CmsDecryptor&) = delete;
    ~CmsDecryptor();
    Bytes decrypt(KeyAgreement& agreement) const;

private:
    struct Parsed;
    std::unique_ptr<Parsed> _parsed;
};

Bytes cmsDecrypt(ByteView cms, ByteView certificateDer, KeyAgreement& agreement);

} // namespace tokenbridge::crypto
