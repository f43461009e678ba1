// On-card keys (docs/vtoken.md "On-card keys"): GENERATE KEY PAIR, LIST / READ OBJECT, SET
// ATTRIBUTES, CREATE DATA OBJECT, DELETE OBJECT, MSE SET, PSO COMPUTE DIGITAL SIGNATURE.
// No command answers with a private scalar: it is written to the card's store and read back
// only by the signing handler.
#include "BerTlv.hpp"
#include "Card.hpp"
#include "CardCrypto.hpp"
#include "CardError.hpp"
#include "StatusWords.hpp"

#include <algorithm>

namespace tokenbridge::vtoken
{

namespace
{

    using nlohmann::json;

    constexpr uint8_t KIND_KEY_PAIR = 0x01;
    constexpr uint8_t KIND_DATA = 0x02;
    constexpr size_t MAX_OBJECTS = 64;
    // One object's fields: a 32 KiB data object (tokenbridge's writeData limit) with its label
    // and application, or a certificate.
    constexpr size_t MAX_OBJECT_BYTES = 34 * 1024;

    void require(bool condition, uint16_t statusWord)
    {
        if (!condition) {
            throw CardError(statusWord);
        }
    }

    // Storage-only models (no crypto core) do not have this command group at all.
    void requireCore(const Card& card)
    {
        require((card.model().features & FEATURE_CORE) != 0, sw::INS_NOT_SUPPORTED);
    }

    void requireUser(Card& card)
    {
        require(card.session().userAuthenticated(), sw::SECURITY_NOT_SATISFIED);
    }

    bool isAttributeTag(uint8_t tag)
    {
        return (tag & 0xF0) == 0xC0;
    }

    std::vector<ber::Field> fieldsOf(const CommandApdu& apdu)
    {
        auto fields = ber::parse(apdu.data);
        require(fields.has_value() && apdu.data.size() <= MAX_OBJECT_BYTES, sw::WRONG_DATA);
        return *fields;
    }

    const Bytes* findField(const std::vector<ber::Field>& fields, uint8_t tag)
    {
        for (const auto& f : fields) {
            if (f.tag == tag) {
                return &f.value;
            }
        }
        return nullptr;
    }

    json& findObject(Card& card, uint8_t ref)
    {
        for (auto& object : card.state().keys) {
            if (object.at("ref").get<int>() == ref) {
                return object;
            }
        }
        throw CardError(sw::DATA_NOT_FOUND);
    }

    uint8_t freeReference(const Card& card)
    {
        const auto& keys = card.state().keys;
        require(keys.size() < MAX_OBJECTS, sw::NOT_ENOUGH_MEMORY);
        for (int ref = 1; ref < 0xFF; ++ref) {
            const bool used = std::any_of(keys.begin(), keys.end(),
                [ref](const json& o) { return o.at("ref").get<int>() == ref; });
            if (!used) {
                return static_cast<uint8_t>(ref);
            }
        }
        throw CardError(sw::NOT_ENOUGH_MEMORY);
    }

    // The public attributes (tags Cx) the host asked the card to keep, replacing equal tags.
    void storeAttributes(json& object, const std::vector<ber::Field>& fields)
    {
        for (const auto& f : fields) {
            if (isAttributeTag(f.tag)) {
                object["attributes"][toHexUpper(Bytes { f.tag })] = toHexUpper(f.value);
            }
        }
    }

    // FKN keys (docs/fkn.md §2): generated inside the FKN channel, usable and deletable only
    // there.
    bool isFknKey(const json& object)
    {
        return object.value("fkn", false);
    }

    void requireFknChannelFor(Card& card, const json& object)
    {
        require(!isFknKey(object) || card.session().fknProtected, sw::SECURITY_NOT_SATISFIED);
    }

    void appendFknMark(Bytes& out, const json& object)
    {
        if (isFknKey(object)) {
            ber::append(out, 0x92, Bytes { 0x01 });
        }
    }

    // A private data object (93 01 01 at creation): listed and read only while the user PIN is
    // verified, like a PKCS#11 private object; the mark is in its list entry and its fields.
    constexpr uint8_t TAG_PRIVATE = 0x93;

