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
        throw UserActionError(ErrorCode::MODE_NOT_SUPPORTED,
            "this token (or the configured CSP profile) does not offer the "
                + std::string(requested) + " mode",
            { { "requested", requested }, { "available", devices::modesToJson(device.modes) } });
    }

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
    if (request->store) {
        const Mode store = *request->store;
        const bool offered = store == Mode::Passive
            || (store == Mode::Fkn ? servesFkn(device) : offersActive(device));
        if (!offered) {
            notOffered(device, requested);
        }
        return store;
    }
    if (servesFkn(device)) {
        return Mode::Fkn;
    }
    return offersActive(device) && activeServed() ? Mode::ActivePkcs11 : Mode::Passive;
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
