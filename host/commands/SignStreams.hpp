#pragma once

#include "crypto/Hasher.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace tokenbridge::commands
{

// Documents sent to `sign` in chunks: each stream keeps only a running hash (memory stays flat
// whatever the size). Idle streams are dropped after IDLE_TIMEOUT; at most MAX_STREAMS at once.
class SignStreams
{
public:
    static constexpr std::size_t MAX_STREAMS = 8;
    static constexpr std::chrono::seconds IDLE_TIMEOUT { 300 };

    struct Stream
    {
        std::string deviceId;
        std::string keyId;
        crypto::Hasher hasher;
        std::uint64_t bytes = 0;
        std::chrono::steady_clock::time_point lastUsed;
    };

    std::string start(std::string deviceId, std::string keyId, crypto::HashAlgorithm algorithm);
    // Returns the bytes received so far. `offset` must equal the bytes received before this chunk
    // (requests run concurrently in the host: a chunk out of order is refused, never hashed).
    // RequestError(INVALID_PARAMS) for an unknown stream or a wrong offset.
    std::uint64_t append(const std::string& id, std::uint64_t offset, ByteView chunk);
    struct Target
    {
        std::string deviceId;
        std::string keyId;
    };
    // Where the stream's signature will come from; the stream stays (touching it keeps it alive).
    Target target(const std::string& id);
    struct Digest
    {
        Bytes hash; // of the bytes received so far: what signFinish signs if nothing is added
        crypto::HashAlgorithm algorithm;
        std::uint64_t bytes;
    };
    Digest digest(const std::string& id);
    // Removes the stream and hands it over.
    std::unique_ptr<Stream> finish(const std::string& id);

private:
    void dropIdle();
    Stream& find(const std::string& id);
    std::mutex _mutex;
    std::map<std::string, std::unique_ptr<Stream>> _streams;
};

} // namespace tokenbridge::commands
