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
    // FKN session opened with the PIN (docs/protocol-keys.md getKeyInfo).
    void addFknConfirmation(nlohmann::json& result, modes::KeyRouter& keys,
        const protocol::CommandContext& context, const std::string& keyId)
    {
        std::optional<modes::fkn::KeyAttributes> attributes;
        if (context.pin != nullptr && !context.pin->empty()) {
            attributes = keys.readFknAttributes(keyId);
        }
        result.update(fknConfirmation(attributes));
        if (attributes && (!attributes->fkn || attributes->extractable)) {
            // The token's own word wins over the listing's marker.
            result["key"]["mode"] = modeName(attributes->fkn ? Mode::Fkn : Mode::ActivePkcs11);
            result["key"]["extractable"] = attributes->extractable;
        }
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
                        for (const auto& key : services.keys.open(id, context.pin).listKeys()) {
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
                for (const auto& key : keys.open(id, context.pin).listKeys()) {
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
                auto token = keys.open(id, context.pin);
                const auto key = token.findKey(stringParam(context.params(), "keyId"));
                const auto& device = token.device();
                nlohmann::json result = { { "key", keyToJson(key, id) },
                    { "deviceModes", devices::modesToJson(device.modes) },
                    { "advice", modeAdvice(device, key.mode) } };
                if (key.mode == Mode::Fkn) {
                    addFknConfirmation(result, token, context, key.keyId);
                }
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
