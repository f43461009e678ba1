// RFC 8133 steps 12/17 and 24/29: a point whose cofactor multiple is O is replaced by a dummy
// and the run fails at the end even when the attacker gets the MAC right.
#include "FknTestUtil.hpp"
#include "fkn/EcCurve.hpp"
#include "fkn/SespakeHost.hpp"
#include "fkn/SespakeMath.hpp"
#include "fkn/SespakeToken.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tokenbridge::fkn::test
{

namespace
{

    // A point of order dividing the cofactor (4) on tc26 256-A: q * R for a curve point R.
    EcPointPtr smallOrderPoint(const EcCurve& curve)
    {
        const crypto::BnCtxPtr ctx(BN_CTX_new());
        const crypto::BignumPtr p = bnFromHex(curve.params().p);
        const crypto::BignumPtr a = bnFromHex(curve.params().a);
        const crypto::BignumPtr b = bnFromHex(curve.params().b);
        for (unsigned long xv = 1; xv < 1000; ++xv) {
            crypto::BignumPtr x(BN_new()), rhs(BN_new()), t(BN_new()), y(BN_new());
            BN_set_word(x.get(), xv);
            BN_mod_sqr(rhs.get(), x.get(), p.get(), ctx.get());
            BN_mod_add(rhs.get(), rhs.get(), a.get(), p.get(), ctx.get());
            BN_mod_mul(rhs.get(), rhs.get(), x.get(), p.get(), ctx.get());
            BN_mod_add(rhs.get(), rhs.get(), b.get(), p.get(), ctx.get());
            if (BN_kronecker(rhs.get(), p.get(), ctx.get()) != 1
                || BN_mod_sqrt(y.get(), rhs.get(), p.get(), ctx.get()) == nullptr) {
                continue;
            }
            const auto hex = [](const BIGNUM* n) {
                char* raw = BN_bn2hex(n);
                std::string text(raw);
                OPENSSL_free(raw);
                return text;
            };
            const EcPointPtr r = curve.fromHex(hex(x.get()), hex(y.get()));
            EcPointPtr small = curve.mul(r.get(), curve.order());
            if (!curve.isInfinity(small.get())) {
                return small;
            }
        }
        return nullptr;
    }

} // namespace

TEST(SespakeSmallOrder, TokenRefusesSmallOrderUEvenWithRightMac)
{
    const SespakeVector& v = SESPAKE_VECTORS[3]; // tc26 256-A, cofactor 4
    ASSERT_EQ(v.curve, CurveId::Tc26Gost256A);
    TokenCredential credential = enrollCredential(asBytes(VECTOR_PIN), vectorParams(v));
    const EcCurve curve(v.curve);
    const EcPointPtr small = smallOrderPoint(curve);
    ASSERT_TRUE(small);
    const EcPointPtr qpw = curve.decode(credential.qpw);
    // u_1 = T - Q_PW, so Q_B = T and (m/q) * Q_B = O.
    const Bytes u1 = curve.encode(curve.sub(small.get(), qpw.get()).get());
    SespakeToken token(credential, fixedScalar(v.beta));
    const Bytes idA { 0, 0, 0, 0 };
    token.start(idA);
    const Bytes u2 = token.exchange(u1); // no early abort
    // The attacker knows beta here, so it can even produce the MAC over the dummy key.
    const crypto::BignumPtr beta = bnFromHex(v.beta);
    const crypto::SecureBuffer key =
        sharedKey(curve, beta.get(), curve.mulGenerator(beta.get()).get());
    const Bytes macA = sespakeMac(key.view(), { 0x01, idA, &credential.params, u1, u2, {}, {} });
    try {
        token.confirm(macA);
        FAIL() << "small-order point accepted";
    } catch (const RequestError& error) {
        EXPECT_EQ(error.code(), ErrorCode::INVALID_PARAMS);
    }
    EXPECT_EQ(credential.counters.consecutive, credential.counters.limits.consecutive - 1);
}

TEST(SespakeSmallOrder, HostRefusesSmallOrderUEvenWithRightMac)
{
    const SespakeVector& v = SESPAKE_VECTORS[3];
    const SespakeParams params = vectorParams(v);
    const EcCurve curve(v.curve);
    const EcPointPtr small = smallOrderPoint(curve);
    ASSERT_TRUE(small);
    const EcPointPtr qpw = passwordPoint(curve, params, asBytes(VECTOR_PIN));
    SespakeHost host(asBytes(VECTOR_PIN), { 0, 0, 0, 0 }, fixedScalar(v.alpha));
    const Bytes u1 = host.onParams(params);
    const Bytes u2 = curve.encode(curve.add(small.get(), qpw.get()).get());
    const Bytes macA = host.onTokenPoint(u2);
    const crypto::BignumPtr alpha = bnFromHex(v.alpha);
    const crypto::SecureBuffer key =
        sharedKey(curve, alpha.get(), curve.mulGenerator(alpha.get()).get());
    const Bytes macB = sespakeMac(key.view(), { 0x02, params.idB, &params, u1, u2, {}, {} });
    EXPECT_THROW(host.onTokenConfirm(macB), RetryableError);
}

} // namespace tokenbridge::fkn::test