    bool isPrivateObject(const json& object)
    {
        return object.value("privateObject", false);
    }

    void appendPrivateMark(Bytes& out, const json& object)
    {
        if (isPrivateObject(object)) {
            ber::append(out, TAG_PRIVATE, Bytes { 0x01 });
        }
    }

    Bytes hexField(const json& object, const char* name)
    {
        return fromHex(object.at(name).get<std::string>());
    }

    ResponseApdu generateKeyPair(Card& card, const CommandApdu& apdu)
    {
        requireCore(card);
        require(apdu.p1 == 0 && apdu.p2 == 0, sw::WRONG_P1P2);
        requireUser(card);
        const auto fields = fieldsOf(apdu);
        const Bytes* algorithm = findField(fields, 0x80);
        const Bytes* params = findField(fields, 0x81);
        require(algorithm && algorithm->size() == 1 && params, sw::WRONG_DATA);
        const Bytes* hashParams = findField(fields, 0x84);
        const uint8_t ref = freeReference(card);
        const auto key = generateKey(algorithm->front(), *params);
        json object { { "ref", ref }, { "kind", KIND_KEY_PAIR },
            { "algorithm", algorithm->front() }, { "params", toHexUpper(*params) },
            { "hashParams", hashParams ? toHexUpper(*hashParams) : "" },
            { "public", toHexUpper(key.publicKey) }, { "private", toHexUpper(key.privateScalar) },
            { "attributes", json::object() } };
        if (card.session().fknProtected) {
            object["fkn"] = true; // set once, here; no command changes it
        }
        storeAttributes(object, fields);
        card.state().keys.push_back(std::move(object));
        card.commit();
        ResponseApdu response;
        ber::append(response.data, 0x90, Bytes { ref });
        ber::append(response.data, 0x86, key.publicKey);
        return response;
    }

    ResponseApdu createDataObject(Card& card, const CommandApdu& apdu)
    {
        requireCore(card);
        require(apdu.p1 == 0 && apdu.p2 == 0, sw::WRONG_P1P2);
        requireUser(card);
        auto fields = fieldsOf(apdu);
        const auto* mark = findField(fields, TAG_PRIVATE);
        require(mark == nullptr || *mark == Bytes { 0x01 }, sw::WRONG_DATA);
        const bool isPrivate = mark != nullptr;
        std::erase_if(fields, [](const ber::Field& f) { return f.tag == TAG_PRIVATE; });
        require(!fields.empty()
                && std::all_of(fields.begin(), fields.end(),
                    [](const ber::Field& f) { return isAttributeTag(f.tag); }),
            sw::WRONG_DATA);
        const uint8_t ref = freeReference(card);
        json object { { "ref", ref }, { "kind", KIND_DATA }, { "attributes", json::object() } };
        if (isPrivate) {
            object["privateObject"] = true; // "private" is a key pair's scalar
        }
        storeAttributes(object, fields);
        card.state().keys.push_back(std::move(object));
        card.commit();
        ResponseApdu response;
        ber::append(response.data, 0x90, Bytes { ref });
        return response;
    }

    // P1 00: list (90 ref, 91 kind [92 01 01 FKN] per object); P1 01: read object P2 (its
    // public fields).
    ResponseApdu readObjects(Card& card, const CommandApdu& apdu)
    {
        requireCore(card);
        ResponseApdu response;
        if (apdu.p1 == 0x00) {
            require(apdu.p2 == 0, sw::WRONG_P1P2);
            for (const auto& object : card.state().keys) {
                if (isPrivateObject(object) && !card.session().userAuthenticated()) {
                    continue; // private objects exist for others only once the PIN is verified
                }
                ber::append(response.data, 0x90, Bytes { object.at("ref").get<uint8_t>() });
                ber::append(response.data, 0x91, Bytes { object.at("kind").get<uint8_t>() });
                appendFknMark(response.data, object);
                appendPrivateMark(response.data, object);
            }
            return response;
        }
        require(apdu.p1 == 0x01, sw::WRONG_P1P2);
        const json& object = findObject(card, apdu.p2);
        if (isPrivateObject(object)) {
            requireUser(card);
        }
        const auto kind = object.at("kind").get<uint8_t>();
        ber::append(response.data, 0x91, Bytes { kind });
        appendFknMark(response.data, object);
        appendPrivateMark(response.data, object);
        if (kind == KIND_KEY_PAIR) {
            ber::append(response.data, 0x80, Bytes { object.at("algorithm").get<uint8_t>() });
            ber::append(response.data, 0x81, hexField(object, "params"));
            ber::append(response.data, 0x84, hexField(object, "hashParams"));
            ber::append(response.data, 0x86, hexField(object, "public"));
        }
        for (const auto& [tag, value] : object.at("attributes").items()) {
            ber::append(response.data, fromHex(tag).at(0), fromHex(value.get<std::string>()));
        }
        return response;
    }

