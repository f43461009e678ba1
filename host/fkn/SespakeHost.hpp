#pragma once

#include "EcCurve.hpp"
#include "SespakeTypes.hpp"

#include <memory>
#include <optional>

namespace tokenbridge::fkn
{

// RFC 8133 role A (the host, knows the PIN) as a pure state machine: feed it the token's
// messages in order, send what it returns. No I/O. Any failure leaves it dead (all later calls
// throw). Errors: a malformed or invalid token message (point not on the curve, wrong MAC_B)
// -> RetryableError(CARD_ERROR); a call out of order -> FatalError.
class SespakeHost
{
public:
    explicit SespakeHost(ByteView pin, Bytes idA = { DEFAULT_ID, DEFAULT_ID + 4 },
        ScalarSource scalars = randomScalar);

    // Step 1: ID_A, sent with SESPAKE START.
    [[nodiscard]] const Bytes& idA() const noexcept { return _idA; }
    // Steps 6-9: the token's parameters -> U_1 = BYTES(alpha*P - Q_PW). The PIN is wiped here.
    Bytes onParams(const SespakeParams& params);
    // Steps 15-21: U_2 -> MAC_A (followed on the wire by dataA).
    Bytes onTokenPoint(ByteView u2, ByteView dataA = {});
    // Steps 28-30: MAC_B (+ DATA_B) -> the shared key and transcript.
    SespakeResult onTokenConfirm(ByteView macB, ByteView dataB = {});

private:
    enum class State { Start, SentU1, SentMacA, Done, Dead };
    void expect(State state) const;
    [[noreturn]] void fail(const char* what);

    State _state = State::Start;
    crypto::SecureBuffer _pin;
    Bytes _idA;
    ScalarSource _scalars;
    SespakeParams _params;
    std::unique_ptr<EcCurve> _curve;
    crypto::BignumPtr _alpha;
    EcPointPtr _qpw;
    Bytes _u1, _u2, _dataA, _macA;
    crypto::SecureBuffer _key;
    bool _z = false;
};

} // namespace tokenbridge::fkn
