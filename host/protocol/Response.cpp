#include "Response.hpp"

namespace tokenbridge::protocol
{

nlohmann::json makeResult(const nlohmann::json& id, nlohmann::json result)
{
    return { { "id", id }, { "result", std::move(result) } };
}

nlohmann::json makeError(const nlohmann::json& id, ErrorCode code, std::string_view message,
    const nlohmann::json& details)
{
    nlohmann::json error = nlohmann::json::object();
    if (details.is_object()) {
        error = details;
    }
    error["code"] = std::string(errorCodeName(code));
    error["message"] = std::string(message);
    return { { "id", id }, { "error", std::move(error) } };
}

nlohmann::json makeEvent(std::string_view event, nlohmann::json fields)
{
    fields["event"] = std::string(event);
    return fields;
}

std::string serialize(const nlohmann::json& message)
{
    return message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string serializeResponse(const nlohmann::json& response, uint32_t maxSize)
{
    std::string text = serialize(response);
    if (text.size() <= maxSize) {
        return text;
    }
    const auto id = response.contains("id") ? response["id"] : nlohmann::json(nullptr);
    return serialize(makeError(id, ErrorCode::MESSAGE_TOO_LARGE,
        "the reply exceeds the host-to-browser message limit",
        { { "size", text.size() }, { "limit", maxSize }, { "direction", "reply" } }));
}

} // namespace tokenbridge::protocol
