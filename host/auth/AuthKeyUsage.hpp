#pragma once

#include <openssl/x509.h>

#include <string_view>

namespace tokenbridge::auth
{

// May this certificate's key log a user in (docs/authentication.md, "Key usage")?
//  - keyUsage present: it must contain digitalSignature; absent: any usage (RFC 5280 4.2.1.3);
//  - extendedKeyUsage present: it must contain id-kp-clientAuth (RFC 5280 4.2.1.12);
//    anyExtendedKeyUsage alone does not do (RFC 5280 lets an application that needs a purpose
//    reject it, and a login is one); absent: no restriction;
//  - an extension OpenSSL cannot parse refuses the key.
enum class AuthUsage { Allowed, NoDigitalSignature, NoClientAuth, Malformed };

AuthUsage authUsage(X509* certificate);
// One line for error texts and reasons.
std::string_view describe(AuthUsage usage);

} // namespace tokenbridge::auth
