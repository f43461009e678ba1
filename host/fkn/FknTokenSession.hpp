#pragma once

#include "SecureChannel.hpp"
#include "SespakeToken.hpp"

#include <functional>
#include <memory>
#include <optional>

namespace tokenbridge::fkn
{

// Token side over APDUs, for the emulator: answers the SESPAKE commands and opens/keeps the
// channel. `persist` is called whenever the credential's counters changed (after START and
// after CONFIRM, success or failure); it must write the credential to storage before returning.
class FknTokenSession
{
public:
    using Persist = std::function<void(const TokenCredential&)>;
    using Inner = std::function<ResponseApdu(const CommandApdu&)>;

    FknTokenSession(
        TokenCredential& credential, Persist persist, ScalarSource scalars = randomScalar);

    // CLA 80 INS 5A/5B/5C; nullopt for any other command. START without data is the status form
    // (as VERIFY without data): 63Cx = C_1's tries left, 6983 = blocked; it changes nothing.
    std::optional<ResponseApdu> handleSespake(const CommandApdu& command);
    // A protected APDU (CLA with 0x0C set): unwraps, runs `inner` on the plain command, wraps
    // its answer. Without a session -> plain 6985; a refused message -> plain 6988 and the
    // session is over.
    Bytes handleProtected(ByteView raw, const Inner& inner);

    [[nodiscard]] bool established() const noexcept { return _channel && _channel->alive(); }
    // Card reset / power off / logout.
    void reset() noexcept;

private:
    [[nodiscard]] ResponseApdu triesLeft() const;

    TokenCredential& _credential;
    Persist _persist;
    ScalarSource _scalars;
    std::unique_ptr<SespakeToken> _pake;
    std::unique_ptr<SecureChannel> _channel;
};

} // namespace tokenbridge::fkn
