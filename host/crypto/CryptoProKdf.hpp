#pragma once

#include "core/Bytes.hpp"
#include "SecureBuffer.hpp"

namespace tokenbridge::crypto
{

// CryptoPro CSP's password KDF for GOST R 34.10-2012 key containers (H = Streebog-256), as the
// open-source readers describe it (li0ard/gost "CPKDF", li0ard/ckey cpkdf.py, kov-serg/get-cpcert):
// the 32-byte GOST 28147-89 key that encrypts primary.key, from the password and masks.key's
// 12-byte salt. An empty password is the container without one (2 rounds instead of 2000).
SecureBuffer cryptoProKdf(ByteView password, ByteView salt);

} // namespace tokenbridge::crypto
