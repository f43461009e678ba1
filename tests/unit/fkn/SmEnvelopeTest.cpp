#include "core/Apdu.hpp"
#include "fkn/FknApdu.hpp"
#include "fkn/SmEnvelope.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::fkn
{

TEST(SmEnvelope, LongCryptogramAndStrictParsing)
{
    SmEnvelope env { Bytes(300, 1), 256, Bytes(8, 2) };
    const Bytes encoded = env.encode(true);
    EXPECT_EQ(toHex(ByteView(encoded).first(4)), "8582012c");
    const SmEnvelope back = SmEnvelope::parse(encoded, true);
    EXPECT_EQ(back.cryptogram, env.cryptogram);
    EXPECT_EQ(back.le, 256U);
    Bytes trailing = encoded;
    trailing.push_back(0);
    EXPECT_THROW(SmEnvelope::parse(trailing, true), RequestError);
    EXPECT_THROW(SmEnvelope::parse(encoded, false), RequestError); // 97 not allowed in responses
}

} // namespace tokenbridge::fkn

namespace tokenbridge::fkn
{

TEST(FknStatusWords, TokenErrorsRoundTripToHostErrors)
{
    const UserActionError wrong(ErrorCode::PIN_INCORRECT, "x", { { "retriesLeft", 2 } });
    EXPECT_EQ(statusWordFor(wrong), 0x63C2);
    try {
        throwForStatusWord(0x63C2);
        FAIL();
    } catch (const UserActionError& error) {
        EXPECT_EQ(error.code(), ErrorCode::PIN_INCORRECT);
        EXPECT_EQ(error.details().at("retriesLeft"), 2);
    }
    EXPECT_EQ(statusWordFor(UserActionError(ErrorCode::PIN_BLOCKED, "x")), SW_PIN_BLOCKED);
    EXPECT_THROW(throwForStatusWord(SW_PIN_BLOCKED), UserActionError);
    EXPECT_EQ(statusWordFor(RetryableError(ErrorCode::CARD_ERROR, "x")), SW_SM_FAILED);
    EXPECT_THROW(throwForStatusWord(SW_SM_FAILED), RetryableError);
    EXPECT_EQ(statusWordFor(RequestError(ErrorCode::INVALID_PARAMS, "x")), SW_WRONG_DATA);
    EXPECT_NO_THROW(throwForStatusWord(SW_OK));
}

} // namespace tokenbridge::fkn
