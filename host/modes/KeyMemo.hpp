#pragma once

#include "core/Mode.hpp"
#include "modes/active/TokenLocator.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace tokenbridge::devices
{
struct Device;
}

namespace tokenbridge::modes
{

// What the requests on one insertion of a token learnt, for the requests after them (issue 18:
// every lookup costs APDUs): which store holds a key id, and the PKCS#11 slot that serves the
// token. Only hints: a key looked for in its remembered store and not found there is looked for
// everywhere again (KeyRouter::findKey). Another insertion gets a new memo. Thread-safe.
class KeyMemo
{
public:
    [[nodiscard]] std::optional<Mode> storeOf(const std::string& keyId) const;
    void remember(const std::string& keyId, Mode mode);
    void forget(const std::string& keyId);

    [[nodiscard]] std::optional<active::TokenLocation> activeLocation() const;
    void rememberActive(const active::TokenLocation& location);

private:
    mutable std::mutex _mutex;
    std::map<std::string, Mode> _stores; // key id -> the mode of its store
    std::optional<active::TokenLocation> _active;
};

// The memos of the tokens, one per device id for its current insertion (KeyService keeps it for
// the process). Thread-safe.
class KeyMemos
{
public:
    // The memo of this insertion; a new one (the old one dropped) when the device id was last
    // seen in another insertion.
    std::shared_ptr<KeyMemo> of(const devices::Device& device);

private:
    struct Entry
    {
        std::string insertion;
        std::shared_ptr<KeyMemo> memo;
    };
    std::mutex _mutex;
    std::map<std::string, Entry> _byDevice;
};

} // namespace tokenbridge::modes
