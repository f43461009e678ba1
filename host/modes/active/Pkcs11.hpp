#pragma once

// The one include of the Cryptoki headers for the active mode: p11-kit's copy (PKCS#11 2.40 in
// its compatibility spelling) plus pkcs11x.h for the TC26 GOST 2012 vendor block (0xD4321000).
#include <p11-kit/pkcs11.h>
#include <p11-kit/pkcs11x.h>

#include <cstdint>
#include <span>

namespace tokenbridge::modes::active
{

// A PIN as the host keeps it (security::PinBuffer::bytes()): borrowed, never copied into a
// string, never logged.
using PinView = std::span<const unsigned char>;

} // namespace tokenbridge::modes::active
