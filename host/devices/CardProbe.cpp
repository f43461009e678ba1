#include "CardProbe.hpp"

#include "pcsc/Card.hpp"
#include "core/Error.hpp"

#include <thread>

namespace tokenbridge::devices
{

namespace
{

    const CommandApdu GET_TOKEN_INFO { 0x00, 0xCA, 0x01, 0x81, {}, 256 };

    // No transaction: GET DATA changes nothing on the card.
    ProbeResult probe(const std::string& reader) noexcept
    {
        try {
            pcsc::Card card(std::make_shared<const pcsc::Context>(), reader);
            return { ProbeOutcome::Identified, readTokenInfo(card) };
        } catch (const Error& error) {
            if (error.code() == ErrorCode::TOKEN_REMOVED) {
                return { ProbeOutcome::Removed, std::nullopt };
            }
        } catch (...) {
        }
        return { ProbeOutcome::Unreadable, std::nullopt };
    }

} // namespace

std::optional<TokenInfo> readTokenInfo(pcsc::Card& card)
{
    const auto response = card.transmit(GET_TOKEN_INFO);
    if (!response.isOk()) {
        return std::nullopt;
    }
    try {
        return parseTokenInfo(response.data);
    } catch (const RetryableError&) {
        throw;
    } catch (const Error&) {
        return std::nullopt;
    }
}

std::shared_ptr<CardProbe> CardProbe::start(std::string reader)
{
    auto probeState = std::make_shared<CardProbe>();
    // Detached: it owns only the shared probe state, and ends when pcscd lets it in.
    std::thread([probeState, reader = std::move(reader)] {
        probeState->finish(probe(reader));
    }).detach();
    return probeState;
}

void CardProbe::finish(ProbeResult result)
{
    {
        std::lock_guard guard(_mutex);
        _result = std::move(result);
    }
    _done.notify_all();
}

std::optional<ProbeResult> CardProbe::waitUntil(std::chrono::steady_clock::time_point deadline)
{
    std::unique_lock guard(_mutex);
    _done.wait_until(guard, deadline, [&] { return _result.has_value(); });
    return _result;
}

} // namespace tokenbridge::devices
