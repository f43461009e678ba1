#include "EcCurve.hpp"

#include <openssl/err.h>

#include <string>

namespace tokenbridge::fkn
{

using crypto::BignumPtr;
using crypto::check;

BignumPtr bnFromHex(std::string_view hexBe)
{
    BIGNUM* raw = nullptr;
    const std::string text(hexBe);
    if (BN_hex2bn(&raw, text.c_str()) == 0) {
        crypto::throwOpenSslError("BN_hex2bn");
    }
    return BignumPtr(raw);
}

BignumPtr bnFromLittleEndian(ByteView bytes)
{
    return BignumPtr(
        check(BN_lebin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr), "BN_lebin2bn"));
}

BignumPtr bnFromBigEndian(ByteView bytes)
{
    return BignumPtr(
        check(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr), "BN_bin2bn"));
}

EcCurve::EcCurve(CurveId id) : _params(&curveParams(id)), _ctx(check(BN_CTX_new(), "BN_CTX_new"))
{
    const BignumPtr p = bnFromHex(_params->p);
    const BignumPtr a = bnFromHex(_params->a);
    const BignumPtr b = bnFromHex(_params->b);
    _group.reset(check(
        EC_GROUP_new_curve_GFp(p.get(), a.get(), b.get(), _ctx.get()), "EC_GROUP_new_curve_GFp"));
    _order = bnFromHex(_params->q);
    const EcPointPtr generator = fromHex(_params->x, _params->y);
    const BignumPtr cofactor(check(BN_new(), "BN_new"));
    check(BN_set_word(cofactor.get(), _params->cofactor), "BN_set_word");
    check(EC_GROUP_set_generator(_group.get(), generator.get(), _order.get(), cofactor.get()),
        "EC_GROUP_set_generator");
}

EcPointPtr EcCurve::newPoint() const
{
    return EcPointPtr(check(EC_POINT_new(_group.get()), "EC_POINT_new"));
}

EcPointPtr EcCurve::fromHex(std::string_view xBe, std::string_view yBe) const
{
    EcPointPtr point = newPoint();
    check(EC_POINT_set_affine_coordinates(
              _group.get(), point.get(), bnFromHex(xBe).get(), bnFromHex(yBe).get(), _ctx.get()),
        "EC_POINT_set_affine_coordinates");
    return point;
}

EcPointPtr EcCurve::decode(ByteView xyLe) const
{
    const std::size_t n = size();
    if (xyLe.size() != 2 * n) {
        return nullptr;
    }
    const BignumPtr x = bnFromLittleEndian(xyLe.subspan(0, n));
    const BignumPtr y = bnFromLittleEndian(xyLe.subspan(n, n));
    const BignumPtr p = bnFromHex(_params->p);
    if (BN_cmp(x.get(), p.get()) >= 0 || BN_cmp(y.get(), p.get()) >= 0) {
        return nullptr;
    }
    EcPointPtr point = newPoint();
    // OpenSSL 3 refuses coordinates off the curve here; the explicit check below keeps the
    // guarantee independent of that.
    if (EC_POINT_set_affine_coordinates(_group.get(), point.get(), x.get(), y.get(), _ctx.get())
            != 1
        || EC_POINT_is_on_curve(_group.get(), point.get(), _ctx.get()) != 1) {
        ERR_clear_error();
        return nullptr;
    }
    return point;
}

Bytes EcCurve::encode(const EC_POINT* point) const
{
    if (isInfinity(point)) {
        throw FatalError("SESPAKE: cannot encode the point at infinity");
    }
    const BignumPtr x(check(BN_new(), "BN_new"));
    const BignumPtr y(check(BN_new(), "BN_new"));
    check(EC_POINT_get_affine_coordinates(_group.get(), point, x.get(), y.get(), _ctx.get()),
        "EC_POINT_get_affine_coordinates");
    const int n = static_cast<int>(size());
    Bytes out(2 * size());
    check(BN_bn2lebinpad(x.get(), out.data(), n) == n ? 1 : 0, "BN_bn2lebinpad");
    check(BN_bn2lebinpad(y.get(), out.data() + n, n) == n ? 1 : 0, "BN_bn2lebinpad");
    return out;
}

EcPointPtr EcCurve::mulGenerator(const BIGNUM* scalar) const
{
    EcPointPtr out = newPoint();
    check(EC_POINT_mul(_group.get(), out.get(), scalar, nullptr, nullptr, _ctx.get()),
        "EC_POINT_mul");
    return out;
}

EcPointPtr EcCurve::mul(const EC_POINT* point, const BIGNUM* scalar) const
{
    EcPointPtr out = newPoint();
    check(
        EC_POINT_mul(_group.get(), out.get(), nullptr, point, scalar, _ctx.get()), "EC_POINT_mul");
    return out;
}

EcPointPtr EcCurve::add(const EC_POINT* a, const EC_POINT* b) const
{
    EcPointPtr out = newPoint();
    check(EC_POINT_add(_group.get(), out.get(), a, b, _ctx.get()), "EC_POINT_add");
    return out;
}

EcPointPtr EcCurve::sub(const EC_POINT* a, const EC_POINT* b) const
{
    EcPointPtr negB(check(EC_POINT_dup(b, _group.get()), "EC_POINT_dup"));
    check(EC_POINT_invert(_group.get(), negB.get(), _ctx.get()), "EC_POINT_invert");
    return add(a, negB.get());
}

bool EcCurve::isInfinity(const EC_POINT* point) const
{
    return EC_POINT_is_at_infinity(_group.get(), point) == 1;
}

bool EcCurve::equal(const EC_POINT* a, const EC_POINT* b) const
{
    return EC_POINT_cmp(_group.get(), a, b, _ctx.get()) == 0;
}

} // namespace tokenbridge::fkn
