#pragma once

#include <cstddef>
#include <string_view>

namespace tokenbridge::protocol
{

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool isValidUtf8(std::string_view text);

// Deepest nesting of JSON arrays/objects, looking past strings; stops counting above `limit`
// so a hostile message costs one linear scan.
size_t jsonNestingDepth(std::string_view text, size_t limit);

} // namespace tokenbridge::protocol
