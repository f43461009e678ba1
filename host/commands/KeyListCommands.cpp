#include "DeviceKeyStore.hpp"
#include "KeyCommandSpecs.hpp"
#include "KeySupport.hpp"

#include "devices/DeviceService.hpp"
#include "modes/fkn/store/FknKeyStore.hpp"
#include "core/Error.hpp"
#include "security/PinBuffer.hpp"

namespace tokenbridge::commands
{

using protocol::ParamType;

namespace
{

    // "Is my key FKN?": confirmed only when this call read the token's own attribute inside an
    // FKN session opened with the PIN (docs/protocol-keys.md getKeyInfo).
    void addFknConfirmation(nlohmann::json& result, DeviceKeyStore& store,
        const protocol::CommandContext& context, const std::string& keyId)
    {
        std::optional<fkn::store::KeyAttributes> attributes;
        if (context.pin != nullptr && !context.pin->empty()) {
            attributes = store.confirmFknKey(keyId);
        }
        result.update(fknConfirmation(attributes));
        if (attributes && (!attributes->fkn || attributes->extractable)) {
            // The token's own word wins over the listing's marker.
            result["key"]["mode"] = attributes->fkn ? "fkn" : "active-pkcs11";
            result["key"]["extractable"] = attributes->extractable;
        }
    }

} // namespace

protocol::CommandSpec listCertificatesCommand(devices::DeviceService& service)
{
    return { "listCertificates", { { "deviceId", ParamType::String, false } },
        [&service](const protocol::CommandContext& context) -> nlohmann::json {
            std::vector<std::string> ids;
            if (context.params().contains("deviceId")) {
                ids.push_back(context.params()["deviceId"].get<std::string>());
            } else {
                for (const auto& device : service.listDevices()) {
                    if (device.identification.known) {
                        ids.push_back(device.id);
                    }
                }
            }
            nlohmann::json certificates = nlohmann::json::array();
            nlohmann::json errors = nlohmann::json::array();
            for (const auto& id : ids) {
                try {
                    withKeyStore(service, context, id, [&](modes::KeyStore& store, const auto&) {
                        for (const auto& key : store.listKeys()) {
                            if (key.certificate) {
                                certificates.push_back(keyToJson(key, id));
                            }
                        }
                    });
                } catch (const Error& error) {
                    // One token pulled or unreadable must not hide the others' certificates.
                    if (ids.size() == 1) {
                        throw;
                    }
                    errors.push_back({ { "deviceId", id }, { "code", errorCodeName(error.code()) },
                        { "message", error.what() } });
                }
            }
            return { { "certificates", certificates }, { "errors", errors } };
        } };
}

protocol::CommandSpec listKeysCommand(devices::DeviceService& service)
{
    return { "listKeys", { { "deviceId", ParamType::String, true } },
        [&service](const protocol::CommandContext& context) -> nlohmann::json {
            const auto id = stringParam(context.params(), "deviceId");
            nlohmann::json keys = nlohmann::json::array();
            withKeyStore(service, context, id, [&](modes::KeyStore& store, const auto&) {
                for (const auto& key : store.listKeys()) {
                    keys.push_back(keyToJson(key, id));
                }
            });
            return { { "keys", keys } };
        } };
}

protocol::CommandSpec getKeyInfoCommand(devices::DeviceService& service)
{
    return { "getKeyInfo",
        { { "deviceId", ParamType::String, true }, { "keyId", ParamType::String, true } },
        [&service](const protocol::CommandContext& context) -> nlohmann::json {
            const auto id = stringParam(context.params(), "deviceId");
            nlohmann::json result;
            withDeviceKeyStore(
                service, context, id, [&](DeviceKeyStore& store, const devices::Device& device) {
                    const auto key = store.findKey(stringParam(context.params(), "keyId"));
                    result = { { "key", keyToJson(key, id) },
                        { "deviceModes", devices::modesToJson(device.modes) },
                        { "advice", modeAdvice(device, key.mode) } };
                    if (key.mode == fkn::store::FknKeyStore::MODE) {
                        addFknConfirmation(result, store, context, key.keyId);
                    }
                });
            return result;
        } };
}

} // namespace tokenbridge::commands
