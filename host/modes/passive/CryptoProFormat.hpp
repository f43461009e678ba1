#pragma once

// Strict parsers of the files of a CryptoPro CSP key container (header.key, masks.key,
// primary.key, name.key and the reserve masks2.key/primary2.key), as the open-source readers
// describe them (kov-serg/get-cpcert, li0ard/ckey schemas.py, kmvi/cp-extract-data; see
// docs/passive.md). No field is trusted: wrong tags, lengths or trailing bytes are
// RequestError(CONTAINER_CORRUPTED). The header's MAC is checked here; the masks MACs and the
// password by CryptoProContainer.

#include "core/Bytes.hpp"
#include "crypto/GostParamSet.hpp"
#include "crypto/SecureBuffer.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::modes::passive::cryptopro
{

struct Header
{
    Bytes content; // the DER of keyContainerContent, what the header MAC covers
    std::array<std::uint8_t, 4> mac {};
    const crypto::GostParamSet* paramSet = nullptr; // the primary key's curve
    std::string keyOid;
    std::string curveOid;
    std::string digestOid;
    bool exportable = false; // pkaExportable of the primary key's attributes
    bool secondaryKey = false; // [4] secondaryPrivateKeyParameters present
    std::optional<std::array<std::uint8_t, 4>> passwordMac; // [2] hmacPassword
    // Where re-sealing rewrites bytes in place: the content's and hmacPassword's value's offsets
    // in the file, and the header MAC's (its last 4 bytes).
    std::size_t contentOffset = 0;
    std::size_t passwordMacOffset = 0;
    std::size_t macOffset = 0;
    std::vector<Bytes> certificates; // [5] primary, [6] secondary (DER)
    std::array<std::uint8_t, 8> primaryFp {}; // [10]
};

struct Masks
{
    crypto::SecureBuffer mask; // little-endian, 32 or 64 bytes
    Bytes salt; // 12 bytes
    std::array<std::uint8_t, 4> mac {};
};

// Checks the header MAC (RequestError(CONTAINER_CORRUPTED)) before reading any field; a key
// that is not GOST R 34.10-2012 on a known curve is RequestError(INVALID_PARAMS).
Header parseHeader(ByteView file);
Masks parseMasks(ByteView file);
// The encrypted, masked private key (32 or 64 bytes).
crypto::SecureBuffer parsePrimary(ByteView file);
std::string parseName(ByteView file);

// The CryptoPro MAC: the first 4 bytes of GOST 28147-89's (param-Z), compared in constant time.
bool macMatches(ByteView key, ByteView data, const std::array<std::uint8_t, 4>& expected);

[[noreturn]] void corrupted(const std::string& what);

} // namespace tokenbridge::modes::passive::cryptopro
