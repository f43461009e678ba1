#include "ActiveKeyStore.hpp"

#include "KeyPairs.hpp"
#include "KeyTemplates.hpp"
#include "Pkcs11KeyAgreement.hpp"
#include "Pkcs11Signer.hpp"
#include "PrivateKeyFlags.hpp"
#include "Session.hpp"
#include "TokenCertificates.hpp"

#include "crypto/GostParamSet.hpp"
#include "core/Error.hpp"
#include "security/PinBuffer.hpp"

#include <algorithm>
#include <cctype>

namespace tokenbridge::modes::active
{

namespace
{

    namespace p11 = tokenbridge::modes::active;

    p11::PinView pinOf(const security::PinBuffer* pin)
    {
        if (pin == nullptr || pin->empty()) {
            throw UserActionError(ErrorCode::PIN_REQUIRED, "this operation needs the PIN");
        }
        return pin->bytes();
    }

    // A session logged in for one call.
    struct LoggedIn
    {
        LoggedIn(const p11::TokenLocation& location, const security::PinBuffer* pin) :
            session(location.module, location.slot), login(session, pinOf(pin))
        {
        }
        p11::Session session;
        p11::Login login;
    };

    KeyEntry entryOf(p11::Session& session, const p11::KeyPair& pair)
    {
        KeyEntry entry;
        entry.keyId = toHex(pair.id);
        entry.mode = Mode::ActivePkcs11;
        if (pair.privateKey != CK_INVALID_HANDLE) {
            // Read, never assumed: a key made elsewhere may well be extractable.
            entry.pkcs11Attributes = p11::readPrivateKeyFlags(session, pair.privateKey);
            entry.extractable = p11::extractableOf(*entry.pkcs11Attributes);
            entry.extractableFrom = ExtractableSource::Pkcs11Attributes;
        }
        entry.exportable = false;
        entry.algorithm = pair.algorithm;
        entry.paramSetOid = pair.paramSetOid;
        entry.label = pair.label;
        entry.publicKeySpki = pair.spki;
        const auto certificates = p11::certificatesWithId(session, pair.id);
        if (!certificates.empty()) {
            entry.certificate = certificates.front().der;
            entry.certificateLabel = certificates.front().label;
        }
        return entry;
    }

    p11::KeyPair requirePair(p11::Session& session, const std::string& keyId)
    {
        Bytes id;
        try {
            id = fromHex(keyId);
        } catch (const std::exception&) {
            throw RequestError(ErrorCode::KEY_NOT_FOUND, "no key with this id");
        }
        auto pair = p11::findKeyPair(session, id);
        if (!pair) {
            throw RequestError(ErrorCode::KEY_NOT_FOUND, "no key with this id");
        }
        return *pair;
    }

    // Signs through the token for as long as it lives: owns the session and the login.
    class OwningSigner final : public crypto::Signer
    {
    public:
        OwningSigner(std::unique_ptr<LoggedIn> loggedIn, const std::string& keyId) :
            _loggedIn(std::move(loggedIn)),
            _signer(_loggedIn->session, requirePair(_loggedIn->session, keyId))
        {
        }
        [[nodiscard]] crypto::KeyAlgorithm algorithm() const override
        {
            return _signer.algorithm();
        }
        [[nodiscard]] Bytes publicKeySpki() const override { return _signer.publicKeySpki(); }
        Bytes signDigest(ByteView digest) override { return _signer.signDigest(digest); }

    private:
        std::unique_ptr<LoggedIn> _loggedIn;
        p11::Pkcs11Signer _signer;
    };

    // Agrees keys through the token for as long as it lives: owns the session and the login.
    class OwningKeyAgreement final : public crypto::KeyAgreement
    {
    public:
        OwningKeyAgreement(std::unique_ptr<LoggedIn> loggedIn, const std::string& keyId) :
            _loggedIn(std::move(loggedIn)),
            _agreement(_loggedIn->session, requirePair(_loggedIn->session, keyId))
        {
        }
        [[nodiscard]] crypto::KeyAlgorithm algorithm() const override
        {
            return _agreement.algorithm();
        }
        crypto::SecureBuffer keg(ByteView ephemeralSpki, ByteView ukm) override
        {
            return _agreement.keg(ephemeralSpki, ukm);
        }

    private:
        std::unique_ptr<LoggedIn> _loggedIn;
        p11::Pkcs11KeyAgreement _agreement;
    };

    bool sameId(const std::string& a, const std::string& b)
    {
        return a.size() == b.size()
            && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
                   return std::tolower(static_cast<unsigned char>(x))
                       == std::tolower(static_cast<unsigned char>(y));
               });
    }

    // Without a PIN only public objects are visible: the public keys and certificates. Whether
    // the private key can leave the token stays unknown (it is a private object).
    std::vector<KeyEntry> publicEntries(p11::Session& session)
    {
        std::vector<KeyEntry> out;
        for (const auto& pair : p11::listPublicKeys(session)) {
            out.push_back(entryOf(session, pair));
        }
        return out;
    }

} // namespace

