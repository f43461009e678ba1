// Every model, as pcscd sees it: its ATR and its token-info object (docs/vtoken.md), written out
// here by hand. Run with all models: see CMakeLists.txt.
#include "PcscSupport.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace tokenbridge;
using namespace tokenbridge::vtoken::test;

namespace
{

struct Expected
{
    const char* atr; // contact ATR, or the nfc one with PUPI/TCK checked separately
    uint8_t type, hw, fw, features, currentInterface;
};

const std::map<std::string, Expected> CONTACT = {
    { "rutoken-s", { "3B6F00FF00567275546F6B6E73302000009000", 0x03, 1, 1, 0, 0x01 } },
    { "rutoken-lite", { "3B8B015275746F6B656E6C697465C2", 0x02, 20, 20, 0, 0x01 } },
    { "rutoken-ecp-2.0-2000", { "3B8B015275746F6B656E20454350A0", 0x01, 20, 23, 1, 0x01 } },
    { "rutoken-ecp-2.0-2100", { "3B8B015275746F6B656E20454350A0", 0x01, 54, 23, 1, 0x01 } },
    { "rutoken-ecp-2.0-flash", { "3B8B015275746F6B656E20454350A0", 0x01, 20, 24, 1, 0x01 } },
    { "rutoken-ecp-bluetooth", { "3B8B015275746F6B656E44534254D7", 0x69, 20, 23, 1, 0x02 } },
    { "rutoken-2151", { "3B8B015275746F6B656E20454350A0", 0x01, 70, 32, 1, 0x01 } },
    { "smartcard-rutoken-2151",
        { "3B9C948011405275746F6B656E4543507363C3", 0x41, 70, 32, 1, 0x08 } },
    { "rutoken-ecp-pki", { "3B8B015275746F6B656E20454350A0", 0x01, 71, 32, 1, 0x01 } },
    { "rutoken-ecp-2.0-3000", { "3B8B015275746F6B656E20454350A0", 0x01, 20, 26, 3, 0x01 } },
    { "rutoken-ecp-3.0-3100", { "3B8B015275746F6B656E20454350A0", 0x01, 60, 30, 3, 0x01 } },
    { "rutoken-ecp-3.0-3220", { "3B8B015275746F6B656E20454350A0", 0x01, 65, 30, 3, 0x01 } },
    { "smartcard-rutoken-ecp-2.0-2100",
        { "3B9C948011405275746F6B656E4543507363C3", 0x41, 54, 23, 1, 0x08 } },
    { "rutoken-ecp-3.0-nfc-3100", { "3B8B015275746F6B656E20454350A0", 0xC1, 60, 30, 3, 0x01 } },
    { "smartcard-rutoken-ecp-3.0-nfc-3100",
        { "3B9C978011405275746F6B656E4543507363C0", 0xC9, 60, 28, 3, 0x08 } },
};

const std::map<std::string, Expected> NFC = {
    { "rutoken-ecp-3.0-nfc-3100", { "3B88800152745343778183206A", 0xC1, 60, 30, 3, 0x20 } },
    { "smartcard-rutoken-ecp-3.0-nfc-3100", { "", 0xC9, 60, 28, 3, 0x20 } },
};

std::map<uint8_t, Bytes> tokenInfo(Connection& card)
{
    const Bytes response = card.transmit(fromHex("00CA018100"));
    EXPECT_EQ(statusOf(response), 0x9000);
    std::map<uint8_t, Bytes> out;
    for (size_t pos = 0; pos + 2 <= response.size() - 2;) {
        const uint8_t tag = response[pos];
        const size_t len = response[pos + 1];
        out[tag] = Bytes(response.begin() + static_cast<long>(pos) + 2,
            response.begin() + static_cast<long>(pos + 2 + len));
        pos += 2 + len;
    }
    return out;
}

} // namespace

TEST(Models, EveryModelIsRunning)
{
    // CMakeLists.txt starts every model over its contact interface in this run.
    std::set<std::string> running;
    for (int i = 0; i < envInt("VTOKEN_COUNT"); ++i) {
        running.insert(env("VTOKEN_" + std::to_string(i) + "_MODEL"));
    }
    for (const auto& [model, expected] : CONTACT) {
        EXPECT_TRUE(running.count(model)) << model;
    }
}

TEST(Models, EachTokenShowsItsAtrAndTokenInfo)
{
    Context context;
    const int count = envInt("VTOKEN_COUNT");
    ASSERT_GT(count, 0);
    for (int i = 0; i < count; ++i) {
        const std::string prefix = "VTOKEN_" + std::to_string(i) + "_";
        const std::string model = env(prefix + "MODEL");
        const bool nfc = env(prefix + "CONNECTION") == "nfc";
        SCOPED_TRACE(model + (nfc ? "@nfc" : ""));
        const auto& table = nfc ? NFC : CONTACT;
        ASSERT_TRUE(table.count(model));
        const Expected& want = table.at(model);

        const auto atr = context.waitFor(env(prefix + "READER"), true);
        ASSERT_TRUE(atr);
        Connection card(context, env(prefix + "READER"));
        auto info = tokenInfo(card);
        if (*want.atr != '\0') {
            EXPECT_EQ(toHexUpper(*atr), want.atr);
        } else {
            // 3B 8C 80 01 50 PUPI(= serial) "RtSC" 77 81 83 TCK
            ASSERT_EQ(atr->size(), 17u);
            EXPECT_EQ(toHexUpper(Bytes(atr->begin(), atr->begin() + 5)), "3B8C800150");
            EXPECT_EQ(Bytes(atr->begin() + 5, atr->begin() + 9), info[0x83]);
            EXPECT_EQ(toHexUpper(Bytes(atr->begin() + 9, atr->end() - 1)), "52745343778183");
            uint8_t check = 0;
            for (size_t k = 1; k < atr->size(); ++k) {
                check ^= (*atr)[k];
            }
            EXPECT_EQ(check, 0);
        }
        EXPECT_EQ(toHexUpper(*atr), env(prefix + "ATR"));
        EXPECT_EQ(info[0x80], Bytes { want.type });
        EXPECT_EQ(info[0x81], (Bytes { want.hw, 0 }));
        EXPECT_EQ(info[0x82].at(0), want.fw);
        EXPECT_EQ(info[0x85], Bytes { want.features });
        EXPECT_EQ(info[0x86], Bytes { want.currentInterface });
        EXPECT_EQ(toHexUpper(info[0x83]), env(prefix + "SERIAL"));
        const bool fkn = (want.features & 0x02) != 0;
        EXPECT_EQ(info[0x84].at(3) & 0x10, fkn ? 0x10 : 0x00);
        EXPECT_EQ(info.count(0x88) != 0, want.fw >= 32);
        EXPECT_EQ(card.sw("00200002"), 0x63CA) << "a fresh token, 10 tries";
    }
}
