#pragma once

#include "Online.hpp"

#include "crypto/HashAlgorithm.hpp"

#include <ctime>
#include <optional>
#include <string>

namespace tokenbridge::cades
{

// An RFC 3161 time-stamp over `data` (the imprint is its digest in `algorithm`, the signer's),
// asked with a random 64-bit nonce and certReq, policy if given. The answer is used only when
// its status is granted, its token's signature verifies with the TSA certificate it carries,
// that certificate's only extended key usage is a critical timeStamping, and the imprint and
// nonce are ours. Returns the TimeStampToken (DER ContentInfo). TSA_UNAVAILABLE when the TSA
// cannot be reached or answers an HTTP error; TSA_ERROR when it answers anything else.
struct TimestampRequest
{
    std::string url;
    std::string policy; // dotted OID or empty
    crypto::HashAlgorithm algorithm;
    ByteView data;
};
Bytes requestTimestamp(const TimestampRequest& request, const Fetch& fetch);

// What a stored token says, checked over `data` (the bytes it should time-stamp).
struct TimestampInfo
{
    bool valid = false; // signature, imprint over data, the TSA certificate's critical EKU
    std::string error; // why not valid
    std::time_t time = 0; // genTime
    std::string tsa; // the TSA certificate's subject (RFC 2253), else its TSTInfo name
    std::string policy;
    std::optional<Bytes> tsaCertificate; // DER
};
TimestampInfo inspectTimestamp(ByteView token, ByteView data);

} // namespace tokenbridge::cades
