#include "Kuznyechik.hpp"

#include "GostEngine.hpp"

#include <algorithm>

namespace tokenbridge::crypto
{

namespace
{

    // Doubling in GF(2^128) with the OMAC constant B = 0x87.
    Bytes shiftSubkey(const Bytes& in)
    {
        Bytes out(in.size());
        std::uint8_t carry = 0;
        for (std::size_t i = in.size(); i-- > 0;) {
            out[i] = static_cast<std::uint8_t>(in[i] << 1 | carry);
            carry = in[i] >> 7;
        }
        if (in[0] & 0x80) {
            out.back() ^= 0x87;
        }
        return out;
    }

} // namespace

Kuznyechik::Kuznyechik(ByteView key) : _key(key)
{
    if (key.size() != KEY_SIZE) {
        throw FatalError("Kuznyechik: key must be 32 bytes");
    }
    ensureGostEngine();
}

Bytes Kuznyechik::transform(ByteView data, bool encrypt) const
{
    if (data.size() % BLOCK_SIZE != 0) {
        throw FatalError("Kuznyechik ECB: data is not a whole number of blocks");
    }
    const EVP_CIPHER* cipher = check(EVP_get_cipherbyname("kuznyechik-ecb"), "kuznyechik-ecb");
    EvpCipherCtxPtr ctx(check(EVP_CIPHER_CTX_new(), "EVP_CIPHER_CTX_new"));
    check(EVP_CipherInit_ex(ctx.get(), cipher, nullptr, _key.data(), nullptr, encrypt ? 1 : 0),
        "EVP_CipherInit_ex");
    check(EVP_CIPHER_CTX_set_padding(ctx.get(), 0), "EVP_CIPHER_CTX_set_padding");
    Bytes out(data.size() + BLOCK_SIZE);
    int length = 0;
    int tail = 0;
    check(EVP_CipherUpdate(
              ctx.get(), out.data(), &length, data.data(), static_cast<int>(data.size())),
        "EVP_CipherUpdate");
    check(EVP_CipherFinal_ex(ctx.get(), out.data() + length, &tail), "EVP_CipherFinal_ex");
    out.resize(static_cast<std::size_t>(length + tail));
    return out;
}

Bytes Kuznyechik::encryptEcb(ByteView data) const
{
    return transform(data, true);
}

Bytes Kuznyechik::decryptEcb(ByteView data) const
{
    return transform(data, false);
}

Bytes Kuznyechik::ctr(ByteView iv, ByteView data) const
{
    if (iv.size() != CTR_IV_SIZE) {
        throw FatalError("Kuznyechik CTR: IV must be 8 bytes");
    }
    const std::size_t blocks = (data.size() + BLOCK_SIZE - 1) / BLOCK_SIZE;
    Bytes counters(blocks * BLOCK_SIZE);
    for (std::size_t i = 0; i < blocks; ++i) {
        std::uint8_t* block = counters.data() + i * BLOCK_SIZE;
        std::copy(iv.begin(), iv.end(), block);
        for (std::size_t b = 0; b < 8; ++b) {
            block[CTR_IV_SIZE + b] = static_cast<std::uint8_t>(std::uint64_t { i } >> (56 - 8 * b));
        }
    }
    Bytes out = encryptEcb(counters);
    out.resize(data.size());
    for (std::size_t i = 0; i < data.size(); ++i) {
        out[i] ^= data[i];
    }
    return out;
}

Bytes Kuznyechik::omac(ByteView data) const
{
    const Bytes k1 = shiftSubkey(encryptEcb(Bytes(BLOCK_SIZE, 0)));
    const Bytes k2 = shiftSubkey(k1);
    const bool complete = !data.empty() && data.size() % BLOCK_SIZE == 0;
    Bytes padded(data.begin(), data.end());
    if (!complete) {
        padded.push_back(0x80);
        padded.resize((padded.size() + BLOCK_SIZE - 1) / BLOCK_SIZE * BLOCK_SIZE, 0);
    }
    const Bytes& subkey = complete ? k1 : k2;
    const std::size_t last = padded.size() - BLOCK_SIZE;
    for (std::size_t i = 0; i < BLOCK_SIZE; ++i) {
        padded[last + i] ^= subkey[i];
    }
    Bytes state(BLOCK_SIZE, 0);
    for (std::size_t offset = 0; offset < padded.size(); offset += BLOCK_SIZE) {
        for (std::size_t i = 0; i < BLOCK_SIZE; ++i) {
            state[i] ^= padded[offset + i];
        }
        state = encryptEcb(state);
    }
    return state;
}

} // namespace tokenbridge::crypto
