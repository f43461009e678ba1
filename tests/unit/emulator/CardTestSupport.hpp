#pragma once

#include "Card.hpp"

#include <string_view>

namespace tokenbridge::vtoken::test
{

// A card of the given model whose commits are counted instead of written.
struct TestCard
{
    explicit TestCard(std::string_view modelId = "rutoken-ecp-3.0-3220",
        Connection connection = Connection::Contact, uint8_t maxTries = 10);

    // Sends an APDU given in hex (spaces allowed); returns the whole response.
    Bytes send(std::string_view hex);
    // Status word of send(hex).
    uint16_t sw(std::string_view hex);

    int commits = 0;
    Card card;
};

// "31 32" style hex of an ASCII string.
std::string asciiHex(std::string_view text);
uint16_t statusOf(const Bytes& response);

} // namespace tokenbridge::vtoken::test
