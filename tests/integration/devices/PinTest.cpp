// PIN retry counters through the service (vtoken started with --max-retries 3).
#include "VirtualTokens.hpp"
#include "devices/DeviceService.hpp"
#include "pcsc/Card.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::devices;
using tokenbridge::CommandApdu;
using tokenbridge::devices::test::withCard;
using tokenbridge::pcsc::Card;

namespace
{

const Environment R3_LINUX { "5.0-R3", "config", "linux" };

// The factory PINs of docs/vtoken.md (a virtual token's, not a secret).
CommandApdu verify(uint8_t reference, const std::string& pin)
{
    return { 0x00, 0x20, 0x00, reference, { pin.begin(), pin.end() }, std::nullopt };
}

} // namespace

TEST(Pins, RetryCounterAndBlockingAreVisible)
{
    const auto tokens = test::virtualTokens();
    ASSERT_FALSE(tokens.empty());
    DeviceService service(R3_LINUX);
    const auto devices = service.listDevices();
    ASSERT_FALSE(devices.empty());
    const auto id = devices.front().id;

    auto status = service.getPinStatus(id);
    EXPECT_TRUE(status.user.supported);
    EXPECT_EQ(status.user.retriesLeft, 3);
    EXPECT_FALSE(status.user.blocked);
    EXPECT_EQ(status.admin.retriesLeft, 3);

    withCard(service, id,
        [](Card& card) { EXPECT_EQ(card.transmit(verify(PIN_USER, "00000000")).sw, 0x63C2); });
    EXPECT_EQ(service.getPinStatus(id).user.retriesLeft, 2);

    // The right PIN resets the counter, and the PIN shows as verified in that session.
    withCard(service, id, [](Card& card) {
        EXPECT_EQ(card.transmit(verify(PIN_USER, "12345678")).sw, 0x9000);
        EXPECT_TRUE(readPinInfo(card, PIN_USER).verified);
        EXPECT_EQ(card.transmit({ 0x00, 0x20, 0xFF, PIN_USER, {}, std::nullopt }).sw, 0x9000);
    });
    EXPECT_EQ(service.getPinStatus(id).user.retriesLeft, 3);

    withCard(service, id, [](Card& card) {
        for (const uint16_t expected : { 0x63C2, 0x63C1, 0x63C0 }) {
            EXPECT_EQ(card.transmit(verify(PIN_USER, "00000000")).sw, expected);
        }
        EXPECT_EQ(card.transmit(verify(PIN_USER, "12345678")).sw, 0x6983);
    });
    status = service.getPinStatus(id);
    EXPECT_TRUE(status.user.blocked);
    EXPECT_EQ(status.user.retriesLeft, 0);
    EXPECT_FALSE(status.user.verified);
    EXPECT_FALSE(status.admin.blocked) << "the admin PIN is counted apart";
    EXPECT_EQ(status.admin.retriesLeft, 3);
}
