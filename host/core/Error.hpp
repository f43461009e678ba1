#pragma once

#include "ErrorCode.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace tokenbridge
{

// Exceptions are typed by what the caller can do about them; each carries the protocol code it
// becomes at the one translation boundary (the dispatcher). Messages never contain a PIN or a key.
class Error : public std::runtime_error
{
public:
    Error(ErrorCode code, const std::string& message, nlohmann::json details = {}) :
        std::runtime_error(message), _code(code), _details(std::move(details))
    {
    }
    [[nodiscard]] ErrorCode code() const noexcept { return _code; }
    // Extra machine-readable fields merged into the error object (e.g. {"retriesLeft": 2}).
    [[nodiscard]] const nlohmann::json& details() const noexcept { return _details; }

private:
    ErrorCode _code;
    nlohmann::json _details;
};

// The request itself is wrong; retrying it unchanged will fail again.
class RequestError : public Error
{
    using Error::Error;
};

// Transient: the same request may succeed later (token reinserted, pcscd back, busy).
class RetryableError : public Error
{
    using Error::Error;
};

// The user must act (enter the right PIN, insert a token, unblock a PIN, allow an origin).
class UserActionError : public Error
{
    using Error::Error;
};

// The token answered something this host cannot use (an unexpected status word, a malformed
// answer, a broken secure channel): the operation failed on the card's side; retrying, or
// re-inserting the token, may help. Always CARD_ERROR.
class CardError : public RetryableError
{
public:
    explicit CardError(const std::string& message, nlohmann::json details = {}) :
        RetryableError(ErrorCode::CARD_ERROR, message, std::move(details))
    {
    }
};

// A bug or broken environment; the host reports it and keeps serving.
class FatalError : public Error
{
public:
    explicit FatalError(const std::string& message) : Error(ErrorCode::INTERNAL_ERROR, message) { }
};

} // namespace tokenbridge
