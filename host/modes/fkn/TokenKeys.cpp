#include "TokenKeys.hpp"

#include "FknKeyStore.hpp"
#include "ObjectTlv.hpp"

#include "crypto/Hasher.hpp"
#include "crypto/PublicKeyEncoding.hpp"
#include "core/Error.hpp"
#include "security/PinBuffer.hpp"

#include <algorithm>
#include <cctype>

namespace tokenbridge::modes::fkn
{

using namespace tokenbridge::fkn; // the FKN engine: APDU constants, sessions, the channel

namespace
{

    ResponseApdu transmitPlain(const Transmit& transmit, const CommandApdu& command)
    {
        const auto raw = transmit(command.encode());
        if (raw.size() < 2) {
            throw RetryableError(
                ErrorCode::TOKEN_REMOVED, "the token went away during the command");
        }
        return ResponseApdu::parse(raw);
    }

} // namespace

SecureChannel openUserChannel(const Transmit& transmit, ByteView pin, const ScalarSource& scalars)
{
    try {
        return openFknSession(transmit, pin, scalars);
    } catch (const UserActionError& error) {
        // 63C0: that wrong PIN was the last try.
        if (error.code() == ErrorCode::PIN_INCORRECT
            && error.details().value("retriesLeft", -1) == 0) {
            throw UserActionError(
                ErrorCode::PIN_BLOCKED, "the PIN is blocked", { { "retriesLeft", 0 } });
        }
        throw;
    }
}

std::optional<int> userPinTriesLeft(const Transmit& transmit)
{
    return sespakeTriesLeft(transmit);
}

ByteView requireUserPin(const Transmit& transmit, const security::PinBuffer* pin)
{
    if (pin != nullptr && !pin->empty()) {
        return pin->bytes();
    }
    const auto left = userPinTriesLeft(transmit);
    if (left == 0) {
        throw UserActionError(
            ErrorCode::PIN_BLOCKED, "the PIN is blocked", { { "retriesLeft", 0 } });
    }
    nlohmann::json details = nlohmann::json::object();
    if (left) {
        details["retriesLeft"] = *left;
    }
    throw UserActionError(ErrorCode::PIN_REQUIRED, "this operation needs the PIN", details);
}

void TokenKeys::openSession(ByteView pin, const ScalarSource& scalars)
{
    _channel.reset();
    _channel.emplace(openUserChannel(_transmit, pin, scalars));
}

Bytes TokenKeys::run(const CommandApdu& command)
{
    ResponseApdu response;
    if (_channel) {
        try {
            response = transmitProtected(*_channel, _transmit, command);
        } catch (const RetryableError& error) {
            if (error.code() != ErrorCode::CARD_ERROR) {
                throw;
            }
            // The response failed its MAC/counter check, or the token refused ours: nothing
            // the token said in this session is trusted; a new request runs a new session.
            throw CardError(
                "the FKN secure channel to the token failed; the operation was not completed",
                { { "reason", "secure-channel" } });
        }
    } else {
        response = transmitPlain(_transmit, command);
    }
    checkKeyStatus(response.sw);
    return std::move(response.data);
}

std::vector<CardObject> TokenKeys::objects()
{
    std::vector<CardObject> out;
    for (const auto& listed : parseObjectList(run(listObjectsCommand()))) {
        auto object = parseObject(listed.ref, run(readObjectCommand(listed.ref)));
        object.fkn = object.fkn || listed.fkn;
        out.push_back(std::move(object));
    }
    return out;
}

KeyAttributes TokenKeys::attributesOf(const CardObject& key)
{
    if (!_channel) {
        throw FatalError("the key attributes are read inside an FKN session only");
    }
    KeyAttributes attributes;
    for (const auto& field : parseTlv(run(keyAttributesCommand(key.ref)))) {
        const bool set = !field.value.empty() && field.value.front() == 0x01;
        if (field.tag == 0x80) {
            attributes.fkn = set;
        } else if (field.tag == 0x81) {
            attributes.extractable = set;
        }
    }
    return attributes;
}

std::optional<CardObject> TokenKeys::keyPair(const std::string& keyId)
{
    for (auto& object : objects()) {
        if (object.kind == KIND_KEY_PAIR && sameKeyId(keyIdOf(object), keyId)) {
            return object;
        }
    }
    return std::nullopt;
}

std::optional<CardObject> TokenKeys::fknKeyPair(const std::string& keyId)
{
    const auto listed = parseObjectList(run(listObjectsCommand()));
    for (const bool marked : { true, false }) {
        for (const auto& entry : listed) {
            if (entry.fkn != marked) {
                continue;
            }
            auto object = parseObject(entry.ref, run(readObjectCommand(entry.ref)));
            object.fkn = object.fkn || entry.fkn;
            if (object.fkn && object.kind == KIND_KEY_PAIR && sameKeyId(keyIdOf(object), keyId)) {
                return object;
            }
        }
    }
    return std::nullopt;
}

std::vector<CardObject> TokenKeys::certificatesOf(const std::string& keyId)
{
    std::vector<CardObject> out;
    for (auto& object : objects()) {
        if (object.kind == KIND_DATA && sameKeyId(toHex(object.attribute(TAG_ID)), keyId)) {
            out.push_back(std::move(object));
        }
    }
    return out;
}

std::string keyIdOf(const CardObject& object)
{
    const auto id = object.attribute(TAG_ID);
    if (!id.empty()) {
        return toHex(id);
    }
    return toHex(crypto::hash(crypto::HashAlgorithm::Sha1, object.publicKey));
}

crypto::KeyAlgorithm algorithmOf(const CardObject& object)
{
    return object.algorithm == ALG_GOST_512 ? crypto::KeyAlgorithm::Gost2012_512
                                            : crypto::KeyAlgorithm::Gost2012_256;
}

Bytes spkiOf(const CardObject& object)
{
    return crypto::gostSpki(
        algorithmOf(object), crypto::oidFromDer(object.params), object.publicKey);
}

bool sameKeyId(const std::string& a, const std::string& b)
{
    return !a.empty() && a.size() == b.size()
        && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x))
                   == std::tolower(static_cast<unsigned char>(y));
           });
}

