#include "ChannelKeys.hpp"

#include "crypto/Kdf.hpp"

namespace tokenbridge::fkn
{

ChannelKeys ChannelKeys::derive(const SespakeResult& exchange)
{
    Bytes seed(exchange.macA);
    seed.insert(seed.end(), exchange.macB.begin(), exchange.macB.end());
    const crypto::SecureBuffer km =
        crypto::kdfTree256(exchange.key.view(), asBytes(CHANNEL_LABEL), seed, 128, 1);
    const auto part = [&km](std::size_t index) {
        return crypto::SecureBuffer(km.view().subspan(32 * index, 32));
    };
    return { part(0), part(1), part(2), part(3) };
}

} // namespace tokenbridge::fkn
