#include "SespakeToken.hpp"

#include "SespakeMath.hpp"
#include "core/Error.hpp"

namespace tokenbridge::fkn
{

SespakeToken::SespakeToken(TokenCredential& credential, ScalarSource scalars) :
    _credential(credential), _scalars(std::move(scalars))
{
}

void SespakeToken::expect(State state)
{
    if (_state != state) {
        fail(RequestError(ErrorCode::BAD_REQUEST, "SESPAKE: message out of order"));
    }
}

void SespakeToken::fail(const Error& error)
{
    _state = State::Dead;
    _key.wipe();
    if (const auto* user = dynamic_cast<const UserActionError*>(&error)) {
        throw *user;
    }
    throw RequestError(error.code(), error.what(), error.details());
}

SespakeParams SespakeToken::start(ByteView idA)
{
    expect(State::Start);
    Counters& c = _credential.counters;
    if (c.blocked()) {
        fail(UserActionError(ErrorCode::PIN_BLOCKED, "the PIN is blocked"));
    }
    --c.consecutive;
    --c.lifetimeFailures;
    --c.lifetimeAttempts;
    _idA.assign(idA.begin(), idA.end());
    _curve = std::make_unique<EcCurve>(_credential.params.curve);
    _state = State::Started;
    return _credential.params;
}

Bytes SespakeToken::exchange(ByteView u1)
{
    expect(State::Started);
    const EcPointPtr point = _curve->decode(u1);
    const EcPointPtr qpw = _curve->decode(_credential.qpw);
    if (!point || !qpw) {
        fail(RequestError(ErrorCode::INVALID_PARAMS, "SESPAKE: invalid point"));
    }
    _u1.assign(u1.begin(), u1.end());
    const crypto::BignumPtr beta = _scalars(_curve->order());
    if (BN_is_zero(beta.get()) || BN_cmp(beta.get(), _curve->order()) >= 0) {
        fail(RequestError(ErrorCode::INVALID_PARAMS, "SESPAKE: scalar out of range"));
    }
    EcPointPtr qB = replaceSmallOrder(*_curve, _curve->add(point.get(), qpw.get()), beta.get(), _z);
    _key = sharedKey(*_curve, beta.get(), qB.get());
    const EcPointPtr betaP = _curve->mulGenerator(beta.get());
    _u2 = _curve->encode(_curve->add(betaP.get(), qpw.get()).get());
    _state = State::SentU2;
    return _u2;
}

Bytes SespakeToken::confirm(ByteView macA, ByteView dataA, ByteView dataB)
{
    expect(State::SentU2);
    const SespakeParams& params = _credential.params;
    const Bytes expected = sespakeMac(_key.view(), { 0x01, _idA, &params, _u1, _u2, dataA, {} });
    if (!tagsEqual(expected, macA)) {
        fail(UserActionError(ErrorCode::PIN_INCORRECT, "SESPAKE authentication failed",
            { { "retriesLeft", _credential.counters.consecutive } }));
    }
    if (_z) {
        fail(RequestError(ErrorCode::INVALID_PARAMS, "SESPAKE: small-order point"));
    }
    Counters& c = _credential.counters;
    c.consecutive = c.limits.consecutive;
    ++c.lifetimeFailures;
    _macA.assign(macA.begin(), macA.end());
    _macB = sespakeMac(_key.view(), { 0x02, params.idB, &params, _u1, _u2, dataA, dataB });
    _state = State::Done;
    return _macB;
}

SespakeResult SespakeToken::takeResult()
{
    expect(State::Done);
    _state = State::Dead; // once
    SespakeResult result { std::move(_key), _macA, _macB };
    _key = crypto::SecureBuffer();
    return result;
}

} // namespace tokenbridge::fkn
