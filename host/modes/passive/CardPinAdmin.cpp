#include "CardPinAdmin.hpp"

#include "core/Error.hpp"
#include "devices/PinStatus.hpp"
#include "pcsc/Card.hpp"
#include "pcsc/StatusWords.hpp"
#include "security/PinBuffer.hpp"

#include <exception>
#include <openssl/crypto.h>
#include <string>
#include <string_view>

namespace tokenbridge::modes::passive
{

namespace
{

    constexpr std::uint16_t SW_BLOCKED = 0x6983;
    constexpr std::uint16_t SW_WRONG_DATA = 0x6A80; // the new PIN's length or content
    constexpr std::uint16_t SW_WRONG_LENGTH = 0x6700;
    constexpr std::uint16_t SW_CONDITIONS = 0x6985; // unblocking alone cannot help any more

    std::string_view nameOf(std::uint8_t reference)
    {
        return reference == devices::PIN_ADMIN ? "admin PIN" : "user PIN";
    }

    void append(Bytes& out, const security::PinBuffer& pin)
    {
        const auto bytes = pin.bytes();
        out.insert(out.end(), bytes.begin(), bytes.end());
    }

    // Sends a command whose data holds PINs and wipes that data however transmit ends.
    ResponseApdu transmitWiped(pcsc::Card& card, CommandApdu command)
    {
        struct WipeOnExit
        {
            Bytes& bytes;
            ~WipeOnExit() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
        } wipe { command.data };
        return card.transmit(command);
    }

    void logout(pcsc::Card& card, std::uint8_t reference) noexcept
    {
        try {
            (void)card.transmit({ 0x00, 0x20, 0xFF, reference, {}, std::nullopt });
        } catch (const std::exception&) {
            // The card is gone or refuses: its security state went with it or resets on release.
        }
    }

    // The answer to a command that checked the PIN `reference` (and maybe set a new one).
    void checkPinAnswer(std::string_view command, std::uint16_t sw, std::uint8_t reference)
    {
        if (sw == 0x9000) {
            return;
        }
        const std::string pinName(nameOf(reference));
        if (sw == SW_BLOCKED || sw == 0x63C0) {
            throw UserActionError(ErrorCode::PIN_BLOCKED, "the " + pinName + " is blocked",
                { { "pinType", reference == devices::PIN_ADMIN ? "admin" : "user" } });
        }
        if (pcsc::isRetryCounter(sw)) {
            throw UserActionError(ErrorCode::PIN_INCORRECT, "the token refused the " + pinName,
                { { "retriesLeft", pcsc::retryCount(sw) } });
        }
        if (sw == SW_WRONG_DATA || sw == SW_WRONG_LENGTH) {
            throw UserActionError(
                ErrorCode::PIN_INVALID, "the token refused the new PIN", { { "param", "newPin" } });
        }
        pcsc::throwCardError(command, sw);
    }

} // namespace

void changeCardPin(pcsc::Card& card, std::uint8_t reference, const security::PinBuffer& current,
    const security::PinBuffer& next)
{
    // 81 old 82 new (lengths below 128: the policy check came first). Reserved at once: a
    // growing vector would leave copies of the PINs in freed memory.
    Bytes data;
    data.reserve(4 + current.size() + next.size());
    data.push_back(0x81);
    data.push_back(static_cast<std::uint8_t>(current.size()));
    append(data, current);
    data.push_back(0x82);
    data.push_back(static_cast<std::uint8_t>(next.size()));
    append(data, next);
    const auto response =
        transmitWiped(card, { 0x00, 0x24, 0x00, reference, std::move(data), std::nullopt });
    // Success leaves the PIN verified on the card: not beyond this request.
    logout(card, reference);
    checkPinAnswer("CHANGE REFERENCE DATA", response.sw, reference);
}

void unblockCardUserPin(
    pcsc::Card& card, const security::PinBuffer& adminPin, const security::PinBuffer* newUserPin)
{
    Bytes admin;
    admin.reserve(adminPin.size());
    append(admin, adminPin);
    const auto verify = transmitWiped(
        card, { 0x00, 0x20, 0x00, devices::PIN_ADMIN, std::move(admin), std::nullopt });
    checkPinAnswer("VERIFY", verify.sw, devices::PIN_ADMIN);
    struct AdminLogout
    {
        pcsc::Card& card;
        ~AdminLogout() { logout(card, devices::PIN_ADMIN); }
    } adminLogout { card };
    Bytes data;
    if (newUserPin != nullptr) {
        data.reserve(newUserPin->size());
        append(data, *newUserPin);
    }
    const std::uint8_t p1 = newUserPin != nullptr ? 0x02 : 0x03;
    const auto reset =
        transmitWiped(card, { 0x00, 0x2C, p1, devices::PIN_USER, std::move(data), std::nullopt });
    if (reset.sw == SW_CONDITIONS && newUserPin == nullptr) {
        throw RequestError(ErrorCode::INVALID_PARAMS,
            "the token unblocks this user PIN only with a new one", { { "param", "newPin" } });
    }
    checkPinAnswer("RESET RETRY COUNTER", reset.sw, devices::PIN_USER);
}

} // namespace tokenbridge::modes::passive
