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
    VpcdLink(std::string host, uint16_t port) : host_(std::move(host)), port_(port) { }
    ~VpcdLink() { close(); }
    VpcdLink(const VpcdLink&) = delete;
    VpcdLink& operator=(const VpcdLink&) = delete;

    // False when nothing listens yet (pcscd not up); throws std::system_error otherwise.
    bool connect();
    void close();
    bool connected() const { return fd_ >= 0; }
    int fd() const { return fd_; }

    // Blocks until a whole frame arrived; empty optional when vpcd closed the connection.
    std::optional<std::vector<uint8_t>> readFrame();
    // Header and payload in one send() (pitfall P3). False when the connection is gone.
    bool writeFrame(std::span<const uint8_t> payload);

private:
    bool readExact(uint8_t* buffer, size_t size);

    std::string host_;
    uint16_t port_;
    int fd_ = -1;
};

} // namespace tokenbridge::vtoken
