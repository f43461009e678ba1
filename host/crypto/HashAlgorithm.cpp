#include "HashAlgorithm.hpp"

#include "GostEngine.hpp"
#include "OpenSsl.hpp"

#include <string>

namespace tokenbridge::crypto
{

namespace
{
    constexpr HashAlgorithmInfo HASHES[] = {
        { HashAlgorithm::Streebog256, "streebog256", "1.2.643.7.1.1.2.2", "md_gost12_256", 32 },
        { HashAlgorithm::Streebog512, "streebog512", "1.2.643.7.1.1.2.3", "md_gost12_512", 64 },
        { HashAlgorithm::Sha256, "sha256", "2.16.840.1.101.3.4.2.1", "SHA256", 32 },
        { HashAlgorithm::Sha1, "sha1", "1.3.14.3.2.26", "SHA1", 20 },
    };
} // namespace

const HashAlgorithmInfo& hashInfo(HashAlgorithm algorithm)
{
    for (const auto& info : HASHES) {
        if (info.algorithm == algorithm) {
            return info;
        }
    }
    throw FatalError("unknown hash algorithm");
}

const HashAlgorithmInfo* findHashByOid(std::string_view oid)
{
    for (const auto& info : HASHES) {
        if (info.oid == oid) {
            return &info;
        }
    }
    return nullptr;
}

const EVP_MD* evpMd(HashAlgorithm algorithm)
{
    ensureGostEngine();
    const std::string name(hashInfo(algorithm).openSslName);
    return check(EVP_get_digestbyname(name.c_str()), "EVP_get_digestbyname");
}

} // namespace tokenbridge::crypto
