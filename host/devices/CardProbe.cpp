#include "CardProbe.hpp"

#include "VendorIdentifier.hpp"
#include "pcsc/Card.hpp"
#include "core/Error.hpp"

#include <thread>

namespace tokenbridge::devices
{

namespace
{

    const CommandApdu GET_TOKEN_INFO { 0x00, 0xCA, 0x01, 0x81, {}, 256 };

    // No transaction: GET DATA changes nothing on the card.
    ProbeResult probe(const std::string& reader, const std::vector<uint8_t>& atr,
        VendorIdentifier* vendor) noexcept
    {
        // Only a Rutoken's ATR is worth loading the vendor's library for.
        if (vendor != nullptr && matchAtr(atr)) {
            if (auto info = vendor->describe(reader)) {
                return { ProbeOutcome::Identified, std::move(info), IdentifiedBy::Pkcs11 };
            }
        }
        try {
            pcsc::Card card(std::make_shared<const pcsc::Context>(), reader);
            auto info = readTokenInfo(card);
            const auto source = info ? IdentifiedBy::TokenInfo : IdentifiedBy::Atr;
            return { ProbeOutcome::Identified, std::move(info), source };
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

std::shared_ptr<CardProbe> CardProbe::start(
    std::string reader, std::vector<uint8_t> atr, std::shared_ptr<VendorIdentifier> vendor)
{
    auto probeState = std::make_shared<CardProbe>();
    // Detached: it owns only the shared probe state and the identifier, and ends when pcscd (and
    // the vendor's library) let it in.
    std::thread([probeState, reader = std::move(reader), atr = std::move(atr),
                    vendor = std::move(vendor)] {
        probeState->finish(probe(reader, atr, vendor.get()));
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
