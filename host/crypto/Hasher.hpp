#pragma once

#include "core/Bytes.hpp"
#include "HashAlgorithm.hpp"
#include "OpenSsl.hpp"

namespace tokenbridge::crypto
{

// Streaming digest: feed any number of chunks, then finish() once. Output bytes are the standard
// implementation's order (for Streebog: the byte-reverse of what GOST R 34.11 prints).
class Hasher
{
public:
    explicit Hasher(HashAlgorithm algorithm);
    Hasher& update(ByteView chunk);
    // Finishes the digest; the hasher cannot be updated afterwards.
    Bytes finish();
    // The digest of what was fed so far, without finishing: the hasher goes on.
    [[nodiscard]] Bytes peek() const;
    [[nodiscard]] HashAlgorithm algorithm() const noexcept { return _algorithm; }

private:
    HashAlgorithm _algorithm;
    EvpMdCtxPtr _ctx;
    bool _finished = false;
};

Bytes hash(HashAlgorithm algorithm, ByteView data);

} // namespace tokenbridge::crypto
