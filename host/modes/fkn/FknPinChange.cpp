#include "FknPinChange.hpp"
#include "TokenKeys.hpp"

#include "core/Error.hpp"
#include "security/PinBuffer.hpp"

#include <openssl/crypto.h>

namespace tokenbridge::modes::fkn
{

namespace
{

    constexpr std::uint8_t PIN_USER = 0x02;
    constexpr std::uint16_t SW_WRONG_DATA = 0x6A80;

} // namespace

void changeUserPin(const Transmit& transmit, const security::PinBuffer& current,
    const security::PinBuffer& next, const ScalarSource& scalars)
{
    auto channel = openUserChannel(transmit, current.bytes(), scalars);
    CommandApdu command { 0x00, 0x24, 0x00, PIN_USER, {}, std::nullopt };
    // Reserved at once: a growing vector would leave copies of the PINs in freed memory.
    command.data.reserve(4 + current.size() + next.size());
    struct WipeOnExit
    {
        Bytes& bytes;
        ~WipeOnExit() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
    } wipe { command.data };
    const auto append = [&](std::uint8_t tag, const security::PinBuffer& pin) {
        command.data.push_back(tag);
        command.data.push_back(static_cast<std::uint8_t>(pin.size()));
        command.data.insert(command.data.end(), pin.bytes().begin(), pin.bytes().end());
    };
    append(0x81, current);
    append(0x82, next);
    ResponseApdu response;
    try {
        response = tokenbridge::fkn::transmitProtected(channel, transmit, command);
    } catch (const RetryableError& error) {
        if (error.code() != ErrorCode::CARD_ERROR) {
            throw;
        }
        throw CardError("the FKN secure channel to the token failed; the PIN may not be changed",
            { { "reason", "secure-channel" } });
    }
    if (response.sw == SW_WRONG_DATA) {
        throw UserActionError(
            ErrorCode::PIN_INVALID, "the token refused the new PIN", { { "param", "newPin" } });
    }
    if (!response.isOk()) {
        throw CardError(
            "CHANGE REFERENCE DATA inside the FKN channel failed", { { "sw", response.sw } });
    }
}

} // namespace tokenbridge::modes::fkn
