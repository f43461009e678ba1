// Where the host's key commands go on a device with FKN (host/modes/StoreChoice.hpp): the auto
// mode's choice, the one listing of a key seen by two stores; and getKeyInfo's confirmation
// (host/commands/KeyJson.hpp).
#include "StoreTestCard.hpp"

#include "commands/KeyJson.hpp"
#include "core/Error.hpp"
#include "modes/StoreChoice.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::modes::fkn::test
{
namespace
{

    devices::Device device(std::vector<Mode> modes, std::uint8_t features)
    {
        devices::Device d;
        d.id = "test";
        d.modes = std::move(modes);
        d.info = devices::TokenInfo {};
        d.info->features = features;
        return d;
    }

    const auto FKN_TOKEN = device({ Mode::Fkn, Mode::ActivePkcs11, Mode::Passive },
        devices::FEATURE_CRYPTO_CORE | devices::FEATURE_FKN);
    const auto NFC_FKN_TOKEN = device({ Mode::FknNfc, Mode::ActivePkcs11, Mode::Passive },
        devices::FEATURE_CRYPTO_CORE | devices::FEATURE_FKN);
    const auto ECP = device({ Mode::ActivePkcs11, Mode::Passive }, devices::FEATURE_CRYPTO_CORE);
    const auto LITE = device({ Mode::Passive }, 0);

    Mode choose(const devices::Device& d, const std::string& requested, bool activeServed)
    {
        return modes::chooseStore(d, requested, [=] { return activeServed; });
    }

    TEST(KeyRouting, AutoPrefersFknThenActiveThenPassive)
    {
        EXPECT_EQ(choose(FKN_TOKEN, "auto", true), Mode::Fkn);
        EXPECT_EQ(choose(NFC_FKN_TOKEN, "auto", false), Mode::Fkn);
        EXPECT_EQ(choose(ECP, "auto", true), Mode::ActivePkcs11);
        // No PKCS#11 module serves it: passive.
        EXPECT_EQ(choose(ECP, "auto", false), Mode::Passive);
        EXPECT_EQ(choose(LITE, "auto", true), Mode::Passive);
        // The matrix says FKN but the token does not speak it (features bit 02 clear).
        const auto noFeature = device({ Mode::Fkn, Mode::ActivePkcs11, Mode::Passive }, 0x01);
        EXPECT_EQ(choose(noFeature, "auto", true), Mode::ActivePkcs11);
    }

    TEST(KeyRouting, ExplicitModes)
    {
        EXPECT_EQ(choose(FKN_TOKEN, "fkn", false), Mode::Fkn);
        EXPECT_EQ(choose(NFC_FKN_TOKEN, "fkn-nfc", false), Mode::Fkn);
        EXPECT_EQ(choose(FKN_TOKEN, "active", true), Mode::ActivePkcs11);
        EXPECT_EQ(choose(FKN_TOKEN, "passive", true), Mode::Passive);
        for (const auto& d : { ECP, LITE }) {
            try {
                choose(d, "fkn", true);
                ADD_FAILURE() << "fkn accepted";
            } catch (const UserActionError& error) {
                EXPECT_EQ(error.code(), ErrorCode::MODE_NOT_SUPPORTED);
                EXPECT_EQ(error.details().at("requested"), "fkn");
            }
        }
        EXPECT_THROW(choose(LITE, "active", true), UserActionError);
    }

    TEST(KeyRouting, AnFknKeySeenThroughPkcs11IsListedOnceAsFkn)
    {
        // A real FKN key from the card; PKCS#11 reports the same key (same CKA_ID) as active.
        StoreTestCard token;
        security::PinBuffer pin;
        setPin(pin, USER_PIN);
        const auto fknKey = FknKeyStore(token.transmit(), &pin).generateKey({});
        auto throughPkcs11 = fknKey;
        throughPkcs11.mode = Mode::ActivePkcs11;
        // Pulled between generating the pair and storing its id: PKCS#11 shows no CKA_ID.
        auto idless = throughPkcs11;
        idless.keyId = "";
        modes::KeyEntry activeKey;
        activeKey.keyId = "AA";
        activeKey.mode = Mode::ActivePkcs11;
        modes::KeyEntry passiveKey;
        passiveKey.keyId = "BB";
        passiveKey.mode = Mode::Passive;
        const auto keys = modes::mergeKeyListings(FknKeyStore(token.transmit(), nullptr).listKeys(),
            { throughPkcs11, idless, activeKey }, { passiveKey });
        ASSERT_EQ(keys.size(), 3u);
        EXPECT_EQ(keys[0].keyId, fknKey.keyId);
        EXPECT_EQ(keys[0].mode, Mode::Fkn);
        EXPECT_EQ(keys[1].keyId, "AA");
        EXPECT_EQ(keys[2].keyId, "BB");
    }

    TEST(KeyRouting, GetKeyInfoConfirmsOnlyWithTheTokensAnswer)
    {
        const auto unconfirmed = commands::fknConfirmation(std::nullopt);
        EXPECT_TRUE(unconfirmed.at("confirmedBy").is_null());
        EXPECT_TRUE(unconfirmed.at("howToConfirm").is_string());

        // The attribute read from the real card inside an FKN session.
        StoreTestCard token;
        security::PinBuffer pin;
        setPin(pin, USER_PIN);
        FknKeyStore store(token.transmit(), &pin);
        const auto key = store.generateKey({});
        const auto confirmed = commands::fknConfirmation(store.readKeyAttributes(key.keyId));
        EXPECT_EQ(confirmed.at("confirmedBy"), "token-attribute-in-fkn-session");
        EXPECT_EQ(confirmed.at("tokenAttributes").at("fkn"), true);
        EXPECT_EQ(confirmed.at("tokenAttributes").at("extractable"), false);

        const auto denied = commands::fknConfirmation(KeyAttributes { false, false });
        EXPECT_TRUE(denied.at("confirmedBy").is_null());
    }

} // namespace
} // namespace tokenbridge::modes::fkn::test
