#include "KeySealing.hpp"

#include "crypto/Kuznyechik.hpp"
#include "crypto/Mac.hpp"
#include "core/Error.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace tokenbridge::modes::passive
{

namespace
{

    constexpr std::size_t SALT_SIZE = 16;

    Bytes randomBytes(std::size_t size)
    {
        Bytes out(size);
        if (RAND_bytes(out.data(), static_cast<int>(size)) != 1) {
            throw FatalError("RAND_bytes failed");
        }
        return out;
    }

    struct DerivedKeys
    {
        crypto::Kuznyechik cipher;
        crypto::Kuznyechik mac;
    };

    DerivedKeys deriveKeys(ByteView pin, const PrivatePart& part)
    {
        const auto material = crypto::pbkdf2Streebog512(pin, part.salt, part.iterations, 64);
        const auto view = material.view();
        return { crypto::Kuznyechik(view.subspan(0, 32)),
            crypto::Kuznyechik(view.subspan(32, 32)) };
    }

} // namespace

PrivatePart sealPrivateKey(
    ByteView pin, ByteView keyId, ByteView scalarLittleEndian, std::uint32_t iterations)
{
    PrivatePart part;
    part.salt = randomBytes(SALT_SIZE);
    part.iterations = iterations;
    part.iv = randomBytes(crypto::Kuznyechik::CTR_IV_SIZE);
    const auto keys = deriveKeys(pin, part);
    part.ciphertext = keys.cipher.ctr(part.iv, scalarLittleEndian);
    part.mac = keys.mac.omac(privateMacInput(keyId, part));
    return part;
}

crypto::SecureBuffer openPrivateKey(ByteView pin, ByteView keyId, const PrivatePart& part)
{
    const auto keys = deriveKeys(pin, part);
    const auto expected = keys.mac.omac(privateMacInput(keyId, part));
    if (expected.size() != part.mac.size()
        || CRYPTO_memcmp(expected.data(), part.mac.data(), expected.size()) != 0) {
        throw RequestError(ErrorCode::CONTAINER_CORRUPTED,
            "the key container on the token is damaged: integrity check failed");
    }
    auto plain = keys.cipher.ctr(part.iv, part.ciphertext);
    crypto::SecureBuffer scalar(plain);
    OPENSSL_cleanse(plain.data(), plain.size());
    return scalar;
}

} // namespace tokenbridge::modes::passive
