// GENERATED from spec/protocol.json by scripts/gen-protocol.mjs: do not edit. Change the JSON
// and run `node scripts/gen-protocol.mjs`; CTest spec.generated_files fails while this file
// differs from what the generator writes.
#pragma once

#include <string_view>

// clang-format off
namespace tokenbridge
{

// Every code the host produces (docs/protocol.md, "Error codes"), with its class (the exception
// type that carries it, core/Error.hpp) and meaning; the JSON name is the enumerator's text.
// Codes only the extension or the page library produce are not here.
enum class ErrorCode {
    // request: The message is not a valid request (JSON, id, command, field types, unknown
    // top-level field).
    BAD_REQUEST,
    // request: A request above 8 MiB, or a reply that would reach the browsers' 1 MiB limit.
    MESSAGE_TOO_LARGE,
    // request: The command (or extension operation) is not known to the host or not routed by the
    // extension.
    UNKNOWN_COMMAND,
    // request: The command is known but its params are wrong (missing, unknown, mistyped, out of
    // range, a PIN where none is allowed).
    INVALID_PARAMS,
    // user: The page origin is refused by the origin rules or by the user, or a token command came
    // without an origin.
    ORIGIN_NOT_ALLOWED,
    // retryable: pcscd is not running or not reachable.
    PCSC_UNAVAILABLE,
    // request: No card with the given deviceId is present.
    DEVICE_NOT_FOUND,
    // retryable: The token was pulled or replaced during the command.
    TOKEN_REMOVED,
    // retryable: The card answered something unexpected, or the FKN secure channel failed.
    CARD_ERROR,
    // user: The token cannot work in the requested mode or at the requested minimum security.
    MODE_NOT_SUPPORTED,
    // user: The operation needs the PIN and none was given.
    PIN_REQUIRED,
    // user: The token refused the PIN; tries remain.
    PIN_INCORRECT,
    // user: The PIN is blocked (no tries left).
    PIN_BLOCKED,
    // user: The PIN's length or characters are not acceptable.
    PIN_INVALID,
    // request: The referenced key does not exist on the token.
    KEY_NOT_FOUND,
    // request: The referenced certificate does not exist.
    CERTIFICATE_NOT_FOUND,
    // request: No data object with the given name is on the token (or it is private and no PIN was
    // given).
    DATA_NOT_FOUND,
    // fatal: A key container on the token (or a CryptoPro container being read) is malformed: wrong
    // tags or lengths, a MAC that does not match.
    CONTAINER_CORRUPTED,
    // user: The CryptoPro container's password does not open its key (no token PIN try is spent).
    CONTAINER_PASSWORD_INCORRECT,
    // request: Export of a non-exportable key, or exportKey outside the command line.
    NOT_EXPORTABLE,
    // request: The key's certificate does not permit the operation (authenticate: keyUsage without
    // digitalSignature, or an extended key usage without clientAuth).
    KEY_USAGE_NOT_ALLOWED,
    // request: A PKCS#11 module reported a signature invalid.
    SIGNATURE_INVALID,
    // request: decrypt: the message is not encrypted for the key's certificate.
    NOT_A_RECIPIENT,
    // request: decrypt: an integrity check (the content key's or the content's MAC) failed: the
    // message was changed.
    DECRYPTION_FAILED,
    // user: The user closed the extension's consent or PIN window, or cancelled on the token.
    USER_CANCELLED,
    // retryable: Too many wrong PINs from one origin (3 in 30 s).
    RATE_LIMITED,
    // retryable: Too many queued requests or streams, or another application holds the card.
    BUSY,
    // retryable: The timestamp server (tsaUrl) cannot be reached, times out or answers an HTTP
    // error; no signature is returned.
    TSA_UNAVAILABLE,
    // retryable: The timestamp server answered something unusable: not granted, not a timestamp, a
    // bad signature, imprint or nonce, a TSA certificate without a critical timeStamping usage.
    TSA_ERROR,
    // retryable: No revocation status for the signer's certificate: no OCSP URL (nor CRL), the
    // responder or CRL server unreachable, or the issuer certificate not found.
    OCSP_UNAVAILABLE,
    // retryable: The OCSP responder (or CRL) answered something unusable: not successful, a bad
    // signature or nonce, stale, status unknown.
    OCSP_ERROR,
    // user: The signer's certificate is revoked (OCSP or CRL); a long-term signature is refused
    // before the PIN is used.
    CERTIFICATE_REVOKED,
    // fatal: A bug: an unexpected exception, or a reply without an error code.
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
    { ErrorCode::DATA_NOT_FOUND, "DATA_NOT_FOUND" },
    { ErrorCode::CONTAINER_CORRUPTED, "CONTAINER_CORRUPTED" },
    { ErrorCode::CONTAINER_PASSWORD_INCORRECT, "CONTAINER_PASSWORD_INCORRECT" },
    { ErrorCode::NOT_EXPORTABLE, "NOT_EXPORTABLE" },
    { ErrorCode::KEY_USAGE_NOT_ALLOWED, "KEY_USAGE_NOT_ALLOWED" },
    { ErrorCode::SIGNATURE_INVALID, "SIGNATURE_INVALID" },
    { ErrorCode::NOT_A_RECIPIENT, "NOT_A_RECIPIENT" },
    { ErrorCode::DECRYPTION_FAILED, "DECRYPTION_FAILED" },
    { ErrorCode::USER_CANCELLED, "USER_CANCELLED" },
    { ErrorCode::RATE_LIMITED, "RATE_LIMITED" },
    { ErrorCode::BUSY, "BUSY" },
    { ErrorCode::TSA_UNAVAILABLE, "TSA_UNAVAILABLE" },
    { ErrorCode::TSA_ERROR, "TSA_ERROR" },
    { ErrorCode::OCSP_UNAVAILABLE, "OCSP_UNAVAILABLE" },
    { ErrorCode::OCSP_ERROR, "OCSP_ERROR" },
    { ErrorCode::CERTIFICATE_REVOKED, "CERTIFICATE_REVOKED" },
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
// clang-format on
