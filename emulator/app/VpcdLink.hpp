#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tokenbridge::vtoken
{

// The card end of a vpcd slot: a TCP connection to the port vpcd listens on, carrying
// `uint16 big-endian length + payload` frames both ways. Connected = card inserted.
class VpcdLink
{
public:
    VpcdLink(std::string host, uint16_t port) : _host(std::move(host)), _port(port) { }
    ~VpcdLink() { close(); }
    VpcdLink(const VpcdLink&) = delete;
    VpcdLink& operator=(const VpcdLink&) = delete;

    // False when nothing listens yet (pcscd not up); throws std::system_error otherwise.
    bool connect();
    void close();
    bool connected() const { return _fd >= 0; }
    int fd() const { return _fd; }

    // Blocks until a whole frame arrived; empty optional when vpcd closed the connection.
    std::optional<std::vector<uint8_t>> readFrame();
    // Header and payload in one send() (pitfall P3). False when the connection is gone.
    bool writeFrame(std::span<const uint8_t> payload);

private:
    bool readExact(uint8_t* buffer, size_t size);

    std::string _host;
    uint16_t _port;
    int _fd = -1;
};

} // namespace tokenbridge::vtoken
