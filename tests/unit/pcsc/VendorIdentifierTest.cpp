// DeviceService asking the vendor's PKCS#11 library first (devices/VendorIdentifier.hpp), over
// the link-time PC/SC fake and a scripted identifier: which source wins, who is asked, how often.
#include "FakePcsc.hpp"
#include "devices/DeviceService.hpp"

#include <gtest/gtest.h>

#include <atomic>

using namespace tokenbridge;
using namespace tokenbridge::devices;

namespace
{

const Bytes ECP_ATR { 0x3B, 0x8B, 0x01, 0x52, 0x75, 0x74, 0x6F, 0x6B, 0x65, 0x6E, 0x20, 0x45, 0x43,
    0x50, 0xA0 };
const Bytes OTHER_ATR { 0x3B, 0x02, 0x14, 0x50 };
const Environment R3_LINUX { "5.0-R3", "config", "linux" };

// An ECP 2.0 3000 (hw 20, fw 26) as the token-info object gives it.
Bytes tokenInfo3000()
{
    return { 0x80, 0x01, 0x01, 0x81, 0x02, 20, 0, 0x82, 0x02, 26, 0, 0x83, 0x04, 0x0A, 0x1B, 0x2C,
        0x3D, 0x84, 0x04, 0, 0, 0, 0x10, 0x85, 0x01, 0x03, 0x86, 0x01, 0x01, 0x87, 0x01, 0x01, 0x90,
        0x00 };
}

// An ECP 3.0 3220 (hw 65, fw 30) as the library describes it.
TokenInfo libraryInfo3220()
{
    TokenInfo info;
    info.tokenType = 0x01;
    info.hardware = { 65, 0 };
    info.firmware = { 30, 0 };
    info.serial = 0x0A1B2C3D;
    info.flags = TOKEN_FLAG_SUPPORT_FKN;
    info.features = FEATURE_CRYPTO_CORE | FEATURE_FKN;
    info.currentInterface = INTERFACE_USB;
    info.supportedInterfaces = INTERFACE_USB;
    return info;
}

class ScriptedIdentifier final : public VendorIdentifier
{
public:
    std::optional<TokenInfo> answer;
    std::atomic<int> asked = 0;
    std::string lastReader;

    std::optional<TokenInfo> describe(const std::string& reader) override
    {
        ++asked;
        lastReader = reader;
        return answer;
    }
};

class VendorIdentifierTest : public testing::Test
{
protected:
    void SetUp() override { pcsc::test::reset(); }
    void addReader(const std::string& name, Bytes atr, DWORD count = 1)
    {
        std::lock_guard guard(pcsc::test::lock());
        pcsc::test::state().readers.push_back({ .name = name,
            .eventState = SCARD_STATE_PRESENT | (count << 16),
            .atr = std::move(atr),
            .card = [](const Bytes& apdu) -> Bytes {
                if (apdu.size() >= 2 && apdu[1] == 0xCA) {
                    return tokenInfo3000();
                }
                return { 0x6D, 0x00 };
            } });
    }
    std::shared_ptr<ScriptedIdentifier> vendor = std::make_shared<ScriptedIdentifier>();
    DeviceService service { R3_LINUX, vendor };
};

} // namespace

TEST_F(VendorIdentifierTest, TheLibraryComesFirstAndTheCardIsNotAsked)
{
    vendor->answer = libraryInfo3220();
    addReader("Reader A", ECP_ATR);
    const auto devices = service.listDevices();
    ASSERT_EQ(devices.size(), 1u);
    EXPECT_EQ(vendor->lastReader, "Reader A");
    EXPECT_EQ(devices[0].identification.modelId, "rutoken-ecp-3.0-3220");
    EXPECT_EQ(devices[0].identification.identifiedBy, IdentifiedBy::Pkcs11);
    EXPECT_EQ(devices[0].id, "rutoken-ecp-3.0-3220-0A1B2C3D");
    EXPECT_EQ(devices[0].modes, (std::vector { Mode::Fkn, Mode::ActivePkcs11, Mode::Passive }));
    EXPECT_EQ(pcsc::test::state().transmitted, 0);
}

TEST_F(VendorIdentifierTest, WithoutTheLibrarysAnswerTheTokenInfoObjectDecides)
{
    addReader("Reader A", ECP_ATR);
    const auto devices = service.listDevices();
    ASSERT_EQ(devices.size(), 1u);
    EXPECT_EQ(vendor->asked, 1);
    EXPECT_EQ(devices[0].identification.modelId, "rutoken-ecp-2.0-3000");
    EXPECT_EQ(devices[0].identification.identifiedBy, IdentifiedBy::TokenInfo);
    EXPECT_EQ(devices[0].id, "rutoken-ecp-2.0-3000-0A1B2C3D");
}

TEST_F(VendorIdentifierTest, OnlyARutokensAtrLoadsTheLibrary)
{
    vendor->answer = libraryInfo3220();
    addReader("Reader A", OTHER_ATR);
    const auto devices = service.listDevices();
    ASSERT_EQ(devices.size(), 1u);
    EXPECT_EQ(vendor->asked, 0);
    EXPECT_EQ(devices[0].identification.identifiedBy, IdentifiedBy::Atr);
    EXPECT_FALSE(devices[0].identification.known);
}

TEST_F(VendorIdentifierTest, EachInsertionIsDescribedOnce)
{
    vendor->answer = libraryInfo3220();
    addReader("Reader A", ECP_ATR, 1);
    service.listDevices();
    service.listDevices();
    EXPECT_EQ(vendor->asked, 1);
    // Another insertion in the same reader: asked again.
    pcsc::test::state().readers[0].eventState = SCARD_STATE_PRESENT | (3u << 16);
    vendor->answer->serial = 0x11223344;
    EXPECT_EQ(service.listDevices().at(0).id, "rutoken-ecp-3.0-3220-11223344");
    EXPECT_EQ(vendor->asked, 2);
}
