#pragma once

#include <optional>
#include <string_view>

namespace tokenbridge
{

// The modes of operation of docs/compatibility.md, most secure first (the enum order is the
// ranking). The compatibility matrix gives a token's modes; a key store serves one of them
// (FKN keys: Fkn, PKCS#11 keys: ActivePkcs11, key files: Passive).
enum class Mode { Fkn, FknNfc, ActivePkcs11, ActiveCrypt, Passive };

// "fkn", "fkn-nfc", "active-pkcs11", "active-crypt", "passive".
std::string_view modeName(Mode mode);
std::optional<Mode> parseMode(std::string_view name);
// The key passes through the computer's memory (only passive).
bool isExtractable(Mode mode);
// SESPAKE and the protected channel (fkn, fkn-nfc).
bool isFkn(Mode mode);
// Served through PKCS#11 (active-pkcs11, active-crypt).
bool isActive(Mode mode);

} // namespace tokenbridge
