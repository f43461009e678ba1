// "One PIN, one counter" (docs/fkn.md §2): SESPAKE's C_1 and the user PIN's tries move together,
// either blocks both, PIN changes re-enroll the credential, and the persisted state (what the
// card committed before answering) keeps all of it in a new Card.
#include "CardTestSupport.hpp"
#include "FknCredential.hpp"
#include "FknTestSupport.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::vtoken::test
{

namespace
{

    const std::string RIGHT = "00200002 08" + asciiHex("12345678");
    const std::string WRONG = "00200002 08" + asciiHex("00000000");
    const std::string ADMIN = "00200001 08" + asciiHex("87654321");

    uint32_t c1(const Card& card)
    {
        return loadFknCredential(card.state())->counters.consecutive;
    }

    // A card that keeps what it commits, like StateStore does.
    struct PersistedCard
    {
        explicit PersistedCard(CardState initial) :
            saved(initial.toJson()), model(*findModel(initial.modelId)),
            card(model, Connection::Contact, std::move(initial),
                [this](const CardState& s) { saved = s.toJson(); })
        {
        }
        nlohmann::json saved;
        const Model& model;
        Card card;
    };

} // namespace

TEST(FknCounters, WrongSespakeSpendsAVerifyTryAndBack)
{
    TestCard card("rutoken-ecp-2.0-3000", Connection::Contact, 5);
    auto failure = trySespake(card.card, "99999999");
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->code, ErrorCode::PIN_INCORRECT);
    EXPECT_EQ(failure->retriesLeft, 4);
    EXPECT_EQ(card.sw("00200002"), 0x63C4);
    EXPECT_EQ(card.sw(WRONG), 0x63C3);
    EXPECT_EQ(c1(card.card), 3u);
    failure = trySespake(card.card, "99999999");
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->retriesLeft, 2); // the CONFIRM's 63Cx is the user PIN's tries
    // Success through either resets both.
    EXPECT_FALSE(trySespake(card.card, FACTORY_USER_PIN));
    EXPECT_EQ(card.sw("00200002"), 0x63C5);
    EXPECT_EQ(card.sw(WRONG), 0x63C4);
    EXPECT_EQ(card.sw(RIGHT), 0x9000);
    EXPECT_EQ(c1(card.card), 5u);
}

// C_1 follows RFC 8133 §4.3 (3 to 5), not the PIN's 10 tries: five wrong SESPAKE runs block the
// user PIN (VERIFY too); the PIN's limit below 3 or above 5 is clamped.
TEST(FknCounters, SespakeFailureLimitIsRfc8133s)
{
    TestCard card; // 10 tries per PIN
    EXPECT_EQ(c1(card.card), 5u);
    EXPECT_EQ(card.sw("00200002"), 0x63CA);
    for (int left = 4; left >= 0; --left) {
        const auto failure = trySespake(card.card, "99999999");
        ASSERT_TRUE(failure);
        EXPECT_EQ(failure->retriesLeft, left);
    }
    EXPECT_EQ(trySespake(card.card, FACTORY_USER_PIN)->code, ErrorCode::PIN_BLOCKED);
    EXPECT_EQ(card.sw(RIGHT), 0x6983);
    // VERIFY keeps its own 10 tries: 6 wrong ones leave SESPAKE at most the PIN's 4.
    TestCard verifying;
    for (int i = 0; i < 6; ++i) {
        ASSERT_EQ(verifying.sw(WRONG), 0x63C9 - i);
    }
    EXPECT_EQ(c1(verifying.card), 4u);
    EXPECT_EQ(sespakeFailureLimit(2), 3);
    EXPECT_EQ(sespakeFailureLimit(4), 4);
    EXPECT_EQ(sespakeFailureLimit(15), 5);
}

TEST(FknCounters, AnAbandonedSespakeStaysCounted)
{
    TestCard card("rutoken-ecp-2.0-3000", Connection::Contact, 5);
    ASSERT_EQ(card.sw("805A0002 04 00000000 00"), 0x9000);
    card.card.reset();
    EXPECT_EQ(card.sw("00200002"), 0x63C4);
}

TEST(FknCounters, BlockingThroughEitherBlocksBoth)
{
    {
        TestCard card("rutoken-ecp-3.0-3100", Connection::Contact, 3);
        EXPECT_EQ(trySespake(card.card, "99999999")->retriesLeft, 2);
        EXPECT_EQ(trySespake(card.card, "99999999")->retriesLeft, 1);
        EXPECT_EQ(trySespake(card.card, "99999999")->retriesLeft, 0); // 63C0: now blocked
        EXPECT_EQ(trySespake(card.card, FACTORY_USER_PIN)->code, ErrorCode::PIN_BLOCKED);
        EXPECT_EQ(card.sw(RIGHT), 0x6983);
    }
    {
        TestCard card("rutoken-ecp-3.0-3100", Connection::Contact, 3);
        EXPECT_EQ(card.sw(WRONG), 0x63C2);
        EXPECT_EQ(card.sw(WRONG), 0x63C1);
        EXPECT_EQ(card.sw(WRONG), 0x63C0);
        EXPECT_EQ(trySespake(card.card, FACTORY_USER_PIN)->code, ErrorCode::PIN_BLOCKED);
        EXPECT_EQ(card.sw("805A0002 04 00000000 00"), 0x6983);
        // The administrator's unblock lifts both.
        ASSERT_EQ(card.sw(ADMIN), 0x9000);
        ASSERT_EQ(card.sw("002C0302"), 0x9000);
        EXPECT_FALSE(trySespake(card.card, FACTORY_USER_PIN));
    }
}

