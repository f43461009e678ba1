#pragma once

#include "TokenLocator.hpp"
#include "modes/DataStore.hpp"

namespace tokenbridge::security
{
class PinBuffer;
}

namespace tokenbridge::modes::active
{

// Data objects as PKCS#11 CKO_DATA token objects (CKA_LABEL the name, CKA_PRIVATE, CKA_APPLICATION,
// CKA_VALUE): only standard calls, so Aktiv's librtpkcs11ecp and libvtoken-pkcs11 keep them on
// the token. Without the PIN the session is not logged in and sees the public objects only.
class ActiveDataStore final : public DataStore
{
public:
    ActiveDataStore(TokenLocation location, const security::PinBuffer* pin);

    std::vector<DataObject> list() override;
    void write(const DataObject& object) override;
    bool remove(const std::string& name) override;

private:
    TokenLocation _location;
    const security::PinBuffer* _pin;
};

} // namespace tokenbridge::modes::active
