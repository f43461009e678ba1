#include "KeyRouter.hpp"

#include "core/Error.hpp"
#include "modes/active/ActiveDataStore.hpp"
#include "modes/fkn/FknDataStore.hpp"
#include "modes/passive/PassiveDataStore.hpp"
#include "pcsc/Card.hpp"

// The data objects of the token (docs/protocol-objects.md "Data objects"): on a token served in
// FKN mode through the FKN channel (no PIN in clear), else through the PKCS#11 module, else in
// files of ours (passive).
namespace tokenbridge::modes
{

std::unique_ptr<DataStore> KeyRouter::openData()
{
    if (hasFkn()) {
        return std::make_unique<fkn::FknDataStore>(cardTransmit(), _pin);
    }
    const auto& location = activeLocation();
    if (!location) {
        // No module serves it: files of ours next to the containers (docs/passive.md).
        return std::make_unique<passive::PassiveDataStore>(_session.card(), _pin);
    }
    releaseCard(); // the module opens its own connection and would wait for our transaction
    return std::make_unique<active::ActiveDataStore>(*location, _pin);
}

template <typename Work> auto KeyRouter::onData(Work&& work)
{
    try {
        const auto store = openData();
        return work(*store);
    } catch (const UserActionError& error) {
        rethrowWithRetries(error);
    }
}

std::vector<DataObject> KeyRouter::listData()
{
    return onData([](DataStore& store) { return store.list(); });
}

void KeyRouter::writeData(const DataObject& object)
{
    onData([&](DataStore& store) {
        store.write(object);
        return true;
    });
}

bool KeyRouter::removeData(const std::string& name)
{
    return onData([&](DataStore& store) { return store.remove(name); });
}

} // namespace tokenbridge::modes
