#include "CardTestSupport.hpp"

#include <stdexcept>

namespace tokenbridge::vtoken::test
{

namespace
{

    const Model& modelOrThrow(std::string_view id)
    {
        const Model* model = findModel(id);
        if (model == nullptr) {
            throw std::invalid_argument("no such model");
        }
        return *model;
    }

} // namespace

TestCard::TestCard(std::string_view modelId, Connection connection, uint8_t maxTries) :
    card(modelOrThrow(modelId), connection,
        CardState::factory(std::string(modelId), 0x0A1B2C3D, maxTries),
        [this](const CardState&) { ++commits; })
{
}

Bytes TestCard::send(std::string_view hex)
{
    std::string compact;
    for (char c : hex) {
        if (c != ' ') {
            compact.push_back(c);
        }
    }
    return card.process(fromHex(compact));
}

uint16_t TestCard::sw(std::string_view hex)
{
    return statusOf(send(hex));
}

std::string asciiHex(std::string_view text)
{
    return toHexUpper(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

uint16_t statusOf(const Bytes& response)
{
    if (response.size() < 2) {
        throw std::length_error("response without status word");
    }
    return static_cast<uint16_t>(response[response.size() - 2] << 8 | response.back());
}

} // namespace tokenbridge::vtoken::test
