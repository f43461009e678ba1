#include "SespakeHost.hpp"

#include "SespakeMath.hpp"
#include "core/Error.hpp"

namespace tokenbridge::fkn
{

SespakeHost::SespakeHost(ByteView pin, Bytes idA, ScalarSource scalars) :
    _pin(pin), _idA(std::move(idA)), _scalars(std::move(scalars))
{
}

void SespakeHost::expect(State state) const
{
    if (_state != state) {
        throw FatalError("SESPAKE host: message out of order or session dead");
    }
}

void SespakeHost::fail(const char* what)
{
    _state = State::Dead;
    _pin.wipe();
    _key.wipe();
    _alpha.reset();
    _qpw.reset();
    throw CardError(what);
}

Bytes SespakeHost::onParams(const SespakeParams& params)
{
    expect(State::Start);
    _params = SespakeParams::decode(params.encode()); // validates curve, point set, ind
    _curve = std::make_unique<EcCurve>(params.curve);
    _qpw = passwordPoint(*_curve, params, _pin.view());
    _pin.wipe();
    _alpha = _scalars(_curve->order());
    if (BN_is_zero(_alpha.get()) || BN_cmp(_alpha.get(), _curve->order()) >= 0) {
        fail("SESPAKE host: scalar out of range");
    }
    const EcPointPtr alphaP = _curve->mulGenerator(_alpha.get());
    _u1 = _curve->encode(_curve->sub(alphaP.get(), _qpw.get()).get());
    _state = State::SentU1;
    return _u1;
}

Bytes SespakeHost::onTokenPoint(ByteView u2, ByteView dataA)
{
    expect(State::SentU1);
    const EcPointPtr point = _curve->decode(u2);
    if (!point) {
        fail("SESPAKE: the token sent an invalid point");
    }
    _u2.assign(u2.begin(), u2.end());
    EcPointPtr qA =
        replaceSmallOrder(*_curve, _curve->sub(point.get(), _qpw.get()), _alpha.get(), _z);
    _key = sharedKey(*_curve, _alpha.get(), qA.get());
    _alpha.reset();
    _qpw.reset();
    _dataA.assign(dataA.begin(), dataA.end());
    _macA = sespakeMac(_key.view(), { 0x01, _idA, &_params, _u1, _u2, _dataA, {} });
    _state = State::SentMacA;
    return _macA;
}

SespakeResult SespakeHost::onTokenConfirm(ByteView macB, ByteView dataB)
{
    expect(State::SentMacA);
    const Bytes expected =
        sespakeMac(_key.view(), { 0x02, _params.idB, &_params, _u1, _u2, _dataA, dataB });
    if (!tagsEqual(expected, macB)) {
        fail("SESPAKE: the token's confirmation MAC is wrong");
    }
    if (_z) {
        fail("SESPAKE: the token sent a small-order point");
    }
    _state = State::Done;
    SespakeResult result { std::move(_key), _macA, Bytes(macB.begin(), macB.end()) };
    _key = crypto::SecureBuffer();
    return result;
}

} // namespace tokenbridge::fkn
