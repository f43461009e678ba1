// Every RFC 8133 App. A.2 vector (7 curves) and every R 50.1.115-2016 point-set vector (7 curves),
// with both roles driven by the vectors' alpha/beta.
#include "FknTestUtil.hpp"
#include "fkn/SespakeHost.hpp"
#include "fkn/SespakeToken.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::fkn::test
{

class SespakeVectorTest : public ::testing::TestWithParam<std::size_t>
{
};

TEST_P(SespakeVectorTest, BothRolesReproduceTheVector)
{
    const SespakeVector& v = SESPAKE_VECTORS[GetParam()];
    SCOPED_TRACE(vectorName(v));
    TokenCredential credential = enrollCredential(asBytes(VECTOR_PIN), vectorParams(v));
    EXPECT_EQ(credential.qpw, pointBytes(v.qpwX, v.qpwY)) << "Q_PW";

    SespakeHost host(asBytes(VECTOR_PIN), { 0, 0, 0, 0 }, fixedScalar(v.alpha));
    SespakeToken token(credential, fixedScalar(v.beta));

    const SespakeParams params = SespakeParams::decode(token.start(host.idA()).encode());
    const Bytes u1 = host.onParams(params);
    EXPECT_EQ(u1, pointBytes(v.u1X, v.u1Y)) << "u_1";
    const Bytes u2 = token.exchange(u1);
    EXPECT_EQ(u2, pointBytes(v.u2X, v.u2Y)) << "u_2";
    const Bytes macA = host.onTokenPoint(u2);
    EXPECT_EQ(hexUpper(macA), v.macA) << "MAC_A";
    const Bytes macB = token.confirm(macA);
    EXPECT_EQ(hexUpper(macB), v.macB) << "MAC_B";
    const SespakeResult hostResult = host.onTokenConfirm(macB);
    const SespakeResult tokenResult = token.takeResult();
    EXPECT_EQ(hexUpper(hostResult.key.view()), v.k) << "K_A";
    EXPECT_EQ(hexUpper(tokenResult.key.view()), v.k) << "K_B";
    EXPECT_EQ(hostResult.macA, tokenResult.macA);
    EXPECT_EQ(hostResult.macB, tokenResult.macB);
}

INSTANTIATE_TEST_SUITE_P(AllCurvesBothPointSets, SespakeVectorTest,
    ::testing::Range<std::size_t>(0, 14), [](const ::testing::TestParamInfo<std::size_t>& info) {
        const SespakeVector& v = SESPAKE_VECTORS[info.param];
        std::string name =
            std::string(v.pointSet == PointSet::Rfc8133 ? "Rfc8133_" : "R5011152016_")
            + std::to_string(static_cast<int>(v.curve));
        return name;
    });

TEST(SespakeVectors, TableHoldsFourteenVectors)
{
    EXPECT_EQ(SESPAKE_VECTOR_COUNT, 14U);
}

// With the product's ID_ALG in the MAC the exchange still agrees, but the MACs differ from the
// RFC framing (so the two framings can never be confused).
TEST(SespakeVectors, IdAlgInMacChangesTheTags)
{
    const SespakeVector& v = SESPAKE_VECTORS[3];
    SespakeParams params = vectorParams(v);
    params.idAlgInMac = true;
    TokenCredential credential = enrollCredential(asBytes(VECTOR_PIN), params);
    SespakeHost host(asBytes(VECTOR_PIN), { 0, 0, 0, 0 }, fixedScalar(v.alpha));
    SespakeToken token(credential, fixedScalar(v.beta));
    const Bytes u1 = host.onParams(token.start(host.idA()));
    const Bytes macA = host.onTokenPoint(token.exchange(u1));
    EXPECT_NE(hexUpper(macA), v.macA);
    const SespakeResult result = host.onTokenConfirm(token.confirm(macA));
    EXPECT_EQ(hexUpper(result.key.view()), v.k);
}

} // namespace tokenbridge::fkn::test
