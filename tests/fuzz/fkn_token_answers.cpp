// The host's FKN side reading what a token answers: the key store's object list / object / new
// reference parsers (host/modes/fkn, BER-TLV), TokenKeys listing objects over a scripted
// card, and the host's SESPAKE over APDUs (openFknSession: START / EXCHANGE / CONFIRM answers).
// The parsers may refuse only with RetryableError(CARD_ERROR) (ObjectTlv.hpp); the key commands
// only with the typed errors of checkKeyStatus; the SESPAKE run only with what FknApdu.hpp
// documents. Accepted TLV lists must re-encode to the same fields.
//
// Input: byte 0 picks the mode: 0 the parsers on the rest; 1 TokenKeys over answers; 2 SESPAKE
// over answers. Answers: <len> <len bytes> each (len FE: 2-byte big-endian length follows);
// once they run out the card answers 6F00.

#include "FuzzSupport.hpp"

#include "fkn/FknHostSession.hpp"
#include "modes/fkn/KeyApdus.hpp"
#include "modes/fkn/ObjectTlv.hpp"
#include "modes/fkn/TokenKeys.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

using namespace tokenbridge;
using namespace tokenbridge::fkn;
using namespace tokenbridge::modes::fkn;

namespace
{

constexpr uint8_t LONG_ANSWER = 0xFE;

// What checkKeyStatus / throwForStatusWord may say about a token's status word.
constexpr std::initializer_list<ErrorCode> KEY_ERRORS = { ErrorCode::CARD_ERROR,
    ErrorCode::KEY_NOT_FOUND, ErrorCode::INVALID_PARAMS, ErrorCode::PIN_BLOCKED,
    ErrorCode::PIN_INCORRECT, ErrorCode::MODE_NOT_SUPPORTED, ErrorCode::TOKEN_REMOVED };

// The card: answers from the input in order, then 6F00.
class ScriptedCard
{
public:
    explicit ScriptedCard(ByteView script) : _script(script) { }

    Bytes answer(ByteView)
    {
        if (_offset >= _script.size()) {
            return { 0x6F, 0x00 };
        }
        size_t length = _script[_offset++];
        if (length == LONG_ANSWER && _script.size() - _offset >= 2) {
            length = static_cast<size_t>(_script[_offset] << 8 | _script[_offset + 1]);
            _offset += 2;
        }
        length = std::min(length, _script.size() - _offset);
        Bytes out(_script.begin() + static_cast<std::ptrdiff_t>(_offset),
            _script.begin() + static_cast<std::ptrdiff_t>(_offset + length));
        _offset += length;
        return out;
    }

    Transmit transmit()
    {
        return [this](ByteView command) { return answer(command); };
    }

private:
    ByteView _script;
    size_t _offset = 0;
};

// Derived values of an object the parser accepted. Their errors are not documented yet (bad
// key parameters come out of the active mode's helpers as FatalError), so any typed error is
// accepted here; untyped exceptions and memory errors are still findings.
// A key the token describes badly is the card's fault: CARD_ERROR and nothing else.
void deriveEntry(const CardObject& object, const std::vector<CardObject>& all)
{
    fuzz::refusesOnly({ ErrorCode::CARD_ERROR }, [&] {
        (void)keyIdOf(object);
        (void)algorithmOf(object);
        (void)entryOf(object, all);
    });
}

void parsers(ByteView data)
{
    fuzz::refusesOnly({ ErrorCode::CARD_ERROR }, [&] {
        const auto fields = parseTlv(data);
        Bytes encoded;
        for (const auto& field : fields) {
            appendTlv(encoded, field.tag, field.value);
        }
        const auto again = parseTlv(encoded);
        fuzz::check(again.size() == fields.size(), "TLV round trip: field count");
        for (size_t i = 0; i < fields.size(); ++i) {
            fuzz::check(again[i].tag == fields[i].tag && again[i].value == fields[i].value,
                "TLV round trip: field");
        }
    });
    fuzz::refusesOnly({ ErrorCode::CARD_ERROR }, [&] { (void)parseObjectList(data); });
    fuzz::refusesOnly({ ErrorCode::CARD_ERROR }, [&] {
        const auto object = parseObject(0x01, data);
        deriveEntry(object, { object });
    });
    fuzz::refusesOnly({ ErrorCode::CARD_ERROR }, [&] { (void)parseNewReference(data); });
    if (data.size() >= 2) {
        fuzz::refusesOnly(KEY_ERRORS, [&] { checkKeyStatus(uint16_t(data[0] << 8 | data[1])); });
    }
}

void tokenKeys(ByteView script)
{
    ScriptedCard card(script);
    TokenKeys keys(card.transmit());
    fuzz::refusesOnly(KEY_ERRORS, [&] {
        const auto objects = keys.objects();
        for (const auto& object : objects) {
            deriveEntry(object, objects);
        }
    });
    fuzz::refusesOnly(KEY_ERRORS, [&] { (void)keys.keyPair("00112233"); });
    fuzz::refusesOnly(KEY_ERRORS, [&] { (void)keys.certificatesOf("00112233"); });
}

void sespake(ByteView script)
{
    ScriptedCard card(script);
    static const Bytes PIN { '1', '2', '3', '4', '5', '6', '7', '8' };
    fuzz::refusesOnly({ ErrorCode::CARD_ERROR, ErrorCode::PIN_INCORRECT, ErrorCode::PIN_BLOCKED,
                          ErrorCode::TOKEN_REMOVED },
        [&] {
            // Completing the exchange needs the token to know the PIN: out of the fuzzer's reach,
            // so a channel coming out of this is a finding.
            (void)openFknSession(card.transmit(), PIN, fixedScalar("0123456789ABCDEF"));
            fuzz::finding("SESPAKE completed against a scripted token");
        });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    const ByteView rest(data + 1, size - 1);
    switch (data[0] % 3) {
    case 0:
        parsers(rest);
        break;
    case 1:
        tokenKeys(rest);
        break;
    default:
        sespake(rest);
        break;
    }
    return 0;
}
