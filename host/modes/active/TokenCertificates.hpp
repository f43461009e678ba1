#pragma once

#include "Pkcs11.hpp"
#include "core/Bytes.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge::modes::active
{

class Session;

struct TokenCertificate
{
    CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
    Bytes id; // CKA_ID: the key pair it belongs to (may match none)
    std::string label;
    Bytes der;
};

// X.509 certificate objects on the token.
std::vector<TokenCertificate> listCertificates(Session& session);
std::vector<TokenCertificate> certificatesWithId(Session& session, ByteView id);

// Stores a certificate (DER or PEM) as CKO_CERTIFICATE / CKC_X_509 with the CKA_ID of the key
// pair whose public key it certifies, plus CKA_SUBJECT, CKA_ISSUER, CKA_SERIAL_NUMBER, CKA_VALUE.
// RequestError(KEY_NOT_FOUND) when no key on the token matches (we only store certificates for
// our keys), RequestError(INVALID_PARAMS) when it is not a certificate. Importing the same
// certificate twice returns the existing object. Needs a logged-in R/W session.
TokenCertificate importCertificate(Session& session, ByteView derOrPem, std::string_view label);

} // namespace tokenbridge::modes::active
