#pragma once

// The FKN key store against the real card OS in-process: every APDU goes through
// vtoken::Card::process, the path a PC/SC APDU takes inside vtoken (no mock).
#include "Card.hpp"

#include "modes/fkn/FknKeyStore.hpp"
#include "modes/fkn/KeyApdus.hpp"
#include "security/PinBuffer.hpp"

#include <string_view>
#include <vector>

namespace tokenbridge::modes::fkn::test
{

inline constexpr std::string_view USER_PIN = "12345678"; // vtoken's factory user PIN

struct StoreTestCard
{
    explicit StoreTestCard(std::string_view modelId = "rutoken-ecp-3.0-3220", int maxTries = 10);

    // The card as a store reaches it; every command and response recorded.
    Transmit transmit();
    // A raw APDU (hex) straight to the card, outside any store.
    Bytes send(std::string_view hex);
    std::uint16_t sw(std::string_view hex);
    std::vector<ListedObject> listObjects();
    std::size_t objectCount() { return listObjects().size(); }

    vtoken::Card card;
    std::vector<Bytes> commands, responses;
    // Flips a bit in the MAC'd body of the n-th protected response (1-based) from now on; 0 = off.
    int tamperResponse = 0;
};

// A PinBuffer holding `pin`.
void setPin(security::PinBuffer& buffer, std::string_view pin);

} // namespace tokenbridge::modes::fkn::test
