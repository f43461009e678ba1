#include "ByteStream.hpp"

#include <cerrno>
#include <system_error>
#include <unistd.h>

namespace tokenbridge::protocol
{

size_t FdReader::read(std::span<uint8_t> buffer)
{
    for (;;) {
        const ssize_t n = ::read(_fd, buffer.data(), buffer.size());
        if (n >= 0) {
            return static_cast<size_t>(n);
        }
        if (errno != EINTR) {
            throw std::system_error(errno, std::generic_category(), "read");
        }
    }
}

void FdWriter::write(std::span<const uint8_t> bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::write(_fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw std::system_error(errno, std::generic_category(), "write");
        }
        bytes = bytes.subspan(static_cast<size_t>(n));
    }
}

} // namespace tokenbridge::protocol
