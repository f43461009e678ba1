#include "StoreChoice.hpp"

#include "core/Error.hpp"

#include <algorithm>
#include <optional>
#include <set>

namespace tokenbridge::modes
{

namespace
{

    bool hasMode(const devices::Device& device, bool (*wanted)(Mode))
    {
        return std::ranges::any_of(device.modes, wanted);
    }

    // The names a request may give; nullopt is "auto".
    struct ModeRequest
    {
        std::string_view name;
        std::optional<Mode> store;
    };
    constexpr ModeRequest MODE_REQUESTS[] = {
        { "auto", std::nullopt },
        { "passive", Mode::Passive },
        { "active", Mode::ActivePkcs11 },
        { "active-pkcs11", Mode::ActivePkcs11 },
        { "active-crypt", Mode::ActivePkcs11 },
        { "fkn", Mode::Fkn },
        { "fkn-nfc", Mode::Fkn },
    };

    [[noreturn]] void notOffered(const devices::Device& device, std::string_view requested)
    {
        const std::string what = requested == "auto" ? "any mode this host can use"
                                                     : "the " + std::string(requested) + " mode";
        throw UserActionError(ErrorCode::MODE_NOT_SUPPORTED,
            "the compatibility table does not give this token " + what
                + " with the configured CSP profile, platform and connection",
            { { "requested", requested }, { "available", devices::modesToJson(device.modes) } });
    }

    bool offersPassive(const devices::Device& device)
    {
        return std::ranges::find(device.modes, Mode::Passive) != device.modes.end();
    }

    // The stores a new key may go to, most secure first, and when the device offers each.
    struct StoreOffer
    {
        Mode store;
        bool (*offered)(const devices::Device&);
    };
    constexpr StoreOffer STORE_OFFERS[] = {
        { Mode::Fkn, servesFkn },
        { Mode::ActivePkcs11, offersActive },
        { Mode::Passive, offersPassive },
    };

} // namespace

bool servesFkn(const devices::Device& device)
{
    return hasMode(device, isFkn) && device.info
        && (device.info->features & devices::FEATURE_FKN) != 0;
}

bool offersActive(const devices::Device& device)
{
    return hasMode(device, isActive);
}

bool isModeRequest(std::string_view requested)
{
    return std::ranges::find(MODE_REQUESTS, requested, &ModeRequest::name)
        != std::end(MODE_REQUESTS);
}

Mode chooseStore(const devices::Device& device, std::string_view requested,
    const std::function<bool()>& activeServed)
{
    const auto request = std::ranges::find(MODE_REQUESTS, requested, &ModeRequest::name);
    if (request == std::end(MODE_REQUESTS)) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "mode must be auto, passive, active or fkn",
            { { "param", "mode" }, { "value", requested } });
    }
    for (const auto& offer : STORE_OFFERS) {
        if (request->store && offer.store != *request->store) {
            continue;
        }
        // "auto" passes over an active mode no installed module serves; a request naming it
        // learns that from the store (KeyRouter::openActive).
        const bool served = request->store || offer.store != Mode::ActivePkcs11 || activeServed();
        if (offer.offered(device) && served) {
            return offer.store;
        }
    }
    notOffered(device, requested);
}

std::vector<KeyEntry> mergeKeyListings(
    std::vector<KeyEntry> fkn, std::vector<KeyEntry> active, std::vector<KeyEntry> passive)
{
    std::set<std::string> fknIds;
    std::set<Bytes> fknPublicKeys;
    for (const auto& key : fkn) {
        fknIds.insert(key.keyId);
        fknPublicKeys.insert(key.publicKeySpki);
    }
    auto keys = std::move(fkn);
    for (auto& key : active) {
        if (fknIds.count(key.keyId) == 0 && fknPublicKeys.count(key.publicKeySpki) == 0) {
            keys.push_back(std::move(key));
        }
    }
    for (auto& key : passive) {
        keys.push_back(std::move(key));
    }
    return keys;
}

} // namespace tokenbridge::modes
