#pragma once

#include "FknKeyStore.hpp"

#include "crypto/KeyAgreement.hpp"

namespace tokenbridge::modes::fkn
{

// crypto::KeyAgreement over an FKN key: each keg() opens a fresh SESPAKE session with the PIN and
// sends KEY AGREEMENT (80 86 00 ref, docs/vtoken.md) protected: the ephemeral key goes in and
// the agreed secret comes back encrypted and MACed by the channel.
class FknKeyAgreement final : public crypto::KeyAgreement
{
public:
    FknKeyAgreement(Transmit transmit, ByteView pin, ScalarSource scalars, std::string keyId,
        crypto::KeyAlgorithm algorithm);

    [[nodiscard]] crypto::KeyAlgorithm algorithm() const override { return _algorithm; }
    crypto::SecureBuffer keg(ByteView ephemeralSpki, ByteView ukm) override;

private:
    Transmit _transmit;
    ByteView _pin; // borrowed from the request's PinBuffer
    ScalarSource _scalars;
    std::string _keyId;
    crypto::KeyAlgorithm _algorithm;
};

// 80 86 00 ref, data 85 X_le || Y_le, 81 UKM (the command vtoken and libvtoken-pkcs11 share).
CommandApdu keyAgreementCommand(std::uint8_t ref, ByteView peerPublicRaw, ByteView ukm);

} // namespace tokenbridge::modes::fkn
