#include "DeviceSession.hpp"

#include "CardProbe.hpp"

#include "core/Error.hpp"
#include "pcsc/Card.hpp"
#include "pcsc/Context.hpp"

namespace tokenbridge::devices
{

namespace
{

    // The reader may hold another token by now: same ATR and, if it has one, same serial.
    void checkSameToken(pcsc::Card& card, const Device& device)
    {
        const auto info = device.info ? readTokenInfo(card) : std::nullopt;
        if (card.atr() != device.atr
            || (device.info && (!info || info->serial != device.info->serial))) {
            throw RetryableError(
                ErrorCode::TOKEN_REMOVED, "token " + device.id + " was replaced in its reader");
        }
    }

} // namespace

struct DeviceSession::Held
{
    Held(std::shared_ptr<const pcsc::Context> context, const std::string& reader) :
        card(std::move(context), reader), transaction(card.beginTransaction())
    {
    }
    pcsc::Card card;
    pcsc::Card::Transaction transaction;
};

DeviceSession::DeviceSession(Device device, std::shared_ptr<FifoMutex> lock,
    std::unique_lock<FifoMutex> guard, std::shared_ptr<const pcsc::Context> context) :
    _device(std::move(device)),
    _lock(std::move(lock)), _guard(std::move(guard)), _context(std::move(context))
{
}

DeviceSession::~DeviceSession() = default;

DeviceSession::DeviceSession(DeviceSession&& other) noexcept :
    _device(std::move(other._device)), _lock(std::move(other._lock)),
    _guard(std::move(other._guard)), _context(std::move(other._context)),
    _held(std::move(other._held))
{
}

pcsc::Card& DeviceSession::card()
{
    if (!_held) {
        auto held = std::make_unique<Held>(_context, _device.reader);
        checkSameToken(held->card, _device);
        _held = std::move(held);
    }
    return _held->card;
}

void DeviceSession::release() noexcept
{
    _held.reset();
}

void DeviceSession::checkPresent()
{
    // Talks to the card (card() reads its token info): right after a pull pcscd may still list
    // it for a few hundred milliseconds.
    release();
    card();
}

} // namespace tokenbridge::devices
