#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace tokenbridge::protocol
{

// Where a request came from: the browser (through the extension) or the command line.
enum class Channel { NativeMessaging, Cli };

struct Request
{
    nlohmann::json id; // a string or an integer, echoed back unchanged
    std::string command;
    std::optional<std::string> origin; // the web page's origin, set by the extension
    nlohmann::json params = nlohmann::json::object();
};

inline constexpr size_t MAX_ID_LENGTH = 128;
inline constexpr size_t MAX_JSON_DEPTH = 32;

// Payload -> JSON value. Throws RequestError(BAD_REQUEST) for invalid UTF-8, invalid JSON or
// nesting deeper than MAX_JSON_DEPTH.
nlohmann::json parseMessage(std::string_view payload);
// The id if the message has a valid one, else null (the reply then carries "id": null).
nlohmann::json extractId(const nlohmann::json& message);
// Checks the envelope: an object with exactly the keys id, command, origin?, params?.
// Throws RequestError(BAD_REQUEST) naming the offending field.
Request parseRequest(const nlohmann::json& message);

} // namespace tokenbridge::protocol
