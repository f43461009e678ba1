#include "KeyAlgorithm.hpp"

#include "Oids.hpp"
#include "core/Error.hpp"

namespace tokenbridge::crypto
{

namespace
{
    constexpr KeyAlgorithmInfo KEY_ALGORITHMS[] = {
        { KeyAlgorithm::Gost2012_256, "gost2012_256", oid::GOST2012_256, HashAlgorithm::Streebog256,
            oid::SIGN_WITH_DIGEST_256, false, oid::GOST2012_256, true, true },
        { KeyAlgorithm::Gost2012_512, "gost2012_512", oid::GOST2012_512, HashAlgorithm::Streebog512,
            oid::SIGN_WITH_DIGEST_512, false, oid::GOST2012_512, true, true },
        { KeyAlgorithm::EcdsaP256, "ecdsa_p256", oid::EC_PUBLIC_KEY, HashAlgorithm::Sha256,
            oid::ECDSA_WITH_SHA256, false, oid::ECDSA_WITH_SHA256, false, false },
        { KeyAlgorithm::Rsa, "rsa", oid::RSA_ENCRYPTION, HashAlgorithm::Sha256,
            oid::SHA256_WITH_RSA, true, oid::RSA_ENCRYPTION, true, false },
    };
} // namespace

const KeyAlgorithmInfo& keyAlgorithmInfo(KeyAlgorithm algorithm)
{
    for (const auto& info : KEY_ALGORITHMS) {
        if (info.algorithm == algorithm) {
            return info;
        }
    }
    throw FatalError("unknown key algorithm");
}

const KeyAlgorithmInfo* findKeyAlgorithmByName(std::string_view name)
{
    for (const auto& info : KEY_ALGORITHMS) {
        if (info.name == name) {
            return &info;
        }
    }
    return nullptr;
}

} // namespace tokenbridge::crypto
