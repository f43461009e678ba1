// vtoken's card OS on arbitrary command APDU sequences, as vpcd would deliver them. Every APDU
// must get a response with a status word, nothing may escape Card::process, and every state the
// card commits must survive its own JSON round trip (card.json is what the next run loads).
//
// Input: byte 0 picks the model (and contact/NFC), then records: <len> <len bytes> is an APDU;
// len FE: a 2-byte big-endian length follows (extended APDUs); len FF: a card reset; len FD: the
// host opens an FKN session with the factory user PIN (SESPAKE 80 5A/5B/5C, docs/fkn.md). While
// that session is open every further APDU goes through the secure channel (CLA 0C/8C), so the
// card's protected dispatch sees fuzz data too; the answer must unwrap, or the token must have
// ended the session (then the host's refusal is CARD_ERROR and the APDUs go plain again).

#include "FuzzSupport.hpp"

#include "Card.hpp"
#include "CardState.hpp"
#include "Model.hpp"

#include "fkn/FknHostSession.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>

using namespace tokenbridge;
using namespace tokenbridge::vtoken;

namespace
{

constexpr uint8_t FKN_SESSION = 0xFD;
constexpr uint8_t LONG_APDU = 0xFE;
constexpr uint8_t RESET = 0xFF;
const Bytes FACTORY_USER_PIN { '1', '2', '3', '4', '5', '6', '7', '8' };
constexpr size_t MAX_APDUS = 64; // keeps one input's run short (key generation is slow)

// PIN hashing (PBKDF2, 10000 rounds) makes a factory state expensive: make each model's once.
const CardState& factoryState(const Model& model)
{
    static std::map<std::string_view, CardState> states;
    auto found = states.find(model.id);
    if (found == states.end()) {
        found = states.emplace(model.id, CardState::factory(std::string(model.id), 0x01020304, 3))
                    .first;
    }
    return found->second;
}

void checkRoundTrip(const CardState& state)
{
    const auto json = state.toJson();
    fuzz::check(CardState::fromJson(json).toJson() == json, "card state JSON round trip");
}

// Host side of FKN mode against this card; refusals are typed (FknHostSession.hpp).
std::optional<fkn::SecureChannel> openSession(const fkn::Transmit& transmit)
{
    std::optional<fkn::SecureChannel> channel;
    fuzz::refusesOnly(
        { ErrorCode::CARD_ERROR, ErrorCode::PIN_INCORRECT, ErrorCode::PIN_BLOCKED }, [&] {
            channel.emplace(fkn::openFknSession(
                transmit, FACTORY_USER_PIN, fkn::fixedScalar("0123456789ABCDEF0123456789ABCDEF")));
        });
    return channel;
}

// One APDU through the channel; false when the channel is over.
bool sendProtected(
    fkn::SecureChannel& channel, const fkn::Transmit& transmit, std::span<const uint8_t> apdu)
{
    const auto command = CommandApdu::parse(apdu);
    if (!command) {
        return true; // not an APDU the host could send; the next record may be one
    }
    return fuzz::refusesOnly({ ErrorCode::CARD_ERROR },
        [&] { (void)fkn::transmitProtected(channel, transmit, *command); });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    // The whole input as one APDU: parse must accept or refuse, never crash.
    (void)CommandApdu::parse(std::span(data, size));

    const auto models = modelCatalog();
    const Model& model = models[data[0] % models.size()];
    const Connection connection =
        (data[0] & 0x80) && model.hasNfc() ? Connection::Nfc : Connection::Contact;
    Card card(model, connection, factoryState(model), checkRoundTrip);
    const fkn::Transmit transmit = [&card](ByteView command) {
        const auto response = card.process(command);
        fuzz::check(response.size() >= 2, "response without status word");
        return Bytes(response.begin(), response.end());
    };
    std::optional<fkn::SecureChannel> channel;
    size_t offset = 1;
    for (size_t count = 0; offset < size && count < MAX_APDUS; ++count) {
        size_t length = data[offset++];
        if (length == RESET) {
            card.reset();
            channel.reset();
            continue;
        }
        if (length == FKN_SESSION) {
            channel = openSession(transmit);
            continue;
        }
        if (length == LONG_APDU && size - offset >= 2) {
            length = static_cast<size_t>(data[offset] << 8 | data[offset + 1]);
            offset += 2;
        }
        length = std::min(length, size - offset);
        const std::span<const uint8_t> apdu(data + offset, length);
        offset += length;
        if (channel) {
            if (!sendProtected(*channel, transmit, apdu)) {
                channel.reset();
            }
            continue;
        }
        (void)transmit(apdu);
    }
    return 0;
}
