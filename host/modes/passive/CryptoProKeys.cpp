#include "CryptoProKeys.hpp"

#include "CardPin.hpp"
#include "CryptoProFormat.hpp"
#include "PassiveKeyStore.hpp"

#include "core/Error.hpp"
#include "core/Log.hpp"
#include "crypto/Certificate.hpp"
#include "crypto/Hasher.hpp"
#include "crypto/PublicKey.hpp"
#include "crypto/SoftwareSigner.hpp"
#include "security/PinBuffer.hpp"

#include <algorithm>

namespace tokenbridge::modes::passive
{

namespace
{
    // The first 8 bytes of the little-endian X: what CryptoPro's primaryFP holds.
    Bytes fingerprintOf(ByteView spki)
    {
        auto raw = crypto::PublicKey::fromSpki(spki).gostRaw();
        raw.resize(8);
        return raw;
    }

    // The header's certificate for its key: the first whose public key has the fingerprint.
    std::optional<Bytes> certificateFor(const cryptopro::Header& header)
    {
        for (const auto& der : header.certificates) {
            try {
                const auto spki = crypto::parseCertificate(der).spki;
                const auto fp = fingerprintOf(spki);
                if (std::equal(fp.begin(), fp.end(), header.primaryFp.begin())) {
                    return der;
                }
            } catch (const std::exception& error) {
                log::warn(
                    std::string("passive: a CryptoPro certificate is unreadable: ") + error.what());
            }
        }
        return std::nullopt;
    }

    KeyEntry entryOf(const cryptopro::Header& header, ByteView name)
    {
        KeyEntry entry;
        entry.keyId = cryptoProKeyId(header.primaryFp);
        entry.mode = Mode::Passive;
        entry.extractable = Extractable::Yes; // the host decrypts it to use it
        entry.extractableFrom = ExtractableSource::PassiveMode;
        entry.exportable = header.exportable;
        entry.container = ContainerFormat::CryptoPro;
        entry.algorithm = header.paramSet->algorithm;
        entry.paramSetOid = std::string(header.paramSet->oid);
        entry.label = cryptopro::parseName(name);
        entry.certificate = certificateFor(header);
        if (entry.certificate) {
            entry.publicKeySpki = crypto::parseCertificate(*entry.certificate).spki;
        }
        return entry;
    }

