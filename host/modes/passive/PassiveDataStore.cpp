#include "PassiveDataStore.hpp"

#include "CardPin.hpp"
#include "PassiveKeyStore.hpp"

#include "core/Error.hpp"
#include "security/PinBuffer.hpp"

#include <algorithm>

namespace tokenbridge::modes::passive
{

namespace
{

    constexpr std::uint16_t INDEX_EF = 0x4B02;
    constexpr std::uint16_t OBJECT_BASE = 0x4E00;
    // An EF holds at most 0x7FFF bytes (15-bit offsets): a longer object goes on in EF 4Fnn.
    constexpr std::size_t MAX_EF = 0x7FFF;
    constexpr std::uint16_t CONTINUATION = 0x0100;
    constexpr std::size_t MAX_OBJECTS = 32;
    constexpr std::size_t INDEX_SIZE = 5 + 3 * MAX_OBJECTS; // under 255 bytes: one UPDATE BINARY
    constexpr std::uint8_t FLAG_PRIVATE = 0x01;
    constexpr std::uint8_t TAG_NAME = 0x01, TAG_APPLICATION = 0x02, TAG_VALUE = 0x03;

    [[noreturn]] void corrupted(const char* what)
    {
        throw CardError(std::string("the data objects' files on the token are damaged: ") + what);
    }

    void appendTlv(Bytes& out, std::uint8_t tag, ByteView value)
    {
        out.push_back(tag);
        out.push_back(static_cast<std::uint8_t>(value.size() >> 8));
        out.push_back(static_cast<std::uint8_t>(value.size()));
        out.insert(out.end(), value.begin(), value.end());
    }

    Bytes encodeObject(const DataObject& object)
    {
        Bytes out;
        appendTlv(out, TAG_NAME, asBytes(object.name));
        appendTlv(out, TAG_APPLICATION, asBytes(object.application));
        appendTlv(out, TAG_VALUE, object.value);
        return out;
    }

    DataObject decodeObject(ByteView bytes, bool isPrivate)
    {
        DataObject object;
        object.isPrivate = isPrivate;
        for (std::size_t at = 0; at < bytes.size();) {
            if (bytes.size() - at < 3) {
                corrupted("a truncated field");
            }
            const std::size_t length = (std::size_t { bytes[at + 1] } << 8) | bytes[at + 2];
            if (bytes.size() - at - 3 < length) {
                corrupted("a field longer than its file");
            }
            const auto value = bytes.subspan(at + 3, length);
            if (bytes[at] == TAG_NAME) {
                object.name.assign(value.begin(), value.end());
            } else if (bytes[at] == TAG_APPLICATION) {
                object.application.assign(value.begin(), value.end());
            } else if (bytes[at] == TAG_VALUE) {
                object.value.assign(value.begin(), value.end());
            }
            at += 3 + length;
        }
        return object;
    }

