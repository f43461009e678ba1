#include "FakePcsc.hpp"
#include "pcsc/Card.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>
using namespace tokenbridge;
using namespace tokenbridge::pcsc;

namespace
{

class CardTest : public testing::Test
{
protected:
    void SetUp() override
    {
        test::reset();
        test::state().readers = { { "Reader A", SCARD_STATE_PRESENT, { 0x3B, 0x00 } } };
        context = std::make_shared<Context>();
    }
    void expect(Bytes command, Bytes response)
    {
        test::state().exchanges.emplace_back(std::move(command), std::move(response));
    }
    void TearDown() override
    {
        EXPECT_TRUE(test::state().exchanges.empty()) << "card script not consumed";
        EXPECT_TRUE(test::state().unexpected.empty()) << "unexpected command sent";
    }
    std::shared_ptr<Context> context;
};

} // namespace

TEST_F(CardTest, PlainExchange)
{
    Card card(context, "Reader A");
    expect({ 0x00, 0x84, 0x00, 0x00, 0x04 }, { 1, 2, 3, 4, 0x90, 0x00 });
    const auto response = card.transmit({ 0x00, 0x84, 0x00, 0x00, {}, 4 });
    EXPECT_EQ(response.data, (Bytes { 1, 2, 3, 4 }));
    EXPECT_TRUE(response.isOk());
}

TEST_F(CardTest, FollowsGetResponseChain)
{
    Card card(context, "Reader A");
    expect({ 0x00, 0xCA, 0x01, 0x81, 0x00 }, { 0xAA, 0xBB, 0x61, 0x03 });
    expect({ 0x00, 0xC0, 0x00, 0x00, 0x03 }, { 0xCC, 0x61, 0x00 });
    expect({ 0x00, 0xC0, 0x00, 0x00, 0x00 }, { 0xDD, 0xEE, 0x90, 0x00 });
    const auto response = card.transmit({ 0x00, 0xCA, 0x01, 0x81, {}, 256 });
    EXPECT_EQ(response.data, (Bytes { 0xAA, 0xBB, 0xCC, 0xDD, 0xEE }));
    EXPECT_EQ(response.sw, 0x9000);
}

TEST_F(CardTest, ResendsWithExactLeOn6Cxx)
{
    Card card(context, "Reader A");
    expect({ 0x00, 0xB0, 0x00, 0x00, 0x10 }, { 0x6C, 0x02 });
    expect({ 0x00, 0xB0, 0x00, 0x00, 0x02 }, { 0x11, 0x22, 0x90, 0x00 });
    const auto response = card.transmit({ 0x00, 0xB0, 0x00, 0x00, {}, 16 });
    EXPECT_EQ(response.data, (Bytes { 0x11, 0x22 }));
}

TEST_F(CardTest, SixCInsideGetResponse)
{
    Card card(context, "Reader A");
    expect({ 0x80, 0x2A, 0x00, 0x00, 0x01, 0x42 }, { 0x61, 0x05 });
    expect({ 0x00, 0xC0, 0x00, 0x00, 0x05 }, { 0x6C, 0x03 });
    expect({ 0x00, 0xC0, 0x00, 0x00, 0x03 }, { 7, 8, 9, 0x90, 0x00 });
    const auto response = card.transmit({ 0x80, 0x2A, 0x00, 0x00, { 0x42 }, std::nullopt });
    EXPECT_EQ(response.data, (Bytes { 7, 8, 9 }));
}

TEST_F(CardTest, OtherStatusWordsReachTheCaller)
{
    Card card(context, "Reader A");
    expect({ 0x00, 0x20, 0x00, 0x02 }, { 0x63, 0xC7 });
    EXPECT_EQ(card.transmit({ 0x00, 0x20, 0x00, 0x02, {}, std::nullopt }).sw, 0x63C7);
}

TEST_F(CardTest, EndlessGetResponseIsACardError)
{
    Card card(context, "Reader A");
    for (int i = 0; i < 301; ++i) {
        expect(i == 0 ? Bytes { 0x00, 0xCA, 0x01, 0x81, 0x00 }
                      : Bytes { 0x00, 0xC0, 0x00, 0x00, 0x01 },
            { 0x01, 0x61, 0x01 });
    }
    try {
        (void)card.transmit({ 0x00, 0xCA, 0x01, 0x81, {}, 256 });
        FAIL() << "no exception";
    } catch (const tokenbridge::Error& error) {
        EXPECT_EQ(error.code(), ErrorCode::CARD_ERROR);
    }
}

TEST_F(CardTest, RemovedMidSessionIsTokenRemoved)
{
    Card card(context, "Reader A");
    test::state().transmitResult = SCARD_E_NOT_TRANSACTED;
    try {
        (void)card.transmit({ 0x00, 0x84, 0x00, 0x00, {}, 8 });
        FAIL() << "no exception";
    } catch (const tokenbridge::RetryableError& error) {
        EXPECT_EQ(error.code(), ErrorCode::TOKEN_REMOVED);
    }
}

TEST_F(CardTest, ConnectToEmptyReaderIsTokenRemoved)
{
    test::state().connectResult = SCARD_E_NO_SMARTCARD;
    try {
        Card card(context, "Reader A");
        FAIL() << "no exception";
    } catch (const tokenbridge::RetryableError& error) {
        EXPECT_EQ(error.code(), ErrorCode::TOKEN_REMOVED);
    }
}

TEST_F(CardTest, TransactionAndConnectionAreReleased)
{
    {
        Card card(context, "Reader A");
        EXPECT_EQ(card.atr(), (Bytes { 0x3B, 0x00 }));
        {
            const auto transaction = card.beginTransaction();
            EXPECT_EQ(test::state().begun, 1);
            EXPECT_EQ(test::state().ended, 0);
        }
        EXPECT_EQ(test::state().ended, 1);
        EXPECT_EQ(test::state().disconnected, 0);
    }
    EXPECT_EQ(test::state().disconnected, 1);
    context.reset();
    EXPECT_EQ(test::state().released, 1);
}

// vpcd's answer to a command the card never answered because it went away.
TEST_F(CardTest, EmptyAnswerIsTokenRemoved)
{
    Card card(context, "Reader A");
    expect({ 0x00, 0x84, 0x00, 0x00, 0x08 }, {});
    try {
        (void)card.transmit({ 0x00, 0x84, 0x00, 0x00, {}, 8 });
        FAIL() << "no exception";
    } catch (const tokenbridge::RetryableError& error) {
        EXPECT_EQ(error.code(), ErrorCode::TOKEN_REMOVED);
    }
}

TEST_F(CardTest, OneByteAnswerIsACardError)
{
    Card card(context, "Reader A");
    expect({ 0x00, 0x84, 0x00, 0x00, 0x08 }, { 0x90 });
    try {
        (void)card.transmit({ 0x00, 0x84, 0x00, 0x00, {}, 8 });
        FAIL() << "no exception";
    } catch (const tokenbridge::Error& error) {
        EXPECT_EQ(error.code(), ErrorCode::CARD_ERROR);
    }
}
