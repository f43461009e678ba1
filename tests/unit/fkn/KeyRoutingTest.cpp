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

    // A device as the host describes it: its modes from the compatibility table's cell.
    devices::Device fromTable(const std::string& model, const std::string& csp,
        const std::string& platform, devices::Connection connection, std::uint8_t features)
    {
        return device(
            devices::lookupCompatibility({ model, csp, platform, connection }).modes, features);
    }

    void expectRefused(const devices::Device& d, const std::string& requested)
    {
        try {
            choose(d, requested, true);
            ADD_FAILURE() << requested << " accepted with modes " << devices::modesToJson(d.modes);
        } catch (const UserActionError& error) {
            EXPECT_EQ(error.code(), ErrorCode::MODE_NOT_SUPPORTED);
            EXPECT_EQ(error.details().at("requested"), requested);
            EXPECT_EQ(error.details().at("available"), devices::modesToJson(d.modes));
        }
    }

    TEST(KeyRouting, PassiveOnlyWhereTheTableListsIt)
    {
        constexpr auto CONTACT = devices::Connection::Contact;
        constexpr auto CORE = devices::FEATURE_CRYPTO_CORE;
        // Рутокен 2151 under CSP 4.0-R4: its cell lists no mode, so no new key of any mode.
        const auto r4 = fromTable("rutoken-2151", "4.0-R4", "linux", CONTACT, CORE);
        ASSERT_TRUE(r4.modes.empty());
        for (const auto* requested : { "passive", "auto", "active", "fkn" }) {
            expectRefused(r4, requested);
        }
        // The same model under 5.0-R3 lists passive.
        const auto r3 = fromTable("rutoken-2151", "5.0-R3", "linux", CONTACT, CORE);
        EXPECT_EQ(choose(r3, "passive", true), Mode::Passive);
        EXPECT_EQ(choose(r3, "auto", false), Mode::Passive);

        // The NFC 3100 over contact on Android: only its FKN mode (footnote 1: neither passive
        // nor active-pkcs11 work on Android and iOS).
        const std::string nfc3100 = "rutoken-ecp-3.0-nfc-3100";
        const auto android =
            fromTable(nfc3100, "5.0-R3", "android", CONTACT, CORE | devices::FEATURE_FKN);
        ASSERT_EQ(android.modes, std::vector { Mode::Fkn });
        EXPECT_EQ(choose(android, "auto", true), Mode::Fkn);
        expectRefused(android, "passive");
        expectRefused(android, "active");
        // A token that does not speak FKN leaves "auto" nothing to choose.
        expectRefused(fromTable(nfc3100, "5.0-R3", "android", CONTACT, CORE), "auto");
        // Over NFC on a PC under R2: fkn-nfc and active-pkcs11; without FKN and without a
        // PKCS#11 module no passive fallback is left either.
        const auto nfcPc = fromTable(nfc3100, "5.0-R2", "linux", devices::Connection::Nfc, CORE);
        ASSERT_EQ(nfcPc.modes, (std::vector { Mode::FknNfc, Mode::ActivePkcs11 }));
        try {
            choose(nfcPc, "auto", false);
            ADD_FAILURE() << "auto fell back to a mode the table does not list";
        } catch (const UserActionError& error) {
            EXPECT_EQ(error.code(), ErrorCode::MODE_NOT_SUPPORTED);
        }
        EXPECT_EQ(choose(nfcPc, "auto", true), Mode::ActivePkcs11);
        expectRefused(nfcPc, "passive");
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

    TEST(KeyRouting, TheKeyObjectSaysWhatWasReadAndNothingElse)
    {
        modes::KeyEntry unread;
        unread.mode = Mode::ActivePkcs11;
        auto json = commands::keyToJson(unread, "d");
        EXPECT_TRUE(json.at("extractable").is_null());
        EXPECT_TRUE(json.at("extractableFrom").is_null());
        EXPECT_TRUE(json.at("pkcs11Attributes").is_null());

        auto read = unread;
        read.extractable = Extractable::Yes;
        read.extractableFrom = ExtractableSource::Pkcs11Attributes;
        read.pkcs11Attributes = Pkcs11KeyAttributes { true, true, false, std::nullopt };
        json = commands::keyToJson(read, "d");
        EXPECT_EQ(json.at("extractable"), true);
        EXPECT_EQ(json.at("extractableFrom"), "pkcs11-attributes");
        EXPECT_EQ(json.at("pkcs11Attributes"),
            (nlohmann::json { { "extractable", true }, { "sensitive", true },
                { "neverExtractable", false }, { "alwaysSensitive", nullptr } }));

        const std::pair<ExtractableSource, const char*> sources[] = {
            { ExtractableSource::PassiveMode, "passive-mode" },
            { ExtractableSource::FknObjectList, "fkn-object-list" },
            { ExtractableSource::FknSession, "fkn-session" },
        };
        for (const auto& [source, name] : sources) {
            modes::KeyEntry key;
            key.extractable = Extractable::No;
            key.extractableFrom = source;
            EXPECT_EQ(commands::keyToJson(key, "d").at("extractableFrom"), name);
            EXPECT_EQ(commands::keyToJson(key, "d").at("extractable"), false);
        }
    }

    TEST(KeyRouting, AdviceForAKeyTheTokenLetsOut)
    {
        modes::KeyEntry kept;
        kept.mode = Mode::ActivePkcs11;
        kept.extractable = Extractable::No;
        kept.extractableFrom = ExtractableSource::Pkcs11Attributes;
        kept.pkcs11Attributes = Pkcs11KeyAttributes { false, true, true, true };
        EXPECT_TRUE(commands::modeAdvice(ECP, kept).is_null());

        auto wrappable = kept;
        wrappable.extractable = Extractable::Yes;
        wrappable.pkcs11Attributes->extractable = true;
        const auto advice = commands::modeAdvice(ECP, wrappable);
        ASSERT_TRUE(advice.is_object());
        EXPECT_EQ(advice.at("strongerMode"), "active-pkcs11");
        EXPECT_NE(
            advice.at("message").get<std::string>().find("CKA_EXTRACTABLE"), std::string::npos);
        // On an FKN token the stronger mode is FKN's, and the reason is still the leak.
        const auto onFkn = commands::modeAdvice(FKN_TOKEN, wrappable);
        EXPECT_EQ(onFkn.at("strongerMode"), "fkn");
        EXPECT_NE(
            onFkn.at("message").get<std::string>().find("CKA_EXTRACTABLE"), std::string::npos);

        // Not extractable now, but it was: copies may exist.
        auto once = kept;
        once.pkcs11Attributes->neverExtractable = false;
        EXPECT_NE(commands::modeAdvice(ECP, once).at("message").get<std::string>().find(
                      "CKA_NEVER_EXTRACTABLE"),
            std::string::npos);

        // Unknown (no PIN): no advice is made up.
        modes::KeyEntry unread;
        unread.mode = Mode::ActivePkcs11;
        EXPECT_TRUE(commands::modeAdvice(ECP, unread).is_null());
        // A token whose only mode is passive has nothing better to offer.
        EXPECT_TRUE(commands::modeAdvice(LITE, wrappable).is_null());
        // A passive key is extractable by its mode: the mode advice, as before.
        modes::KeyEntry passive;
        passive.extractable = Extractable::Yes;
        passive.extractableFrom = ExtractableSource::PassiveMode;
        EXPECT_EQ(commands::modeAdvice(ECP, passive).at("strongerMode"), "active-pkcs11");
        EXPECT_TRUE(commands::modeAdvice(LITE, passive).is_null());
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
