#pragma once

#include "Online.hpp"

#include "crypto/OpenSsl.hpp"

#include <vector>

namespace tokenbridge::cades
{

// The signer's certificate and its CAs, issuer first, as far as they can be found: in `pool`
// (the message's certificates and those the caller gave), then through each certificate's
// authorityInfoAccess caIssuers URL when `fetch` is set. Stops at a self-signed certificate.
struct SignerChain
{
    crypto::X509Ptr signer;
    std::vector<crypto::X509Ptr> authorities; // issuer, its issuer, ...

    [[nodiscard]] X509* issuer() const
    {
        return authorities.empty() ? nullptr : authorities.front().get();
    }
    [[nodiscard]] std::vector<Bytes> authoritiesDer() const;
};

SignerChain buildSignerChain(ByteView signer, const std::vector<Bytes>& pool, const Fetch* fetch);

} // namespace tokenbridge::cades
