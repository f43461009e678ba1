#include "StoreTestCard.hpp"

#include "modes/fkn/KeyApdus.hpp"
#include "modes/fkn/ObjectTlv.hpp"

#include <stdexcept>

namespace tokenbridge::modes::fkn::test
{

namespace
{

    const vtoken::Model& modelOrThrow(std::string_view id)
    {
        const vtoken::Model* model = vtoken::findModel(id);
        if (model == nullptr) {
            throw std::invalid_argument("no such model");
        }
        return *model;
    }

} // namespace

StoreTestCard::StoreTestCard(std::string_view modelId, int maxTries) :
    card(modelOrThrow(modelId), vtoken::Connection::Contact,
        vtoken::CardState::factory(
            std::string(modelId), 0x0A1B2C3D, static_cast<std::uint8_t>(maxTries)),
        [](const vtoken::CardState&) {})
{
}

Transmit StoreTestCard::transmit()
{
    return [this](ByteView command) {
        commands.emplace_back(command.begin(), command.end());
        auto response = card.process(command);
        // A protected response (CLA 0C/8C) is `85 L C 8E 08 MAC` + SW: flip a bit of C.
        const bool isProtected = (command[0] & 0x0C) == 0x0C;
        if (isProtected && tamperResponse > 0 && --tamperResponse == 0 && response.size() > 4) {
            response[2] ^= 0x01;
        }
        responses.push_back(response);
        return response;
    };
}

Bytes StoreTestCard::send(std::string_view hex)
{
    std::string compact;
    for (char c : hex) {
        if (c != ' ') {
            compact.push_back(c);
        }
    }
    return card.process(fromHex(compact));
}

std::uint16_t StoreTestCard::sw(std::string_view hex)
{
    const auto response = send(hex);
    return static_cast<std::uint16_t>((response[response.size() - 2] << 8) | response.back());
}

std::vector<ListedObject> StoreTestCard::listObjects()
{
    const auto response = send("80480000000000");
    return parseObjectList(ByteView(response).first(response.size() - 2));
}

void setPin(security::PinBuffer& buffer, std::string_view pin)
{
    buffer.assign(std::span(pin.data(), pin.size()));
}

} // namespace tokenbridge::modes::fkn::test
