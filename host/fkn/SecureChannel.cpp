#include "SecureChannel.hpp"

#include "SespakeMath.hpp"
#include "SmEnvelope.hpp"
#include "crypto/Kuznyechik.hpp"
#include "core/Error.hpp"

namespace tokenbridge::fkn
{

namespace
{

    // SSC(8, BE) || len(C)(4, BE) || C, the common prefix of both MAC inputs (after the header).
    void appendBe(Bytes& out, std::uint64_t value, int bytes)
    {
        for (int i = bytes - 1; i >= 0; --i) {
            out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
        }
    }

    Bytes sscBytes(std::uint64_t ssc)
    {
        Bytes out;
        appendBe(out, ssc, 8);
        return out;
    }

    Bytes tag(const crypto::SecureBuffer& key, const Bytes& input)
    {
        Bytes full = crypto::Kuznyechik(key.view()).omac(input);
        full.resize(CHANNEL_TAG_SIZE);
        return full;
    }

    Bytes commandMacInput(std::uint64_t ssc, const CommandApdu& outer, const SmEnvelope& env)
    {
        Bytes in = sscBytes(ssc);
        in.insert(in.end(), { outer.cla, outer.ins, outer.p1, outer.p2 });
        appendBe(in, env.cryptogram.size(), 4);
        in.insert(in.end(), env.cryptogram.begin(), env.cryptogram.end());
        if (env.le) {
            in.insert(in.end(), { 0x97, 0x02 });
            appendBe(in, *env.le == 65536 ? 0 : *env.le, 2);
        }
        return in;
    }

    Bytes responseMacInput(std::uint64_t ssc, const SmEnvelope& env, std::uint16_t sw)
    {
        Bytes in = sscBytes(ssc);
        appendBe(in, env.cryptogram.size(), 4);
        in.insert(in.end(), env.cryptogram.begin(), env.cryptogram.end());
        appendBe(in, sw, 2);
        return in;
    }

    constexpr std::uint8_t SM_CLA_BITS = 0x0C;

    // Protected commands always ask for everything: 00 (short) or 00 00 (extended).
    std::uint32_t outerLe(std::size_t dataSize)
    {
        return dataSize > 255 ? 65536 : 256;
    }

} // namespace

SecureChannel::SecureChannel(const SespakeResult& exchange, ChannelRole role) : _role(role)
{
    ChannelKeys keys = ChannelKeys::derive(exchange);
    Direction h2t { std::move(keys.encHostToToken), std::move(keys.macHostToToken), 0 };
    Direction t2h { std::move(keys.encTokenToHost), std::move(keys.macTokenToHost), 0 };
    _send = role == ChannelRole::Host ? std::move(h2t) : std::move(t2h);
    _receive = role == ChannelRole::Host ? std::move(t2h) : std::move(h2t);
}

void SecureChannel::close() noexcept
{
    _alive = false;
    _send.enc.wipe();
    _send.mac.wipe();
    _receive.enc.wipe();
    _receive.mac.wipe();
}

void SecureChannel::fail(const char* what)
{
    close();
    throw CardError(what);
}

void SecureChannel::require(ChannelRole role)
{
    if (!_alive) {
        throw CardError("secure channel: session closed");
    }
    if (_role != role) {
        fail("secure channel: call for the other side");
    }
}

std::uint64_t SecureChannel::nextSend()
{
    if (_send.ssc + 1 >= CHANNEL_SSC_LIMIT) {
        fail("secure channel: counter exhausted, run SESPAKE again");
    }
    return ++_send.ssc;
}

Bytes SecureChannel::wrapCommand(const CommandApdu& plain)
{
    require(ChannelRole::Host);
    if ((plain.cla & SM_CLA_BITS) != 0) {
        fail("secure channel: the command is already protected");
    }
    const std::uint64_t ssc = nextSend();
    SmEnvelope env;
    env.cryptogram = crypto::Kuznyechik(_send.enc.view()).ctr(sscBytes(ssc), plain.data);
    env.le = plain.le;
    CommandApdu outer { static_cast<std::uint8_t>(plain.cla | SM_CLA_BITS), plain.ins, plain.p1,
        plain.p2, {}, 65536 };
    env.mac = tag(_send.mac, commandMacInput(ssc, outer, env));
    outer.data = env.encode(true);
    outer.le = outerLe(outer.data.size());
    return outer.encode();
}

CommandApdu SecureChannel::unwrapCommand(ByteView raw)
{
    require(ChannelRole::Token);
    try {
        const auto parsed = CommandApdu::parse(raw);
        if (!parsed) {
            fail("secure channel: malformed command");
        }
        const CommandApdu& outer = *parsed;
        // The outer Le is fixed by the format (not under the MAC), so any other value is an
        // alteration.
        if ((outer.cla & SM_CLA_BITS) != SM_CLA_BITS || outer.le != outerLe(outer.data.size())) {
            fail("secure channel: unprotected or altered command");
        }
        const SmEnvelope env = SmEnvelope::parse(outer.data, true);
        const std::uint64_t ssc = _receive.ssc + 1;
        if (!tagsEqual(tag(_receive.mac, commandMacInput(ssc, outer, env)), env.mac)) {
            fail("secure channel: command MAC or counter mismatch");
        }
        _receive.ssc = ssc;
        return { static_cast<std::uint8_t>(outer.cla & ~SM_CLA_BITS), outer.ins, outer.p1, outer.p2,
            crypto::Kuznyechik(_receive.enc.view()).ctr(sscBytes(ssc), env.cryptogram), env.le };
    } catch (const Error&) {
        // Whatever was refused ends the channel: a refusal that left it open would let the
        // next message be tried against the same counters.
        if (_alive) {
            fail("secure channel: malformed command");
        }
        throw;
    }
}

Bytes SecureChannel::wrapResponse(const ResponseApdu& plain)
{
    require(ChannelRole::Token);
    const std::uint64_t ssc = nextSend();
    SmEnvelope env;
    env.cryptogram = crypto::Kuznyechik(_send.enc.view()).ctr(sscBytes(ssc), plain.data);
    env.mac = tag(_send.mac, responseMacInput(ssc, env, plain.sw));
    return ResponseApdu { env.encode(false), plain.sw }.encode();
}

ResponseApdu SecureChannel::unwrapResponse(ByteView raw)
{
    require(ChannelRole::Host);
    try {
        const ResponseApdu outer = ResponseApdu::parse(raw);
        const SmEnvelope env = SmEnvelope::parse(outer.data, false);
        const std::uint64_t ssc = _receive.ssc + 1;
        if (!tagsEqual(tag(_receive.mac, responseMacInput(ssc, env, outer.sw)), env.mac)) {
            fail("secure channel: response MAC or counter mismatch");
        }
        _receive.ssc = ssc;
        return { crypto::Kuznyechik(_receive.enc.view()).ctr(sscBytes(ssc), env.cryptogram),
            outer.sw };
    } catch (const Error&) {
        // Whatever was refused ends the channel: a refusal that left it open would let the
        // next message be tried against the same counters.
        if (_alive) {
            fail("secure channel: malformed response");
        }
        throw;
    }
}

} // namespace tokenbridge::fkn