TEST(FknCounters, BlockSurvivesInANewCardFromThePersistedState)
{
    PersistedCard first(CardState::factory("rutoken-ecp-3.0-3220", 9, 2));
    EXPECT_EQ(trySespake(first.card, "99999999")->retriesLeft, 1);
    // Committed before the answer: the saved state already holds the spent try.
    EXPECT_EQ(CardState::fromJson(first.saved).userPin.triesLeft(), 1);
    EXPECT_EQ(trySespake(first.card, "99999999")->retriesLeft, 0);

    PersistedCard second(CardState::fromJson(first.saved));
    EXPECT_EQ(trySespake(second.card, FACTORY_USER_PIN)->code, ErrorCode::PIN_BLOCKED);
    EXPECT_EQ(second.card.process(fromHex("0020000208" + asciiHex("12345678"))), fromHex("6983"));
    EXPECT_EQ(
        CardState::fromJson(second.saved).extensions, CardState::fromJson(first.saved).extensions);
}

TEST(FknCounters, UnwritableCountersAnswer6F00AndChangeNothing)
{
    const Model& model = *findModel("rutoken-ecp-3.0-3220");
    bool failWrites = true;
    Card card(model, Connection::Contact, CardState::factory(std::string(model.id), 3, 10),
        [&failWrites](const CardState&) {
            if (failWrites) {
                throw std::runtime_error("disk full");
            }
        });
    const std::string before = card.state().toJson().dump();
    EXPECT_EQ(card.process(fromHex("805A00020400000000"
                                   "00")),
        fromHex("6F00"));
    EXPECT_EQ(card.state().toJson().dump(), before);
    EXPECT_EQ(card.process(fromHex("805B000004010203"
                                   "04"
                                   "00")),
        fromHex("6985"));
    failWrites = false;
    EXPECT_FALSE(trySespake(card, FACTORY_USER_PIN));
}

TEST(FknCounters, PinChangeAndResetReEnroll)
{
    TestCard card;
    const std::string oldSalt = toHexUpper(loadFknCredential(card.card.state())->params.salt);
    ASSERT_EQ(
        card.sw("00240002 14 8108" + asciiHex("12345678") + "8208" + asciiHex("abcdefgh")), 0x9000);
    EXPECT_NE(toHexUpper(loadFknCredential(card.card.state())->params.salt), oldSalt);
    EXPECT_EQ(trySespake(card.card, FACTORY_USER_PIN)->code, ErrorCode::PIN_INCORRECT);
    EXPECT_FALSE(trySespake(card.card, "abcdefgh"));
    // RESET RETRY COUNTER with a new PIN.
    ASSERT_EQ(card.sw(ADMIN), 0x9000);
    ASSERT_EQ(card.sw("002C0202 06" + asciiHex("654321")), 0x9000);
    EXPECT_EQ(trySespake(card.card, "abcdefgh")->code, ErrorCode::PIN_INCORRECT);
    EXPECT_FALSE(trySespake(card.card, "654321"));
    EXPECT_EQ(card.card.state().extensions.dump().find(asciiHex("654321")), std::string::npos);
}

TEST(FknCounters, ExhaustedLifetimeCounterNeedsANewPin)
{
    TestCard card("rutoken-ecp-3.0-3220", Connection::Contact, 15);
    // C_2 (20 net failures) runs out after four blocks of C_1 (5, RFC 8133), unblocked in between.
    for (int round = 0; round < 4; ++round) {
        ASSERT_EQ(card.sw(ADMIN), 0x9000);
        ASSERT_EQ(card.sw("002C0302"), 0x9000);
        for (int i = 0; i < 5; ++i) {
            ASSERT_TRUE(trySespake(card.card, "99999999"));
        }
    }
    EXPECT_EQ(trySespake(card.card, FACTORY_USER_PIN)->code, ErrorCode::PIN_BLOCKED);
    EXPECT_EQ(card.sw(RIGHT), 0x6983);
    ASSERT_EQ(card.sw(ADMIN), 0x9000);
    EXPECT_EQ(card.sw("002C0302"), 0x6985); // unblock alone cannot help
    ASSERT_EQ(card.sw("002C0202 08" + asciiHex("11223344")), 0x9000);
    EXPECT_FALSE(trySespake(card.card, "11223344"));
}

} // namespace tokenbridge::vtoken::test
