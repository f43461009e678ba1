#pragma once

#include <openssl/asn1.h>

#include <ctime>
#include <string>

namespace tokenbridge::crypto
{

// "2026-11-27T03:00:00Z"
std::string toIsoTime(std::time_t when);
// UTCTime/GeneralizedTime -> seconds since the epoch (FatalError if malformed).
std::time_t fromAsn1Time(const ASN1_TIME* time);

} // namespace tokenbridge::crypto
