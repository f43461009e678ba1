// Key properties read, never assumed: keys made on SoftHSM2 through PKCS#11 directly (not by the
// host), then listed by the host's own road: the command table behind the dispatcher on the
// command-line channel (what `tokenbridge-host call --pin-file` runs) -> KeyService -> KeyRouter
// -> ActiveKeyStore. The token in the reader is vtoken's card OS in-process behind the link-time
// PC/SC fake (tests/unit/pcsc/FakePcsc.cpp); SoftHSM2 stands in for the PKCS#11 module that
// serves it (its slots carry no Rutoken serial, hence ModuleSet's locator).
#include "FakePcsc.hpp"
#include "SoftHsmToken.hpp"

#include "Card.hpp"
#include "Model.hpp"
#include "commands/Commands.hpp"
#include "commands/SignStreams.hpp"
#include "crypto/Der.hpp"
#include "crypto/Oids.hpp"
#include "devices/DeviceService.hpp"
#include "modes/KeyService.hpp"
#include "modes/active/KeyPairs.hpp"
#include "modes/active/ModuleSet.hpp"
#include "protocol/Dispatcher.hpp"

#include <gtest/gtest.h>

#include <mutex>

namespace tokenbridge::modes::active::test
{
namespace
{

    constexpr std::string_view MODEL = "rutoken-ecp-2.0-2100"; // active-pkcs11 under 5.0-R3
    constexpr std::uint32_t SERIAL = 0x0A1B2C3D;

    // A private key's flags at generation; the public half is always plain.
    struct Flags
    {
        bool extractable;
        bool sensitive;
    };

    // Generates an ECDSA P-256 pair with these flags through the module itself and returns its
    // CKA_ID (hex, as the host shows it).
    std::string generateDirectly(Session& session, const Flags& flags, const Bytes& id)
    {
        AttributeTemplate publicKey;
        publicKey.addBool(CKA_TOKEN, true)
            .addBool(CKA_PRIVATE, false)
            .addBool(CKA_VERIFY, true)
            .add(CKA_EC_PARAMS, crypto::der::oid(crypto::oid::PRIME256V1))
            .add(CKA_ID, id)
            .addText(CKA_LABEL, "made elsewhere");
        AttributeTemplate privateKey;
        privateKey.addBool(CKA_TOKEN, true)
            .addBool(CKA_PRIVATE, true)
            .addBool(CKA_SIGN, true)
            .addBool(CKA_SENSITIVE, flags.sensitive)
            .addBool(CKA_EXTRACTABLE, flags.extractable)
            .add(CKA_ID, id)
            .addText(CKA_LABEL, "made elsewhere");
        CK_MECHANISM mechanism { CKM_EC_KEY_PAIR_GEN, nullptr, 0 };
        CK_OBJECT_HANDLE publicHandle = CK_INVALID_HANDLE;
        CK_OBJECT_HANDLE privateHandle = CK_INVALID_HANDLE;
        const CK_RV rv = session.api()->C_GenerateKeyPair(session.handle(), &mechanism,
            publicKey.data(), publicKey.size(), privateKey.data(), privateKey.size(), &publicHandle,
            &privateHandle);
        if (rv != CKR_OK) {
            throw std::runtime_error("C_GenerateKeyPair failed: " + std::to_string(rv));
        }
        return toHex(id);
    }

    class KeyProperties : public ::testing::Test
    {
    protected:
        KeyProperties() :
            card(*vtoken::findModel(MODEL), vtoken::Connection::Contact,
                vtoken::CardState::factory(std::string(MODEL), SERIAL, 10),
                [](const vtoken::CardState&) {}),
            modules([] { return std::vector<std::string> { SOFTHSM_MODULE }; },
                [](const std::vector<std::shared_ptr<Pkcs11Module>>& loaded, std::string_view,
                    std::string_view) -> std::optional<TokenLocation> {
                    return TokenLocation { loaded.at(0), softHsm().slot() };
                })
        {
            assignPin(pin, USER_PIN);
            pcsc::test::reset();
            std::lock_guard guard(pcsc::test::lock());
            pcsc::test::state().readers.push_back({ .name = "Virtual PCD 00 00",
                .eventState = SCARD_STATE_PRESENT | (1u << 16),
                .atr = card.atr(),
                .card = [this](const Bytes& apdu) { return card.process(apdu); } });
        }

        nlohmann::json call(
            const std::string& command, nlohmann::json params, const security::PinBuffer* withPin)
        {
            const auto reply = dispatcher.dispatch(
                { { "id", 1 }, { "command", command }, { "params", std::move(params) } },
                { protocol::Channel::Cli, withPin });
            if (!reply.contains("result")) {
                throw std::runtime_error(command + ": " + reply.dump());
            }
            return reply["result"];
        }

        std::string deviceId()
        {
            const auto devices = call("listDevices", nlohmann::json::object(), nullptr);
            EXPECT_EQ(devices["devices"].size(), 1u) << devices.dump();
            return devices["devices"].at(0)["id"];
        }

