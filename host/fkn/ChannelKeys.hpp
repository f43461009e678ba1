#pragma once

#include "SespakeTypes.hpp"

#include <string_view>

namespace tokenbridge::fkn
{

// "SM-GOST v1" (spec 3.2, our own profile): the exact constants both ends share.
inline constexpr std::string_view CHANNEL_LABEL = "SM-GOST v1";
inline constexpr std::size_t CHANNEL_TAG_SIZE = 8; // OMAC truncated to 64 bits
inline constexpr std::uint64_t CHANNEL_SSC_LIMIT = 1ULL << 32; // re-run SESPAKE before this

// KM = KDF_TREE_GOSTR3411_2012_256(K, "SM-GOST v1", MAC_A || MAC_B, L = 1024, R = 1), split in
// this order. Seeding with both MACs binds the keys to this exchange's transcript.
struct ChannelKeys
{
    crypto::SecureBuffer encHostToToken, macHostToToken, encTokenToHost, macTokenToHost;

    static ChannelKeys derive(const SespakeResult& exchange);
};

} // namespace tokenbridge::fkn
