#include "KeyRouting.hpp"

#include "modes/fkn/FknKeyStore.hpp"
#include "core/Error.hpp"

#include <algorithm>
#include <set>

namespace tokenbridge::commands
{

namespace
{

    constexpr const char* CONFIRMED_IN_SESSION = "token-attribute-in-fkn-session";
    constexpr const char* HOW_TO_CONFIRM =
        "call getKeyInfo with the PIN: the host then opens an FKN session (SESPAKE, the PIN is "
        "not sent) and reads the key's attributes from the token through the secure channel; "
        "the answer is MAC'd with that session's keys, so only the token can give it";

    bool hasMode(const devices::Device& device, std::initializer_list<Mode> wanted)
    {
        return std::any_of(device.modes.begin(), device.modes.end(), [&](Mode mode) {
            return std::find(wanted.begin(), wanted.end(), mode) != wanted.end();
        });
    }

    [[noreturn]] void notOffered(const devices::Device& device, const std::string& requested)
    {
        throw UserActionError(ErrorCode::MODE_NOT_SUPPORTED,
            "this token (or the configured CSP profile) does not offer the " + requested + " mode",
            { { "requested", requested }, { "available", devices::modesToJson(device.modes) } });
    }

    struct ModeAlias
    {
        std::string_view name;
        KeyMode mode;
    };
    constexpr ModeAlias MODE_ALIASES[] = {
        { "passive", KeyMode::Passive },
        { "active", KeyMode::Active },
        { "active-pkcs11", KeyMode::Active },
        { "active-crypt", KeyMode::Active },
        { "fkn", KeyMode::Fkn },
        { "fkn-nfc", KeyMode::Fkn },
    };

} // namespace

bool servesFkn(const devices::Device& device)
{
    return hasMode(device, { Mode::Fkn, Mode::FknNfc }) && device.info
        && (device.info->features & devices::FEATURE_FKN) != 0;
}

bool offersActive(const devices::Device& device)
{
    return hasMode(device, { Mode::ActivePkcs11, Mode::ActiveCrypt });
}

KeyMode chooseKeyMode(const devices::Device& device, const std::string& requested,
    const std::function<bool()>& activeServed)
{
    for (const auto& alias : MODE_ALIASES) {
        if (alias.name != requested) {
            continue;
        }
        const bool offered = alias.mode == KeyMode::Passive
            || (alias.mode == KeyMode::Fkn ? servesFkn(device) : offersActive(device));
        if (!offered) {
            notOffered(device, requested);
        }
        return alias.mode;
    }
    if (servesFkn(device)) {
        return KeyMode::Fkn;
    }
    return offersActive(device) && activeServed() ? KeyMode::Active : KeyMode::Passive;
}

std::vector<modes::KeyEntry> mergeKeyListings(std::vector<modes::KeyEntry> fkn,
    std::vector<modes::KeyEntry> active, std::vector<modes::KeyEntry> passive)
{
    // The same key pair seen through PKCS#11 has the same id, or, when the token lost power
    // between generating the pair and storing its id (CKA_ID empty there), the same public key.
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

nlohmann::json fknConfirmation(const std::optional<modes::fkn::KeyAttributes>& attributes)
{
    if (!attributes) {
        return { { "confirmedBy", nullptr }, { "howToConfirm", HOW_TO_CONFIRM } };
    }
    const bool confirmed = attributes->fkn && !attributes->extractable;
    return { { "confirmedBy", confirmed ? nlohmann::json(CONFIRMED_IN_SESSION) : nullptr },
        { "tokenAttributes",
            { { "fkn", attributes->fkn }, { "extractable", attributes->extractable } } } };
}

} // namespace tokenbridge::commands
