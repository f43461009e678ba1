#include "FileObjects.hpp"

#include "BerTlv.hpp"
#include "Token.hpp"

#include <algorithm>

namespace tokenbridge::vtoken::pkcs11
{

namespace
{

    using Exchange = CardLink::Exchange;

    constexpr uint16_t STORE_DF = 0x5000;
    constexpr uint16_t INDEX_EF = 0x5001;
    constexpr uint8_t OBJECT_FID_HIGH = 0x51;
    constexpr size_t MAX_OBJECTS = 64; // as the card's own object store
    constexpr size_t INDEX_SIZE = 1 + 2 * MAX_OBJECTS;
    constexpr uint8_t TYPE_EF = 0x01, TYPE_DF = 0x38;
    constexpr uint8_t READ_ALWAYS = 0x00, WRITE_USER = 0x02;
    constexpr uint16_t SW_OK = 0x9000, SW_END_OF_FILE = 0x6282, SW_NOT_FOUND = 0x6A82;

    struct Entry
    {
        uint8_t ref;
        uint8_t fid; // low byte of 51xx
    };
    using Index = std::vector<Entry>;

    Bytes fidBytes(uint16_t fid)
    {
        return { static_cast<uint8_t>(fid >> 8), static_cast<uint8_t>(fid) };
    }

    uint16_t objectFid(uint8_t low)
    {
        return static_cast<uint16_t>(OBJECT_FID_HIGH << 8 | low);
    }

    void check(const ResponseApdu& response, uint16_t alsoOk = SW_OK)
    {
        if (response.sw != SW_OK && response.sw != alsoOk) {
            throw CkrFailure { ckrOfStatus(response.sw) };
        }
    }

    // SELECT by path from the MF, no FCP back.
    ResponseApdu selectPath(const Exchange& x, std::initializer_list<uint16_t> path)
    {
        Bytes data;
        for (const uint16_t fid : path) {
            const Bytes b = fidBytes(fid);
            data.insert(data.end(), b.begin(), b.end());
        }
        return x(apdu(0x00, 0xA4, 0x08, 0x0C, data));
    }

    // The whole current EF (extended Le; a shorter file ends with 6282).
    Bytes readCurrent(const Exchange& x)
    {
        auto response = x(apdu(0x00, 0xB0, 0x00, 0x00, {}, true));
        check(response, SW_END_OF_FILE);
        return std::move(response.data);
    }

    void create(const Exchange& x, uint16_t fid, uint8_t type, size_t size)
    {
        Bytes fcp;
        ber::append(fcp, 0x82, Bytes { type });
        ber::append(fcp, 0x83, fidBytes(fid));
        if (type == TYPE_EF) {
            ber::append(fcp, 0x80, fidBytes(static_cast<uint16_t>(size)));
        }
        ber::append(fcp, 0x86, Bytes { READ_ALWAYS, WRITE_USER });
        Bytes data;
        ber::append(data, 0x62, fcp);
        check(x(apdu(0x00, 0xE0, 0x00, 0x00, data)));
    }

    // Empty when there is no store on the card yet.
    std::optional<Index> readIndex(const Exchange& x)
    {
        const auto selected = selectPath(x, { STORE_DF, INDEX_EF });
        if (selected.sw == SW_NOT_FOUND) {
            return std::nullopt;
        }
        check(selected);
        const Bytes raw = readCurrent(x);
        if (raw.empty() || raw[0] > MAX_OBJECTS || raw.size() < 1 + 2 * size_t { raw[0] }) {
            throw CkrFailure { CKR_DEVICE_ERROR }; // not an index this module wrote
        }
        Index index;
        for (size_t i = 0; i < raw[0]; ++i) {
            index.push_back({ raw[1 + 2 * i], raw[2 + 2 * i] });
        }
        return index;
    }

    Index readOrCreateIndex(const Exchange& x)
    {
        if (auto index = readIndex(x)) {
            return *index;
        }
        check(x(apdu(0x00, 0xA4, 0x00, 0x0C, fidBytes(0x3F00))));
        create(x, STORE_DF, TYPE_DF, 0); // becomes the current DF
        create(x, INDEX_EF, TYPE_EF, INDEX_SIZE); // all zeros: no objects
        return {};
    }

    void writeIndex(const Exchange& x, const Index& index)
    {
        Bytes raw(INDEX_SIZE, 0);
        raw[0] = static_cast<uint8_t>(index.size());
        for (size_t i = 0; i < index.size(); ++i) {
            raw[1 + 2 * i] = index[i].ref;
            raw[2 + 2 * i] = index[i].fid;
        }
        check(selectPath(x, { STORE_DF, INDEX_EF }));
        check(x(apdu(0x00, 0xD6, 0x00, 0x00, raw)));
    }

