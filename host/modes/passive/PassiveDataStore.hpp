#pragma once

#include "TokenFiles.hpp"
#include "modes/DataStore.hpp"

namespace tokenbridge::security
{
class PinBuffer;
}

namespace tokenbridge::modes::passive
{

// Data objects as files of ours next to the containers (docs/passive.md "Data objects"):
//   DF 4B00 (the containers' DF)
//   EF 4B02, the index, written with one UPDATE BINARY (the commit point): generation (4 bytes),
//     count (1), then per object its EF's FID (2) and flags (1: bit 01 private)
//   EF 4Enn, one object: TLV 01 name, 02 application, 03 value; read always (public) or with the
//     user PIN (private), written with the user PIN; what exceeds an EF's 0x7FFF bytes goes on in
//     EF 4Fnn
// A write creates the new EF and commits the index naming it before the old EF goes; an EF the
// index does not name is a leftover of an interrupted write and is deleted when its FID is taken.
// The card must be held by the caller for the store's lifetime; `pin` may be null for listing.
class PassiveDataStore final : public DataStore
{
public:
    PassiveDataStore(pcsc::Card& card, const security::PinBuffer* pin);

    std::vector<DataObject> list() override;
    void write(const DataObject& object) override;
    bool remove(const std::string& name) override;

    struct Entry
    {
        std::uint16_t fid = 0;
        bool isPrivate = false;
    };

private:
    struct Index
    {
        std::uint32_t generation = 0;
        std::vector<Entry> entries;
    };
    Index readIndex();
    void commit(Index index);
    void writeVerified(std::uint16_t fid, ByteView data, std::uint8_t readAccess);
    // Every object with its entry; private ones only when `withPrivate` (the PIN is verified).
    std::vector<std::pair<Entry, DataObject>> readAll(bool withPrivate);

    pcsc::Card& _card;
    const security::PinBuffer* _pin;
    TokenFiles _files;
};

} // namespace tokenbridge::modes::passive
