#include "CryptoProLayout.hpp"

namespace tokenbridge::modes::passive::cryptopro
{

namespace
{
    struct FamilyRoot
    {
        std::string_view family;
        FilePath root;
    };
    const FilePath LITE_ROOT { 0x1000, 0x1003 };
    // Only the families whose layout was seen differ from the Lite's.
    const std::array<FamilyRoot, 1> ROOTS { { { "rutoken-s", { 0x0000, 0x0000, 0x0002 } } } };
} // namespace

const FilePath& rootFor(std::string_view family)
{
    for (const auto& entry : ROOTS) {
        if (entry.family == family) {
            return entry.root;
        }
    }
    return LITE_ROOT;
}

} // namespace tokenbridge::modes::passive::cryptopro
