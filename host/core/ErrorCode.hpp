#pragma once

#include <string_view>

namespace tokenbridge
{

// Every code here is documented in docs/protocol.md; the JSON name is the enumerator's text.
enum class ErrorCode {
    BAD_REQUEST, // malformed framing/JSON, missing id or command, wrong field types
    MESSAGE_TOO_LARGE, // frame over the configured limit
    UNKNOWN_COMMAND,
    INVALID_PARAMS, // command known, params wrong
    ORIGIN_NOT_ALLOWED,
    PCSC_UNAVAILABLE, // pcscd not running / no service
    DEVICE_NOT_FOUND,
    TOKEN_REMOVED, // the token went away during the command
    CARD_ERROR, // the card answered with an unexpected status word
    MODE_NOT_SUPPORTED,
    PIN_REQUIRED,
    PIN_INCORRECT,
    PIN_BLOCKED,
    PIN_INVALID, // wrong length / charset
    KEY_NOT_FOUND,
    CERTIFICATE_NOT_FOUND,
    CONTAINER_CORRUPTED,
    NOT_EXPORTABLE,
    SIGNATURE_INVALID,
    USER_CANCELLED, // produced by the extension's trusted UI
    RATE_LIMITED,
    BUSY,
    INTERNAL_ERROR,
};

struct ErrorCodeName
{
    ErrorCode code;
    std::string_view name;
};

inline constexpr ErrorCodeName ERROR_CODE_NAMES[] = {
    { ErrorCode::BAD_REQUEST, "BAD_REQUEST" },
    { ErrorCode::MESSAGE_TOO_LARGE, "MESSAGE_TOO_LARGE" },
    { ErrorCode::UNKNOWN_COMMAND, "UNKNOWN_COMMAND" },
    { ErrorCode::INVALID_PARAMS, "INVALID_PARAMS" },
    { ErrorCode::ORIGIN_NOT_ALLOWED, "ORIGIN_NOT_ALLOWED" },
    { ErrorCode::PCSC_UNAVAILABLE, "PCSC_UNAVAILABLE" },
    { ErrorCode::DEVICE_NOT_FOUND, "DEVICE_NOT_FOUND" },
    { ErrorCode::TOKEN_REMOVED, "TOKEN_REMOVED" },
    { ErrorCode::CARD_ERROR, "CARD_ERROR" },
    { ErrorCode::MODE_NOT_SUPPORTED, "MODE_NOT_SUPPORTED" },
    { ErrorCode::PIN_REQUIRED, "PIN_REQUIRED" },
    { ErrorCode::PIN_INCORRECT, "PIN_INCORRECT" },
    { ErrorCode::PIN_BLOCKED, "PIN_BLOCKED" },
    { ErrorCode::PIN_INVALID, "PIN_INVALID" },
    { ErrorCode::KEY_NOT_FOUND, "KEY_NOT_FOUND" },
    { ErrorCode::CERTIFICATE_NOT_FOUND, "CERTIFICATE_NOT_FOUND" },
    { ErrorCode::CONTAINER_CORRUPTED, "CONTAINER_CORRUPTED" },
    { ErrorCode::NOT_EXPORTABLE, "NOT_EXPORTABLE" },
    { ErrorCode::SIGNATURE_INVALID, "SIGNATURE_INVALID" },
    { ErrorCode::USER_CANCELLED, "USER_CANCELLED" },
    { ErrorCode::RATE_LIMITED, "RATE_LIMITED" },
    { ErrorCode::BUSY, "BUSY" },
    { ErrorCode::INTERNAL_ERROR, "INTERNAL_ERROR" },
};

constexpr std::string_view errorCodeName(ErrorCode code)
{
    for (const auto& entry : ERROR_CODE_NAMES) {
        if (entry.code == code) {
            return entry.name;
        }
    }
    return "INTERNAL_ERROR";
}

} // namespace tokenbridge
