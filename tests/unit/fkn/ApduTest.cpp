#include "modes/fkn/Apdu.hpp"
#include "modes/fkn/FknApdu.hpp"
#include "modes/fkn/SmEnvelope.hpp"
#include "protocol/Error.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::fkn
{

TEST(Apdu, AllCasesRoundTrip)
{
    const CommandApdu cases[] = {
        { 0x00, 0xA4, 0x00, 0x0C, {}, std::nullopt },
        { 0x00, 0xB0, 0x00, 0x00, {}, 256 },
        { 0x80, 0x5A, 0x00, 0x00, { 1, 2, 3 }, std::nullopt },
        { 0x80, 0x5A, 0x00, 0x00, { 1, 2, 3 }, 17 },
        { 0x00, 0xB0, 0x00, 0x00, {}, 65536 },
        { 0x00, 0xD6, 0x00, 0x00, crypto::Bytes(300, 7), std::nullopt },
        { 0x00, 0xD6, 0x00, 0x00, crypto::Bytes(300, 7), 1000 },
    };
    for (const CommandApdu& apdu : cases) {
        const CommandApdu back = CommandApdu::parse(apdu.encode());
        EXPECT_EQ(back.encode(), apdu.encode());
        EXPECT_EQ(back.data, apdu.data);
        EXPECT_EQ(back.le, apdu.le);
    }
    EXPECT_EQ(crypto::toHex(cases[3].encode()), "805a00000301020311");
    EXPECT_THROW(CommandApdu::parse(crypto::Bytes { 0, 1, 2 }), RequestError);
    EXPECT_THROW(CommandApdu::parse(crypto::Bytes { 0, 1, 2, 3, 5, 1 }), RequestError);
}

TEST(SmEnvelope, LongCryptogramAndStrictParsing)
{
    SmEnvelope env { crypto::Bytes(300, 1), 256, crypto::Bytes(8, 2) };
    const crypto::Bytes encoded = env.encode(true);
    EXPECT_EQ(crypto::toHex(crypto::ByteView(encoded).first(4)), "8582012c");
    const SmEnvelope back = SmEnvelope::parse(encoded, true);
    EXPECT_EQ(back.cryptogram, env.cryptogram);
    EXPECT_EQ(back.le, 256U);
    crypto::Bytes trailing = encoded;
    trailing.push_back(0);
    EXPECT_THROW(SmEnvelope::parse(trailing, true), RequestError);
    EXPECT_THROW(SmEnvelope::parse(encoded, false), RequestError); // 97 not allowed in responses
}

} // namespace tokenbridge::fkn

namespace tokenbridge::fkn
{

TEST(FknStatusWords, TokenErrorsRoundTripToHostErrors)
{
    const UserActionError wrong(protocol::ErrorCode::PIN_INCORRECT, "x", { { "retriesLeft", 2 } });
    EXPECT_EQ(statusWordFor(wrong), 0x63C2);
    try {
        throwForStatusWord(0x63C2);
        FAIL();
    } catch (const UserActionError& error) {
        EXPECT_EQ(error.code(), protocol::ErrorCode::PIN_INCORRECT);
        EXPECT_EQ(error.details().at("retriesLeft"), 2);
    }
    EXPECT_EQ(
        statusWordFor(UserActionError(protocol::ErrorCode::PIN_BLOCKED, "x")), SW_PIN_BLOCKED);
    EXPECT_THROW(throwForStatusWord(SW_PIN_BLOCKED), UserActionError);
    EXPECT_EQ(statusWordFor(RetryableError(protocol::ErrorCode::CARD_ERROR, "x")), SW_SM_FAILED);
    EXPECT_THROW(throwForStatusWord(SW_SM_FAILED), RetryableError);
    EXPECT_EQ(statusWordFor(RequestError(protocol::ErrorCode::INVALID_PARAMS, "x")), SW_WRONG_DATA);
    EXPECT_NO_THROW(throwForStatusWord(SW_OK));
}

} // namespace tokenbridge::fkn
