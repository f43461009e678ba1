#pragma once

#include "Compatibility.hpp"
#include "Identification.hpp"
#include "TokenInfo.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::devices {

// One card in one reader, as listDevices / `tokenbridge-host devices` report it.
struct Device
{
    std::string id; // stable across re-plugging: "<modelId>-<serial hex>" or "reader:<reader>"
    std::string reader;
    std::vector<uint8_t> atr;
    Identification identification;
    std::optional<TokenInfo> info;
    std::vector<Mode> modes; // for the configured CSP profile and platform, most secure first
    std::optional<Mode> selectedMode;
};

nlohmann::json toJson(const Device& device);

} // namespace tokenbridge::devices
