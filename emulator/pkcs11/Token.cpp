#include "Token.hpp"

#include "SecretApdu.hpp"

#include "BerTlv.hpp"

namespace tokenbridge::vtoken::pkcs11
{

namespace
{

    struct StatusMapping
    {
        uint16_t sw;
        CK_RV rv;
    };

    // Card status word -> CKR (docs/vtoken.md "APDU set").
    constexpr StatusMapping STATUS_MAP[] = {
        { 0x6982, CKR_USER_NOT_LOGGED_IN },
        { 0x6983, CKR_PIN_LOCKED },
        { 0x6984, CKR_PIN_LOCKED },
        { 0x6985, CKR_FUNCTION_FAILED },
        { 0x6A80, CKR_ATTRIBUTE_VALUE_INVALID },
        { 0x6A84, CKR_DEVICE_MEMORY },
        { 0x6A88, CKR_OBJECT_HANDLE_INVALID },
        { 0x6700, CKR_DATA_LEN_RANGE },
        { 0x6D00, CKR_FUNCTION_NOT_SUPPORTED },
    };

    Bytes attributeFields(const std::map<uint8_t, Bytes>& attributes)
    {
        Bytes out;
        for (const auto& [tag, value] : attributes) {
            ber::append(out, tag, value);
        }
        return out;
    }

    uint32_t be32(const Bytes& v)
    {
        return v.size() == 4 ? (uint32_t { v[0] } << 24) | (uint32_t { v[1] } << 16)
                | (uint32_t { v[2] } << 8) | v[3]
                             : 0;
    }

