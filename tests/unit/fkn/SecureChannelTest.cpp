#include "FknTestUtil.hpp"
#include "fkn/SecureChannel.hpp"
#include "fkn/SespakeHost.hpp"
#include "fkn/SespakeToken.hpp"

#include <gtest/gtest.h>

#include <type_traits>

namespace tokenbridge::fkn::test
{

// Secrets live in wiping buffers only.
static_assert(std::is_same_v<decltype(SespakeResult::key), crypto::SecureBuffer>);
static_assert(std::is_same_v<decltype(ChannelKeys::encHostToToken), crypto::SecureBuffer>);

namespace
{

    // The RFC 8133 A.2.6 run (tc26 256-A): fixed K, MAC_A, MAC_B.
    SespakeResult vectorExchange()
    {
        const SespakeVector& v = SESPAKE_VECTORS[3];
        return { crypto::SecureBuffer(fromHex(v.k)), fromHex(v.macA), fromHex(v.macB) };
    }

    struct Pair
    {
        SecureChannel host { vectorExchange(), ChannelRole::Host };
        SecureChannel token { vectorExchange(), ChannelRole::Token };
    };

    // Computed independently by golden_channel.py (Python: hmac md_gost12_256 KDF_TREE,
    // Kuznyechik from `openssl enc`, CTR/OMAC written from GOST R 34.13).
    constexpr std::string_view GOLDEN_ENC_H2T =
        "16e46c4fe49326a043201e0a4011b9a1141e091d890e3a4e06ed352eb7bcf10b";
    constexpr std::string_view GOLDEN_MAC_T2H =
        "67c3fc666f77f21bc644d38abd2c14d1c28cafcf63f5994549dfd79705fb92cd";
    constexpr std::string_view GOLDEN_FIRST_COMMAND =
        "8c100102138503bafc83970201008e08f2241bc60c15e61d00";

