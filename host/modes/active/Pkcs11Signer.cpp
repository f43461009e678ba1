#include "Pkcs11Signer.hpp"

#include "Session.hpp"
#include "SignatureFormat.hpp"
#include "core/Error.hpp"

namespace tokenbridge::modes::active
{

Pkcs11Signer::Pkcs11Signer(Session& session, KeyPair key) : _session(session), _key(std::move(key))
{
    if (_key.spki.empty()) {
        throw FatalError("token key has no readable public key");
    }
}

Bytes Pkcs11Signer::signDigest(ByteView digest)
{
    const auto input = signInput(_key.algorithm, digest);
    const auto raw = _session.sign(keyMechanisms(_key.algorithm).sign, _key.privateKey, input);
    return encodeSignature(_key.algorithm, raw);
}

} // namespace tokenbridge::modes::active
