#pragma once

#include "core/Bytes.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace tokenbridge::cades
{

// verify's long-term part, per SignerInfo in message order (docs/protocol-keys.md `verify`):
// {"signatureType", "timestamp"?: {"time", "tsa", "valid", "error"?}, "revocation"?: {"source",
// "status", "time", "valid"}, "escTimestamp"?: {...}, "longTermDataComplete"}. Works offline:
// it checks what the message carries. `certificates` help find signer and issuer certificates.
std::vector<nlohmann::json> describeLongTerm(ByteView cms, const std::vector<Bytes>& certificates);

} // namespace tokenbridge::cades
