#pragma once

#include "core/Bytes.hpp"
#include "crypto/KeyAlgorithm.hpp"

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::modes::passive
{

// The two EFs of a container and the directory EF (docs/passive.md). Every decoder throws
// RequestError(CONTAINER_CORRUPTED) on anything malformed; none trusts a length it reads.

struct PublicPart
{
    crypto::KeyAlgorithm algorithm = crypto::KeyAlgorithm::Gost2012_256;
    std::string paramSetOid;
    std::string label;
    std::int64_t created = 0;
    bool exportable = false;
    Bytes spki;
    std::optional<Bytes> certificate;
    Bytes keyId; // 20 bytes
};

struct PrivatePart
{
    Bytes salt; // 16
    std::uint32_t iterations = 0;
    Bytes iv; // 8
    Bytes ciphertext; // 32 or 64
    Bytes mac; // 16
};

inline constexpr std::size_t MAX_LABEL = 64;
inline constexpr std::size_t KEY_ID_SIZE = 20;

Bytes encodePublic(const PublicPart& part);
PublicPart decodePublic(ByteView bytes);
Bytes encodePrivate(const PrivatePart& part);
PrivatePart decodePrivate(ByteView bytes);
// The bytes the OMAC covers: key id || the encoded tags 01..05.
Bytes privateMacInput(ByteView keyId, const PrivatePart& part);

struct DirectoryEntry
{
    std::uint16_t publicFid = 0;
    std::uint16_t privateFid = 0;
};

struct Directory
{
    std::uint32_t generation = 0;
    std::vector<DirectoryEntry> entries;
};

inline constexpr std::size_t DIRECTORY_MAX_ENTRIES = 32;
inline constexpr std::size_t DIRECTORY_SIZE = 8 + 4 * DIRECTORY_MAX_ENTRIES; // one UPDATE BINARY

Bytes encodeDirectory(const Directory& directory); // always DIRECTORY_SIZE bytes
// An EF of zeros (just created, never committed) is an empty directory.
Directory decodeDirectory(ByteView bytes);

} // namespace tokenbridge::modes::passive
