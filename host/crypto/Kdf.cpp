#include "Kdf.hpp"

#include "Mac.hpp"
#include "core/Error.hpp"

#include <algorithm>

namespace tokenbridge::crypto
{

namespace
{

    // Big-endian, at least `minimum` bytes, no leading zero bytes beyond that.
    Bytes bigEndian(std::uint64_t value, std::size_t minimum)
    {
        Bytes out;
        while (value != 0 || out.size() < minimum) {
            out.insert(out.begin(), static_cast<std::uint8_t>(value & 0xff));
            value >>= 8;
        }
        return out;
    }

    SecureBuffer hmac256(
        ByteView key, const Bytes& counter, ByteView label, ByteView seed, const Bytes& length)
    {
        Bytes input(counter);
        input.insert(input.end(), label.begin(), label.end());
        input.push_back(0x00);
        input.insert(input.end(), seed.begin(), seed.end());
        input.insert(input.end(), length.begin(), length.end());
        return hmac(HashAlgorithm::Streebog256, key, input);
    }

} // namespace

SecureBuffer kdf256(ByteView key, ByteView label, ByteView seed)
{
    return hmac256(key, { 0x01 }, label, seed, { 0x01, 0x00 });
}

SecureBuffer kdfTree256(
    ByteView key, ByteView label, ByteView seed, std::size_t length, unsigned counterBytes)
{
    constexpr std::size_t BLOCK = 32;
    const std::size_t blocks = (length + BLOCK - 1) / BLOCK;
    if (counterBytes < 1 || counterBytes > 4 || length == 0
        || (counterBytes < 4 && blocks >= (std::size_t { 1 } << (8 * counterBytes)))) {
        throw FatalError("kdfTree256: invalid length or counter size");
    }
    const Bytes lengthField = bigEndian(std::uint64_t { length } * 8, 1);
    SecureBuffer out(blocks * BLOCK);
    for (std::size_t i = 1; i <= blocks; ++i) {
        const auto block = hmac256(key, bigEndian(i, counterBytes), label, seed, lengthField);
        std::copy(block.data(), block.data() + BLOCK, out.data() + (i - 1) * BLOCK);
    }
    out.truncate(length);
    return out;
}

} // namespace tokenbridge::crypto
