#pragma once

#include "Identification.hpp"

#include <span>
#include <string_view>

namespace tokenbridge::devices
{

// One known ATR. `pattern` is upper-case hex, no spaces; "??" marks a byte that differs per card
// (the PUPI of a contactless pseudo-ATR, its check byte) or per reader, and is not compared.
struct AtrPattern
{
    std::string_view pattern;
    std::string_view family;
    std::string_view description;
    Connection connection;
};

std::span<const AtrPattern> atrCatalog();

// Families that are Rutokens (every family in the catalog is one).
bool isRutokenFamily(std::string_view family);

} // namespace tokenbridge::devices
