#include "SignStreams.hpp"

#include "core/Error.hpp"

#include <openssl/rand.h>

namespace tokenbridge::commands
{

namespace
{

    [[noreturn]] void unknownStream(const std::string& id)
    {
        throw RequestError(ErrorCode::INVALID_PARAMS,
            "no signing stream " + id + " (finished, timed out or never started)",
            { { "param", "streamId" } });
    }

} // namespace

void SignStreams::dropIdle()
{
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(
        _streams, [&](const auto& item) { return now - item.second->lastUsed > IDLE_TIMEOUT; });
}

std::string SignStreams::start(
    std::string deviceId, std::string keyId, crypto::HashAlgorithm algorithm)
{
    Bytes random(16);
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
        throw FatalError("RAND_bytes failed");
    }
    const auto id = toHex(random);
    const std::lock_guard lock(_mutex);
    dropIdle();
    if (_streams.size() >= MAX_STREAMS) {
        throw RetryableError(ErrorCode::BUSY, "too many signing streams open");
    }
    _streams.emplace(id,
        std::make_unique<Stream>(Stream { std::move(deviceId), std::move(keyId),
            crypto::Hasher(algorithm), 0, std::chrono::steady_clock::now() }));
    return id;
}

SignStreams::Stream& SignStreams::find(const std::string& id)
{
    dropIdle();
    const auto found = _streams.find(id);
    if (found == _streams.end()) {
        unknownStream(id);
    }
    found->second->lastUsed = std::chrono::steady_clock::now();
    return *found->second;
}

SignStreams::Target SignStreams::target(const std::string& id)
{
    const std::lock_guard lock(_mutex);
    const auto& stream = find(id);
    return { stream.deviceId, stream.keyId };
}

std::uint64_t SignStreams::append(const std::string& id, std::uint64_t offset, ByteView chunk)
{
    const std::lock_guard lock(_mutex);
    auto& stream = find(id);
    if (offset != stream.bytes) {
        throw RequestError(ErrorCode::INVALID_PARAMS,
            "chunk out of order: send the next chunk after the previous one's reply",
            { { "param", "offset" }, { "expected", stream.bytes } });
    }
    stream.hasher.update(chunk);
    stream.bytes += chunk.size();
    return stream.bytes;
}

SignStreams::Digest SignStreams::digest(const std::string& id)
{
    const std::lock_guard lock(_mutex);
    const auto& stream = find(id);
    return { stream.hasher.peek(), stream.hasher.algorithm(), stream.bytes };
}

std::unique_ptr<SignStreams::Stream> SignStreams::finish(const std::string& id)
{
    const std::lock_guard lock(_mutex);
    find(id);
    const auto found = _streams.find(id);
    auto stream = std::move(found->second);
    _streams.erase(found);
    return stream;
}

} // namespace tokenbridge::commands
