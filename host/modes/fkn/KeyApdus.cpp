#include "KeyApdus.hpp"

#include "ObjectTlv.hpp"

#include "fkn/FknApdu.hpp"
#include "core/Error.hpp"

#include <cstdio>

namespace tokenbridge::modes::fkn
{

using namespace tokenbridge::fkn; // the FKN engine: APDU constants, sessions, the channel

namespace
{

    // Answers up to 64 KiB (certificates): extended Le, as the PKCS#11 module asks.
    constexpr std::uint32_t LE_ANY = 65536;

    enum class Kind { Request, UserAction, Card };
    struct StatusEntry
    {
        std::uint16_t sw;
        Kind kind;
        ErrorCode code;
        const char* message;
    };

    // Inner status words of the key commands -> what the caller can do about them.
    constexpr StatusEntry KEY_STATUS[] = {
        { 0x6A88, Kind::Request, ErrorCode::KEY_NOT_FOUND, "no such object on the token" },
        { 0x6A80, Kind::Request, ErrorCode::INVALID_PARAMS, "the token refused the parameters" },
        { 0x6700, Kind::Request, ErrorCode::INVALID_PARAMS, "wrong data length for this key" },
        { 0x6A84, Kind::UserAction, ErrorCode::CARD_ERROR, "the token has no room for more keys" },
        { 0x6983, Kind::UserAction, ErrorCode::PIN_BLOCKED, "the PIN is blocked" },
        { 0x6D00, Kind::UserAction, ErrorCode::MODE_NOT_SUPPORTED,
            "the token has no on-card keys" },
        { 0x6982, Kind::Card, ErrorCode::CARD_ERROR,
            "the token requires an FKN session for this key" },
        { SW_SM_FAILED, Kind::Card, ErrorCode::CARD_ERROR,
            "the token refused the protected channel" },
    };

    CommandApdu command(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2,
        Bytes data = {}, std::optional<std::uint32_t> le = std::nullopt)
    {
        return CommandApdu { cla, ins, p1, p2, std::move(data), le };
    }

    Bytes fields(const Attributes& attributes)
    {
        Bytes out;
        for (const auto& [tag, value] : attributes) {
            appendTlv(out, tag, value);
        }
        return out;
    }

    bool isAttributeTag(std::uint8_t tag)
    {
        return (tag & 0xF0) == 0xC0;
    }

    std::uint8_t firstByte(const Bytes& value)
    {
        return value.empty() ? std::uint8_t { 0 } : value.front();
    }

} // namespace

Bytes CardObject::attribute(std::uint8_t tag) const
{
    const auto it = attributes.find(tag);
    return it == attributes.end() ? Bytes {} : it->second;
}

std::vector<ListedObject> parseObjectList(ByteView data)
{
    std::vector<ListedObject> out;
    for (const auto& field : parseTlv(data)) {
        if (field.tag == 0x90 && field.value.size() == 1) {
            out.push_back({ field.value[0], 0, false });
        } else if (field.tag == 0x91 && !out.empty()) {
            out.back().kind = firstByte(field.value);
        } else if (field.tag == TAG_FKN && !out.empty()) {
            out.back().fkn = firstByte(field.value) == 0x01;
        }
    }
    return out;
}

CardObject parseObject(std::uint8_t ref, ByteView data)
{
    CardObject object;
    object.ref = ref;
    for (auto& field : parseTlv(data)) {
        switch (field.tag) {
        case 0x91:
            object.kind = firstByte(field.value);
            break;
        case TAG_FKN:
            object.fkn = firstByte(field.value) == 0x01;
            break;
        case 0x80:
            object.algorithm = firstByte(field.value);
            break;
        case 0x81:
            object.params = std::move(field.value);
            break;
        case 0x84:
            object.hashParams = std::move(field.value);
            break;
        case 0x86:
            object.publicKey = std::move(field.value);
            break;
        default:
            if (isAttributeTag(field.tag)) {
                object.attributes[field.tag] = std::move(field.value);
            }
        }
    }
    return object;
}

std::uint8_t parseNewReference(ByteView data)
{
    const auto list = parseTlv(data);
    if (list.empty() || list.front().tag != 0x90 || list.front().value.size() != 1) {
        throw CardError("the token did not name the new object");
    }
    return list.front().value[0];
}

CommandApdu listObjectsCommand()
{
    return command(0x80, 0x48, 0x00, 0x00, {}, LE_ANY);
}

CommandApdu readObjectCommand(std::uint8_t ref)
{
    return command(0x80, 0x48, 0x01, ref, {}, LE_ANY);
}

CommandApdu generateKeyPairCommand(
    std::uint8_t algorithm, ByteView paramsOid, ByteView hashOid, const Attributes& attributes)
{
    Bytes data;
    appendTlv(data, 0x80, Bytes { algorithm });
    appendTlv(data, 0x81, paramsOid);
    if (!hashOid.empty()) {
        appendTlv(data, 0x84, hashOid);
    }
    const auto rest = fields(attributes);
    data.insert(data.end(), rest.begin(), rest.end());
    return command(0x80, 0x46, 0x00, 0x00, std::move(data), LE_ANY);
}

CommandApdu createDataObjectCommand(const Attributes& attributes)
{
    return command(0x80, 0xD0, 0x00, 0x00, fields(attributes), LE_ANY);
}

CommandApdu setAttributesCommand(std::uint8_t ref, const Attributes& attributes)
{
    return command(0x80, 0xDA, 0x00, ref, fields(attributes));
}

CommandApdu deleteObjectCommand(std::uint8_t ref)
{
    return command(0x80, 0xE4, 0x00, ref);
}

CommandApdu selectSigningKeyCommand(std::uint8_t ref)
{
    return command(0x00, 0x22, 0x41, 0xB6, Bytes { 0x84, 0x01, ref });
}

CommandApdu signDigestCommand(ByteView digest)
{
    return command(0x00, 0x2A, 0x9E, 0x9A, Bytes(digest.begin(), digest.end()), 256);
}

CommandApdu keyAttributesCommand(std::uint8_t ref)
{
    return command(FKN_CLA, INS_FKN_KEY_ATTRIBUTES, 0x00, ref, {}, 256);
}

void checkKeyStatus(std::uint16_t sw)
{
    if (sw == SW_OK) {
        return;
    }
    if ((sw & 0xFFF0) == 0x63C0) {
        throwForStatusWord(sw); // PIN_INCORRECT with retriesLeft
    }
    char hex[5];
    std::snprintf(hex, sizeof hex, "%04X", sw);
    const nlohmann::json details { { "sw", hex } };
    for (const auto& entry : KEY_STATUS) {
        if (entry.sw != sw) {
            continue;
        }
        switch (entry.kind) {
        case Kind::Request:
            throw RequestError(entry.code, entry.message, details);
        case Kind::UserAction:
            throw UserActionError(entry.code, entry.message, details);
        case Kind::Card:
            throw CardError(entry.message, details);
        }
    }
    throw CardError("the token refused a key command", details);
}

} // namespace tokenbridge::modes::fkn
