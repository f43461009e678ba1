#include "VpcdLink.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace tokenbridge::vtoken
{

bool VpcdLink::connect()
{
    close();
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(_port);
    if (inet_pton(AF_INET, _host.c_str(), &address.sin_addr) != 1) {
        throw std::invalid_argument("bad --host address: " + _host);
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        throw std::system_error(errno, std::generic_category(), "socket");
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        const int error = errno;
        ::close(fd);
        if (error == ECONNREFUSED || error == ENETUNREACH || error == ETIMEDOUT) {
            return false;
        }
        throw std::system_error(error, std::generic_category(), "connect");
    }
    _fd = fd;
    return true;
}

void VpcdLink::close()
{
    if (_fd >= 0) {
        ::close(_fd);
        _fd = -1;
    }
}

bool VpcdLink::readExact(uint8_t* buffer, size_t size)
{
    size_t got = 0;
    while (got < size) {
        // Linux clears QUICKACK after each ACK; without it every frame costs 40 ms (pitfall P3).
        const int one = 1;
        ::setsockopt(_fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
        const ssize_t n = ::recv(_fd, buffer + got, size - got, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        got += static_cast<size_t>(n);
    }
    return true;
}

std::optional<std::vector<uint8_t>> VpcdLink::readFrame()
{
    uint8_t header[2];
    if (!readExact(header, 2)) {
        return std::nullopt;
    }
    std::vector<uint8_t> payload(static_cast<size_t>(header[0]) << 8 | header[1]);
    if (!payload.empty() && !readExact(payload.data(), payload.size())) {
        return std::nullopt;
    }
    return payload;
}

bool VpcdLink::writeFrame(std::span<const uint8_t> payload)
{
    if (payload.size() > 0xFFFF) {
        throw std::length_error("vpcd frame too long");
    }
    std::vector<uint8_t> frame;
    frame.reserve(payload.size() + 2);
    frame.push_back(static_cast<uint8_t>(payload.size() >> 8));
    frame.push_back(static_cast<uint8_t>(payload.size()));
    frame.insert(frame.end(), payload.begin(), payload.end());
    size_t sent = 0;
    while (sent < frame.size()) {
        const ssize_t n = ::send(_fd, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        sent += static_cast<size_t>(n);
    }
    return true;
}

} // namespace tokenbridge::vtoken
