#pragma once

// Re-sealing a CryptoPro CSP container under another password, and the on-token file framing.
// What changes and what stays: docs/passive.md ("Re-sealing a CryptoPro container").

#include "core/Bytes.hpp"
#include "CryptoProContainer.hpp"

namespace tokenbridge::modes::passive
{

// The same container under newPassword (empty = none): validated first with oldPassword
// (CryptoProContainer::read errors), primary(2) re-encrypted, the header's hmacPassword
// recomputed, the header MAC recomputed; masks and every other byte kept.
CryptoProFiles resealCryptoPro(
    const CryptoProFiles& files, ByteView oldPassword, ByteView newPassword);

// A file as CryptoPro leaves it on a token: one DER element followed by FF padding -> the
// element; RequestError(CONTAINER_CORRUPTED) if the element's length runs past the data.
Bytes trimTokenPadding(ByteView file);

} // namespace tokenbridge::modes::passive