    const CommandApdu READ { 0x00, 0xB0, 0x00, 0x10, {}, 64 };
    const CommandApdu UPDATE { 0x00, 0xD6, 0x00, 0x00, Bytes(300, 0x5A), std::nullopt };

} // namespace

// Golden values (spec 3.2's suggestion): fixed SESPAKE vector -> fixed KM -> first APDU.
TEST(SecureChannel, GoldenKeysAndFirstCommand)
{
    const ChannelKeys keys = ChannelKeys::derive(vectorExchange());
    EXPECT_EQ(toHex(keys.encHostToToken.view()), GOLDEN_ENC_H2T);
    EXPECT_EQ(toHex(keys.macTokenToHost.view()), GOLDEN_MAC_T2H);
    SecureChannel host(vectorExchange(), ChannelRole::Host);
    const CommandApdu first { 0x80, 0x10, 0x01, 0x02, { 0x01, 0x02, 0x03 }, 256 };
    EXPECT_EQ(toHex(host.wrapCommand(first)), GOLDEN_FIRST_COMMAND);
}

TEST(SecureChannel, RoundTripBothDirections)
{
    Pair pair;
    for (const CommandApdu& plain : { READ, UPDATE, READ }) {
        const Bytes wire = pair.host.wrapCommand(plain);
        EXPECT_EQ(wire[0], plain.cla | 0x0C);
        const CommandApdu got = pair.token.unwrapCommand(wire);
        EXPECT_EQ(got.encode(), plain.encode());
        const ResponseApdu answer { Bytes(plain.le.value_or(0), 0x33), 0x9000 };
        const Bytes response = pair.token.wrapResponse(answer);
        const ResponseApdu back = pair.host.unwrapResponse(response);
        EXPECT_EQ(back.data, answer.data);
        EXPECT_EQ(back.sw, 0x9000);
    }
    const ResponseApdu error = pair.host.unwrapResponse(pair.token.wrapResponse({ {}, 0x6A82 }));
    EXPECT_EQ(error.sw, 0x6A82);
    EXPECT_TRUE(pair.host.alive());
    EXPECT_TRUE(pair.token.alive());
}

TEST(SecureChannel, BodyIsEncrypted)
{
    Pair pair;
    const Bytes wire = pair.host.wrapCommand(UPDATE);
    const std::string text(wire.begin(), wire.end());
    EXPECT_EQ(text.find(std::string(16, 0x5A)), std::string::npos);
}

TEST(SecureChannel, EveryTamperedCommandByteKillsTheSession)
{
    const Bytes wire = Pair().host.wrapCommand({ 0x00, 0xB0, 0x00, 0x00, { 1, 2 }, 16 });
    for (std::size_t i = 0; i < wire.size(); ++i) {
        Pair fresh;
        Bytes bad = wire;
        bad[i] ^= 0x01;
        EXPECT_THROW(fresh.token.unwrapCommand(bad), RetryableError) << "byte " << i;
        EXPECT_FALSE(fresh.token.alive());
        EXPECT_THROW(fresh.token.unwrapCommand(wire), RetryableError) << "dead after byte " << i;
    }
}

TEST(SecureChannel, TamperedResponseAndStatusWordAreRefused)
{
    for (const std::size_t at : { 0UL, 3UL, 10UL, 12UL, 99UL }) { // 99: the last SW byte
        Pair pair;
        (void)pair.token.unwrapCommand(pair.host.wrapCommand(READ));
        Bytes response = pair.token.wrapResponse({ Bytes(4, 1), 0x9000 });
        response[at < response.size() ? at : response.size() - 1] ^= 0x01;
        EXPECT_THROW(pair.host.unwrapResponse(response), RetryableError) << at;
        EXPECT_FALSE(pair.host.alive());
        EXPECT_THROW(pair.host.wrapCommand(READ), RetryableError);
    }
}

TEST(SecureChannel, AnAnswerShorterThanAStatusWordEndsTheSession)
{
    for (const Bytes& raw : { Bytes {}, Bytes { 0x90 } }) {
        Pair pair;
        (void)pair.token.unwrapCommand(pair.host.wrapCommand(READ));
        EXPECT_THROW(pair.host.unwrapResponse(raw), CardError);
        EXPECT_FALSE(pair.host.alive());
    }
    for (const Bytes& raw : { Bytes {}, Bytes { 0x0C, 0xB0, 0x00 } }) {
        Pair pair;
        EXPECT_THROW(pair.token.unwrapCommand(raw), CardError);
        EXPECT_FALSE(pair.token.alive());
    }
}

TEST(SecureChannel, ReplayIsRefused)
{
    Pair pair;
    const Bytes wire = pair.host.wrapCommand(READ);
    (void)pair.token.unwrapCommand(wire);
    EXPECT_THROW(pair.token.unwrapCommand(wire), RetryableError);
    EXPECT_FALSE(pair.token.alive());
}

TEST(SecureChannel, ReorderIsRefused)
{
    Pair pair;
    (void)pair.host.wrapCommand(READ);
    const Bytes second = pair.host.wrapCommand(READ);
    EXPECT_THROW(pair.token.unwrapCommand(second), RetryableError);
    EXPECT_FALSE(pair.token.alive());
}

TEST(SecureChannel, ResponseReplayIsRefused)
{
    Pair pair;
    (void)pair.token.unwrapCommand(pair.host.wrapCommand(READ));
    const Bytes response = pair.token.wrapResponse({ { 1 }, 0x9000 });
    (void)pair.host.unwrapResponse(response);
    EXPECT_THROW(pair.host.unwrapResponse(response), RetryableError);
}

TEST(SecureChannel, WrongDirectionIsRefused)
{
    {
        Pair pair; // a host command reflected back to the host as a "response"
        const Bytes wire = pair.host.wrapCommand(READ);
        EXPECT_THROW(pair.host.unwrapResponse(wire), RetryableError);
        EXPECT_FALSE(pair.host.alive());
    }
    {
        Pair pair; // a token response reflected back to the token as a "command"
        const Bytes response = pair.token.wrapResponse({ { 1, 2, 3, 4, 5, 6 }, 0x9000 });
        EXPECT_THROW(pair.token.unwrapCommand(response), RetryableError);
    }
    {
        Pair pair; // a role calling the other side's function
        EXPECT_THROW(pair.host.unwrapCommand(pair.host.wrapCommand(READ)), RetryableError);
        EXPECT_FALSE(pair.host.alive());
        EXPECT_THROW(pair.token.wrapCommand(READ), RetryableError);
    }
}

TEST(SecureChannel, UnprotectedCommandAndOtherSessionAreRefused)
{
    Pair pair;
    EXPECT_THROW(pair.token.unwrapCommand(READ.encode()), RetryableError);
    SespakeResult other = vectorExchange();
    other.macB[0] ^= 1; // another transcript -> other keys
    SecureChannel otherHost(other, ChannelRole::Host);
    Pair fresh;
    EXPECT_THROW(fresh.token.unwrapCommand(otherHost.wrapCommand(READ)), RetryableError);
}

TEST(SecureChannel, CloseEndsTheSession)
{
    Pair pair;
    pair.host.close();
    EXPECT_THROW(pair.host.wrapCommand(READ), RetryableError);
}

// End to end: a real SESPAKE run with random scalars feeds both channel ends.
TEST(SecureChannel, AfterRealExchange)
{
    TokenCredential credential = testCredential("12345678");
    SespakeHost hostPake(asBytes("12345678"));
    SespakeToken tokenPake(credential);
    const Bytes u1 = hostPake.onParams(tokenPake.start(hostPake.idA()));
    const Bytes macA = hostPake.onTokenPoint(tokenPake.exchange(u1));
    SecureChannel host(hostPake.onTokenConfirm(tokenPake.confirm(macA)), ChannelRole::Host);
    SecureChannel token(tokenPake.takeResult(), ChannelRole::Token);
    EXPECT_EQ(token.unwrapCommand(host.wrapCommand(UPDATE)).data, UPDATE.data);
    EXPECT_EQ(host.unwrapResponse(token.wrapResponse({ { 9 }, 0x9000 })).data, Bytes { 9 });
}

} // namespace tokenbridge::fkn::test