    // The vendor information's fields (tags of docs/vtoken.md "Token information", then 8B, 8C).
    void readField(TokenData& data, uint8_t tag, const Bytes& v)
    {
        const auto pair = [&v](uint8_t(&out)[2]) {
            if (v.size() == 2) {
                out[0] = v[0];
                out[1] = v[1];
            }
        };
        const uint8_t first = v.empty() ? 0 : v[0];
        switch (tag) {
        case 0x80:
            data.type = first;
            break;
        case 0x81:
            pair(data.hw);
            break;
        case 0x82:
            pair(data.fw);
            break;
        case 0x83:
            data.serial = be32(v);
            break;
        case 0x84:
            data.flags = be32(v);
            break;
        case 0x85:
            data.features = first;
            break;
        case 0x86:
            data.currentInterface = first;
            break;
        case 0x87:
            data.supportedInterfaces = first;
            break;
        case 0x88:
            data.name.assign(v.begin(), v.end());
            break;
        case 0x89:
            data.totalMemory = be32(v);
            break;
        case 0x8A:
            data.freeMemory = be32(v);
            break;
        case 0x8B:
            pair(data.maxTries);
            break;
        case 0x8C:
            pair(data.pinLength);
            break;
        default:
            break;
        }
    }

} // namespace

CK_RV ckrOfStatus(uint16_t sw)
{
    if ((sw & 0xFFF0) == 0x63C0) {
        return CKR_PIN_INCORRECT;
    }
    for (const auto& m : STATUS_MAP) {
        if (m.sw == sw) {
            return m.rv;
        }
    }
    return CKR_DEVICE_ERROR;
}

ResponseApdu Token::send(const CommandApdu& command)
{
    try {
        return _link.transmit(command);
    } catch (const CardGone&) {
        throw CkrFailure { CKR_DEVICE_REMOVED };
    }
}

Bytes Token::expectOk(const CommandApdu& command)
{
    auto response = send(command);
    if (response.sw != 0x9000) {
        throw CkrFailure { ckrOfStatus(response.sw) };
    }
    return std::move(response.data);
}

std::optional<TokenData> Token::readInfo()
{
    // The vendor information, not our GET DATA token-info object: a real card answers its
    // vendor's library, not the host's invention (docs/vtoken.md "Vendor information").
    ResponseApdu response;
    try {
        response = _link.transmit({ 0x80, 0x30, 0x00, 0x01, {}, CommandApdu::SHORT_MAX_LE });
    } catch (const CardGone&) {
        return std::nullopt;
    }
    const auto fields = ber::parse(response.data);
    if (response.sw != 0x9000 || !fields) {
        return std::nullopt;
    }
    TokenData data;
    for (const auto& f : *fields) {
        readField(data, f.tag, f.value);
    }
    return data;
}

uint8_t Token::changedPins()
{
    const auto fields =
        ber::parse(expectOk({ 0x80, 0x30, 0x00, 0x02, {}, CommandApdu::SHORT_MAX_LE }));
    if (!fields || fields->empty() || (*fields)[0].tag != 0x80 || (*fields)[0].value.size() != 1) {
        throw CkrFailure { CKR_DEVICE_ERROR };
    }
    return (*fields)[0].value[0];
}

Bytes Token::atr()
{
    try {
        return _link.atr();
    } catch (const CardGone&) {
        throw CkrFailure { CKR_DEVICE_REMOVED };
    }
}

int Token::pinStatus(uint8_t reference)
{
    const auto response = send(apdu(0x00, 0x20, 0x00, reference));
    if (response.sw == 0x9000) {
        return -1;
    }
    if ((response.sw & 0xFFF0) == 0x63C0) {
        return response.sw & 0x0F;
    }
    return 0;
}

void Token::login(uint8_t reference, ByteView pin)
{
    SecretApdu verify(0x00, 0x20, 0x00, reference, pin.size());
    verify.append(pin);
    _listed.reset(); // the private objects appear: listed again, the others kept
    expectOk(verify.command());
}

void Token::logout(uint8_t reference)
{
    _listed.reset(); // the private objects go
    std::erase_if(_kept, [](const auto& kept) { return kept.second.isPrivate; });
    expectOk(apdu(0x00, 0x20, 0xFF, reference));
}

std::optional<Bytes> Token::objectCommand(const CommandApdu& command)
{
    auto response = send(command);
    if (response.sw == 0x6D00) {
        return std::nullopt;
    }
    if (response.sw != 0x9000) {
        throw CkrFailure { ckrOfStatus(response.sw) };
    }
    return std::move(response.data);
}

template <typename Work> auto Token::onFiles(Work&& work)
{
    try {
        return work(_files);
    } catch (const CardGone&) {
        throw CkrFailure { CKR_DEVICE_REMOVED };
    }
}

std::optional<std::vector<uint8_t>> Token::listObjects()
{
    const auto listed = objectCommand(apdu(0x80, 0x48, 0x00, 0x00, {}, true));
    if (!listed) {
        return std::nullopt;
    }
    const auto fields = ber::parse(*listed);
    if (!fields) {
        throw CkrFailure { CKR_DEVICE_ERROR };
    }
    std::vector<uint8_t> refs;
    for (const auto& f : *fields) {
        if (f.tag == 0x90 && f.value.size() == 1) {
            refs.push_back(f.value[0]);
        }
    }
    return refs;
}

std::vector<CardObject> Token::fileObjects()
{
    return onFiles([](FileObjects& files) { return files.list(); });
}

CardObject Token::readObject(uint8_t ref)
{
    const auto read = objectCommand(apdu(0x80, 0x48, 0x01, ref, {}, true));
    if (!read) {
        return onFiles([ref](FileObjects& files) { return files.read(ref); });
    }
    return CardObject::parse(ref, *read);
}

uint8_t Token::generateKeyPair(uint8_t algorithm, const Bytes& params, const Bytes& hashParams,
    const std::map<uint8_t, Bytes>& attributes)
{
    Bytes data;
    ber::append(data, 0x80, Bytes { algorithm });
    ber::append(data, 0x81, params);
    if (!hashParams.empty()) {
        ber::append(data, 0x84, hashParams);
    }
    const Bytes rest = attributeFields(attributes);
    data.insert(data.end(), rest.begin(), rest.end());
    dropKept();
    const auto fields = ber::parse(expectOk(apdu(0x80, 0x46, 0x00, 0x00, data, true)));
    if (!fields || fields->empty() || (*fields)[0].tag != 0x90 || (*fields)[0].value.size() != 1) {
        throw CkrFailure { CKR_DEVICE_ERROR };
    }
    return (*fields)[0].value[0];
}

uint8_t Token::createDataObject(const std::map<uint8_t, Bytes>& attributes)
{
    dropKept();
    const auto created =
        objectCommand(apdu(0x80, 0xD0, 0x00, 0x00, attributeFields(attributes), true));
    if (!created) {
        if (attributes.count(TAG_PRIVATE) != 0) {
            throw CkrFailure { CKR_ATTRIBUTE_VALUE_INVALID }; // the files are read without a PIN
        }
        return onFiles([&](FileObjects& files) { return files.create(attributes); });
    }
    const auto fields = ber::parse(*created);
    if (!fields || fields->empty() || (*fields)[0].tag != 0x90 || (*fields)[0].value.size() != 1) {
        throw CkrFailure { CKR_DEVICE_ERROR };
    }
    return (*fields)[0].value[0];
}

void Token::setAttributes(uint8_t ref, const std::map<uint8_t, Bytes>& attributes)
{
    dropKept();
    if (!objectCommand(apdu(0x80, 0xDA, 0x00, ref, attributeFields(attributes)))) {
        onFiles([&](FileObjects& files) { files.update(ref, attributes); });
    }
}

void Token::destroy(uint8_t ref)
{
    dropKept();
    if (!objectCommand(apdu(0x80, 0xE4, 0x00, ref))) {
        onFiles([ref](FileObjects& files) { files.remove(ref); });
    }
}

Bytes Token::sign(uint8_t ref, const Bytes& digest)
{
    // MSE SET needs no PIN: 6982 there means an FKN key, usable only inside an FKN session.
    const auto selected = send(apdu(0x00, 0x22, 0x41, 0xB6, { 0x84, 0x01, ref }));
    if (selected.sw == 0x6982) {
        throw CkrFailure { CKR_KEY_FUNCTION_NOT_PERMITTED };
    }
    if (selected.sw != 0x9000) {
        throw CkrFailure { ckrOfStatus(selected.sw) };
    }
    return expectOk(apdu(0x00, 0x2A, 0x9E, 0x9A, digest, true));
}

} // namespace tokenbridge::vtoken::pkcs11
