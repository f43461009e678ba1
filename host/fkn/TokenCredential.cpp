#include "TokenCredential.hpp"

#include "SespakeMath.hpp"
#include "core/Error.hpp"

#include <openssl/rand.h>

namespace tokenbridge::fkn
{

namespace
{

    void putU32(Bytes& out, std::uint32_t value)
    {
        for (int i = 0; i < 4; ++i) {
            out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
        }
    }

    std::uint32_t getU32(ByteView in, std::size_t at)
    {
        std::uint32_t value = 0;
        for (int i = 3; i >= 0; --i) {
            value = (value << 8) | in[at + static_cast<std::size_t>(i)];
        }
        return value;
    }

    RequestError malformed()
    {
        return RequestError(ErrorCode::INVALID_PARAMS, "malformed SESPAKE credential");
    }

} // namespace

Bytes TokenCredential::serialize() const
{
    const Bytes encoded = params.encode();
    Bytes out { 1, static_cast<std::uint8_t>(encoded.size()),
        static_cast<std::uint8_t>(encoded.size() >> 8) };
    out.insert(out.end(), encoded.begin(), encoded.end());
    out.push_back(static_cast<std::uint8_t>(qpw.size()));
    out.insert(out.end(), qpw.begin(), qpw.end());
    for (const std::uint32_t value : { counters.limits.consecutive,
             counters.limits.lifetimeFailures, counters.limits.lifetimeAttempts,
             counters.consecutive, counters.lifetimeFailures, counters.lifetimeAttempts }) {
        putU32(out, value);
    }
    return out;
}

TokenCredential TokenCredential::parse(ByteView bytes)
{
    if (bytes.size() < 4 || bytes[0] != 1) {
        throw malformed();
    }
    const std::size_t paramsLen = bytes[1] | (static_cast<std::size_t>(bytes[2]) << 8);
    if (bytes.size() < 4 + paramsLen) {
        throw malformed();
    }
    TokenCredential out;
    out.params = SespakeParams::decode(bytes.subspan(3, paramsLen));
    const std::size_t qpwLen = bytes[3 + paramsLen];
    const std::size_t at = 4 + paramsLen + qpwLen;
    if (bytes.size() != at + 24) {
        throw malformed();
    }
    out.qpw.assign(
        bytes.begin() + 4 + static_cast<long>(paramsLen), bytes.begin() + static_cast<long>(at));
    if (!EcCurve(out.params.curve).decode(out.qpw)) {
        throw malformed();
    }
    Counters& c = out.counters;
    c.limits = { getU32(bytes, at), getU32(bytes, at + 4), getU32(bytes, at + 8) };
    c.consecutive = getU32(bytes, at + 12);
    c.lifetimeFailures = getU32(bytes, at + 16);
    c.lifetimeAttempts = getU32(bytes, at + 20);
    if (c.consecutive > c.limits.consecutive || c.lifetimeFailures > c.limits.lifetimeFailures
        || c.lifetimeAttempts > c.limits.lifetimeAttempts) {
        throw malformed();
    }
    return out;
}

TokenCredential enrollCredential(ByteView pin, SespakeParams params, CounterLimits limits)
{
    if (params.salt.empty()) {
        params.salt.resize(16);
        crypto::check(RAND_bytes(params.salt.data(), 16), "RAND_bytes");
    }
    params = SespakeParams::decode(params.encode()); // validates curve, point set, ind
    const EcCurve curve(params.curve);
    TokenCredential out;
    out.qpw = curve.encode(passwordPoint(curve, params, pin).get());
    out.params = std::move(params);
    out.counters = { limits, limits.consecutive, limits.lifetimeFailures, limits.lifetimeAttempts };
    return out;
}

} // namespace tokenbridge::fkn
