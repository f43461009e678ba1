// FKN mode of the card OS (docs/fkn.md §2): SESPAKE + protected APDUs on every FKN model,
// refusal elsewhere, session lifetime, the in-channel authentication, all seven curves, and the
// --tamper-sm-response hook. Host side = tb_fkn role A over Card::process.
#include "CardTestSupport.hpp"
#include "FknCredential.hpp"
#include "FknTestSupport.hpp"
#include "SmTamper.hpp"

#include "fkn/SespakeTypes.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::vtoken::test
{

namespace
{

    const std::string GET_TOKEN_INFO = "00CA018100";

    uint8_t featuresOf(const Bytes& tokenInfo)
    {
        for (size_t at = 0; at + 1 < tokenInfo.size(); at += 2 + tokenInfo[at + 1]) {
            if (tokenInfo[at] == 0x85) {
                return tokenInfo.at(at + 2);
            }
        }
        return 0;
    }

    struct ModelConnection
    {
        std::string_view model;
        Connection connection;
    };

    std::vector<ModelConnection> fknModels()
    {
        std::vector<ModelConnection> out;
        for (const auto& model : modelCatalog()) {
            if ((model.features & FEATURE_FKN) != 0) {
                out.push_back({ model.id, Connection::Contact });
                if (model.hasNfc()) {
                    out.push_back({ model.id, Connection::Nfc });
                }
            }
        }
        return out;
    }

} // namespace

TEST(FknSession, OpensOnEveryFknModelAndAnswersProtectedGetData)
{
    const auto models = fknModels();
    ASSERT_EQ(models.size(), 7u); // 5 FKN models, 2 of them also contactless
    for (const auto& [id, connection] : models) {
        SCOPED_TRACE(std::string(id) + (connection == Connection::Nfc ? " nfc" : ""));
        TestCard card(id, connection);
        auto channel = openSession(card.card);
        ASSERT_TRUE(card.card.fkn()->established());
        const auto info = sendProtected(channel, card.card, GET_TOKEN_INFO);
        EXPECT_EQ(info.sw, 0x9000);
        EXPECT_EQ(featuresOf(info.data), FEATURE_CORE | FEATURE_FKN);
        // A second protected command on the same channel (counters advance on both sides).
        EXPECT_EQ(sendProtected(channel, card.card, "00200002").sw, 0x63CA);
    }
}

TEST(FknSession, NonFknModelRefusesEveryFknApdu)
{
    TestCard card("rutoken-ecp-2.0-2100");
    EXPECT_EQ(card.sw("805A0002 04 00000000 00"), 0x6D00);
    EXPECT_EQ(card.sw("805B0000 04 01020304 00"), 0x6D00);
    EXPECT_EQ(card.sw("805C0000 04 01020304 00"), 0x6D00);
    EXPECT_EQ(card.sw("805D0001"), 0x6D00);
    EXPECT_EQ(card.sw("0CCA0181 0E 9702 0000 8E08 0102030405060708 00"), 0x6E00);
    EXPECT_EQ(card.sw("8C5D0001 0E 9702 0000 8E08 0102030405060708 00"), 0x6E00);
    EXPECT_FALSE(card.card.state().extensions.contains("fkn"));
    EXPECT_THROW(openSession(card.card), Error);
}

TEST(FknSession, ProtectedWithoutSessionAndOutOfOrderSespake)
{
    TestCard card;
    EXPECT_EQ(card.sw("0CCA0181 0E 9702 0000 8E08 0102030405060708 00"), 0x6985);
    EXPECT_EQ(card.sw("805B0000 04 01020304 00"), 0x6985);
    EXPECT_EQ(card.sw("805A0001 04 00000000 00"), 0x6A86); // only the user PIN's credential
}

// START without data: the tries SESPAKE has left, spending and ending nothing (docs/fkn.md).
TEST(FknSession, StartStatusFormTellsCOneAndChangesNothing)
{
    TestCard card;
    const auto left = [&card] { return fkn::sespakeTriesLeft(transmitTo(card.card)); };
    EXPECT_EQ(left(), 5); // RFC 8133's limit for a PIN of 10 tries
    ASSERT_TRUE(trySespake(card.card, "00000000").has_value());
    EXPECT_EQ(left(), 4);
    EXPECT_EQ(left(), 4); // asking spent nothing
    EXPECT_EQ(card.sw("00200002"), 0x63C9); // the PIN record's own count
    auto channel = openSession(card.card);
    EXPECT_EQ(left(), 5);
    // The status form did not end the session it was asked beside.
    EXPECT_EQ(sendProtected(channel, card.card, GET_TOKEN_INFO).sw, 0x9000);
    while (trySespake(card.card, "00000000").value().retriesLeft > 0) { }
    EXPECT_EQ(left(), 0);
    EXPECT_EQ(card.sw("805A0002"), 0x6983);
}

TEST(FknSession, PowerOffResetAndNewStartEndTheSession)
{
    TestCard card;
    for (const auto end : { &Card::powerOff, &Card::reset, &Card::powerOn }) {
        auto channel = openSession(card.card);
        ASSERT_EQ(sendProtected(channel, card.card, GET_TOKEN_INFO).sw, 0x9000);
        (card.card.*end)();
        EXPECT_FALSE(card.card.fkn()->established());
        EXPECT_THROW(sendProtected(channel, card.card, GET_TOKEN_INFO), Error);
    }
    auto first = openSession(card.card);
    auto second = openSession(card.card); // its START ended the first session
    EXPECT_EQ(sendProtected(second, card.card, GET_TOKEN_INFO).sw, 0x9000);
    // The first session's keys are gone: refused (6988), which also ends the second one.
    EXPECT_THROW(sendProtected(first, card.card, GET_TOKEN_INFO), Error);
    EXPECT_FALSE(card.card.fkn()->established());
}

TEST(FknSession, UserIsAuthenticatedForProtectedCommandsOnly)
{
    TestCard card;
    auto channel = openSession(card.card);
    // CREATE FILE needs the user PIN: plain refused, protected allowed, plain still refused.
    EXPECT_EQ(card.sw("00E00000 0D 620B8201018302100180020008"), 0x6982);
    EXPECT_EQ(
        sendProtected(channel, card.card, "00E00000 0D 620B8201018302100180020008").sw, 0x9000);
    EXPECT_EQ(card.sw("00E00000 0D 620B8201018302100280020008"), 0x6982);
    EXPECT_FALSE(card.card.session().userVerified);
    // The plain VERIFY status is the ordinary one.
    EXPECT_EQ(card.sw("00200002"), 0x63CA);
    // SESPAKE cannot be nested inside the channel.
    EXPECT_EQ(sendProtected(channel, card.card, "805A0002 04 00000000 00").sw, 0x6D00);
}

TEST(FknSession, ProtectedCommandFailsLikeAPlainOne)
{
    TestCard card;
    auto channel = openSession(card.card);
    const std::string create = "00E00000 0D 620B8201018302100180020008";
    ASSERT_EQ(sendProtected(channel, card.card, create).sw, 0x9000);
    const int before = card.commits;
    EXPECT_EQ(sendProtected(channel, card.card, create).sw, 0x6A89); // exists: nothing written
    EXPECT_EQ(card.commits, before);
    EXPECT_EQ(card.card.state().files.root().children.size(), 1u);
}

class FknCurves : public ::testing::TestWithParam<fkn::CurveId>
{
};

TEST_P(FknCurves, FactoryEnrollmentOnTheRequestedCurve)
{
    const Model& model = *findModel("rutoken-ecp-3.0-3220");
    Card card(model, Connection::Contact,
        CardState::factory(std::string(model.id), 7, 10, GetParam()), nullptr);
    const Bytes start = card.process(fromHex("805A00020400000000"
                                             "00"));
    ASSERT_EQ(statusOf(start), 0x9000);
    const auto params = fkn::SespakeParams::decode(std::span(start).first(start.size() - 2));
    EXPECT_EQ(params.curve, GetParam());
    EXPECT_EQ(params.pointSet, fkn::PointSet::R5011152016);
    card.reset();
    auto channel = openSession(card);
    EXPECT_EQ(sendProtected(channel, card, GET_TOKEN_INFO).sw, 0x9000);
}

INSTANTIATE_TEST_SUITE_P(
    AllSeven, FknCurves, ::testing::ValuesIn(fkn::ALL_CURVES), [](const auto& info) {
        std::string name(fknCurveName(info.param));
        std::erase(name, '-');
        return name;
    });

TEST(FknCurveOption, ReEnrollsOnlyAFactoryPinCard)
{
    CardState state = CardState::factory("rutoken-ecp-3.0-3100", 1, 10);
    const auto before = state.extensions;
    EXPECT_EQ(prepareFknCredential(state, std::nullopt), FknPreparation::Unchanged);
    EXPECT_EQ(prepareFknCredential(state, fkn::CurveId::Tc26Gost256A), FknPreparation::Unchanged);
    EXPECT_EQ(state.extensions, before);
    EXPECT_EQ(prepareFknCredential(state, fkn::CurveId::CryptoProB), FknPreparation::Changed);
    EXPECT_EQ(loadFknCredential(state)->params.curve, fkn::CurveId::CryptoProB);

    const uint8_t newPin[] = { '1', '1', '1', '1', '1', '1' };
    state.userPin.set(newPin);
    EXPECT_EQ(prepareFknCredential(state, fkn::CurveId::Tc26Gost512A), FknPreparation::Refused);
    CardState plain = CardState::factory("rutoken-ecp-2.0-2100", 1, 10);
    EXPECT_EQ(prepareFknCredential(plain, fkn::CurveId::Tc26Gost512A), FknPreparation::Refused);
    EXPECT_EQ(fknCurveFromName("tc26-512-c"), fkn::CurveId::Tc26Gost512C);
    EXPECT_FALSE(fknCurveFromName("secp256r1"));
}

TEST(FknSession, TamperHookFlipsTheNthProtectedResponse)
{
    TestCard card;
    SmTamper tamper(2);
    const fkn::Transmit transmit = [&](ByteView apdu) {
        Bytes response = card.card.process(apdu);
        tamper.apply(apdu, response);
        return response;
    };
    auto channel = fkn::openFknSession(transmit, asBytes(FACTORY_USER_PIN));
    // SESPAKE answers are not protected responses: the first one is still intact.
    EXPECT_EQ(fkn::transmitProtected(channel, transmit, command(GET_TOKEN_INFO)).sw, 0x9000);
    EXPECT_THROW(fkn::transmitProtected(channel, transmit, command(GET_TOKEN_INFO)), Error);
    EXPECT_FALSE(channel.alive());
    // Later ones pass again (a new session).
    auto next = fkn::openFknSession(transmit, asBytes(FACTORY_USER_PIN));
    EXPECT_EQ(fkn::transmitProtected(next, transmit, command("00200002")).sw, 0x63CA);
}

} // namespace tokenbridge::vtoken::test
