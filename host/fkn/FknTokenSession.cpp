#include "FknTokenSession.hpp"

#include "FknApdu.hpp"

#include <algorithm>

namespace tokenbridge::fkn
{

FknTokenSession::FknTokenSession(
    TokenCredential& credential, Persist persist, ScalarSource scalars) :
    _credential(credential),
    _persist(std::move(persist)), _scalars(std::move(scalars))
{
}

void FknTokenSession::reset() noexcept
{
    _pake.reset();
    _channel.reset();
}

std::optional<ResponseApdu> FknTokenSession::handleSespake(const CommandApdu& command)
{
    if (command.cla != FKN_CLA || command.ins < INS_SESPAKE_START
        || command.ins > INS_SESPAKE_CONFIRM) {
        return std::nullopt;
    }
    try {
        if (command.ins == INS_SESPAKE_START && command.data.empty()) {
            return triesLeft();
        }
        if (command.ins == INS_SESPAKE_START) {
            reset(); // a new exchange ends any previous session
            _pake = std::make_unique<SespakeToken>(_credential, _scalars);
            try {
                const SespakeParams params = _pake->start(command.data);
                _persist(_credential); // the attempt is paid before any EC work
                return ResponseApdu { params.encode(), SW_OK };
            } catch (...) {
                _pake.reset();
                throw;
            }
        }
        if (!_pake) {
            return ResponseApdu { {}, SW_CONDITIONS };
        }
        if (command.ins == INS_SESPAKE_EXCHANGE) {
            return ResponseApdu { _pake->exchange(command.data), SW_OK };
        }
        Bytes macB;
        try {
            macB = _pake->confirm(command.data);
        } catch (...) {
            _persist(_credential);
            throw;
        }
        _persist(_credential);
        _channel = std::make_unique<SecureChannel>(_pake->takeResult(), ChannelRole::Token);
        _pake.reset();
        return ResponseApdu { macB, SW_OK };
    } catch (const Error& error) {
        _pake.reset();
        return ResponseApdu { {}, statusWordFor(error) };
    }
}

ResponseApdu FknTokenSession::triesLeft() const
{
    const Counters& c = _credential.counters;
    if (c.blocked()) {
        return ResponseApdu { {}, SW_PIN_BLOCKED };
    }
    return ResponseApdu { {},
        static_cast<std::uint16_t>(0x63C0 | std::min<std::uint32_t>(c.consecutive, 15)) };
}

Bytes FknTokenSession::handleProtected(ByteView raw, const Inner& inner)
{
    if (!established()) {
        return ResponseApdu { {}, SW_CONDITIONS }.encode();
    }
    CommandApdu plain;
    try {
        plain = _channel->unwrapCommand(raw);
    } catch (const Error&) {
        reset();
        return ResponseApdu { {}, SW_SM_FAILED }.encode();
    }
    return _channel->wrapResponse(inner(plain));
}

} // namespace tokenbridge::fkn
