#pragma once

#include "core/Bytes.hpp"
#include "devices/Device.hpp"
#include "modes/KeyStore.hpp"
#include "protocol/CommandTable.hpp"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace tokenbridge::devices
{
class DeviceService;
}

namespace tokenbridge::commands
{

class DeviceKeyStore;

// Runs `work` with all key stores of the device (DeviceKeyStore: FKN when the token serves it,
// active through PKCS#11 when the device has it, and passive), serialized per device.
// `requestedMode` ("auto", "passive", "active", "active-pkcs11", "active-crypt", "fkn",
// "fkn-nfc") decides where generateKey puts a new key: auto = the most secure mode this host can
// serve for the device, FKN > active (a PKCS#11 module serves the token) > passive; a mode the
// device does not offer is UserActionError(MODE_NOT_SUPPORTED). The PIN is the request's
// out-of-band one (context.pin).
void withKeyStore(devices::DeviceService& service, const protocol::CommandContext& context,
    const std::string& deviceId,
    const std::function<void(modes::KeyStore&, const devices::Device&)>& work,
    const std::string& requestedMode = "auto");
// The same with the device store itself (FKN confirmation, passive export).
void withDeviceKeyStore(devices::DeviceService& service, const protocol::CommandContext& context,
    const std::string& deviceId,
    const std::function<void(DeviceKeyStore&, const devices::Device&)>& work,
    const std::string& requestedMode = "auto");

// The Key object of docs/protocol-keys.md.
nlohmann::json keyToJson(const modes::KeyEntry& key, const std::string& deviceId);
// Advice when a key is in a weaker mode than the token allows; null otherwise.
nlohmann::json modeAdvice(const devices::Device& device, const std::string& keyMode);

// Required string param; RequestError(INVALID_PARAMS) naming it.
std::string stringParam(const nlohmann::json& params, const char* name);
Bytes base64Param(const nlohmann::json& params, const char* name);
// hex or base64 (hex when it has only hex digits and the right length is unknown: even length).
Bytes binaryParam(const nlohmann::json& params, const char* name);

} // namespace tokenbridge::commands
