#pragma once

#include "core/Bytes.hpp"

#include <cstddef>
#include <cstdint>

namespace tokenbridge::crypto
{

// Owns secret bytes (private scalars, derived keys, PEM/DER private keys) and wipes them with
// OPENSSL_cleanse on destruction and reassignment so they do not linger in freed heap memory.
class SecureBuffer
{
public:
    SecureBuffer() = default;
    explicit SecureBuffer(std::size_t size);
    explicit SecureBuffer(ByteView bytes);
    SecureBuffer(const SecureBuffer& other);
    SecureBuffer(SecureBuffer&& other) noexcept;
    SecureBuffer& operator=(const SecureBuffer& other);
    SecureBuffer& operator=(SecureBuffer&& other) noexcept;
    ~SecureBuffer();

    [[nodiscard]] std::uint8_t* data() noexcept { return _bytes.data(); }
    [[nodiscard]] const std::uint8_t* data() const noexcept { return _bytes.data(); }
    [[nodiscard]] std::size_t size() const noexcept { return _bytes.size(); }
    [[nodiscard]] bool empty() const noexcept { return _bytes.empty(); }
    [[nodiscard]] ByteView view() const noexcept { return { _bytes.data(), _bytes.size() }; }
    std::uint8_t& operator[](std::size_t index) { return _bytes[index]; }
    std::uint8_t operator[](std::size_t index) const { return _bytes[index]; }
    // Shrinks without reallocating (the tail is wiped first).
    void truncate(std::size_t size);
    void wipe() noexcept;

    friend bool operator==(const SecureBuffer& a, const SecureBuffer& b) noexcept;

private:
    // Never grown after construction, so no reallocation leaves an unwiped copy behind.
    Bytes _bytes;
};

} // namespace tokenbridge::crypto
