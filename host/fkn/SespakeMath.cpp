#include "SespakeMath.hpp"

#include "crypto/Hasher.hpp"
#include "crypto/Mac.hpp"

#include <openssl/crypto.h>

namespace tokenbridge::fkn
{

using crypto::BignumPtr;
using crypto::check;

EcPointPtr basePoint(const EcCurve& curve, const SespakeParams& params)
{
    const auto points = sespakePoints(curve.params().id, params.pointSet);
    const PointHex& q = points[params.ind - 1];
    return curve.fromHex(q.x, q.y);
}

EcPointPtr passwordPoint(const EcCurve& curve, const SespakeParams& params, ByteView pin)
{
    const crypto::SecureBuffer f =
        crypto::pbkdf2Streebog512(pin, params.salt, PBKDF2_ITERATIONS, curve.size());
    const BignumPtr scalar = bnFromLittleEndian(f.view());
    // int(F) may exceed q; Q_ind has order q, so reducing gives the same point.
    const crypto::BnCtxPtr ctx(check(BN_CTX_new(), "BN_CTX_new"));
    check(BN_nnmod(scalar.get(), scalar.get(), curve.order(), ctx.get()), "BN_nnmod");
    return curve.mul(basePoint(curve, params).get(), scalar.get());
}

EcPointPtr replaceSmallOrder(const EcCurve& curve, EcPointPtr q, const BIGNUM* scalar, bool& zFlag)
{
    const BignumPtr cofactor(check(BN_new(), "BN_new"));
    check(BN_set_word(cofactor.get(), curve.params().cofactor), "BN_set_word");
    zFlag = false;
    if (curve.isInfinity(curve.mul(q.get(), cofactor.get()).get())) {
        // The protocol continues with a dummy point and fails only at the MAC check
        // (no early-abort oracle).
        zFlag = true;
        return curve.mulGenerator(scalar);
    }
    return q;
}

crypto::SecureBuffer sharedKey(const EcCurve& curve, const BIGNUM* scalar, const EC_POINT* q)
{
    const crypto::BnCtxPtr ctx(check(BN_CTX_new(), "BN_CTX_new"));
    const BignumPtr k(check(BN_dup(scalar), "BN_dup"));
    check(BN_mul_word(k.get(), curve.params().cofactor), "BN_mul_word");
    check(BN_nnmod(k.get(), k.get(), curve.order(), ctx.get()), "BN_nnmod");
    const EcPointPtr point = curve.mul(q, k.get());
    crypto::SecureBuffer src(curve.encode(point.get()));
    const Bytes digest = crypto::hash(crypto::HashAlgorithm::Streebog256, src.view());
    return crypto::SecureBuffer(digest);
}

Bytes sespakeMac(ByteView key, const MacInput& in)
{
    const SespakeParams& p = *in.params;
    Bytes data { in.tag };
    const auto append = [&data](
                            ByteView part) { data.insert(data.end(), part.begin(), part.end()); };
    append(in.id);
    data.push_back(p.ind);
    append(p.salt);
    append(in.u1);
    append(in.u2);
    if (p.idAlgInMac) {
        append(p.idAlg());
    }
    append(in.dataA);
    append(in.dataB);
    const crypto::SecureBuffer tag = crypto::hmac(crypto::HashAlgorithm::Streebog256, key, data);
    return Bytes(tag.data(), tag.data() + tag.size());
}

bool tagsEqual(ByteView a, ByteView b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace tokenbridge::fkn
