#include "PinPolicy.hpp"

#include "PinBuffer.hpp"

#include "core/Error.hpp"

#include <string>

namespace tokenbridge::security
{

void checkNewPin(const PinBuffer& newPin, const PinPolicy& policy)
{
    const bool tooShort = newPin.size() < policy.minLength;
    const bool tooLong = policy.maxLength != 0 && newPin.size() > policy.maxLength;
    if (!tooShort && !tooLong) {
        return;
    }
    throw UserActionError(ErrorCode::PIN_INVALID,
        "the new PIN must be " + std::to_string(policy.minLength) + " to "
            + std::to_string(policy.maxLength) + " characters long on this token",
        { { "param", "newPin" }, { "reason", tooShort ? "too-short" : "too-long" },
            { "minLength", policy.minLength }, { "maxLength", policy.maxLength } });
}

} // namespace tokenbridge::security
