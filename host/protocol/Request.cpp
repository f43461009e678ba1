#include "Request.hpp"

#include "core/Error.hpp"
#include "Utf8.hpp"

#include <algorithm>
#include <array>

namespace tokenbridge::protocol
{

namespace
{

    constexpr std::array<std::string_view, 4> ENVELOPE_KEYS { "id", "command", "origin", "params" };

    [[noreturn]] void badRequest(const std::string& message)
    {
        throw RequestError(ErrorCode::BAD_REQUEST, message);
    }

    bool validId(const nlohmann::json& id)
    {
        if (id.is_string()) {
            const auto& text = id.get_ref<const std::string&>();
            return !text.empty() && text.size() <= MAX_ID_LENGTH;
        }
        return id.is_number_integer();
    }

} // namespace

nlohmann::json parseMessage(std::string_view payload)
{
    if (!isValidUtf8(payload)) {
        badRequest("message is not valid UTF-8");
    }
    if (jsonNestingDepth(payload, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
        badRequest("message nests deeper than " + std::to_string(MAX_JSON_DEPTH) + " levels");
    }
    auto message = nlohmann::json::parse(payload, nullptr, false);
    if (message.is_discarded()) {
        badRequest("message is not valid JSON");
    }
    return message;
}

nlohmann::json extractId(const nlohmann::json& message)
{
    if (message.is_object()) {
        const auto it = message.find("id");
        if (it != message.end() && validId(*it)) {
            return *it;
        }
    }
    return nullptr;
}

Request parseRequest(const nlohmann::json& message)
{
    if (!message.is_object()) {
        badRequest("message is not a JSON object");
    }
    for (const auto& [key, value] : message.items()) {
        if (std::find(ENVELOPE_KEYS.begin(), ENVELOPE_KEYS.end(), key) == ENVELOPE_KEYS.end()) {
            badRequest("unknown field \"" + key + "\"");
        }
    }
    Request request;
    const auto id = message.find("id");
    if (id == message.end()) {
        badRequest("missing id");
    }
    if (!validId(*id)) {
        badRequest("id must be an integer or a string of 1.." + std::to_string(MAX_ID_LENGTH)
            + " characters");
    }
    request.id = *id;
    const auto command = message.find("command");
    if (command == message.end() || !command->is_string() || command->empty()) {
        badRequest("missing command, or not a string");
    }
    request.command = command->get<std::string>();
    if (const auto origin = message.find("origin"); origin != message.end()) {
        if (!origin->is_string()) {
            badRequest("origin must be a string");
        }
        request.origin = origin->get<std::string>();
    }
    if (const auto params = message.find("params"); params != message.end()) {
        if (!params->is_object()) {
            badRequest("params must be an object");
        }
        request.params = *params;
    }
    return request;
}

} // namespace tokenbridge::protocol
