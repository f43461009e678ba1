// Host and token sessions over raw APDU bytes (what vtoken and the host will exchange).
#include "FknTestUtil.hpp"
#include "fkn/FknApdu.hpp"
#include "fkn/FknHostSession.hpp"
#include "fkn/FknTokenSession.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::fkn::test
{

namespace
{

    // A minimal card: SESPAKE + protected commands; the inner command echoes its data.
    struct Card
    {
        TokenCredential credential = testCredential("12345678");
        int persisted = 0;
        FknTokenSession session { credential, [this](const TokenCredential&) { ++persisted; } };

        Bytes transmit(ByteView raw)
        {
            const CommandApdu command = CommandApdu::parse(raw).value();
            if ((command.cla & 0x0C) == 0x0C) {
                return session.handleProtected(raw, [](const CommandApdu& plain) {
                    return ResponseApdu { plain.data, 0x9000 };
                });
            }
            if (auto answer = session.handleSespake(command)) {
                return answer->encode();
            }
            return ResponseApdu { {}, 0x6D00 }.encode();
        }
        Transmit link()
        {
            return [this](ByteView raw) { return transmit(raw); };
        }
    };

} // namespace

TEST(FknSession, OpenAndUseOverApdus)
{
    Card card;
    SecureChannel channel = openFknSession(card.link(), asBytes("12345678"));
    EXPECT_TRUE(card.session.established());
    EXPECT_EQ(card.persisted, 2); // after START and after CONFIRM
    const ResponseApdu answer =
        transmitProtected(channel, card.link(), { 0x80, 0x10, 0, 0, { 1, 2, 3 }, 256 });
    EXPECT_EQ(answer.data, (Bytes { 1, 2, 3 }));
    EXPECT_EQ(card.credential.counters.consecutive, 3U);
}

TEST(FknSession, WrongPinGivesRetriesLeftThenBlocked)
{
    Card card;
    for (int left = 2; left >= 0; --left) {
        try {
            openFknSession(card.link(), asBytes("00000000"));
            FAIL();
        } catch (const UserActionError& error) {
            EXPECT_EQ(error.code(), ErrorCode::PIN_INCORRECT);
            EXPECT_EQ(error.details().at("retriesLeft"), left);
        }
    }
    try {
        openFknSession(card.link(), asBytes("12345678"));
        FAIL();
    } catch (const UserActionError& error) {
        EXPECT_EQ(error.code(), ErrorCode::PIN_BLOCKED);
    }
    EXPECT_FALSE(card.session.established());
}

TEST(FknSession, RefusedMessageEndsBothSides)
{
    Card card;
    SecureChannel channel = openFknSession(card.link(), asBytes("12345678"));
    Bytes wire = channel.wrapCommand({ 0x80, 0x10, 0, 0, { 1 }, 256 });
    wire[6] ^= 1;
    const ResponseApdu refused = ResponseApdu::parse(card.transmit(wire));
    EXPECT_EQ(refused.sw, SW_SM_FAILED);
    EXPECT_FALSE(card.session.established());
    EXPECT_THROW(channel.unwrapResponse(refused.encode()), RetryableError);
    EXPECT_FALSE(channel.alive());
}

TEST(FknSession, OutOfOrderAndNoSession)
{
    Card card;
    const CommandApdu confirm { FKN_CLA, INS_SESPAKE_CONFIRM, 0, 0, Bytes(32), 256 };
    EXPECT_EQ(ResponseApdu::parse(card.transmit(confirm.encode())).sw, SW_CONDITIONS);
    const CommandApdu prot { 0x8C, 0x10, 0, 0, { 0x85, 0x00, 0x8E, 0x08, 0, 0, 0, 0, 0, 0, 0, 0 },
        256 };
    EXPECT_EQ(ResponseApdu::parse(card.transmit(prot.encode())).sw, SW_CONDITIONS);
}

} // namespace tokenbridge::fkn::test
