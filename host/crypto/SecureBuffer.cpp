#include "SecureBuffer.hpp"

#include <openssl/crypto.h>

namespace tokenbridge::crypto
{

SecureBuffer::SecureBuffer(std::size_t size) : _bytes(size) { }

SecureBuffer::SecureBuffer(ByteView bytes) : _bytes(bytes.begin(), bytes.end()) { }

SecureBuffer::SecureBuffer(const SecureBuffer& other) : _bytes(other._bytes) { }

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept : _bytes(std::move(other._bytes))
{
    other._bytes.clear();
}

SecureBuffer& SecureBuffer::operator=(const SecureBuffer& other)
{
    if (this != &other) {
        wipe();
        _bytes = other._bytes;
    }
    return *this;
}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept
{
    if (this != &other) {
        wipe();
        _bytes = std::move(other._bytes);
        other._bytes.clear();
    }
    return *this;
}

SecureBuffer::~SecureBuffer()
{
    wipe();
}

void SecureBuffer::truncate(std::size_t size)
{
    if (size < _bytes.size()) {
        OPENSSL_cleanse(_bytes.data() + size, _bytes.size() - size);
        _bytes.resize(size);
    }
}

void SecureBuffer::wipe() noexcept
{
    if (!_bytes.empty()) {
        OPENSSL_cleanse(_bytes.data(), _bytes.size());
    }
    _bytes.clear();
}

bool operator==(const SecureBuffer& a, const SecureBuffer& b) noexcept
{
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace tokenbridge::crypto
