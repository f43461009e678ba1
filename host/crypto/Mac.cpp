#include "Mac.hpp"

#include "OpenSsl.hpp"

#include <openssl/hmac.h>

#include <limits>

namespace tokenbridge::crypto
{

SecureBuffer hmac(HashAlgorithm algorithm, ByteView key, ByteView data)
{
    SecureBuffer out(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    check(HMAC(evpMd(algorithm), key.data(), static_cast<int>(key.size()), data.data(), data.size(),
              out.data(), &length),
        "HMAC");
    out.truncate(length);
    return out;
}

SecureBuffer pbkdf2Streebog512(
    ByteView password, ByteView salt, unsigned iterations, std::size_t length)
{
    constexpr auto INT_MAX_VALUE = static_cast<unsigned>(std::numeric_limits<int>::max());
    if (iterations == 0 || iterations > INT_MAX_VALUE || length == 0 || length > INT_MAX_VALUE) {
        throw FatalError("pbkdf2: invalid iteration count or length");
    }
    SecureBuffer out(length);
    check(PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(password.data()),
              static_cast<int>(password.size()), salt.data(), static_cast<int>(salt.size()),
              static_cast<int>(iterations), evpMd(HashAlgorithm::Streebog512),
              static_cast<int>(length), out.data()),
        "PKCS5_PBKDF2_HMAC");
    return out;
}

} // namespace tokenbridge::crypto
