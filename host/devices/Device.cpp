#include "Device.hpp"

#include "core/Bytes.hpp"

#include "AtrCatalog.hpp"

namespace tokenbridge::devices
{

namespace
{

    std::string versionText(const Version& version)
    {
        return std::to_string(version.major) + "." + std::to_string(version.minor);
    }

    std::string serialHex(uint32_t serial)
    {
        const uint8_t bytes[] = { static_cast<uint8_t>(serial >> 24),
            static_cast<uint8_t>(serial >> 16), static_cast<uint8_t>(serial >> 8),
            static_cast<uint8_t>(serial) };
        return toHexUpper(bytes);
    }

} // namespace

std::string deviceId(const Identification& identification, const std::optional<TokenInfo>& info,
    const std::string& reader)
{
    if (info) {
        return identification.modelId + "-" + serialHex(info->serial);
    }
    return "reader:" + reader;
}

Device describeDevice(std::string reader, std::vector<uint8_t> atr, std::optional<TokenInfo> info,
    const Environment& environment, IdentifiedBy source)
{
    Device device;
    device.identification = identify(atr, info, source);
    if (device.identification.family != "unknown") {
        device.info = std::move(info);
    }
    device.id = deviceId(device.identification, device.info, reader);
    device.reader = std::move(reader);
    device.atr = std::move(atr);
    if (device.identification.known) {
        const auto compat = lookupCompatibility({ device.identification.modelId, environment.csp,
            environment.platform, device.identification.connection });
        device.modes = compat.modes;
        device.selectedMode = compat.selected;
    }
    return device;
}

nlohmann::json toJson(const Device& device)
{
    const auto& id = device.identification;
    const auto& info = device.info;
    auto nullOr = [&](auto field) { return info ? nlohmann::json(field(*info)) : nullptr; };
    return {
        { "id", device.id },
        { "reader", device.reader },
        { "atr", toHexUpper(device.atr) },
        { "model", id.modelId },
        { "modelName", id.modelName },
        { "family", id.family },
        { "connection", connectionName(id.connection) },
        { "known", id.known },
        { "identifiedBy", identifiedByName(id.identifiedBy) },
        { "serial", nullOr([](const TokenInfo& i) { return serialHex(i.serial); }) },
        { "hardwareVersion", nullOr([](const TokenInfo& i) { return versionText(i.hardware); }) },
        { "firmwareVersion", nullOr([](const TokenInfo& i) { return versionText(i.firmware); }) },
        { "features",
            {
                { "cryptoCore", info && (info->features & FEATURE_CRYPTO_CORE) != 0 },
                { "fkn", info && (info->features & FEATURE_FKN) != 0 },
                { "flash", info && (info->flags & TOKEN_FLAG_HAS_FLASH_DRIVE) != 0 },
            } },
        { "modes", modesToJson(device.modes) },
        { "selectedMode",
            device.selectedMode ? nlohmann::json(modeName(*device.selectedMode)) : nullptr },
        { "extractableOnly", device.modes.size() == 1 && device.modes.front() == Mode::Passive },
    };
}

} // namespace tokenbridge::devices
