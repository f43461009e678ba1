// The host side of the GET DATA contract against vtoken's card OS itself (no pcscd): every
// model vtoken plays, over each of its connections, must parse and identify as that model.
#include "Card.hpp"
#include "devices/Identification.hpp"
#include "Model.hpp"
#include "devices/TokenInfo.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::devices
{
namespace
{

    TEST(VtokenContract, EveryEmulatedModelIdentifies)
    {
        const std::vector<uint8_t> getData = { 0x00, 0xCA, 0x01, 0x81, 0x00 };
        size_t checked = 0;
        for (const auto& model : vtoken::modelCatalog()) {
            for (auto connection : { vtoken::Connection::Contact, vtoken::Connection::Nfc }) {
                if (connection == vtoken::Connection::Nfc && !model.hasNfc()) {
                    continue;
                }
                SCOPED_TRACE(std::string(model.id));
                const uint32_t serial = 0x5C4B71A1;
                vtoken::Card card(model, connection,
                    vtoken::CardState::factory(std::string(model.id), serial, 10),
                    [](const vtoken::CardState&) {});
                const auto response = card.process(getData);
                ASSERT_GE(response.size(), 2u);
                ASSERT_EQ(response[response.size() - 2], 0x90);
                ASSERT_EQ(response.back(), 0x00);
                const auto info = parseTokenInfo(std::span(response).first(response.size() - 2));
                EXPECT_EQ(info.serial, serial);
                const auto atr = card.atr();
                const auto id = identify(atr, info);
                EXPECT_TRUE(id.known);
                EXPECT_EQ(id.modelId, model.id);
                EXPECT_EQ(id.connection,
                    connection == vtoken::Connection::Nfc ? Connection::Nfc : Connection::Contact);
                ++checked;
            }
        }
        EXPECT_EQ(checked, 17u);
    }

} // namespace
} // namespace tokenbridge::devices
