#pragma once

#include "core/Bytes.hpp"

#include <span>

namespace tokenbridge::vtoken
{

// Test hook --tamper-sm-response N (docs/vtoken.md): flips one bit of the N-th protected
// response (1-based, counted over the process's life) so a host's detection of a forged
// secure-messaging answer can be tested over real PC/SC. Only responses that carry a secure-
// messaging body (85 .. 8E 08 MAC) count; plain errors to protected commands do not.
class SmTamper
{
public:
    explicit SmTamper(unsigned target = 0) : _target(target) { }

    // True when it flipped a bit of `response` (the answer to `command`).
    bool apply(std::span<const uint8_t> command, Bytes& response);

private:
    unsigned _target;
    unsigned _seen = 0;
};

} // namespace tokenbridge::vtoken