        nlohmann::json listed(const std::string& keyId, const security::PinBuffer* withPin)
        {
            const auto keys = call("listKeys", { { "deviceId", deviceId() } }, withPin)["keys"];
            for (const auto& key : keys) {
                if (key["keyId"] == keyId) {
                    return key;
                }
            }
            ADD_FAILURE() << "the host does not list key " << keyId << ": " << keys.dump();
            return nlohmann::json::object();
        }

        vtoken::Card card;
        security::PinBuffer pin;
        devices::DeviceService service { devices::Environment { "5.0-R3", "config", "linux" } };
        ModuleSet modules;
        KeyService keys { service, modules };
        commands::SignStreams streams;
        protocol::Dispatcher dispatcher { commands::makeCommandTable({ service, keys, streams }) };
    };

    // A session of the test's own on the SoftHSM2 token, logged in.
    struct Direct
    {
        Direct() : session(softHsm().module(), softHsm().slot())
        {
            assignPin(pin, USER_PIN);
            login.emplace(session, pin.bytes());
        }
        security::PinBuffer pin;
        Session session;
        std::optional<Login> login;
    };

    TEST_F(KeyProperties, AnExtractableKeyIsReportedExtractableWithAdvice)
    {
        std::string keyId;
        {
            Direct direct;
            keyId = generateDirectly(direct.session, { true, true }, Bytes(20, 0xE1));
        }
        const auto key = listed(keyId, &pin);
        EXPECT_EQ(key["mode"], "active-pkcs11");
        EXPECT_EQ(key["algorithm"], "ecdsa_p256");
        EXPECT_EQ(key["extractable"], true) << key.dump();
        EXPECT_EQ(key["extractableFrom"], "pkcs11-attributes");
        EXPECT_EQ(key["pkcs11Attributes"],
            (nlohmann::json { { "extractable", true }, { "sensitive", true },
                { "neverExtractable", false }, { "alwaysSensitive", true } }));

        // getKeyInfo advises a new key: the token allows keys that never leave it.
        const auto info =
            call("getKeyInfo", { { "deviceId", deviceId() }, { "keyId", keyId } }, &pin);
        EXPECT_EQ(info["key"]["extractable"], true);
        ASSERT_TRUE(info["advice"].is_object()) << info.dump();
        EXPECT_EQ(info["advice"]["strongerMode"], "active-pkcs11");
        EXPECT_NE(info["advice"]["message"].get<std::string>().find("CKA_EXTRACTABLE"),
            std::string::npos);
    }

    TEST_F(KeyProperties, ANonSensitiveKeyIsExtractable)
    {
        std::string keyId;
        {
            Direct direct;
            keyId = generateDirectly(direct.session, { false, false }, Bytes(20, 0xE2));
        }
        const auto key = listed(keyId, &pin);
        EXPECT_EQ(key["extractable"], true) << key.dump();
        EXPECT_EQ(key["pkcs11Attributes"]["extractable"], false);
        EXPECT_EQ(key["pkcs11Attributes"]["sensitive"], false);
        EXPECT_EQ(key["pkcs11Attributes"]["alwaysSensitive"], false);
        const auto info =
            call("getKeyInfo", { { "deviceId", deviceId() }, { "keyId", keyId } }, &pin);
        EXPECT_NE(
            info["advice"]["message"].get<std::string>().find("CKA_SENSITIVE"), std::string::npos)
            << info.dump();
    }

    TEST_F(KeyProperties, TheHostsOwnKeyIsNotExtractableAndNeedsNoAdvice)
    {
        std::string keyId;
        {
            Direct direct;
            keyId = toHex(generateKeyPair(
                direct.session, { crypto::KeyAlgorithm::EcdsaP256, "", "host-made", 2048 })
                              .id);
        }
        const auto key = listed(keyId, &pin);
        EXPECT_EQ(key["extractable"], false) << key.dump();
        EXPECT_EQ(key["extractableFrom"], "pkcs11-attributes");
        EXPECT_EQ(key["pkcs11Attributes"],
            (nlohmann::json { { "extractable", false }, { "sensitive", true },
                { "neverExtractable", true }, { "alwaysSensitive", true } }));
        const auto info =
            call("getKeyInfo", { { "deviceId", deviceId() }, { "keyId", keyId } }, &pin);
        EXPECT_TRUE(info["advice"].is_null()) << info.dump();
    }

    TEST_F(KeyProperties, WithoutThePinThePrivateKeyIsUnseenAndNothingIsGuessed)
    {
        std::string keyId;
        {
            Direct direct;
            keyId = generateDirectly(direct.session, { true, true }, Bytes(20, 0xE3));
        }
        // The public key is listed; its private key is a private object.
        const auto key = listed(keyId, nullptr);
        EXPECT_TRUE(key["extractable"].is_null()) << key.dump();
        EXPECT_TRUE(key["extractableFrom"].is_null());
        EXPECT_TRUE(key["pkcs11Attributes"].is_null());
        EXPECT_FALSE(key["publicKey"].get<std::string>().empty());
    }

} // namespace
} // namespace tokenbridge::modes::active::test
