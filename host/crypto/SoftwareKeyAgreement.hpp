#pragma once

#include "KeyAgreement.hpp"
#include "PrivateKey.hpp"

namespace tokenbridge::crypto
{

// KEG with a private key in memory, by the gost engine (EVP_PKEY_derive with a 32-byte UKM):
// passive keys, and vtoken's card command.
SecureBuffer softwareKeg(const PrivateKey& key, ByteView ephemeralSpki, ByteView ukm);

class SoftwareKeyAgreement final : public KeyAgreement
{
public:
    explicit SoftwareKeyAgreement(PrivateKey key) : _key(std::move(key)) { }
    [[nodiscard]] KeyAlgorithm algorithm() const override { return _key.algorithm(); }
    SecureBuffer keg(ByteView ephemeralSpki, ByteView ukm) override
    {
        return softwareKeg(_key, ephemeralSpki, ukm);
    }

private:
    PrivateKey _key;
};

} // namespace tokenbridge::crypto
