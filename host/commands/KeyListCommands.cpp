#include "Commands.hpp"
#include "KeyJson.hpp"

#include "core/Error.hpp"
#include "devices/DeviceService.hpp"
#include "modes/KeyService.hpp"
#include "security/PinBuffer.hpp"

namespace tokenbridge::commands
{

using protocol::ParamType;

namespace
{

    // "Is my key FKN?": confirmed only when this call read the token's own attribute inside an
    // FKN session opened with the PIN (docs/protocol-keys.md getKeyInfo). Returns the key as the
    // token's answer describes it.
    modes::KeyEntry addFknConfirmation(nlohmann::json& result, modes::KeyRouter& keys,
        const protocol::CommandContext& context, modes::KeyEntry key)
    {
        std::optional<modes::fkn::KeyAttributes> attributes;
        if (context.pin != nullptr && !context.pin->empty()) {
            attributes = keys.readFknAttributes(key.keyId);
        }
        result.update(fknConfirmation(attributes));
        if (attributes) {
            // The token's own word wins over the listing's marker.
            modes::fkn::applyKeyAttributes(key, *attributes);
        }
        return key;
    }

    protocol::CommandSpec listCertificatesCommand(const Services& services)
    {
        return { "listCertificates", { { "deviceId", ParamType::String, false } },
            [services](const protocol::CommandContext& context) -> nlohmann::json {
                std::vector<std::string> ids;
                if (context.params().contains("deviceId")) {
                    ids.push_back(context.params()["deviceId"].get<std::string>());
                } else {
                    for (const auto& device : services.devices.listDevices()) {
                        if (device.identification.known) {
                            ids.push_back(device.id);
                        }
                    }
                }
                nlohmann::json certificates = nlohmann::json::array();
                nlohmann::json errors = nlohmann::json::array();
                for (const auto& id : ids) {
                    try {
                        for (const auto& key :
                            services.keys.open(id, context.pin, context.containerPassword)
                                .listKeys()) {
                            if (key.certificate) {
                                certificates.push_back(keyToJson(key, id));
                            }
                        }
                    } catch (const Error& error) {
                        // One token pulled or unreadable must not hide the others' certificates.
                        if (ids.size() == 1) {
                            throw;
                        }
                        errors.push_back({ { "deviceId", id },
                            { "code", errorCodeName(error.code()) }, { "message", error.what() } });
                    }
                }
                return { { "certificates", certificates }, { "errors", errors } };
            } };
    }

    protocol::CommandSpec listKeysCommand(modes::KeyService& keys)
    {
        return { "listKeys", { { "deviceId", ParamType::String, true } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                const auto id = stringParam(context.params(), "deviceId");
                nlohmann::json listed = nlohmann::json::array();
                for (const auto& key :
                    keys.open(id, context.pin, context.containerPassword).listKeys()) {
                    listed.push_back(keyToJson(key, id));
                }
                return { { "keys", listed } };
            } };
    }

    protocol::CommandSpec getKeyInfoCommand(modes::KeyService& keys)
    {
        return { "getKeyInfo",
            { { "deviceId", ParamType::String, true }, { "keyId", ParamType::String, true } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                const auto id = stringParam(context.params(), "deviceId");
                auto token = keys.open(id, context.pin, context.containerPassword);
                auto key = token.findKey(stringParam(context.params(), "keyId"));
                nlohmann::json result;
                if (key.mode == Mode::Fkn) {
                    key = addFknConfirmation(result, token, context, std::move(key));
                }
                const auto& device = token.device();
                result["key"] = keyToJson(key, id);
                result["deviceModes"] = devices::modesToJson(device.modes);
                result["advice"] = modeAdvice(device, key);
                return result;
            } };
    }

} // namespace

void addKeyListCommands(protocol::CommandTable& table, const Services& services)
{
    table.add(listCertificatesCommand(services));
    table.add(listKeysCommand(services.keys));
    table.add(getKeyInfoCommand(services.keys));
}

} // namespace tokenbridge::commands
