#pragma once

#include "SespakeVectors.hpp"
#include "fkn/SespakeTypes.hpp"
#include "fkn/TokenCredential.hpp"

#include <string>

namespace tokenbridge::fkn::test
{

// Big-endian hex of a number -> X_le || Y_le wire bytes.
Bytes pointBytes(std::string_view xBe, std::string_view yBe);
std::string hexUpper(ByteView bytes);
// The vector's parameters: RFC framing (no ID_ALG in the MAC), ID_B = 00000000.
SespakeParams vectorParams(const SespakeVector& vector);
// A credential for `pin` on tc26 256-A with the R 50.1.115 point set and small limits.
TokenCredential testCredential(std::string_view pin, CounterLimits limits = { 3, 7, 1000 });
std::string vectorName(const SespakeVector& vector);

} // namespace tokenbridge::fkn::test
