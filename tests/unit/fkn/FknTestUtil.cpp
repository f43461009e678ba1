#include "FknTestUtil.hpp"

#include <algorithm>
#include <cctype>

namespace tokenbridge::fkn::test
{

Bytes pointBytes(std::string_view xBe, std::string_view yBe)
{
    Bytes x = fromHex(xBe);
    Bytes y = fromHex(yBe);
    std::reverse(x.begin(), x.end());
    std::reverse(y.begin(), y.end());
    x.insert(x.end(), y.begin(), y.end());
    return x;
}

std::string hexUpper(ByteView bytes)
{
    std::string text = toHex(bytes);
    std::transform(text.begin(), text.end(), text.begin(),
        [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

SespakeParams vectorParams(const SespakeVector& vector)
{
    SespakeParams params;
    params.curve = vector.curve;
    params.pointSet = vector.pointSet;
    params.ind = 1;
    params.idAlgInMac = false;
    params.salt = fromHex(VECTOR_SALT);
    params.idB = { 0, 0, 0, 0 };
    return params;
}

TokenCredential testCredential(std::string_view pin, CounterLimits limits)
{
    SespakeParams params;
    params.curve = CurveId::Tc26Gost256A;
    params.pointSet = PointSet::R5011152016;
    params.ind = 2;
    return enrollCredential(asBytes(pin), params, limits);
}

std::string vectorName(const SespakeVector& vector)
{
    return std::string(curveParams(vector.curve).name)
        + (vector.pointSet == PointSet::Rfc8133 ? "/RFC8133" : "/R50.1.115");
}

} // namespace tokenbridge::fkn::test
