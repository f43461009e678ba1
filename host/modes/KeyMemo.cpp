#include "KeyMemo.hpp"

#include "devices/Device.hpp"

namespace tokenbridge::modes
{

std::optional<Mode> KeyMemo::storeOf(const std::string& keyId) const
{
    std::lock_guard guard(_mutex);
    const auto found = _stores.find(keyId);
    return found == _stores.end() ? std::nullopt : std::optional(found->second);
}

void KeyMemo::remember(const std::string& keyId, Mode mode)
{
    std::lock_guard guard(_mutex);
    _stores[keyId] = mode;
}

void KeyMemo::forget(const std::string& keyId)
{
    std::lock_guard guard(_mutex);
    _stores.erase(keyId);
}

std::optional<active::TokenLocation> KeyMemo::activeLocation() const
{
    std::lock_guard guard(_mutex);
    return _active;
}

void KeyMemo::rememberActive(const active::TokenLocation& location)
{
    std::lock_guard guard(_mutex);
    _active = location;
}

std::shared_ptr<KeyMemo> KeyMemos::of(const devices::Device& device)
{
    std::lock_guard guard(_mutex);
    auto& entry = _byDevice[device.id];
    if (!entry.memo || entry.insertion != device.insertion || device.insertion.empty()) {
        entry = { device.insertion, std::make_shared<KeyMemo>() };
    }
    return entry.memo;
}

} // namespace tokenbridge::modes
