#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace tokenbridge::protocol
{

// The host's two byte streams (stdin/stdout in native messaging mode), abstract so that tests
// can feed bytes in any split.
class ByteReader
{
public:
    virtual ~ByteReader() = default;
    // Blocks for at least one byte; returns 0 only at end of stream. Throws on read errors.
    virtual size_t read(std::span<uint8_t> buffer) = 0;
};

class ByteWriter
{
public:
    virtual ~ByteWriter() = default;
    // Writes all bytes or throws.
    virtual void write(std::span<const uint8_t> bytes) = 0;
};

class FdReader : public ByteReader
{
public:
    explicit FdReader(int fd) : _fd(fd) { }
    size_t read(std::span<uint8_t> buffer) override;

private:
    int _fd;
};

class FdWriter : public ByteWriter
{
public:
    explicit FdWriter(int fd) : _fd(fd) { }
    void write(std::span<const uint8_t> bytes) override;

private:
    int _fd;
};

} // namespace tokenbridge::protocol
