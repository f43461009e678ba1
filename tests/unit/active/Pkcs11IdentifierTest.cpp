// Identification through a library with Aktiv's extension, against the fake Aktiv-style module
// (FakeRutokenModule.cpp, dlopen'ed like any module): what the host reads (VendorToken), how it
// becomes the token-info fields (toTokenInfo), and the model the devices layer names from them.
#include "FakeRutokenFacts.h"
#include "devices/Identification.hpp"
#include "modes/Pkcs11Identifier.hpp"
#include "modes/active/ModuleSet.hpp"
#include "modes/active/Pkcs11Module.hpp"
#include "modes/active/VendorToken.hpp"

#include <gtest/gtest.h>

#include <dlfcn.h>

namespace tokenbridge::modes
{
namespace
{

    constexpr const char* READER = "Aktiv Rutoken ECP 00 00";
    const std::vector<uint8_t> ECP_ATR { 0x3B, 0x8B, 0x01, 0x52, 0x75, 0x74, 0x6F, 0x6B, 0x65, 0x6E,
        0x20, 0x45, 0x43, 0x50, 0xA0 };
    const std::vector<uint8_t> SC_ATR { 0x3B, 0x9C, 0x96, 0x00, 0x52, 0x75, 0x74, 0x6F, 0x6B, 0x65,
        0x6E, 0x45, 0x43, 0x50, 0x73, 0x63 };

    // An ECP 3.0 3220 with FKN, as rtpkcs11ecp describes one.
    FakeRutokenFacts facts3220()
    {
        return { .reader = READER,
            .tokenType = 0x01,
            .tokenClass = active::rt::TOKEN_CLASS_ECP,
            .flags = active::rt::TOKEN_FLAGS_SUPPORT_FKN,
            .hardware = { 65, 0 },
            .firmware = { 30, 0 },
            .serial = { 0, 0, 0, 0, 0x0A, 0x1B, 0x2C, 0x3D },
            .serialText = "000000000A1B2C3D",
            .filledSize = 0,
            .hardwareFeature = true,
            .currentInterface = devices::INTERFACE_USB,
            .supportedInterfaces = devices::INTERFACE_USB,
            .modelName = nullptr,
            .gostKeyGeneration = true };
    }

    class Pkcs11IdentifierTest : public testing::Test
    {
    protected:
        void SetUp() override
        {
            _handle = dlopen(TB_FAKE_RUTOKEN_MODULE, RTLD_NOW | RTLD_LOCAL);
            ASSERT_NE(_handle, nullptr);
            _set = reinterpret_cast<FakeRutokenSet>(dlsym(_handle, "fakeRutokenSet"));
            ASSERT_NE(_set, nullptr);
            set(facts3220());
            _module = active::Pkcs11Module::load(TB_FAKE_RUTOKEN_MODULE);
        }
        void TearDown() override
        {
            _module.reset();
            dlclose(_handle);
        }
        void set(const FakeRutokenFacts& facts) { _set(&facts); }
        std::optional<active::VendorToken> describe(std::string_view reader = READER)
        {
            return active::describeVendorToken({ _module }, reader);
        }
        devices::Identification identifyAs(
            const FakeRutokenFacts& facts, const std::vector<uint8_t>& atr = ECP_ATR)
        {
            set(facts);
            const auto token = describe();
            EXPECT_TRUE(token.has_value());
            const auto info = token ? toTokenInfo(*token) : std::nullopt;
            EXPECT_TRUE(info.has_value());
            return devices::identify(atr, info, devices::IdentifiedBy::Pkcs11);
        }

        std::shared_ptr<active::Pkcs11Module> _module;

    private:
        void* _handle = nullptr;
        FakeRutokenSet _set = nullptr;
    };

    TEST_F(Pkcs11IdentifierTest, ReadsTheExtensionAndTheHardwareFeature)
    {
        ASSERT_NE(_module->extension(), nullptr);
        auto facts = facts3220();
        facts.modelName = "Рутокен ЭЦП 3.0 3220";
        set(facts);
        const auto token = describe();
        ASSERT_TRUE(token.has_value());
        EXPECT_EQ(token->hardwareVersion.major, 65);
        EXPECT_EQ(token->firmwareVersion.major, 30);
        EXPECT_EQ(token->serialText, "000000000A1B2C3D");
        EXPECT_EQ(token->tokenClass, active::rt::TOKEN_CLASS_ECP);
        EXPECT_EQ(token->flags, active::rt::TOKEN_FLAGS_SUPPORT_FKN);
        EXPECT_EQ(token->totalMemory, 131072u);
        EXPECT_EQ(token->currentInterface, devices::INTERFACE_USB);
        EXPECT_EQ(
            std::string(token->modelName.begin(), token->modelName.end()), "Рутокен ЭЦП 3.0 3220");
        EXPECT_TRUE(token->gostKeyGeneration);

        const auto info = toTokenInfo(*token);
        ASSERT_TRUE(info.has_value());
        EXPECT_EQ(info->serial, 0x0A1B2C3Du);
        EXPECT_EQ(info->features, devices::FEATURE_CRYPTO_CORE | devices::FEATURE_FKN);
        EXPECT_EQ(info->tokenType, 0x01);
        EXPECT_EQ(info->modelName, "Рутокен ЭЦП 3.0 3220");
    }

