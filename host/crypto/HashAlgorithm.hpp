#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <string_view>

namespace tokenbridge::crypto
{

enum class HashAlgorithm { Streebog256, Streebog512, Sha256, Sha1 };

struct HashAlgorithmInfo
{
    HashAlgorithm algorithm;
    std::string_view name; // stable name used in JSON and docs
    std::string_view oid;
    std::string_view openSslName;
    std::size_t size;
};

const HashAlgorithmInfo& hashInfo(HashAlgorithm algorithm);
// nullptr if the OID is not one of ours.
const HashAlgorithmInfo* findHashByOid(std::string_view oid);
// Resolves through the gost engine for Streebog (loads it on first use).
const EVP_MD* evpMd(HashAlgorithm algorithm);

} // namespace tokenbridge::crypto
