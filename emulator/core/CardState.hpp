#pragma once

#include "FileSystem.hpp"
#include "PinStore.hpp"

#include "fkn/Curves.hpp"

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace tokenbridge::vtoken
{

// Everything the card remembers between runs (card.json). Session state (verified PINs,
// current file) is not here: it ends with power off.
struct CardState
{
    static constexpr int FORMAT_VERSION = 1;

    std::string modelId;
    uint32_t serial = 0;
    FileSystem files;
    PinRecord adminPin;
    PinRecord userPin;
    // Sections owned by later command groups (on-card keys, FKN), kept verbatim so an older
    // card OS does not drop them.
    nlohmann::json keys = nlohmann::json::array();
    nlohmann::json extensions = nlohmann::json::object();

    PinRecord& pin(uint8_t reference) { return reference == PIN_ADMIN ? adminPin : userPin; }

    // A new card as it leaves the factory: empty MF, PINs 87654321 / 12345678; on an FKN model
    // the user PIN's SESPAKE credential on `fknCurve` (docs/fkn.md §2).
    static CardState factory(std::string modelId, uint32_t serial, uint8_t maxTries,
        fkn::CurveId fknCurve = fkn::CurveId::Tc26Gost256A);

    nlohmann::json toJson() const;
    static CardState fromJson(const nlohmann::json& json);
};

} // namespace tokenbridge::vtoken
