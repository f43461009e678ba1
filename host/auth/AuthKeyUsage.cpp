#include "AuthKeyUsage.hpp"

#include <openssl/x509v3.h>

#include <cstdint>

namespace tokenbridge::auth
{

namespace
{

    struct UsageText
    {
        AuthUsage usage;
        std::string_view text;
    };

    constexpr UsageText TEXTS[] = {
        { AuthUsage::Allowed, "the certificate permits client authentication" },
        { AuthUsage::NoDigitalSignature, "the certificate's keyUsage lacks digitalSignature" },
        { AuthUsage::NoClientAuth, "the certificate's extendedKeyUsage lacks clientAuth" },
        { AuthUsage::Malformed, "the certificate's extensions cannot be parsed" },
    };

} // namespace

AuthUsage authUsage(X509* certificate)
{
    // Caches the parsed extensions; their flags say which are present and well formed.
    const std::uint32_t flags = X509_get_extension_flags(certificate);
    if ((flags & EXFLAG_INVALID) != 0) {
        return AuthUsage::Malformed;
    }
    if ((flags & EXFLAG_KUSAGE) != 0
        && (X509_get_key_usage(certificate) & KU_DIGITAL_SIGNATURE) == 0) {
        return AuthUsage::NoDigitalSignature;
    }
    if ((flags & EXFLAG_XKUSAGE) != 0
        && (X509_get_extended_key_usage(certificate) & XKU_SSL_CLIENT) == 0) {
        return AuthUsage::NoClientAuth;
    }
    return AuthUsage::Allowed;
}

std::string_view describe(AuthUsage usage)
{
    for (const auto& entry : TEXTS) {
        if (entry.usage == usage) {
            return entry.text;
        }
    }
    return "unknown key usage verdict";
}

} // namespace tokenbridge::auth
