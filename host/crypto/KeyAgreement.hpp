#pragma once

#include "core/Bytes.hpp"
#include "KeyAlgorithm.hpp"
#include "SecureBuffer.hpp"

#include <cstddef>

namespace tokenbridge::crypto
{

// The key agreement of a GOST R 34.10-2012 private key with a sender's ephemeral public key, as
// KExp15 key transport needs it (R 1323565.1.020 KEG, as the gost engine implements it for
// `openssl cms -encrypt`). The decryptor (CmsDecryptor) uses only this interface, so the private
// key may stay in a token (FKN, PKCS#11) or live in host memory (passive): the CMS code never knows
// the mode, as with Signer.
class KeyAgreement
{
public:
    // KEG's output: K_mac (32 bytes) || K_enc (32 bytes).
    static constexpr std::size_t KEG_SIZE = 64;
    // The UKM carried by the key transport structure.
    static constexpr std::size_t UKM_SIZE = 32;

    virtual ~KeyAgreement() = default;
    [[nodiscard]] virtual KeyAlgorithm algorithm() const = 0;
    // `ephemeralSpki`: the sender's SubjectPublicKeyInfo DER (same curve as the key); `ukm`: 32
    // bytes. Returns KEG_SIZE bytes.
    virtual SecureBuffer keg(ByteView ephemeralSpki, ByteView ukm) = 0;
};

} // namespace tokenbridge::crypto