    const Entry& entryOf(const Index& index, uint8_t ref)
    {
        const auto it = std::ranges::find(index, ref, &Entry::ref);
        if (it == index.end()) {
            throw CkrFailure { CKR_OBJECT_HANDLE_INVALID };
        }
        return *it;
    }

    // The lowest value in 01..FE no entry uses for `field`.
    uint8_t unused(const Index& index, uint8_t Entry::*field)
    {
        for (int v = 1; v < 0xFF; ++v) {
            if (std::ranges::find(index, static_cast<uint8_t>(v), field) == index.end()) {
                return static_cast<uint8_t>(v);
            }
        }
        throw CkrFailure { CKR_DEVICE_MEMORY };
    }

    Bytes readObjectFile(const Exchange& x, uint8_t fid)
    {
        check(selectPath(x, { STORE_DF, objectFid(fid) }));
        return readCurrent(x);
    }

    void writeObjectFile(const Exchange& x, uint8_t fid, const Bytes& content)
    {
        check(selectPath(x, { STORE_DF }));
        check(x(apdu(0x00, 0xE4, 0x00, 0x00, fidBytes(objectFid(fid)))), SW_NOT_FOUND); // orphan
        create(x, objectFid(fid), TYPE_EF, content.size()); // becomes the current EF
        check(x(apdu(0x00, 0xD6, 0x00, 0x00, content)));
    }

    // After the index no longer names it; a failure leaves an orphan, deleted on reuse.
    void deleteObjectFile(const Exchange& x, uint8_t fid)
    {
        if (selectPath(x, { STORE_DF }).sw == SW_OK) {
            x(apdu(0x00, 0xE4, 0x00, 0x00, fidBytes(objectFid(fid))));
        }
    }

    Bytes encode(const std::map<uint8_t, Bytes>& fields)
    {
        Bytes out;
        ber::append(out, 0x91, Bytes { KIND_DATA });
        for (const auto& [tag, value] : fields) {
            ber::append(out, tag, value);
        }
        return out;
    }

    std::map<uint8_t, Bytes> storedFields(const Bytes& content)
    {
        return CardObject::parse(0, content).attributes;
    }

} // namespace

std::vector<CardObject> FileObjects::list()
{
    std::vector<CardObject> out;
    _link.transaction([&](const Exchange& x) {
        out.clear();
        for (const Entry& e : readIndex(x).value_or(Index {})) {
            out.push_back(CardObject::parse(e.ref, readObjectFile(x, e.fid)));
        }
    });
    return out;
}

CardObject FileObjects::read(uint8_t ref)
{
    CardObject object;
    _link.transaction([&](const Exchange& x) {
        const auto index = readIndex(x);
        if (!index) {
            throw CkrFailure { CKR_OBJECT_HANDLE_INVALID };
        }
        object = CardObject::parse(ref, readObjectFile(x, entryOf(*index, ref).fid));
    });
    return object;
}

uint8_t FileObjects::create(const std::map<uint8_t, Bytes>& attributes)
{
    uint8_t ref = 0;
    _link.transaction([&](const Exchange& x) {
        Index index = readOrCreateIndex(x);
        if (index.size() >= MAX_OBJECTS) {
            throw CkrFailure { CKR_DEVICE_MEMORY };
        }
        ref = unused(index, &Entry::ref);
        const uint8_t fid = unused(index, &Entry::fid);
        writeObjectFile(x, fid, encode(attributes));
        index.push_back({ ref, fid });
        writeIndex(x, index);
    });
    return ref;
}

void FileObjects::update(uint8_t ref, const std::map<uint8_t, Bytes>& attributes)
{
    _link.transaction([&](const Exchange& x) {
        Index index = readIndex(x).value_or(Index {});
        const Entry old = entryOf(index, ref);
        auto fields = storedFields(readObjectFile(x, old.fid));
        for (const auto& [tag, value] : attributes) {
            fields[tag] = value;
        }
        // The new version in a file of its own, so that the index switches atomically.
        const uint8_t fid = unused(index, &Entry::fid);
        writeObjectFile(x, fid, encode(fields));
        std::ranges::find(index, ref, &Entry::ref)->fid = fid;
        writeIndex(x, index);
        deleteObjectFile(x, old.fid);
    });
}

void FileObjects::remove(uint8_t ref)
{
    _link.transaction([&](const Exchange& x) {
        Index index = readIndex(x).value_or(Index {});
        const Entry gone = entryOf(index, ref);
        std::erase_if(index, [ref](const Entry& e) { return e.ref == ref; });
        writeIndex(x, index);
        deleteObjectFile(x, gone.fid);
    });
}

} // namespace tokenbridge::vtoken::pkcs11
