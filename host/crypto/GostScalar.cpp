#include "GostScalar.hpp"

#include "core/Error.hpp"
#include "PrivateKey.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>

namespace tokenbridge::crypto
{

namespace
{
    BignumPtr fromLe(ByteView bytes)
    {
        return BignumPtr(check(
            BN_lebin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr), "BN_lebin2bn"));
    }

    // The gost engine names curves only through keys: the order of a throw-away key's group.
    BignumPtr curveOrder(const GostParamSet& paramSet)
    {
        const auto key = PrivateKey::generate(paramSet.algorithm, paramSet.engineName);
        const auto* ec = static_cast<const EC_KEY*>(EVP_PKEY_get0(key.get()));
        const EC_GROUP* group = ec != nullptr ? EC_KEY_get0_group(ec) : nullptr;
        const BIGNUM* order = group != nullptr ? EC_GROUP_get0_order(group) : nullptr;
        return BignumPtr(check(order != nullptr ? BN_dup(order) : nullptr, "GOST curve order"));
    }

    [[noreturn]] void corrupted(const std::string& what)
    {
        throw RequestError(ErrorCode::CONTAINER_CORRUPTED, "the key container is damaged: " + what);
    }
} // namespace

SecureBuffer unmaskGostScalar(const GostParamSet& paramSet, ByteView maskedLe, ByteView maskLe)
{
    const std::size_t size = paramSet.algorithm == KeyAlgorithm::Gost2012_256 ? 32 : 64;
    if (maskedLe.size() != size || maskLe.size() != size) {
        corrupted("key and mask sizes do not match the curve");
    }
    const BignumPtr q = curveOrder(paramSet);
    BnCtxPtr ctx(check(BN_CTX_secure_new(), "BN_CTX_secure_new"));
    const BignumPtr masked = fromLe(maskedLe);
    const BignumPtr mask = fromLe(maskLe);
    BignumPtr inverse(BN_mod_inverse(nullptr, mask.get(), q.get(), ctx.get()));
    if (!inverse) {
        ERR_clear_error();
        corrupted("the mask has no inverse");
    }
    BignumPtr d(check(BN_new(), "BN_new"));
    BN_set_flags(d.get(), BN_FLG_CONSTTIME);
    check(BN_mod_mul(d.get(), masked.get(), inverse.get(), q.get(), ctx.get()), "BN_mod_mul");
    if (BN_is_zero(d.get())) {
        corrupted("the private key is zero");
    }
    SecureBuffer out(size);
    check(BN_bn2lebinpad(d.get(), out.data(), static_cast<int>(size)) == static_cast<int>(size),
        "BN_bn2lebinpad");
    return out;
}

} // namespace tokenbridge::crypto
