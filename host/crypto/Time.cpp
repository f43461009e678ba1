#include "Time.hpp"

#include "OpenSsl.hpp"

namespace tokenbridge::crypto
{

std::string toIsoTime(std::time_t when)
{
    std::tm utc {};
    gmtime_r(&when, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::time_t fromAsn1Time(const ASN1_TIME* time)
{
    std::tm utc {};
    if (time == nullptr || ASN1_TIME_to_tm(time, &utc) != 1) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "malformed ASN.1 time");
    }
    return timegm(&utc);
}

} // namespace tokenbridge::crypto
