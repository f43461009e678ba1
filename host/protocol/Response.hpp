#pragma once

#include "core/ErrorCode.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tokenbridge::protocol
{

nlohmann::json makeResult(const nlohmann::json& id, nlohmann::json result);
// details' fields are merged into the error object; they never replace code or message.
nlohmann::json makeError(const nlohmann::json& id, ErrorCode code, std::string_view message,
    const nlohmann::json& details = {});
nlohmann::json makeEvent(std::string_view event, nlohmann::json fields);

// Serializes a message; invalid UTF-8 from a device (a reader name, say) is replaced, not thrown.
std::string serialize(const nlohmann::json& message);
// The serialized response, or a MESSAGE_TOO_LARGE error for the same id when it exceeds maxSize.
std::string serializeResponse(const nlohmann::json& response, uint32_t maxSize);

} // namespace tokenbridge::protocol
