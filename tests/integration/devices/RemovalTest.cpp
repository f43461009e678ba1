// A token pulled in the middle of a session's work, and listing while work runs (vtoken runs with
// --apdu-delay-ms so that work takes a while).
#include "VirtualTokens.hpp"
#include "devices/DeviceService.hpp"
#include "pcsc/Card.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace tokenbridge;
using namespace tokenbridge::devices;
using tokenbridge::devices::test::virtualTokens;
using tokenbridge::devices::test::waitFor;
using tokenbridge::devices::test::withCard;
using Clock = std::chrono::steady_clock;

namespace
{

const Environment R3_LINUX { "5.0-R3", "config", "linux" };
const tokenbridge::CommandApdu GET_CHALLENGE { 0x00, 0x84, 0x00, 0x00, {}, 8 };

std::optional<Device> inReader(DeviceService& service, const std::string& reader)
{
    for (auto& device : service.listDevices()) {
        if (device.reader == reader) {
            return device;
        }
    }
    return std::nullopt;
}

} // namespace

TEST(Removal, TokenPulledDuringWorkIsTokenRemovedAndTheServiceRecovers)
{
    const auto tokens = virtualTokens();
    ASSERT_FALSE(tokens.empty());
    DeviceService service(R3_LINUX);
    const auto device = inReader(service, tokens[0].reader);
    ASSERT_TRUE(device);

    std::atomic<int> answered = 0;
    std::jthread puller([&] {
        waitFor([&] { return answered >= 5; });
        test::pull(tokens[0]);
    });
    try {
        withCard(service, device->id, [&](tokenbridge::pcsc::Card& card) {
            for (int i = 0; i < 1000; ++i) {
                EXPECT_TRUE(card.transmit(GET_CHALLENGE).isOk());
                ++answered;
            }
        });
        ADD_FAILURE() << "the work finished although the token was pulled";
    } catch (const tokenbridge::RetryableError& error) {
        EXPECT_EQ(error.code(), tokenbridge::ErrorCode::TOKEN_REMOVED) << error.what();
    } catch (const std::exception& error) {
        ADD_FAILURE() << "not a RetryableError: " << error.what();
    }
    puller.join();
    EXPECT_GE(answered, 5);

    // pcscd polls readers: wait until it has seen the card go before bringing it back.
    ASSERT_TRUE(waitFor([&] { return !inReader(service, tokens[0].reader); }));
    test::plugBack(tokens[0]);
    ASSERT_TRUE(waitFor([&] {
        const auto again = inReader(service, tokens[0].reader);
        return again && again->id == device->id;
    }));
    bool worked = false;
    withCard(service, device->id,
        [&](tokenbridge::pcsc::Card& card) { worked = card.transmit(GET_CHALLENGE).isOk(); });
    EXPECT_TRUE(worked);
}

TEST(Removal, ListingDoesNotWaitBehindWork)
{
    const auto tokens = virtualTokens();
    ASSERT_FALSE(tokens.empty());
    DeviceService service(R3_LINUX);
    const auto device = inReader(service, tokens[0].reader);
    ASSERT_TRUE(device);

    std::atomic<bool> inside = false;
    std::atomic<bool> release = false;
    std::jthread worker([&] {
        withCard(service, device->id, [&](tokenbridge::pcsc::Card& card) {
            inside = true;
            // Busy with the card until the test has listed (bounded).
            for (int i = 0; i < 500 && !release; ++i) {
                card.transmit(GET_CHALLENGE);
            }
        });
    });
    ASSERT_TRUE(waitFor([&] { return inside.load(); }));

    auto start = Clock::now();
    const auto listed = inReader(service, tokens[0].reader);
    EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(300)) << "same service";
    ASSERT_TRUE(listed);
    EXPECT_EQ(listed->id, device->id);

    // A service that never read this card (another host process) must not hang on it either:
    // it lists the card from its ATR while the other connection holds the transaction.
    DeviceService fresh(R3_LINUX);
    start = Clock::now();
    const auto seen = inReader(fresh, tokens[0].reader);
    EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(2000)) << "fresh service";
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->id, "reader:" + tokens[0].reader);
    EXPECT_EQ(seen->identification.family, device->identification.family);
    release = true;
    worker.join();
    // Once the card is free the fresh service reads it fully.
    EXPECT_TRUE(waitFor([&] {
        const auto again = inReader(fresh, tokens[0].reader);
        return again && again->id == device->id;
    }));
}
