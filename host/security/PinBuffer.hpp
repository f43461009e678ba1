#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace tokenbridge::security
{

// Holds a PIN in a fixed in-object buffer: never reallocated (so no stray copies are left in
// freed heap), locked in RAM best-effort, wiped with explicit_bzero on clear and destruction.
// Neither copyable nor movable, so the PIN exists in exactly one place.
class PinBuffer
{
public:
    static constexpr size_t CAPACITY = 256;

    PinBuffer();
    ~PinBuffer();
    PinBuffer(const PinBuffer&) = delete;
    PinBuffer& operator=(const PinBuffer&) = delete;
    PinBuffer(PinBuffer&&) = delete;
    PinBuffer& operator=(PinBuffer&&) = delete;

    // Throws UserActionError(PIN_INVALID) when the PIN does not fit; the buffer is then empty.
    void assign(std::span<const char> pin);
    void append(char c);
    void clear() noexcept;
    void truncate(size_t size) noexcept; // wipes the bytes past size

    [[nodiscard]] size_t size() const noexcept { return _size; }
    [[nodiscard]] bool empty() const noexcept { return _size == 0; }
    [[nodiscard]] std::span<const unsigned char> bytes() const noexcept;
    [[nodiscard]] std::string_view view() const noexcept;
    [[nodiscard]] bool locked() const noexcept { return _locked; }

private:
    std::array<char, CAPACITY> _data {};
    size_t _size = 0;
    bool _locked = false;
};

// Reads a PIN file straight into `pin` (no intermediate string); one trailing "\n" or "\r\n"
// is dropped. Throws UserActionError(PIN_INVALID) if empty or too long, RequestError
// (INVALID_PARAMS) if the file can't be read. Messages name the path, never the content.
void readPinFile(const char* path, PinBuffer& pin);
// The same for a CryptoPro container password (`--container-password-file`): an empty file is
// the empty password (a container without one); too long is RequestError(INVALID_PARAMS).
void readContainerPasswordFile(const char* path, PinBuffer& password);

} // namespace tokenbridge::security
