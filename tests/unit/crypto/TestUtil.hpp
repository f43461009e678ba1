#pragma once

#include "core/Bytes.hpp"
#include "crypto/KeyAlgorithm.hpp"
#include "crypto/SecureBuffer.hpp"
#include "core/Error.hpp"

#include <string>

namespace tokenbridge::crypto::test
{

inline std::string hex(const SecureBuffer& buffer)
{
    return toHex(buffer.view());
}

// Big-endian printed number -> little-endian bytes (GOST scalars/hashes as printed in the
// standards).
Bytes reversed(Bytes bytes);

// gtest-safe parameter name: "gost2012_256_TCA", "rsa".
std::string keyCaseName(KeyAlgorithm algorithm, const char* paramSet);

// For INSTANTIATE_TEST_SUITE_P over std::pair<KeyAlgorithm, const char*>.
struct KeyPairName
{
    template <typename Info> std::string operator()(const Info& info) const
    {
        return keyCaseName(info.param.first, info.param.second);
    }
};

} // namespace tokenbridge::crypto::test