static modes::KeyEntry readEntry(const CardObject& key, const std::vector<CardObject>& objects);

modes::KeyEntry entryOf(const CardObject& key, const std::vector<CardObject>& objects)
{
    // The fields come from the token: what cannot be read is the card's fault (CARD_ERROR),
    // never the page's (INVALID_PARAMS) nor the host's (INTERNAL_ERROR).
    try {
        return readEntry(key, objects);
    } catch (const Error&) {
        throw CardError("the token lists a key with malformed parameters");
    }
}

static modes::KeyEntry readEntry(const CardObject& key, const std::vector<CardObject>& objects)
{
    modes::KeyEntry entry;
    entry.keyId = keyIdOf(key);
    entry.mode = Mode::Fkn;
    if (key.fkn) {
        // The token marks a key generated inside an FKN session, and such a key never leaves it
        // (docs/fkn.md "FKN keys"). Public data: getKeyInfo with the PIN asks the token itself.
        entry.extractable = Extractable::No;
        entry.extractableFrom = ExtractableSource::FknObjectList;
    }
    entry.exportable = false;
    entry.algorithm = algorithmOf(key);
    entry.paramSetOid = crypto::oidFromDer(key.params);
    const auto label = key.attribute(TAG_LABEL);
    entry.label.assign(label.begin(), label.end());
    entry.publicKeySpki = spkiOf(key);
    for (const auto& object : objects) {
        if (object.kind == KIND_DATA && !object.attribute(TAG_VALUE).empty()
            && sameKeyId(toHex(object.attribute(TAG_ID)), entry.keyId)) {
            entry.certificate = object.attribute(TAG_VALUE);
            const auto certificateLabel = object.attribute(TAG_LABEL);
            entry.certificateLabel.assign(certificateLabel.begin(), certificateLabel.end());
            break;
        }
    }
    return entry;
}

} // namespace tokenbridge::modes::fkn