ActiveKeyStore::ActiveKeyStore(p11::TokenLocation location, const security::PinBuffer* pin) :
    _location(std::move(location)), _pin(pin)
{
}

std::vector<KeyEntry> ActiveKeyStore::listKeys()
{
    if (_pin == nullptr || _pin->empty()) {
        p11::Session session(_location.module, _location.slot, false);
        return publicEntries(session);
    }
    // Private keys are private objects: listing them needs the login.
    LoggedIn call(_location, _pin);
    std::vector<KeyEntry> out;
    for (const auto& pair : p11::listKeyPairs(call.session)) {
        out.push_back(entryOf(call.session, pair));
    }
    return out;
}

KeyEntry ActiveKeyStore::findKey(const std::string& keyId)
{
    if (_pin == nullptr || _pin->empty()) {
        // No login: the public half tells everything a Key object carries.
        for (auto& key : listKeys()) {
            if (sameId(key.keyId, keyId)) {
                return key;
            }
        }
        throw RequestError(ErrorCode::KEY_NOT_FOUND, "no key with this id");
    }
    LoggedIn call(_location, _pin);
    return entryOf(call.session, requirePair(call.session, keyId));
}

KeyEntry ActiveKeyStore::generateKey(const GenerateKeyRequest& request)
{
    p11::KeyGenSpec spec;
    spec.algorithm = request.algorithm;
    spec.label = request.label;
    const std::string engineName = request.paramSet.empty() ? "A" : request.paramSet;
    spec.gostParamSetOid = std::string(crypto::findGostParamSet(request.algorithm, engineName).oid);
    if (request.exportable) {
        throw RequestError(ErrorCode::INVALID_PARAMS,
            "keys generated on the token cannot be exportable", { { "param", "exportable" } });
    }
    LoggedIn call(_location, _pin);
    return entryOf(call.session, p11::generateKeyPair(call.session, spec));
}

KeyEntry ActiveKeyStore::importCertificate(ByteView certificateDer)
{
    LoggedIn call(_location, _pin);
    const auto stored = p11::importCertificate(call.session, certificateDer, "");
    const auto pair = p11::findKeyPair(call.session, stored.id);
    if (!pair) {
        throw RequestError(ErrorCode::KEY_NOT_FOUND, "no key for this certificate");
    }
    return entryOf(call.session, *pair);
}

std::unique_ptr<crypto::Signer> ActiveKeyStore::signer(const KeyEntry& key)
{
    return std::make_unique<OwningSigner>(std::make_unique<LoggedIn>(_location, _pin), key.keyId);
}

std::unique_ptr<crypto::KeyAgreement> ActiveKeyStore::keyAgreement(const KeyEntry& key)
{
    return std::make_unique<OwningKeyAgreement>(
        std::make_unique<LoggedIn>(_location, _pin), key.keyId);
}

void ActiveKeyStore::deleteKey(const std::string& keyId)
{
    LoggedIn call(_location, _pin);
    p11::destroyKeyPair(call.session, requirePair(call.session, keyId).id);
}

void ActiveKeyStore::deleteCertificate(const std::string& keyId)
{
    LoggedIn call(_location, _pin);
    const auto pair = requirePair(call.session, keyId);
    for (const auto& certificate : p11::certificatesWithId(call.session, pair.id)) {
        call.session.destroyObject(certificate.handle);
    }
}

// C_SetAttributeValue of CKA_LABEL: the standard call, which Aktiv's module and ours keep on the
// token (on vtoken, the object's C1 field in card.json).
KeyEntry ActiveKeyStore::setKeyLabel(const std::string& keyId, const std::string& label)
{
    LoggedIn call(_location, _pin);
    const auto pair = requirePair(call.session, keyId);
    AttributeTemplate value;
    value.addText(CKA_LABEL, label);
    call.session.setAttributes(pair.privateKey, value);
    if (pair.publicKey) {
        call.session.setAttributes(*pair.publicKey, value);
    }
    return entryOf(call.session, requirePair(call.session, keyId));
}

KeyEntry ActiveKeyStore::setCertificateLabel(const std::string& keyId, const std::string& label)
{
    LoggedIn call(_location, _pin);
    const auto pair = requirePair(call.session, keyId);
    const auto certificates = p11::certificatesWithId(call.session, pair.id);
    if (certificates.empty()) {
        throw RequestError(
            ErrorCode::CERTIFICATE_NOT_FOUND, "the key has no certificate", { { "keyId", keyId } });
    }
    AttributeTemplate value;
    value.addText(CKA_LABEL, label);
    for (const auto& certificate : certificates) {
        call.session.setAttributes(certificate.handle, value);
    }
    return entryOf(call.session, pair);
}

} // namespace tokenbridge::modes::active
