#include "FknTestUtil.hpp"
#include "fkn/EcCurve.hpp"
#include "fkn/SespakeMath.hpp"
#include "crypto/Mac.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::fkn::test
{

// Every Q_i of both point sets is on its curve, not O, and of order q; P too.
TEST(Curves, AllPointsOnCurveWithOrderQ)
{
    for (const CurveId id : ALL_CURVES) {
        const EcCurve curve(id);
        const EcPointPtr generator = curve.mulGenerator(bnFromHex("1").get());
        EXPECT_TRUE(curve.isInfinity(curve.mul(generator.get(), curve.order()).get()));
        for (const PointSet set : { PointSet::Rfc8133, PointSet::R5011152016 }) {
            const auto points = sespakePoints(id, set);
            EXPECT_EQ(points.size(), set == PointSet::Rfc8133 ? 1U : 3U);
            for (const PointHex& q : points) {
                const EcPointPtr point = curve.decode(pointBytes(q.x, q.y));
                ASSERT_TRUE(point) << curve.params().name;
                EXPECT_FALSE(curve.isInfinity(point.get()));
                EXPECT_TRUE(curve.isInfinity(curve.mul(point.get(), curve.order()).get()));
            }
        }
    }
}

TEST(Curves, DecodeRefusesOffCurveWrongLengthAndOutOfRange)
{
    const EcCurve curve(CurveId::CryptoProA);
    const PointHex& q = sespakePoints(CurveId::CryptoProA, PointSet::Rfc8133)[0];
    Bytes good = pointBytes(q.x, q.y);
    ASSERT_TRUE(curve.decode(good));
    Bytes off = good;
    off[0] ^= 1;
    EXPECT_FALSE(curve.decode(off));
    EXPECT_FALSE(curve.decode(ByteView(good).subspan(1)));
    // x = p (out of range) even though x = 0 might be on the curve.
    Bytes big = pointBytes(curve.params().p, q.y);
    EXPECT_FALSE(curve.decode(big));
    EXPECT_FALSE(curve.decode(Bytes(64, 0)));
}

// F(PW, salt, 2000) of the vectors (spec 2.6), 32 and 64 bytes.
TEST(Curves, PasswordScalarMatchesTheVectorsF)
{
    const Bytes salt = fromHex(VECTOR_SALT);
    EXPECT_EQ(hexUpper(crypto::pbkdf2Streebog512(asBytes(VECTOR_PIN), salt, 2000, 32).view()),
        "BD04673F7149B18E98155BD1E2724E71D0099AA25174F792D3326C6F18127067");
    EXPECT_EQ(hexUpper(crypto::pbkdf2Streebog512(asBytes(VECTOR_PIN), salt, 2000, 64).view()),
        "BD04673F7149B18E98155BD1E2724E71D0099AA25174F792D3326C6F181270671C6213E3930EFDDA26451792C6"
        "2081"
        "22EE60D200520D695DFD9F5F0FD5ABA702");
}

TEST(Curves, UnknownWireIdsAreRefused)
{
    EXPECT_THROW(curveIdFromByte(0), RequestError);
    EXPECT_THROW(curveIdFromByte(8), RequestError);
    EXPECT_THROW(pointSetFromByte(3), RequestError);
    EXPECT_EQ(curveIdFromByte(7), CurveId::Tc26Gost512C);
}

} // namespace tokenbridge::fkn::test
