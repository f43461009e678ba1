#pragma once

#include "FknKeyStore.hpp"

#include "crypto/Signer.hpp"

namespace tokenbridge::fkn::store
{

// crypto::Signer over an FKN key: each signDigest() holds the card, opens a fresh SESPAKE
// session with the PIN and sends MSE SET + PSO COMPUTE DIGITAL SIGNATURE protected. The host
// hashes; the token signs the digest (docs/vtoken.md), answering s || r.
class FknSigner final : public crypto::Signer
{
public:
    FknSigner(CardAccess access, crypto::ByteView pin, ScalarSource scalars, std::string keyId,
        crypto::KeyAlgorithm algorithm, crypto::Bytes spki);

    [[nodiscard]] crypto::KeyAlgorithm algorithm() const override { return _algorithm; }
    [[nodiscard]] crypto::Bytes publicKeySpki() const override { return _spki; }
    crypto::Bytes signDigest(crypto::ByteView digest) override;

private:
    CardAccess _access;
    crypto::ByteView _pin; // borrowed from the request's PinBuffer
    ScalarSource _scalars;
    std::string _keyId;
    crypto::KeyAlgorithm _algorithm;
    crypto::Bytes _spki;
};

} // namespace tokenbridge::fkn::store