    ByteView viewOf(const security::PinBuffer* secret)
    {
        return secret ? ByteView(secret->bytes()) : ByteView();
    }
} // namespace

std::string cryptoProKeyId(ByteView primaryFp)
{
    auto digest = crypto::hash(crypto::HashAlgorithm::Streebog256, primaryFp);
    digest.resize(KEY_ID_SIZE);
    return toHex(digest);
}

CryptoProKeys::CryptoProKeys(pcsc::Card& card, FilePath root, const security::PinBuffer* pin,
    const security::PinBuffer* password) :
    _card(card),
    _containers(card, std::move(root)), _pin(pin), _password(password)
{
}

std::vector<CryptoProKeys::Found> CryptoProKeys::scan(
    std::optional<CardPinSession>& session, PublicKeys publicKeys)
{
    std::vector<Found> found;
    for (auto& listed : _containers.list()) {
        try {
            if (!listed.header && _pin != nullptr && !session) {
                session.emplace(_card, _pin);
            }
            if (!listed.header && !session) {
                log::info("passive: a CryptoPro container's header needs the PIN; not listed");
                continue;
            }
            const auto header = cryptopro::parseHeader(
                listed.header ? *listed.header : _containers.readHeader(listed.index));
            auto entry = entryOf(header, listed.name);
            if (entry.publicKeySpki.empty() && _pin != nullptr && publicKeys == PublicKeys::Open) {
                if (!session) {
                    session.emplace(_card, _pin);
                }
                try {
                    entry.publicKeySpki = open(listed.index).privateKey().publicKey().spki();
                } catch (const UserActionError& error) {
                    // A password this request lacks: listed without its public key.
                    log::info(std::string("passive: CryptoPro key not opened: ") + error.what());
                } catch (const RequestError& error) {
                    // Damaged key files: listed as without the PIN; using it says why.
                    log::warn(std::string("passive: CryptoPro key not opened: ") + error.what());
                }
            }
            found.push_back({ listed.index, std::move(entry) });
        } catch (const RequestError& error) {
            log::warn(std::string("passive: skipped a CryptoPro container: ") + error.what());
        }
    }
    return found;
}

CryptoProKeys::Found CryptoProKeys::locate(
    const std::string& keyId, std::optional<CardPinSession>& session)
{
    session.emplace(_card, _pin);
    for (auto& found : scan(session, PublicKeys::Skip)) {
        if (found.entry.keyId == keyId) {
            return found;
        }
    }
    throw RequestError(
        ErrorCode::KEY_NOT_FOUND, "no key " + keyId + " on the token", { { "keyId", keyId } });
}

CryptoProContainer CryptoProKeys::open(std::uint8_t index)
{
    const auto files = _containers.read(index);
    try {
        return CryptoProContainer::read(files, viewOf(_password));
    } catch (const UserActionError& error) {
        if (error.code() != ErrorCode::CONTAINER_PASSWORD_INCORRECT || _password != nullptr) {
            throw;
        }
        throw UserActionError(ErrorCode::CONTAINER_PASSWORD_INCORRECT,
            "the CryptoPro container on the token has a password; it can be given only on the "
            "command line (tokenbridge-host call --container-password-file FILE)");
    }
}

std::vector<KeyEntry> CryptoProKeys::list()
{
    std::vector<KeyEntry> keys;
    std::optional<CardPinSession> session;
    for (auto& found : scan(session, PublicKeys::Open)) {
        keys.push_back(std::move(found.entry));
    }
    return keys;
}

std::optional<KeyEntry> CryptoProKeys::find(const std::string& keyId)
{
    std::optional<CardPinSession> session;
    for (auto& found : scan(session, PublicKeys::Open)) {
        if (found.entry.keyId == keyId) {
            return std::move(found.entry);
        }
    }
    return std::nullopt;
}

std::optional<KeyEntry> CryptoProKeys::findByPublicKey(ByteView spki)
{
    std::string id;
    try {
        id = cryptoProKeyId(fingerprintOf(spki));
    } catch (const std::exception&) {
        return std::nullopt; // not a GOST key: no CryptoPro container holds it
    }
    return find(id);
}

std::unique_ptr<crypto::Signer> CryptoProKeys::signer(const std::string& keyId)
{
    std::optional<CardPinSession> session;
    const auto found = locate(keyId, session);
    auto raw = open(found.index).privateKey().toRaw();
    auto key = crypto::PrivateKey::fromRaw(raw);
    raw.scalarLittleEndian.wipe();
    return std::make_unique<crypto::SoftwareSigner>(std::move(key));
}

crypto::SecureBuffer CryptoProKeys::exportKey(const std::string& keyId)
{
    std::optional<CardPinSession> session;
    const auto found = locate(keyId, session);
    if (!found.entry.exportable) {
        throw RequestError(ErrorCode::NOT_EXPORTABLE,
            "the CryptoPro container marks its key not exportable", { { "keyId", keyId } });
    }
    return open(found.index).privateKey().toPem();
}

void CryptoProKeys::remove(const std::string& keyId)
{
    std::optional<CardPinSession> session;
    const auto found = locate(keyId, session);
    _containers.remove(found.index);
}

KeyEntry CryptoProKeys::import(const CryptoProFiles& files)
{
    const auto header = cryptopro::parseHeader(files.header);
    auto entry = entryOf(header, files.name);
    std::optional<CardPinSession> session;
    session.emplace(_card, _pin);
    for (const auto& found : scan(session, PublicKeys::Skip)) {
        if (found.entry.keyId == entry.keyId) {
            throw RequestError(ErrorCode::INVALID_PARAMS,
                "the token already holds this CryptoPro container's key",
                { { "keyId", entry.keyId } });
        }
    }
    _containers.write(files);
    if (entry.publicKeySpki.empty()) {
        entry.publicKeySpki = CryptoProContainer::read(files, {}).privateKey().publicKey().spki();
    }
    return entry;
}

} // namespace tokenbridge::modes::passive