    bool hasPin(const security::PinBuffer* pin)
    {
        return pin != nullptr && !pin->empty();
    }

} // namespace

PassiveDataStore::PassiveDataStore(pcsc::Card& card, const security::PinBuffer* pin) :
    _card(card), _pin(pin), _files(card, CONTAINER_DF)
{
}

PassiveDataStore::Index PassiveDataStore::readIndex()
{
    Index index;
    if (!_files.selectDf()) {
        return index;
    }
    const auto bytes = _files.read(INDEX_EF);
    if (!bytes) {
        return index;
    }
    if (bytes->size() < 5 || bytes->at(4) > MAX_OBJECTS || bytes->size() < 5u + 3u * bytes->at(4)) {
        corrupted("the index");
    }
    index.generation = (std::uint32_t { (*bytes)[0] } << 24) | (std::uint32_t { (*bytes)[1] } << 16)
        | (std::uint32_t { (*bytes)[2] } << 8) | (*bytes)[3];
    for (std::size_t i = 0; i < bytes->at(4); ++i) {
        const auto* entry = bytes->data() + 5 + 3 * i;
        index.entries.push_back({ static_cast<std::uint16_t>((entry[0] << 8) | entry[1]),
            (entry[2] & FLAG_PRIVATE) != 0 });
    }
    return index;
}

void PassiveDataStore::commit(Index index)
{
    index.generation += 1;
    Bytes bytes(INDEX_SIZE, 0);
    for (int i = 0; i < 4; ++i) {
        bytes[i] = static_cast<std::uint8_t>(index.generation >> (24 - 8 * i));
    }
    bytes[4] = static_cast<std::uint8_t>(index.entries.size());
    for (std::size_t i = 0; i < index.entries.size(); ++i) {
        bytes[5 + 3 * i] = static_cast<std::uint8_t>(index.entries[i].fid >> 8);
        bytes[6 + 3 * i] = static_cast<std::uint8_t>(index.entries[i].fid);
        bytes[7 + 3 * i] = index.entries[i].isPrivate ? FLAG_PRIVATE : 0;
    }
    _files.write(INDEX_EF, bytes);
}

std::vector<std::pair<PassiveDataStore::Entry, DataObject>> PassiveDataStore::readAll(
    bool withPrivate)
{
    std::vector<std::pair<Entry, DataObject>> out;
    for (const auto& entry : readIndex().entries) {
        if (entry.isPrivate && !withPrivate) {
            continue;
        }
        auto bytes = _files.read(entry.fid);
        if (!bytes) {
            corrupted("an object the index names is missing");
        }
        if (bytes->size() == MAX_EF) {
            if (const auto rest = _files.read(entry.fid + CONTINUATION)) {
                bytes->insert(bytes->end(), rest->begin(), rest->end());
            }
        }
        out.emplace_back(entry, decodeObject(*bytes, entry.isPrivate));
    }
    return out;
}

void PassiveDataStore::writeVerified(std::uint16_t fid, ByteView data, std::uint8_t readAccess)
{
    _files.create(fid, data.size(), readAccess, ACCESS_USER);
    _files.write(fid, data);
    const auto back = _files.read(fid);
    if (!back || !std::ranges::equal(*back, data)) {
        throw CardError("the token did not keep what was written; nothing was changed");
    }
}

std::vector<DataObject> PassiveDataStore::list()
{
    std::optional<CardPinSession> session;
    if (hasPin(_pin)) {
        session.emplace(_card, _pin); // private objects' files are read with the PIN
    }
    std::vector<DataObject> out;
    for (auto& [entry, object] : readAll(session.has_value())) {
        out.push_back(std::move(object));
    }
    return out;
}

void PassiveDataStore::write(const DataObject& object)
{
    const CardPinSession session(_card, _pin);
    _files.ensureDf(ACCESS_ALWAYS, ACCESS_USER);
    if (!_files.exists(INDEX_EF)) {
        _files.create(INDEX_EF, INDEX_SIZE, ACCESS_ALWAYS, ACCESS_USER);
    }
    const auto existing = readAll(true);
    auto index = readIndex();
    std::vector<std::uint16_t> older;
    for (const auto& [entry, old] : existing) {
        if (old.name == object.name) {
            older.push_back(entry.fid);
        }
    }
    if (index.entries.size() - older.size() >= MAX_OBJECTS) {
        throw CardError("the token already holds the maximum of 32 data objects");
    }
    std::uint16_t fid = 0;
    for (std::uint16_t n = 0; n < 0x100 && fid == 0; ++n) {
        if (std::ranges::none_of(
                index.entries, [&](const Entry& e) { return e.fid == (OBJECT_BASE | n); })) {
            fid = OBJECT_BASE | n;
        }
    }
    // Leftovers of an interrupted write: the index does not name them.
    _files.remove(fid);
    _files.remove(fid + CONTINUATION);
    const auto bytes = encodeObject(object);
    const auto readAccess = object.isPrivate ? ACCESS_USER : ACCESS_ALWAYS;
    const auto first = ByteView(bytes).first(std::min(bytes.size(), MAX_EF));
    writeVerified(fid, first, readAccess);
    if (bytes.size() > MAX_EF) {
        writeVerified(fid + CONTINUATION, ByteView(bytes).subspan(MAX_EF), readAccess);
    }
    std::erase_if(
        index.entries, [&](const Entry& e) { return std::ranges::count(older, e.fid) > 0; });
    index.entries.push_back({ fid, object.isPrivate });
    commit(index);
    for (const auto old : older) {
        _files.remove(old);
        _files.remove(old + CONTINUATION);
    }
}

bool PassiveDataStore::remove(const std::string& name)
{
    const CardPinSession session(_card, _pin);
    std::vector<std::uint16_t> named;
    for (const auto& [entry, object] : readAll(true)) {
        if (object.name == name) {
            named.push_back(entry.fid);
        }
    }
    if (named.empty()) {
        return false;
    }
    auto index = readIndex();
    std::erase_if(
        index.entries, [&](const Entry& e) { return std::ranges::count(named, e.fid) > 0; });
    commit(index);
    for (const auto fid : named) {
        _files.remove(fid);
        _files.remove(fid + CONTINUATION);
    }
    return true;
}

} // namespace tokenbridge::modes::passive
