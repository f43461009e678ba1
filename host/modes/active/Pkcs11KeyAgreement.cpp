#include "Pkcs11KeyAgreement.hpp"

#include "AttributeTemplate.hpp"
#include "CkrError.hpp"
#include "Session.hpp"

#include "core/Error.hpp"
#include "crypto/PublicKey.hpp"

#include <openssl/crypto.h>

namespace tokenbridge::modes::active
{

namespace
{

    // Destroys the derived object whatever happens after C_DeriveKey.
    class DerivedKey
    {
    public:
        DerivedKey(Session& session, CK_OBJECT_HANDLE handle) : _session(session), _handle(handle)
        {
        }
        ~DerivedKey() { _session.api()->C_DestroyObject(_session.handle(), _handle); }
        DerivedKey(const DerivedKey&) = delete;
        DerivedKey& operator=(const DerivedKey&) = delete;
        [[nodiscard]] CK_OBJECT_HANDLE handle() const noexcept { return _handle; }

    private:
        Session& _session;
        CK_OBJECT_HANDLE _handle;
    };

} // namespace

Pkcs11KeyAgreement::Pkcs11KeyAgreement(Session& session, KeyPair key) :
    _session(session), _key(std::move(key))
{
    if (_key.algorithm != crypto::KeyAlgorithm::Gost2012_256
        && _key.algorithm != crypto::KeyAlgorithm::Gost2012_512) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "only GOST R 34.10-2012 keys decrypt here");
    }
}

crypto::SecureBuffer Pkcs11KeyAgreement::keg(ByteView ephemeralSpki, ByteView ukm)
{
    const auto peer = crypto::PublicKey::fromSpki(ephemeralSpki);
    if (peer.algorithm() != _key.algorithm) {
        throw RequestError(
            ErrorCode::INVALID_PARAMS, "the ephemeral key is not on the recipient key's curve");
    }
    auto publicData = peer.gostRaw();
    Bytes shared(ukm.begin(), ukm.end());
    CK_ECDH1_DERIVE_PARAMS params { CKD_NULL, shared.size(), shared.data(), publicData.size(),
        publicData.data() };
    CK_MECHANISM mechanism { CKM_GOST_KEG, &params, sizeof(params) };
    AttributeTemplate derived;
    derived.addUlong(CKA_CLASS, CKO_SECRET_KEY)
        .addUlong(CKA_KEY_TYPE, CKK_GENERIC_SECRET)
        .addUlong(CKA_VALUE_LEN, KEG_SIZE)
        .addBool(CKA_TOKEN, false)
        .addBool(CKA_SENSITIVE, false)
        .addBool(CKA_EXTRACTABLE, true);
    CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
    checkCkr("C_DeriveKey",
        _session.api()->C_DeriveKey(_session.handle(), &mechanism, _key.privateKey, derived.data(),
            derived.size(), &handle));
    const DerivedKey key(_session, handle);
    auto value = _session.requireAttribute(key.handle(), CKA_VALUE);
    crypto::SecureBuffer out(value);
    OPENSSL_cleanse(value.data(), value.size());
    if (out.size() != KEG_SIZE) {
        throw CardError("the token's KEG has the wrong length");
    }
    return out;
}

} // namespace tokenbridge::modes::active
