#pragma once

#include "EcCurve.hpp"
#include "TokenCredential.hpp"

#include <memory>

namespace tokenbridge::fkn
{

// RFC 8133 role B (the token, knows Q_PW, ind, salt) as a pure state machine over a credential
// the caller owns and persists. The counters are decremented in start(), before any EC work
// (spec 2.4), so the caller must persist the credential after start() and after confirm().
// Errors (the emulator maps them to status words, docs/fkn.md):
//   any counter at 0                     -> UserActionError(PIN_BLOCKED)
//   wrong MAC_A (wrong PIN)              -> UserActionError(PIN_INCORRECT, {"retriesLeft": C_1})
//   invalid/small-order point, malformed -> RequestError(INVALID_PARAMS)
//   call out of order / session dead     -> RequestError(BAD_REQUEST)
// Every failure ends the exchange; the attempt stays counted.
class SespakeToken
{
public:
    explicit SespakeToken(TokenCredential& credential, ScalarSource scalars = randomScalar);

    // Steps 3-5: ID_A -> the parameters (ID_ALG, ID_B, ind, salt).
    SespakeParams start(ByteView idA);
    // Steps 10-14: U_1 -> U_2.
    Bytes exchange(ByteView u1);
    // Steps 22-27: MAC_A (+ DATA_A) -> MAC_B (over DATA_B too).
    Bytes confirm(ByteView macA, ByteView dataA = {}, ByteView dataB = {});
    // After confirm(): K and the transcript, once.
    SespakeResult takeResult();

private:
    enum class State { Start, Started, SentU2, Done, Dead };
    void expect(State state);
    [[noreturn]] void fail(const Error& error);

    TokenCredential& _credential;
    ScalarSource _scalars;
    State _state = State::Start;
    std::unique_ptr<EcCurve> _curve;
    Bytes _idA, _u1, _u2, _macA, _macB;
    crypto::SecureBuffer _key;
    bool _z = false;
};

} // namespace tokenbridge::fkn
