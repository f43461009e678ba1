#include "CryptoProKdf.hpp"

#include "Hasher.hpp"

#include <openssl/crypto.h>

#include <string_view>

namespace tokenbridge::crypto
{

namespace
{
    constexpr std::size_t BLOCK = 64; // twice the digest, as the readers size the pads
    constexpr std::string_view SEED = "DENEFH028.760246785.IUEFHWUIO.EF";

    SecureBuffer digest(std::initializer_list<ByteView> parts)
    {
        Hasher hasher(HashAlgorithm::Streebog256);
        for (const auto part : parts) {
            hasher.update(part);
        }
        Bytes out = hasher.finish();
        SecureBuffer secret(out);
        OPENSSL_cleanse(out.data(), out.size());
        return secret;
    }

    // c zero-padded to BLOCK bytes and xored with the pad byte.
    SecureBuffer padded(ByteView c, std::uint8_t pad)
    {
        SecureBuffer out(BLOCK);
        for (std::size_t i = 0; i < BLOCK; ++i) {
            out[i] = static_cast<std::uint8_t>((i < c.size() ? c[i] : 0) ^ pad);
        }
        return out;
    }
} // namespace

SecureBuffer cryptoProKdf(ByteView password, ByteView salt)
{
    // Each password byte followed by three zero bytes (the readers' "pin4").
    SecureBuffer pin(password.size() * 4);
    for (std::size_t i = 0; i < password.size(); ++i) {
        pin[4 * i] = password[i];
    }
    const SecureBuffer first = digest({ salt, pin.view() });
    const unsigned rounds = password.empty() ? 2 : 2000;
    SecureBuffer c(ByteView(reinterpret_cast<const std::uint8_t*>(SEED.data()), SEED.size()));
    for (unsigned round = 0; round < rounds; ++round) {
        const SecureBuffer inner = padded(c.view(), 0x36);
        const SecureBuffer outer = padded(c.view(), 0x5c);
        c = digest({ inner.view(), first.view(), outer.view(), first.view() });
    }
    const SecureBuffer inner = padded(c.view(), 0x36);
    const SecureBuffer outer = padded(c.view(), 0x5c);
    const SecureBuffer last =
        digest({ inner.view().first(32), salt, outer.view().first(32), pin.view() });
    return digest({ last.view() });
}

} // namespace tokenbridge::crypto
