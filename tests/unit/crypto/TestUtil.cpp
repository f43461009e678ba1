#include "TestUtil.hpp"

#include <algorithm>

namespace tokenbridge::crypto::test
{

Bytes reversed(Bytes bytes)
{
    std::reverse(bytes.begin(), bytes.end());
    return bytes;
}

std::string keyCaseName(KeyAlgorithm algorithm, const char* paramSet)
{
    std::string name(keyAlgorithmInfo(algorithm).name);
    if (paramSet != nullptr && *paramSet != '\0') {
        name += std::string("_") + paramSet;
    }
    return name;
}

} // namespace tokenbridge::crypto::test
