#include "FknDataStore.hpp"

#include "KeyApdus.hpp"
#include "TokenKeys.hpp"

#include "core/Error.hpp"
#include "security/PinBuffer.hpp"

namespace tokenbridge::modes::fkn
{

namespace
{

    constexpr std::uint8_t TAG_CLASS = 0xC8; // 00: CKO_DATA (absent: a certificate)
    constexpr std::uint8_t TAG_APPLICATION = 0xC9;

    bool isDataObject(const CardObject& object)
    {
        return object.kind == KIND_DATA && object.attribute(TAG_CLASS) == Bytes { 0x00 };
    }

    std::string text(const Bytes& value)
    {
        return { value.begin(), value.end() };
    }

    std::vector<std::uint8_t> refsNamed(TokenKeys& keys, const std::string& name)
    {
        std::vector<std::uint8_t> refs;
        for (const auto& object : keys.objects()) {
            if (isDataObject(object) && text(object.attribute(TAG_LABEL)) == name) {
                refs.push_back(object.ref);
            }
        }
        return refs;
    }

} // namespace

FknDataStore::FknDataStore(Transmit transmit, const security::PinBuffer* pin) :
    _transmit(std::move(transmit)), _pin(pin)
{
}

std::vector<DataObject> FknDataStore::list()
{
    TokenKeys keys(_transmit);
    std::vector<DataObject> out;
    for (const auto& object : keys.objects()) {
        if (isDataObject(object)) {
            out.push_back({ text(object.attribute(TAG_LABEL)), false,
                text(object.attribute(TAG_APPLICATION)), object.attribute(TAG_VALUE) });
        }
    }
    return out;
}

void FknDataStore::write(const DataObject& object)
{
    if (object.isPrivate) {
        throw UserActionError(ErrorCode::MODE_NOT_SUPPORTED,
            "this token keeps no private data objects in FKN mode (its object fields are public)",
            { { "requested", "private" } });
    }
    TokenKeys keys(_transmit);
    keys.openSession(requireUserPin(_transmit, _pin), randomScalar);
    const auto older = refsNamed(keys, object.name);
    // The new object first: a failure (no memory left, token pulled) keeps the old one.
    parseNewReference(keys.run(
        createDataObjectCommand({ { TAG_LABEL, Bytes(object.name.begin(), object.name.end()) },
            { TAG_VALUE, object.value }, { TAG_CLASS, Bytes { 0x00 } },
            { TAG_APPLICATION, Bytes(object.application.begin(), object.application.end()) } })));
    for (const auto ref : older) {
        keys.run(deleteObjectCommand(ref));
    }
}

bool FknDataStore::remove(const std::string& name)
{
    TokenKeys keys(_transmit);
    keys.openSession(requireUserPin(_transmit, _pin), randomScalar);
    const auto refs = refsNamed(keys, name);
    for (const auto ref : refs) {
        keys.run(deleteObjectCommand(ref));
    }
    return !refs.empty();
}

} // namespace tokenbridge::modes::fkn
