#include "SoftHsmToken.hpp"

#include "modes/active/SlotMatcher.hpp"
#include "modes/active/SlotToken.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace tokenbridge::modes::active::test
{
namespace
{

    TEST(SoftHsmModule, LoadsAndDescribesItself)
    {
        auto& hsm = softHsm();
        const auto info = hsm.module()->info();
        EXPECT_EQ(info.manufacturer, "SoftHSM");
        EXPECT_EQ(info.path, SOFTHSM_MODULE);
        EXPECT_EQ(info.cryptokiVersion.major, 2);
        // load() shares the initialized instance.
        EXPECT_EQ(Pkcs11Module::load(SOFTHSM_MODULE).get(), hsm.module().get());
    }

    TEST(SoftHsmModule, ListsTheTokenWithItsInfo)
    {
        auto& hsm = softHsm();
        const auto tokens = listTokens(*hsm.module());
        const auto found = std::find_if(tokens.begin(), tokens.end(),
            [](const SlotToken& token) { return token.label == TOKEN_LABEL; });
        ASSERT_NE(found, tokens.end());
        EXPECT_EQ(found->slot, hsm.slot());
        EXPECT_EQ(found->manufacturer, "SoftHSM project");
        EXPECT_EQ(found->model, "SoftHSM v2");
        EXPECT_EQ(found->serial.size(), 16u);
        EXPECT_NE(found->flags & CKF_TOKEN_INITIALIZED, 0u);
        EXPECT_NE(found->flags & CKF_USER_PIN_INITIALIZED, 0u);
        EXPECT_NE(found->flags & CKF_LOGIN_REQUIRED, 0u);
        EXPECT_EQ(toJson(*found)["label"], TOKEN_LABEL);
    }

    TEST(SoftHsmModule, FindsTheSlotByReaderAndSerial)
    {
        auto& hsm = softHsm();
        const auto token = describeSlot(*hsm.module(), hsm.slot());
        // SoftHSM's slotDescription stands in for the PC/SC reader name; its serial is a full
        // 16-hex-digit number (rtpkcs11ecp pads the 8-digit card serial with zeros).
        EXPECT_EQ(findSlot(*hsm.module(), token.slotDescription, token.serial), hsm.slot());
        // Right reader, but the token there has another serial: a different card.
        EXPECT_EQ(findSlot(*hsm.module(), token.slotDescription, "DEADBEEF"), std::nullopt);
        EXPECT_EQ(findSlot(*hsm.module(), "No such reader", token.serial), hsm.slot());
        EXPECT_EQ(findSlot(*hsm.module(), token.slotDescription, ""), hsm.slot());
        EXPECT_EQ(findSlot(*hsm.module(), "No such reader", "DEADBEEF"), std::nullopt);
    }

    TEST(SoftHsmModule, ReportsMechanisms)
    {
        auto& hsm = softHsm();
        EXPECT_TRUE(hsm.module()->supportsMechanism(hsm.slot(), CKM_ECDSA));
        EXPECT_TRUE(hsm.module()->supportsMechanism(hsm.slot(), CKM_RSA_PKCS));
        // pitfall P8: no GOST in Debian's SoftHSM.
        EXPECT_FALSE(hsm.module()->supportsMechanism(hsm.slot(), CKM_GOSTR3410));
        EXPECT_FALSE(hsm.module()->supportsMechanism(hsm.slot(), CKM_GOSTR3410_512));
    }

    TEST(SoftHsmModule, BadPathsAreFatalErrors)
    {
        EXPECT_THROW(Pkcs11Module::load("/nonexistent/libnothing.so"), FatalError);
        // A real shared library that is not a PKCS#11 module.
        try {
            Pkcs11Module::load("libz.so.1");
            FAIL() << "libz loaded as a PKCS#11 module";
        } catch (const FatalError& error) {
            EXPECT_NE(std::string(error.what()).find("C_GetFunctionList"), std::string::npos);
        }
    }

} // namespace
} // namespace tokenbridge::modes::active::test
