#include "PinStatus.hpp"

#include "pcsc/Card.hpp"
#include "pcsc/StatusWords.hpp"

namespace tokenbridge::devices
{

PinInfo readPinInfo(pcsc::Card& card, uint8_t reference)
{
    const auto sw = card.transmit({ 0x00, 0x20, 0x00, reference, {}, std::nullopt }).sw;
    PinInfo info;
    info.supported = true;
    if (sw == 0x9000) {
        info.verified = true;
    } else if (pcsc::isRetryCounter(sw)) {
        info.retriesLeft = pcsc::retryCount(sw);
        info.blocked = *info.retriesLeft == 0;
    } else if (sw == 0x6983) {
        info.blocked = true;
        info.retriesLeft = 0;
    } else {
        info.supported = false;
    }
    return info;
}

nlohmann::json toJson(const PinInfo& info)
{
    return { { "supported", info.supported }, { "verified", info.verified },
        { "blocked", info.blocked },
        { "retriesLeft", info.retriesLeft ? nlohmann::json(*info.retriesLeft) : nullptr } };
}

nlohmann::json toJson(const PinStatus& status)
{
    return { { "user", toJson(status.user) }, { "admin", toJson(status.admin) } };
}

} // namespace tokenbridge::devices
