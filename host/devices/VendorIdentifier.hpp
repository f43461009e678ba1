#pragma once

#include "TokenInfo.hpp"

#include <optional>
#include <string>

namespace tokenbridge::devices
{

// What the vendor's PKCS#11 library (Aktiv's rtpkcs11ecp, our module in tests) says about a
// token, in the fields of the token-info object. Declared here and implemented above the devices
// layer (modes/Pkcs11Identifier.hpp, over the process's PKCS#11 modules), because devices may not
// use the modes; app/Host.hpp wires the two.
class VendorIdentifier
{
public:
    virtual ~VendorIdentifier() = default;

    // The token in `reader`, or nullopt when no library with Aktiv's extension serves it. Asked
    // once per insertion of a card whose ATR is a Rutoken's, on the card's probe thread (so
    // possibly on several threads at once). Never throws.
    virtual std::optional<TokenInfo> describe(const std::string& reader) = 0;
};

} // namespace tokenbridge::devices
