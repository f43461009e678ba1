// vtoken's card OS on arbitrary command APDU sequences, as vpcd would deliver them. Every APDU
// must get a response with a status word, nothing may escape Card::process, and every state the
// card commits must survive its own JSON round trip (card.json is what the next run loads).
//
// Input: byte 0 picks the model (and contact/NFC), then records: <len> <len bytes> is an APDU;
// len FE: a 2-byte big-endian length follows (extended APDUs); len FF: a card reset.

#include "FuzzSupport.hpp"

#include "Card.hpp"
#include "CardState.hpp"
#include "Model.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>

using namespace tokenbridge;
using namespace tokenbridge::vtoken;

namespace
{

constexpr uint8_t LONG_APDU = 0xFE;
constexpr uint8_t RESET = 0xFF;
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
    size_t offset = 1;
    for (size_t count = 0; offset < size && count < MAX_APDUS; ++count) {
        size_t length = data[offset++];
        if (length == RESET) {
            card.reset();
            continue;
        }
        if (length == LONG_APDU && size - offset >= 2) {
            length = static_cast<size_t>(data[offset] << 8 | data[offset + 1]);
            offset += 2;
        }
        length = std::min(length, size - offset);
        const auto response = card.process(std::span(data + offset, length));
        offset += length;
        fuzz::check(response.size() >= 2, "response without status word");
    }
    return 0;
}
