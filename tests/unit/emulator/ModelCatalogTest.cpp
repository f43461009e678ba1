// The model table against docs/vtoken.md, written out here by hand so a slip in the catalog
// shows up as a difference.
#include "CardTestSupport.hpp"
#include "Model.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::vtoken;

namespace
{

struct Row
{
    const char* id;
    const char* atr;
    uint8_t type;
    uint8_t hw;
    uint8_t fw;
    uint8_t features;
    uint32_t flags;
};

constexpr const char* ECP = "3B8B015275746F6B656E20454350A0";
constexpr const char* SC = "3B9C948011405275746F6B656E4543507363C3";

const Row DOC[] = {
    { "rutoken-s", "3B6F00FF00567275546F6B6E73302000009000", 0x03, 1, 1, 0, 0 },
    { "rutoken-lite", "3B8B015275746F6B656E6C697465C2", 0x02, 20, 20, 0, 0 },
    { "rutoken-ecp-2.0-2000", ECP, 0x01, 20, 23, 1, 0 },
    { "rutoken-ecp-2.0-2100", ECP, 0x01, 54, 23, 1, 0 },
    { "rutoken-ecp-2.0-flash", ECP, 0x01, 20, 24, 1, 0x80 },
    { "rutoken-ecp-bluetooth", "3B8B015275746F6B656E44534254D7", 0x69, 20, 23, 1, 0 },
    { "rutoken-2151", ECP, 0x01, 70, 32, 1, 0 },
    { "smartcard-rutoken-2151", SC, 0x41, 70, 32, 1, 0 },
    { "rutoken-ecp-pki", ECP, 0x01, 71, 32, 1, 0 },
    { "rutoken-ecp-2.0-3000", ECP, 0x01, 20, 26, 3, 0x10 },
    { "rutoken-ecp-3.0-3100", ECP, 0x01, 60, 30, 3, 0x10 },
    { "rutoken-ecp-3.0-3220", ECP, 0x01, 65, 30, 3, 0x10 },
    { "smartcard-rutoken-ecp-2.0-2100", SC, 0x41, 54, 23, 1, 0 },
    { "rutoken-ecp-3.0-nfc-3100", ECP, 0xC1, 60, 30, 3, 0x10 },
    { "smartcard-rutoken-ecp-3.0-nfc-3100", "3B9C978011405275746F6B656E4543507363C0", 0xC9, 60, 28,
        3, 0x10 },
};

} // namespace

TEST(ModelCatalog, MatchesTheDocumentedTable)
{
    ASSERT_EQ(modelCatalog().size(), std::size(DOC));
    for (const auto& row : DOC) {
        SCOPED_TRACE(row.id);
        const Model* model = findModel(row.id);
        ASSERT_NE(model, nullptr);
        EXPECT_EQ(toHexUpper(atrFor(*model, Connection::Contact, 0x12345678)), row.atr);
        EXPECT_EQ(model->tokenType, row.type);
        EXPECT_EQ(model->hwMajor, row.hw);
        EXPECT_EQ(model->fwMajor, row.fw);
        EXPECT_EQ(model->features, row.features);
        EXPECT_EQ(model->flags, row.flags);
    }
}

TEST(ModelCatalog, UnknownModel)
{
    EXPECT_EQ(findModel("rutoken-ecp-9000"), nullptr);
}

TEST(ModelCatalog, NfcTokenAtrIsFixed)
{
    const Model* model = findModel("rutoken-ecp-3.0-nfc-3100");
    EXPECT_EQ(
        toHexUpper(atrFor(*model, Connection::Nfc, 0xDEADBEEF)), "3B88800152745343778183206A");
}

TEST(ModelCatalog, NfcCardAtrCarriesPupiAndCheckByte)
{
    const Model* model = findModel("smartcard-rutoken-ecp-3.0-nfc-3100");
    // The ATR pcsc-tools lists for a real card with PUPI 5C4B71A1, check byte D9.
    EXPECT_EQ(toHexUpper(atrFor(*model, Connection::Nfc, 0x5C4B71A1)),
        "3B8C8001505C4B71A152745343778183D9");
    const Bytes other = atrFor(*model, Connection::Nfc, 0x01020304);
    uint8_t check = 0;
    for (size_t i = 1; i < other.size(); ++i) {
        check ^= other[i];
    }
    EXPECT_EQ(check, 0) << "TCK makes the XOR of T0..TCK zero";
    EXPECT_EQ(toHexUpper(other).substr(10, 8), "01020304");
}

TEST(ModelCatalog, ContactOnlyModelsHaveNoNfcAtr)
{
    EXPECT_THROW(
        atrFor(*findModel("rutoken-ecp-3.0-3100"), Connection::Nfc, 1), std::invalid_argument);
}

TEST(ModelCatalog, CardPresentsItsModelsAtr)
{
    test::TestCard nfc("smartcard-rutoken-ecp-3.0-nfc-3100", Connection::Nfc);
    EXPECT_EQ(toHexUpper(nfc.card.atr()),
        toHexUpper(
            atrFor(*findModel("smartcard-rutoken-ecp-3.0-nfc-3100"), Connection::Nfc, 0x0A1B2C3D)));
    test::TestCard lite("rutoken-lite");
    EXPECT_EQ(toHexUpper(lite.card.atr()), "3B8B015275746F6B656E6C697465C2");
}
