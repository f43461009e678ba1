#pragma once

#include "core/Apdu.hpp"
#include "ChannelKeys.hpp"

#include <cstdint>

namespace tokenbridge::fkn
{

enum class ChannelRole { Host, Token };

// The "SM-GOST v1" codec after SESPAKE (docs/fkn.md "Secure channel"): Kuznyechik-CTR +
// OMAC (encrypt-then-MAC) over counter, header and body; one send sequence counter per
// direction, the receiver takes exactly last + 1. Any failure (bad MAC, replay, reordering,
// wrong direction, malformed envelope, use by the wrong role) throws
// RetryableError(CARD_ERROR), wipes the keys and kills the channel: every later call throws.
class SecureChannel
{
public:
    SecureChannel(const SespakeResult& exchange, ChannelRole role);

    // Host side.
    Bytes wrapCommand(const CommandApdu& plain);
    ResponseApdu unwrapResponse(ByteView raw);
    // Token side.
    CommandApdu unwrapCommand(ByteView raw);
    Bytes wrapResponse(const ResponseApdu& plain);

    [[nodiscard]] bool alive() const noexcept { return _alive; }
    // Ends the session and wipes the keys (logout, card reset).
    void close() noexcept;

private:
    struct Direction
    {
        crypto::SecureBuffer enc, mac;
        std::uint64_t ssc = 0; // last used (send) or last accepted (receive)
    };
    void require(ChannelRole role);
    [[noreturn]] void fail(const char* what);
    std::uint64_t nextSend();

    ChannelRole _role;
    Direction _send, _receive;
    bool _alive = true;
};

} // namespace tokenbridge::fkn
