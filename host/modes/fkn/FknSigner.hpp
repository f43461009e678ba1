#pragma once

#include "FknKeyStore.hpp"

#include "crypto/Signer.hpp"

namespace tokenbridge::modes::fkn
{

// crypto::Signer over an FKN key: each signDigest() opens a fresh SESPAKE session with the PIN and
// sends MSE SET + PSO COMPUTE DIGITAL SIGNATURE protected. The host hashes; the token signs the
// digest (docs/vtoken.md), answering s || r.
class FknSigner final : public crypto::Signer
{
public:
    FknSigner(Transmit transmit, ByteView pin, ScalarSource scalars, std::string keyId,
        crypto::KeyAlgorithm algorithm, Bytes spki);

    [[nodiscard]] crypto::KeyAlgorithm algorithm() const override { return _algorithm; }
    [[nodiscard]] Bytes publicKeySpki() const override { return _spki; }
    Bytes signDigest(ByteView digest) override;

private:
    Transmit _transmit;
    ByteView _pin; // borrowed from the request's PinBuffer
    ScalarSource _scalars;
    std::string _keyId;
    crypto::KeyAlgorithm _algorithm;
    Bytes _spki;
};

} // namespace tokenbridge::modes::fkn
