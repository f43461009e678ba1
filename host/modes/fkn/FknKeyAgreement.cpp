#include "FknKeyAgreement.hpp"

#include "ObjectTlv.hpp"
#include "TokenKeys.hpp"

#include "core/Error.hpp"
#include "crypto/PublicKey.hpp"

namespace tokenbridge::modes::fkn
{

CommandApdu keyAgreementCommand(std::uint8_t ref, ByteView peerPublicRaw, ByteView ukm)
{
    Bytes data;
    appendTlv(data, 0x85, peerPublicRaw);
    appendTlv(data, 0x81, ukm);
    return CommandApdu { 0x80, 0x86, 0x00, ref, std::move(data), 256 };
}

FknKeyAgreement::FknKeyAgreement(Transmit transmit, ByteView pin, ScalarSource scalars,
    std::string keyId, crypto::KeyAlgorithm algorithm) :
    _transmit(std::move(transmit)),
    _pin(pin), _scalars(std::move(scalars)), _keyId(std::move(keyId)), _algorithm(algorithm)
{
}

crypto::SecureBuffer FknKeyAgreement::keg(ByteView ephemeralSpki, ByteView ukm)
{
    const auto peer = crypto::PublicKey::fromSpki(ephemeralSpki);
    if (peer.algorithm() != _algorithm) {
        throw RequestError(
            ErrorCode::INVALID_PARAMS, "the ephemeral key is not on the recipient key's curve");
    }
    TokenKeys keys(_transmit);
    keys.openSession(_pin, _scalars);
    const auto key = keys.keyPair(_keyId);
    if (!key || !key->fkn) {
        throw RequestError(ErrorCode::KEY_NOT_FOUND, "no FKN key with this id");
    }
    auto secret = keys.run(keyAgreementCommand(key->ref, peer.gostRaw(), ukm));
    crypto::SecureBuffer out(secret);
    std::fill(secret.begin(), secret.end(), 0);
    if (out.size() != KEG_SIZE) {
        throw CardError("the token answered a key agreement of the wrong length");
    }
    return out;
}

} // namespace tokenbridge::modes::fkn
