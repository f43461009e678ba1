// Wrong PIN, counters, blocking, invalid and small-order points, protocol order.
#include "FknTestUtil.hpp"
#include "fkn/EcCurve.hpp"
#include "fkn/SespakeHost.hpp"
#include "fkn/SespakeMath.hpp"
#include "fkn/SespakeToken.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::fkn::test
{

namespace
{

    // One full run; returns the token's error code, or nullopt on success.
    std::optional<ErrorCode> run(TokenCredential& credential, std::string_view pin)
    {
        SespakeHost host(asBytes(pin));
        SespakeToken token(credential);
        try {
            const Bytes u1 = host.onParams(token.start(host.idA()));
            const Bytes macA = host.onTokenPoint(token.exchange(u1));
            const SespakeResult hostResult = host.onTokenConfirm(token.confirm(macA));
            EXPECT_TRUE(hostResult.key == token.takeResult().key);
            return std::nullopt;
        } catch (const Error& error) {
            return error.code();
        }
    }

    const auto PIN_INCORRECT = ErrorCode::PIN_INCORRECT;
    const auto PIN_BLOCKED = ErrorCode::PIN_BLOCKED;

} // namespace

TEST(SespakeFailure, RightPinAgreesWithRandomScalars)
{
    TokenCredential credential = testCredential("12345678");
    EXPECT_EQ(run(credential, "12345678"), std::nullopt);
    EXPECT_EQ(credential.counters.consecutive, 3U);
    EXPECT_EQ(credential.counters.lifetimeFailures, 7U);
    EXPECT_EQ(credential.counters.lifetimeAttempts, 999U);
}

TEST(SespakeFailure, WrongPinIsDetectedByTheTokenAndCounted)
{
    TokenCredential credential = testCredential("12345678");
    SespakeHost host(asBytes("87654321"));
    SespakeToken token(credential);
    const Bytes u1 = host.onParams(token.start(host.idA()));
    const Bytes macA = host.onTokenPoint(token.exchange(u1));
    try {
        token.confirm(macA);
        FAIL() << "wrong PIN accepted";
    } catch (const UserActionError& error) {
        EXPECT_EQ(error.code(), PIN_INCORRECT);
        EXPECT_EQ(error.details().at("retriesLeft"), 2);
    }
    EXPECT_EQ(credential.counters.consecutive, 2U);
    EXPECT_EQ(credential.counters.lifetimeFailures, 6U);
    EXPECT_EQ(credential.counters.lifetimeAttempts, 999U);
    EXPECT_THROW(token.takeResult(), RequestError); // dead
    // A success restores C_1, keeps the failure counted in C_2.
    EXPECT_EQ(run(credential, "12345678"), std::nullopt);
    EXPECT_EQ(credential.counters.consecutive, 3U);
    EXPECT_EQ(credential.counters.lifetimeFailures, 6U);
    EXPECT_EQ(credential.counters.lifetimeAttempts, 998U);
}

// An impostor token that does not know this PIN's Q_PW: the host refuses its MAC_B.
TEST(SespakeFailure, WrongPinIsDetectedByTheHost)
{
    const TokenCredential impostor = testCredential("00000000");
    const EcCurve curve(impostor.params.curve);
    SespakeHost host(asBytes("12345678"));
    const Bytes u1 = host.onParams(impostor.params);
    const crypto::BignumPtr beta = randomScalar(curve.order());
    const EcPointPtr qpw = curve.decode(impostor.qpw);
    const Bytes u2 = curve.encode(curve.add(curve.mulGenerator(beta.get()).get(), qpw.get()).get());
    const crypto::SecureBuffer key =
        sharedKey(curve, beta.get(), curve.add(curve.decode(u1).get(), qpw.get()).get());
    const Bytes macA = host.onTokenPoint(u2);
    const Bytes macB =
        sespakeMac(key.view(), { 0x02, impostor.params.idB, &impostor.params, u1, u2, {}, {} });
    EXPECT_THROW(host.onTokenConfirm(macB), RetryableError);
    EXPECT_THROW(host.onTokenConfirm(macB), FatalError); // dead
}

TEST(SespakeFailure, ConsecutiveFailuresBlockUntilReset)
{
    TokenCredential credential = testCredential("12345678");
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(run(credential, "11111111"), PIN_INCORRECT);
    }
    EXPECT_EQ(run(credential, "12345678"), PIN_BLOCKED);
    EXPECT_EQ(credential.counters.lifetimeAttempts, 997U); // a refused start costs nothing
    credential.counters.resetConsecutive();
    EXPECT_EQ(run(credential, "12345678"), std::nullopt);
}

TEST(SespakeFailure, LifetimeFailuresBlockForGood)
{
    TokenCredential credential = testCredential("12345678");
    for (int i = 0; i < 7; ++i) {
        EXPECT_EQ(run(credential, "11111111"), PIN_INCORRECT);
        credential.counters.resetConsecutive();
    }
    EXPECT_EQ(credential.counters.lifetimeFailures, 0U);
    EXPECT_EQ(run(credential, "12345678"), PIN_BLOCKED);
}

TEST(SespakeFailure, LifetimeAttemptsBlockForGood)
{
    TokenCredential credential = testCredential("12345678", { 3, 7, 4 });
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(run(credential, "12345678"), std::nullopt);
    }
    EXPECT_EQ(run(credential, "12345678"), PIN_BLOCKED);
}

// Spec 2.4: the attempt is paid in start(), before any EC work; an abandoned run stays counted.
TEST(SespakeFailure, AbandonedRunStaysCounted)
{
    TokenCredential credential = testCredential("12345678");
    {
        SespakeToken token(credential);
        token.start({});
    }
    EXPECT_EQ(credential.counters.consecutive, 2U);
    EXPECT_EQ(credential.counters.lifetimeFailures, 6U);
}

TEST(SespakeFailure, InvalidPointsAreRefused)
{
    TokenCredential credential = testCredential("12345678");
    SespakeHost host(asBytes("12345678"));
    SespakeToken token(credential);
    Bytes u1 = host.onParams(token.start(host.idA()));
    u1[5] ^= 0x40;
    EXPECT_THROW(token.exchange(u1), RequestError);
    EXPECT_THROW(token.exchange(u1), RequestError); // dead
    EXPECT_EQ(credential.counters.consecutive, 2U);

    Bytes bad(64, 0xFF);
    EXPECT_THROW(host.onTokenPoint(bad), RetryableError);
    EXPECT_THROW(host.onTokenPoint(bad), FatalError); // dead
}

TEST(SespakeFailure, CallsOutOfOrderAreRefused)
{
    TokenCredential credential = testCredential("12345678");
    SespakeToken token(credential);
    EXPECT_THROW(token.confirm(Bytes(32)), RequestError);
    SespakeHost host(asBytes("12345678"));
    EXPECT_THROW(host.onTokenPoint(Bytes(64)), FatalError);
}

} // namespace tokenbridge::fkn::test
