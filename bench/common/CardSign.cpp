#include "CardSign.hpp"

#include "BerTlv.hpp"
#include "Card.hpp"
#include "Stats.hpp"

#include <stdexcept>
#include <string>

namespace tokenbridge::bench
{

namespace
{

    Bytes apdu(const std::string& hex)
    {
        return fromHex(hex);
    }

} // namespace

std::vector<double> cardSignMs(int iterations)
{
    const auto* model = vtoken::findModel("rutoken-ecp-2.0-2100");
    vtoken::Card card(*model, vtoken::Connection::Contact,
        vtoken::CardState::factory("rutoken-ecp-2.0-2100", 1, 10), nullptr);
    card.process(apdu("0020000208" + toHexUpper(Bytes { '1', '2', '3', '4', '5', '6', '7', '8' })));
    // GENERATE KEY PAIR, GOST 2012-256 paramset A (docs/vtoken.md).
    const auto generated = card.process(apdu("8046000000000E800101810906072A8503020223010000"));
    const auto fields = vtoken::ber::parse(std::span(generated).first(generated.size() - 2));
    if (!fields || fields->empty() || fields->at(0).value.size() != 1) {
        throw std::runtime_error("card key generation failed: " + toHexUpper(generated));
    }
    const uint8_t ref = fields->at(0).value.at(0);
    const auto mse = apdu("002241B6038401" + toHexUpper(Bytes { ref }));
    const auto pso = apdu("002A9E9A000020" + std::string(64, '7') + "0000");
    return cpuEach(iterations, [&] {
        card.process(mse);
        if (card.process(pso).size() != 66) {
            throw std::runtime_error("card signing failed");
        }
    });
}

} // namespace tokenbridge::bench
