#pragma once

#include "TokenInfo.hpp"

#include <optional>
#include <string>

namespace tokenbridge::devices
{

// A model as a token's own facts name it.
struct NamedModel
{
    std::string modelId; // an id of docs/compatibility.md; "" for a model the matrix lacks
    std::string name; // Aktiv's marketing name, or the token's own on firmware 32+
};

// The decision table of Aktiv's own applications (rutoken-tech-android TokenModel.kt,
// rutoken-tech-ios Token.swift): hardware and firmware majors, the flash and button flags, the
// current and supported interfaces, and on firmware 32+ the token's own model name. The fields
// are the same whether they came from Aktiv's PKCS#11 library or from our token-info object.
// nullopt: no row names the token (an ECP 1.x, a chip the table does not know).
std::optional<NamedModel> modelFromTokenInfo(const TokenInfo& info);

} // namespace tokenbridge::devices