    ResponseApdu setAttributes(Card& card, const CommandApdu& apdu)
    {
        requireCore(card);
        require(apdu.p1 == 0, sw::WRONG_P1P2);
        requireUser(card);
        const auto fields = fieldsOf(apdu);
        require(std::all_of(fields.begin(), fields.end(),
                    [](const ber::Field& f) { return isAttributeTag(f.tag); }),
            sw::WRONG_DATA);
        storeAttributes(findObject(card, apdu.p2), fields);
        card.commit();
        return {};
    }

    ResponseApdu deleteObject(Card& card, const CommandApdu& apdu)
    {
        requireCore(card);
        require(apdu.p1 == 0 && apdu.data.empty(), sw::WRONG_P1P2);
        requireUser(card);
        requireFknChannelFor(card, findObject(card, apdu.p2));
        auto& keys = card.state().keys;
        keys.erase(std::remove_if(keys.begin(), keys.end(),
                       [&](const json& o) { return o.at("ref").get<int>() == apdu.p2; }),
            keys.end());
        if (card.session().signingKey == apdu.p2) {
            card.session().signingKey.reset();
        }
        card.commit();
        return {};
    }

    // MSE SET for the digital-signature template: 84 01 ref.
    ResponseApdu manageSecurityEnvironment(Card& card, const CommandApdu& apdu)
    {
        requireCore(card);
        require(apdu.p1 == 0x41 && apdu.p2 == 0xB6, sw::WRONG_P1P2);
        const auto fields = fieldsOf(apdu);
        const Bytes* ref = findField(fields, 0x84);
        require(ref && ref->size() == 1, sw::WRONG_DATA);
        const json& object = findObject(card, ref->front());
        require(object.at("kind").get<uint8_t>() == KIND_KEY_PAIR, sw::DATA_NOT_FOUND);
        requireFknChannelFor(card, object);
        card.session().signingKey = ref->front();
        return {};
    }

    ResponseApdu computeDigitalSignature(Card& card, const CommandApdu& apdu)
    {
        requireCore(card);
        require(apdu.p1 == 0x9E && apdu.p2 == 0x9A, sw::WRONG_P1P2);
        require(card.session().signingKey.has_value(), sw::CONDITIONS_NOT_SATISFIED);
        requireUser(card);
        const json& object = findObject(card, *card.session().signingKey);
        requireFknChannelFor(card, object);
        const auto algorithm = object.at("algorithm").get<uint8_t>();
        require(apdu.data.size() == digestLength(algorithm), sw::WRONG_LENGTH);
        return ResponseApdu { signDigest(algorithm, hexField(object, "params"),
                                  hexField(object, "private"), apdu.data),
            sw::OK };
    }

} // namespace

void addKeyCommands(CommandTable& table)
{
    table.add({ 0x80, 0x46, generateKeyPair, true });
    table.add({ 0x80, 0x48, readObjects, false });
    table.add({ 0x80, 0xD0, createDataObject, true });
    table.add({ 0x80, 0xDA, setAttributes, true });
    table.add({ 0x80, 0xE4, deleteObject, true });
    table.add({ 0x00, 0x22, manageSecurityEnvironment, false });
    table.add({ 0x00, 0x2A, computeDigitalSignature, false });
}

} // namespace tokenbridge::vtoken
