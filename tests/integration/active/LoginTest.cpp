#include "SoftHsmToken.hpp"

#include "modes/active/KeyPairs.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::modes::active::test
{
namespace
{

    TEST(SoftHsmLogin, WrongPinIsPinIncorrect)
    {
        auto& hsm = softHsm();
        Session session(hsm.module(), hsm.slot());
        security::PinBuffer pin;
        assignPin(pin, "00000000");
        try {
            Login login(session, pin.bytes());
            FAIL() << "wrong PIN accepted";
        } catch (const UserActionError& error) {
            EXPECT_EQ(error.code(), ErrorCode::PIN_INCORRECT);
            EXPECT_EQ(error.details().value("ckr", ""), "CKR_PIN_INCORRECT");
            // Neither the wrong nor the right PIN appears in the message.
            EXPECT_EQ(std::string(error.what()).find("00000000"), std::string::npos);
            EXPECT_EQ(std::string(error.what()).find(USER_PIN), std::string::npos);
        }
    }

    TEST(SoftHsmLogin, LoginLastsForTheGuardsLifetime)
    {
        auto& hsm = softHsm();
        Session session(hsm.module(), hsm.slot());
        security::PinBuffer pin;
        assignPin(pin, USER_PIN);
        KeyGenSpec spec { crypto::KeyAlgorithm::EcdsaP256, "", "login-test", 2048 };
        Bytes id;
        {
            Login login(session, pin.bytes());
            id = generateKeyPair(session, spec).id;
            EXPECT_TRUE(findKeyPair(session, id).has_value());
        }
        // Logged out: private objects are invisible again.
        EXPECT_FALSE(findKeyPair(session, id).has_value());
        Login again(session, pin.bytes());
        EXPECT_TRUE(findKeyPair(session, id).has_value());
        destroyKeyPair(session, id);
        EXPECT_FALSE(findKeyPair(session, id).has_value());
    }

    TEST(SoftHsmLogin, NestedLoginDoesNotLogTheOuterOneOut)
    {
        auto& hsm = softHsm();
        Session session(hsm.module(), hsm.slot());
        security::PinBuffer pin;
        assignPin(pin, USER_PIN);
        Login outer(session, pin.bytes());
        {
            Session second(hsm.module(), hsm.slot());
            Login inner(second, pin.bytes()); // CKR_USER_ALREADY_LOGGED_IN: not ours to end
        }
        AttributeTemplate filter;
        filter.addUlong(CKA_CLASS, CKO_PRIVATE_KEY);
        EXPECT_NO_THROW(session.findObjects(filter));
        KeyGenSpec spec { crypto::KeyAlgorithm::EcdsaP256, "", "nested", 2048 };
        const auto pair = generateKeyPair(session, spec); // needs the login still
        destroyKeyPair(session, pair.id);
    }

    TEST(SoftHsmLogin, ReadOnlyWorkWithoutLoginSeesNoPrivateKeys)
    {
        auto& hsm = softHsm();
        Session session(hsm.module(), hsm.slot(), false);
        EXPECT_TRUE(listKeyPairs(session).empty());
    }

} // namespace
} // namespace tokenbridge::modes::active::test
