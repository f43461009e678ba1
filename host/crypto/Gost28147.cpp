#include "Gost28147.hpp"

#include "core/Error.hpp"

#include <openssl/crypto.h>

namespace tokenbridge::crypto
{

namespace
{
    constexpr std::size_t BLOCK = 8;

    std::uint32_t loadLe(const std::uint8_t* bytes) noexcept
    {
        return static_cast<std::uint32_t>(bytes[0]) | static_cast<std::uint32_t>(bytes[1]) << 8
            | static_cast<std::uint32_t>(bytes[2]) << 16
            | static_cast<std::uint32_t>(bytes[3]) << 24;
    }

    void storeLe(std::uint32_t word, std::uint8_t* out) noexcept
    {
        for (int i = 0; i < 4; ++i) {
            out[i] = static_cast<std::uint8_t>(word >> (8 * i));
        }
    }

    // Key word order of the 32 rounds: encryption is K1..K8 three times, then K8..K1;
    // decryption the reverse (K1..K8 once, then K8..K1 three times).
    constexpr std::array<std::uint8_t, 32> ENCRYPT_ORDER = { 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4,
        5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1, 0 };
    constexpr std::array<std::uint8_t, 32> DECRYPT_ORDER = { 0, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3,
        2, 1, 0, 7, 6, 5, 4, 3, 2, 1, 0, 7, 6, 5, 4, 3, 2, 1, 0 };
} // namespace

const Gost28147SBox& gost28147ParamZ()
{
    static const Gost28147SBox sbox = { {
        { 12, 4, 6, 2, 10, 5, 11, 9, 14, 8, 13, 7, 0, 3, 15, 1 },
        { 6, 8, 2, 3, 9, 10, 5, 12, 1, 14, 4, 7, 11, 13, 0, 15 },
        { 11, 3, 5, 8, 2, 15, 10, 13, 14, 1, 7, 4, 12, 9, 6, 0 },
        { 12, 8, 2, 1, 13, 4, 15, 6, 7, 0, 10, 5, 3, 14, 9, 11 },
        { 7, 15, 5, 10, 8, 1, 6, 13, 0, 9, 3, 14, 11, 4, 2, 12 },
        { 5, 13, 15, 6, 9, 2, 12, 10, 11, 7, 8, 1, 4, 3, 14, 0 },
        { 8, 14, 2, 5, 6, 9, 1, 12, 15, 4, 11, 0, 13, 10, 3, 7 },
        { 1, 7, 14, 13, 0, 5, 8, 3, 4, 15, 10, 6, 9, 12, 11, 2 },
    } };
    return sbox;
}

Gost28147::Gost28147(ByteView key, const Gost28147SBox& sbox) : _sbox(sbox)
{
    if (key.size() != 32) {
        throw FatalError("GOST 28147-89 needs a 32-byte key");
    }
    for (std::size_t i = 0; i < _key.size(); ++i) {
        _key[i] = loadLe(key.data() + 4 * i);
    }
}

Gost28147::~Gost28147()
{
    OPENSSL_cleanse(_key.data(), sizeof(_key));
}

std::uint32_t Gost28147::round(std::uint32_t half, std::uint32_t key) const noexcept
{
    const std::uint32_t sum = half + key;
    std::uint32_t substituted = 0;
    for (unsigned i = 0; i < 8; ++i) {
        substituted |= static_cast<std::uint32_t>(_sbox[i][(sum >> (4 * i)) & 0x0f]) << (4 * i);
    }
    return substituted << 11 | substituted >> 21;
}

SecureBuffer Gost28147::encryptEcb(ByteView data) const
{
    return ecb(data, ENCRYPT_ORDER);
}

SecureBuffer Gost28147::decryptEcb(ByteView data) const
{
    return ecb(data, DECRYPT_ORDER);
}

SecureBuffer Gost28147::ecb(ByteView data, const std::array<std::uint8_t, 32>& order) const
{
    if (data.size() % BLOCK != 0) {
        throw FatalError("GOST 28147-89 ECB needs whole blocks");
    }
    SecureBuffer out(data.size());
    for (std::size_t offset = 0; offset < data.size(); offset += BLOCK) {
        std::uint32_t n1 = loadLe(data.data() + offset);
        std::uint32_t n2 = loadLe(data.data() + offset + 4);
        for (const auto index : order) {
            const std::uint32_t next = n2 ^ round(n1, _key[index]);
            n2 = n1;
            n1 = next;
        }
        // The last round does not swap the halves.
        storeLe(n2, out.data() + offset);
        storeLe(n1, out.data() + offset + 4);
    }
    return out;
}

std::array<std::uint8_t, 8> Gost28147::mac(ByteView data) const
{
    std::size_t blocks = (data.size() + BLOCK - 1) / BLOCK;
    blocks = blocks < 2 ? 2 : blocks;
    std::uint32_t n1 = 0;
    std::uint32_t n2 = 0;
    for (std::size_t block = 0; block < blocks; ++block) {
        std::array<std::uint8_t, BLOCK> chunk {};
        for (std::size_t i = 0; i < BLOCK && block * BLOCK + i < data.size(); ++i) {
            chunk[i] = data[block * BLOCK + i];
        }
        n1 ^= loadLe(chunk.data());
        n2 ^= loadLe(chunk.data() + 4);
        // 16 rounds of encryption (K1..K8 twice), each one swapping the halves (unlike the
        // full cipher's last round): what matches the MACs CryptoPro CSP wrote in the sample.
        for (unsigned r = 0; r < 16; ++r) {
            const std::uint32_t next = n2 ^ round(n1, _key[r % 8]);
            n2 = n1;
            n1 = next;
        }
    }
    std::array<std::uint8_t, 8> out {};
    storeLe(n1, out.data());
    storeLe(n2, out.data() + 4);
    return out;
}

} // namespace tokenbridge::crypto
