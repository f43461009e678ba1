#pragma once

#include "core/Bytes.hpp"
#include "devices/Device.hpp"
#include "modes/KeyStore.hpp"
#include "modes/fkn/FknKeyStore.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace tokenbridge::commands
{

// The Key object of docs/protocol-keys.md.
nlohmann::json keyToJson(const modes::KeyEntry& key, const std::string& deviceId);
// true, false, or null when unknown.
nlohmann::json extractableToJson(modes::Extractable extractable);
// Advice when a key is weaker than the token allows: in a weaker mode, or, in a mode that keeps
// keys on the token, a key the token lets out (or did once; its attributes say so); null
// otherwise.
nlohmann::json modeAdvice(const devices::Device& device, const modes::KeyEntry& key);
// getKeyInfo's answer to "is my key FKN?" (docs/protocol-keys.md): `attributes` is what the
// token said inside an FKN session opened with the PIN during this call, nullopt without a PIN.
// Fields merged into the result: confirmedBy ("token-attribute-in-fkn-session" or null),
// howToConfirm (without a PIN), tokenAttributes (with one).
nlohmann::json fknConfirmation(const std::optional<modes::fkn::KeyAttributes>& attributes);

// The key's certificate (DER); RequestError(CERTIFICATE_NOT_FOUND, keyId) without one, its
// message ending "import one before <action>" (signing, logging in with it).
const Bytes& certificateOf(const modes::KeyEntry& key, std::string_view action);

// Required string param; RequestError(INVALID_PARAMS) naming it.
std::string stringParam(const nlohmann::json& params, const char* name);
Bytes base64Param(const nlohmann::json& params, const char* name);
// hex or base64 (hex when it has only hex digits and the right length is unknown: even length).
Bytes binaryParam(const nlohmann::json& params, const char* name);

} // namespace tokenbridge::commands
