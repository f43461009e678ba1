#include "FknApdu.hpp"

#include <algorithm>

namespace tokenbridge::fkn
{

namespace
{

    struct CodeToSw
    {
        ErrorCode code;
        std::uint16_t sw;
    };

    constexpr CodeToSw STATUS_WORDS[] = {
        { ErrorCode::PIN_BLOCKED, SW_PIN_BLOCKED },
        { ErrorCode::INVALID_PARAMS, SW_WRONG_DATA },
        { ErrorCode::BAD_REQUEST, SW_CONDITIONS },
        { ErrorCode::CARD_ERROR, SW_SM_FAILED },
    };

} // namespace

std::uint16_t statusWordFor(const Error& error)
{
    if (error.code() == ErrorCode::PIN_INCORRECT) {
        const int left = error.details().value("retriesLeft", 0);
        return static_cast<std::uint16_t>(0x63C0 | std::clamp(left, 0, 15));
    }
    for (const CodeToSw& entry : STATUS_WORDS) {
        if (entry.code == error.code()) {
            return entry.sw;
        }
    }
    return SW_CONDITIONS;
}

void throwForStatusWord(std::uint16_t sw)
{
    if (sw == SW_OK) {
        return;
    }
    if ((sw & 0xFFF0) == 0x63C0) {
        throw UserActionError(
            ErrorCode::PIN_INCORRECT, "the PIN is incorrect", { { "retriesLeft", sw & 0x0F } });
    }
    if (sw == SW_PIN_BLOCKED) {
        throw UserActionError(ErrorCode::PIN_BLOCKED, "the PIN is blocked");
    }
    throw CardError("the token refused the FKN exchange");
}

} // namespace tokenbridge::fkn
