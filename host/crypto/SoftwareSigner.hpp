#pragma once

#include "PrivateKey.hpp"
#include "Signer.hpp"

namespace tokenbridge::crypto
{

// Signer over an in-memory PrivateKey (passive mode, tests).
class SoftwareSigner final : public Signer
{
public:
    explicit SoftwareSigner(PrivateKey key) : _key(std::move(key)) { }
    [[nodiscard]] KeyAlgorithm algorithm() const override { return _key.algorithm(); }
    [[nodiscard]] Bytes publicKeySpki() const override { return _key.publicKey().spki(); }
    Bytes signDigest(ByteView digest) override;
    [[nodiscard]] const PrivateKey& key() const noexcept { return _key; }

private:
    PrivateKey _key;
};

} // namespace tokenbridge::crypto
