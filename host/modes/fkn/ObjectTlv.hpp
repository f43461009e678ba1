#pragma once

#include "core/Bytes.hpp"

#include <cstdint>
#include <vector>

namespace tokenbridge::modes::fkn
{

// The encoding of the token's key command group (docs/vtoken.md "On-card keys"): one-byte tags,
// BER definite lengths (L, 81 L, 82 LL LL), so certificates over 255 bytes fit.
struct TlvField
{
    std::uint8_t tag = 0;
    Bytes value;
};

void appendTlv(Bytes& out, std::uint8_t tag, ByteView value);
// RetryableError(CARD_ERROR) when the token's answer is not a well-formed list of fields.
std::vector<TlvField> parseTlv(ByteView data);

} // namespace tokenbridge::modes::fkn
