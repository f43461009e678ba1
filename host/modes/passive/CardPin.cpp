#include "CardPin.hpp"

#include "devices/PinStatus.hpp"
#include "pcsc/Card.hpp"
#include "pcsc/StatusWords.hpp"
#include "core/Error.hpp"
#include "security/PinBuffer.hpp"

#include <exception>
#include <openssl/crypto.h>

namespace tokenbridge::modes::passive
{

namespace
{

    constexpr std::uint16_t SW_BLOCKED = 0x6983;
    constexpr std::uint16_t SW_WRONG_LENGTH = 0x6700;
    constexpr std::size_t MAX_PIN = 32;

    [[noreturn]] void blocked()
    {
        throw UserActionError(
            ErrorCode::PIN_BLOCKED, "the user PIN is blocked; the administrator must unblock it");
    }

} // namespace

CardPinSession::CardPinSession(pcsc::Card& card, const security::PinBuffer* pin) : _card(card)
{
    if (pin == nullptr || pin->empty()) {
        const auto info = devices::readPinInfo(card, devices::PIN_USER);
        if (info.blocked) {
            blocked();
        }
        throw UserActionError(ErrorCode::PIN_REQUIRED, "the user PIN is required",
            { { "retriesLeft", info.retriesLeft ? nlohmann::json(*info.retriesLeft) : nullptr } });
    }
    if (pin->size() > MAX_PIN) {
        throw UserActionError(ErrorCode::PIN_INVALID, "the PIN is too long");
    }
    const auto bytes = pin->bytes();
    CommandApdu verify { 0x00, 0x20, 0x00, devices::PIN_USER, Bytes(bytes.begin(), bytes.end()),
        std::nullopt };
    // Wiped however transmit ends, a removed token's exception included.
    struct WipeOnExit
    {
        Bytes& bytes;
        ~WipeOnExit() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
    } wipeVerify { verify.data };
    const auto response = card.transmit(verify);
    if (response.isOk()) {
        return;
    }
    const auto sw = response.sw;
    if (sw == SW_BLOCKED || sw == 0x63C0) {
        blocked();
    }
    if (pcsc::isRetryCounter(sw)) {
        throw UserActionError(ErrorCode::PIN_INCORRECT, "the token refused the PIN",
            { { "retriesLeft", pcsc::retryCount(sw) } });
    }
    if (sw == SW_WRONG_LENGTH) {
        throw UserActionError(ErrorCode::PIN_INVALID, "the PIN has a wrong length");
    }
    pcsc::throwCardError("VERIFY", sw);
}

CardPinSession::~CardPinSession()
{
    try {
        (void)_card.transmit({ 0x00, 0x20, 0xFF, devices::PIN_USER, {}, std::nullopt });
    } catch (const std::exception&) {
        // The card is gone or refuses: its security state went with it or resets on release.
    }
}

} // namespace tokenbridge::modes::passive
