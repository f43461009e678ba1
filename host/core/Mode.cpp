#include "Mode.hpp"

#include <algorithm>
#include <iterator>

namespace tokenbridge
{

namespace
{

    struct ModeInfo
    {
        Mode mode;
        std::string_view name;
        bool extractable;
        bool fkn;
        bool active;
    };

    constexpr ModeInfo MODES[] = {
        { Mode::Fkn, "fkn", false, true, false },
        { Mode::FknNfc, "fkn-nfc", false, true, false },
        { Mode::ActivePkcs11, "active-pkcs11", false, false, true },
        { Mode::ActiveCrypt, "active-crypt", false, false, true },
        { Mode::Passive, "passive", true, false, false },
    };

    const ModeInfo& info(Mode mode)
    {
        return *std::ranges::find(MODES, mode, &ModeInfo::mode);
    }

} // namespace

std::string_view modeName(Mode mode)
{
    return info(mode).name;
}

std::optional<Mode> parseMode(std::string_view name)
{
    const auto it = std::ranges::find(MODES, name, &ModeInfo::name);
    return it == std::end(MODES) ? std::nullopt : std::optional(it->mode);
}

bool isExtractable(Mode mode)
{
    return info(mode).extractable;
}

bool isFkn(Mode mode)
{
    return info(mode).fkn;
}

bool isActive(Mode mode)
{
    return info(mode).active;
}

} // namespace tokenbridge
