#pragma once

#include "Curves.hpp"
#include "core/Bytes.hpp"
#include "crypto/OpenSsl.hpp"

#include <openssl/ec.h>

namespace tokenbridge::fkn
{

using EcGroupPtr = crypto::OpenSslPtr<EC_GROUP, EC_GROUP_free>;
using EcPointPtr = crypto::OpenSslPtr<EC_POINT, EC_POINT_clear_free>;

// One GOST curve as an OpenSSL EC_GROUP built from the spec's parameters (the gost engine does
// not register these curves by name with libcrypto). Points cross the API as
// BYTES(Q) = X_le || Y_le (RFC 8133 section 3).
class EcCurve
{
public:
    explicit EcCurve(CurveId id);

    [[nodiscard]] const CurveParams& params() const noexcept { return *_params; }
    [[nodiscard]] std::size_t size() const noexcept { return _params->size; }
    [[nodiscard]] const BIGNUM* order() const noexcept { return _order.get(); }

    // Parses X_le || Y_le; returns null if the length is wrong, a coordinate is >= p or the point
    // is not on the curve (RFC 8133 steps 10 and 15: "u in E").
    EcPointPtr decode(ByteView xyLe) const;
    // Throws FatalError for the point at infinity (never encoded on the wire).
    Bytes encode(const EC_POINT* point) const;
    EcPointPtr fromHex(std::string_view xBe, std::string_view yBe) const;

    EcPointPtr mulGenerator(const BIGNUM* scalar) const;
    EcPointPtr mul(const EC_POINT* point, const BIGNUM* scalar) const;
    EcPointPtr add(const EC_POINT* a, const EC_POINT* b) const;
    EcPointPtr sub(const EC_POINT* a, const EC_POINT* b) const;
    [[nodiscard]] bool isInfinity(const EC_POINT* point) const;
    [[nodiscard]] bool equal(const EC_POINT* a, const EC_POINT* b) const;

private:
    EcPointPtr newPoint() const;

    const CurveParams* _params;
    EcGroupPtr _group;
    crypto::BignumPtr _order;
    crypto::BnCtxPtr _ctx;
};

// BIGNUM helpers shared by the roles.
crypto::BignumPtr bnFromHex(std::string_view hexBe);
crypto::BignumPtr bnFromLittleEndian(ByteView bytes);
crypto::BignumPtr bnFromBigEndian(ByteView bytes);

} // namespace tokenbridge::fkn
