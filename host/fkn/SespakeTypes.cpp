#include "SespakeTypes.hpp"

#include "EcCurve.hpp"
#include "core/Error.hpp"

#include <openssl/rand.h>

namespace tokenbridge::fkn
{

using crypto::BignumPtr;

BignumPtr randomScalar(const BIGNUM* order)
{
    // [0, q-2] + 1 = [1, q-1]
    const BignumPtr upper(crypto::check(BN_dup(order), "BN_dup"));
    crypto::check(BN_sub_word(upper.get(), 1), "BN_sub_word");
    BignumPtr out(crypto::check(BN_secure_new(), "BN_secure_new"));
    crypto::check(BN_priv_rand_range(out.get(), upper.get()), "BN_priv_rand_range");
    crypto::check(BN_add_word(out.get(), 1), "BN_add_word");
    return out;
}

ScalarSource fixedScalar(std::string_view hexBe)
{
    return [hex = std::string(hexBe)](const BIGNUM*) { return bnFromHex(hex); };
}

Bytes SespakeParams::idAlg() const
{
    return { static_cast<std::uint8_t>(curve), static_cast<std::uint8_t>(pointSet) };
}

Bytes SespakeParams::encode() const
{
    Bytes out = idAlg();
    out.push_back(ind);
    out.push_back(idAlgInMac ? 0x01 : 0x00);
    out.push_back(static_cast<std::uint8_t>(salt.size()));
    out.insert(out.end(), salt.begin(), salt.end());
    out.push_back(static_cast<std::uint8_t>(idB.size()));
    out.insert(out.end(), idB.begin(), idB.end());
    return out;
}

SespakeParams SespakeParams::decode(ByteView bytes)
{
    const auto fail = [] {
        return RequestError(ErrorCode::INVALID_PARAMS, "malformed SESPAKE parameters");
    };
    if (bytes.size() < 6) {
        throw fail();
    }
    SespakeParams out;
    out.curve = curveIdFromByte(bytes[0]);
    out.pointSet = pointSetFromByte(bytes[1]);
    out.ind = bytes[2];
    if (out.ind == 0 || out.ind > sespakePoints(out.curve, out.pointSet).size() || bytes[3] > 1) {
        throw fail();
    }
    out.idAlgInMac = bytes[3] == 1;
    const std::size_t saltLen = bytes[4];
    if (saltLen == 0 || bytes.size() < 6 + saltLen) {
        throw fail();
    }
    out.salt.assign(bytes.begin() + 5, bytes.begin() + 5 + static_cast<long>(saltLen));
    const std::size_t idLen = bytes[5 + saltLen];
    if (bytes.size() != 6 + saltLen + idLen) {
        throw fail();
    }
    out.idB.assign(bytes.end() - static_cast<long>(idLen), bytes.end());
    return out;
}

} // namespace tokenbridge::fkn
