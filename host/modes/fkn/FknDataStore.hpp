#pragma once

#include "EngineTypes.hpp"

#include "modes/DataStore.hpp"

namespace tokenbridge::security
{
class PinBuffer;
}

namespace tokenbridge::modes::fkn
{

// Data objects on a token served in FKN mode: the token's data objects in the fields the PKCS#11
// module gives a CKO_DATA object (C1 label, C3 value, C8 class 00, C9 application), so both paths
// see the same objects. Listing is plain (public fields, no PIN); writing and deleting run inside
// an FKN session (SESPAKE with the PIN, the secure channel), so no PIN crosses the wire. The
// token's object store keeps no private data objects (every field is public, READ OBJECT needs no
// PIN): a private one is refused with MODE_NOT_SUPPORTED.
class FknDataStore final : public DataStore
{
public:
    FknDataStore(Transmit transmit, const security::PinBuffer* pin);

    std::vector<DataObject> list() override;
    void write(const DataObject& object) override;
    bool remove(const std::string& name) override;

private:
    Transmit _transmit;
    const security::PinBuffer* _pin;
};

} // namespace tokenbridge::modes::fkn