    TEST_F(Pkcs11IdentifierTest, EveryEcpModelOfTheMatrixIsNamed)
    {
        struct Case
        {
            std::string_view modelId;
            uint8_t hw;
            uint8_t fw;
            uint8_t fwMinor;
            CK_FLAGS flags;
        };
        const CK_FLAGS FKN = active::rt::TOKEN_FLAGS_SUPPORT_FKN;
        const Case cases[] = {
            { "rutoken-ecp-2.0-2000", 20, 23, 0, 0 },
            { "rutoken-ecp-2.0-2100", 54, 23, 2, 0 },
            { "rutoken-ecp-2.0-flash", 55, 24, 0, active::rt::TOKEN_FLAGS_HAS_FLASH_DRIVE },
            { "rutoken-ecp-2.0-3000", 20, 26, 0, FKN },
            { "rutoken-ecp-3.0-3100", 60, 30, 0, FKN },
            { "rutoken-ecp-3.0-3220", 65, 30, 0, FKN },
        };
        for (const auto& c : cases) {
            SCOPED_TRACE(std::string(c.modelId));
            auto facts = facts3220();
            facts.hardware[0] = c.hw;
            facts.firmware[0] = c.fw;
            facts.firmware[1] = c.fwMinor;
            facts.flags = c.flags;
            const auto id = identifyAs(facts);
            EXPECT_TRUE(id.known);
            EXPECT_EQ(id.modelId, c.modelId);
            EXPECT_EQ(id.identifiedBy, devices::IdentifiedBy::Pkcs11);
        }
    }

    TEST_F(Pkcs11IdentifierTest, SmartCardsAndNamedFirmware)
    {
        auto card = facts3220();
        card.tokenType = 0x41;
        card.hardware[0] = 54;
        card.firmware[0] = 23;
        card.firmware[1] = 2;
        card.flags = 0;
        card.currentInterface = devices::INTERFACE_ISO;
        card.supportedInterfaces = devices::INTERFACE_ISO;
        EXPECT_EQ(identifyAs(card, SC_ATR).modelId, "smartcard-rutoken-ecp-2.0-2100");

        // Firmware 32+: CKA_VENDOR_MODEL_NAME names it.
        auto named = facts3220();
        named.hardware[0] = 70;
        named.firmware[0] = 32;
        named.modelName = "Рутокен 2151";
        EXPECT_EQ(identifyAs(named).modelId, "rutoken-2151");
    }

    TEST_F(Pkcs11IdentifierTest, OlderLibrariesAndTokensWithoutTheObject)
    {
        // No hardware feature object: the versions still decide; the type comes from the class
        // when the deprecated field is unset; a structure filled only to the serial is enough.
        auto facts = facts3220();
        facts.hardwareFeature = false;
        facts.tokenType = 0;
        EXPECT_EQ(identifyAs(facts).modelId, "rutoken-ecp-3.0-3220");
        facts.tokenType = 0x01;
        facts.filledSize = offsetof(active::rt::CK_TOKEN_INFO_EXTENDED, ulTotalMemory);
        const auto shorter = identifyAs(facts);
        EXPECT_EQ(shorter.modelId, "rutoken-ecp-3.0-3220");
        set(facts);
        EXPECT_FALSE(describe()->tokenClass.has_value());
        // Too short for the serial: the library's answer is not used.
        facts.filledSize = offsetof(active::rt::CK_TOKEN_INFO_EXTENDED, serialNumber);
        set(facts);
        EXPECT_FALSE(describe().has_value());
    }

    TEST_F(Pkcs11IdentifierTest, TheSerialIsTheTokenInfoObjectsOrNothing)
    {
        auto facts = facts3220();
        // Zero in the structure: CK_TOKEN_INFO's hex text.
        std::fill(std::begin(facts.serial), std::end(facts.serial), 0);
        set(facts);
        EXPECT_EQ(toTokenInfo(*describe())->serial, 0x0A1B2C3Du);
        // More than 32 bits: the device id would differ from the token-info object's.
        facts.serial[3] = 1;
        set(facts);
        EXPECT_FALSE(toTokenInfo(*describe()).has_value());
        // No serial at all.
        std::fill(std::begin(facts.serial), std::end(facts.serial), 0);
        facts.serialText = "";
        set(facts);
        EXPECT_FALSE(toTokenInfo(*describe()).has_value());
    }

    TEST_F(Pkcs11IdentifierTest, FknComesFromTheLibrarysFlag)
    {
        auto facts = facts3220();
        facts.flags = 0;
        set(facts);
        EXPECT_EQ(toTokenInfo(*describe())->features & devices::FEATURE_FKN, 0);
        facts.gostKeyGeneration = false;
        set(facts);
        EXPECT_EQ(toTokenInfo(*describe())->features, 0);
    }

    TEST_F(Pkcs11IdentifierTest, OtherReadersAndModulesWithoutTheExtensionAreNotDescribed)
    {
        EXPECT_FALSE(describe("Another Reader 00 00").has_value());
        const auto plain = active::Pkcs11Module::load(TB_FAKE_GOST_MODULE);
        EXPECT_EQ(plain->extension(), nullptr);
        EXPECT_FALSE(active::describeVendorToken({ plain }, "Fake GOST Reader 00 00").has_value());
    }

    TEST_F(Pkcs11IdentifierTest, TheIdentifierAsksTheProcesssModules)
    {
        auto modules = std::make_shared<active::ModuleSet>([] {
            return std::vector<std::string> { TB_FAKE_GOST_MODULE, TB_FAKE_RUTOKEN_MODULE };
        });
        Pkcs11Identifier identifier(modules);
        const auto info = identifier.describe(READER);
        ASSERT_TRUE(info.has_value());
        EXPECT_EQ(info->hardware.major, 65);
        EXPECT_FALSE(identifier.describe("Another Reader 00 00").has_value());
    }

} // namespace
} // namespace tokenbridge::modes
