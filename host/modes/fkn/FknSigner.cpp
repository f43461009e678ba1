#include "FknSigner.hpp"

#include "KeyApdus.hpp"
#include "TokenKeys.hpp"

#include "core/Error.hpp"

namespace tokenbridge::modes::fkn
{

using namespace tokenbridge::fkn; // the FKN engine: APDU constants, sessions, the channel

FknSigner::FknSigner(Transmit transmit, ByteView pin, ScalarSource scalars, std::string keyId,
    crypto::KeyAlgorithm algorithm, Bytes spki) :
    _transmit(std::move(transmit)),
    _pin(pin), _scalars(std::move(scalars)), _keyId(std::move(keyId)), _algorithm(algorithm),
    _spki(std::move(spki))
{
}

Bytes FknSigner::signDigest(ByteView digest)
{
    const std::size_t half = _algorithm == crypto::KeyAlgorithm::Gost2012_512 ? 64 : 32;
    if (digest.size() != half) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "wrong digest length for the key");
    }
    TokenKeys keys(_transmit);
    keys.openSession(_pin, _scalars);
    // Looked up again inside the session: the reference is the token's, checked under MAC.
    const auto key = keys.fknKeyPair(_keyId);
    if (!key || !key->fkn) {
        throw RequestError(ErrorCode::KEY_NOT_FOUND, "no FKN key with this id");
    }
    keys.run(selectSigningKeyCommand(key->ref));
    const auto signature = keys.run(signDigestCommand(digest));
    if (signature.size() != 2 * half) {
        throw CardError("the token answered a signature of the wrong length");
    }
    return signature;
}

} // namespace tokenbridge::modes::fkn
