#include "FknTestUtil.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::fkn::test
{

TEST(TokenCredential, SerializeParseRoundTrip)
{
    TokenCredential credential = testCredential("12345678");
    credential.counters.consecutive = 1;
    credential.counters.lifetimeAttempts = 17;
    const TokenCredential back = TokenCredential::parse(credential.serialize());
    EXPECT_EQ(back.serialize(), credential.serialize());
    EXPECT_EQ(back.qpw, credential.qpw);
    EXPECT_EQ(back.params.salt, credential.params.salt);
    EXPECT_EQ(back.params.ind, 2);
    EXPECT_EQ(back.counters.consecutive, 1U);
    EXPECT_EQ(back.counters.lifetimeAttempts, 17U);
}

// The stored blob holds Q_PW, ind, salt and counters; never the PIN (nor F(PIN)).
TEST(TokenCredential, BlobDoesNotContainThePin)
{
    const std::string pin = "12345678";
    const Bytes blob = testCredential(pin).serialize();
    const std::string text(blob.begin(), blob.end());
    EXPECT_EQ(text.find(pin), std::string::npos);
}

TEST(TokenCredential, RandomSaltAndDistinctQpw)
{
    const TokenCredential a = testCredential("12345678");
    const TokenCredential b = testCredential("12345678");
    EXPECT_EQ(a.params.salt.size(), 16U);
    EXPECT_NE(a.params.salt, b.params.salt);
    EXPECT_NE(a.qpw, b.qpw);
}

TEST(TokenCredential, MalformedBlobsAreRefused)
{
    const Bytes blob = testCredential("12345678").serialize();
    EXPECT_THROW(TokenCredential::parse({}), RequestError);
    EXPECT_THROW(TokenCredential::parse(ByteView(blob).first(blob.size() - 1)), RequestError);
    Bytes badVersion = blob;
    badVersion[0] = 2;
    EXPECT_THROW(TokenCredential::parse(badVersion), RequestError);
    Bytes badPoint = blob;
    badPoint[blob.size() - 24 - 3] ^= 1; // inside Q_PW
    EXPECT_THROW(TokenCredential::parse(badPoint), RequestError);
    Bytes badCounter = blob;
    badCounter[blob.size() - 12] = 0xFF; // C_1 above its limit
    EXPECT_THROW(TokenCredential::parse(badCounter), RequestError);
}

TEST(SespakeParams, EncodeDecodeAndValidation)
{
    SespakeParams params;
    params.curve = CurveId::Tc26Gost512C;
    params.pointSet = PointSet::R5011152016;
    params.ind = 3;
    params.salt = fromHex(VECTOR_SALT);
    params.idB = { 1, 2 };
    const Bytes encoded = params.encode();
    EXPECT_EQ(toHex(encoded), "0702030110" + std::string(toHex(params.salt)) + "020102");
    const SespakeParams back = SespakeParams::decode(encoded);
    EXPECT_EQ(back.encode(), encoded);
    Bytes badInd = encoded;
    badInd[2] = 4;
    EXPECT_THROW(SespakeParams::decode(badInd), RequestError);
    params.pointSet = PointSet::Rfc8133;
    EXPECT_THROW(SespakeParams::decode(params.encode()), RequestError); // RFC set has N = 1
    EXPECT_THROW(enrollCredential(asBytes("12345678"), params), RequestError);
}

} // namespace tokenbridge::fkn::test
