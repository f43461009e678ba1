#include "GostParamSet.hpp"

#include "core/Error.hpp"

#include <string>

namespace tokenbridge::crypto
{

namespace
{
    constexpr auto K256 = KeyAlgorithm::Gost2012_256;
    constexpr auto K512 = KeyAlgorithm::Gost2012_512;
    constexpr GostParamSet PARAM_SETS[] = {
        { K256, "A", "1.2.643.2.2.35.1", "id-GostR3410-2001-CryptoPro-A-ParamSet", true },
        { K256, "B", "1.2.643.2.2.35.2", "id-GostR3410-2001-CryptoPro-B-ParamSet", true },
        { K256, "C", "1.2.643.2.2.35.3", "id-GostR3410-2001-CryptoPro-C-ParamSet", true },
        { K256, "XA", "1.2.643.2.2.36.0", "id-GostR3410-2001-CryptoPro-XchA-ParamSet", true },
        { K256, "XB", "1.2.643.2.2.36.1", "id-GostR3410-2001-CryptoPro-XchB-ParamSet", true },
        { K256, "TCA", "1.2.643.7.1.2.1.1.1", "id-tc26-gost-3410-2012-256-paramSetA", false },
        { K256, "TCB", "1.2.643.7.1.2.1.1.2", "id-tc26-gost-3410-2012-256-paramSetB", false },
        { K256, "TCC", "1.2.643.7.1.2.1.1.3", "id-tc26-gost-3410-2012-256-paramSetC", false },
        { K256, "TCD", "1.2.643.7.1.2.1.1.4", "id-tc26-gost-3410-2012-256-paramSetD", false },
        { K256, "TEST", "1.2.643.2.2.35.0", "id-GostR3410-2001-TestParamSet", true },
        { K512, "A", "1.2.643.7.1.2.1.2.1", "id-tc26-gost-3410-2012-512-paramSetA", false },
        { K512, "B", "1.2.643.7.1.2.1.2.2", "id-tc26-gost-3410-2012-512-paramSetB", false },
        { K512, "C", "1.2.643.7.1.2.1.2.3", "id-tc26-gost-3410-2012-512-paramSetC", false },
        { K512, "TEST", "1.2.643.7.1.2.1.2.0", "id-tc26-gost-3410-2012-512-paramSetTest", false },
    };
} // namespace

std::span<const GostParamSet> gostParamSets()
{
    return PARAM_SETS;
}

const GostParamSet& findGostParamSet(KeyAlgorithm algorithm, std::string_view engineName)
{
    for (const auto& set : PARAM_SETS) {
        if (set.algorithm == algorithm && set.engineName == engineName) {
            return set;
        }
    }
    throw RequestError(
        ErrorCode::INVALID_PARAMS, "unknown GOST parameter set: " + std::string(engineName));
}

const GostParamSet* findGostParamSetByOid(std::string_view oid)
{
    for (const auto& set : PARAM_SETS) {
        if (set.oid == oid) {
            return &set;
        }
    }
    return nullptr;
}

} // namespace tokenbridge::crypto
