// Token identification from what a card sends: the token-info TLV (GET DATA 01 81) and the ATR.
// parseTokenInfo may refuse only with Error(CARD_ERROR); identify must accept anything.

#include "FuzzSupport.hpp"

#include "devices/Identification.hpp"
#include "devices/TokenInfo.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

using namespace tokenbridge;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::span<const uint8_t> input(data, size);
    std::optional<devices::TokenInfo> info;
    fuzz::refusesOnly({ ErrorCode::CARD_ERROR }, [&] { info = devices::parseTokenInfo(input); });
    // The same bytes as an ATR (identify sees ATRs of any reader, Rutoken or not), with and
    // without the token-info parsed from them.
    const auto atr = input.first(std::min<size_t>(size, 33));
    for (const auto& candidate : { info, std::optional<devices::TokenInfo> {} }) {
        const auto identification = devices::identify(atr, candidate);
        fuzz::check(!identification.modelId.empty() && !identification.family.empty(),
            "identification without model id or family");
    }
    (void)devices::matchAtr(input);
    return 0;
}
