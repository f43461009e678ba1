// Proof the private key cannot leave the virtual token: through the module (sensitive value,
// no wrapping, CKA_EXTRACTABLE fixed), in the state directory (only in the card's own store) and
// on the wire (no APDU response carries the scalar; vtoken --apdu-log records them all).
#include "VtokenToken.hpp"

#include "modes/active/KeyPairs.hpp"
#include "modes/active/Session.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tokenbridge::modes::active::test
{
namespace
{

    std::string readFile(const std::filesystem::path& path)
    {
        std::ifstream in(path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

    std::string upper(std::string text)
    {
        std::transform(text.begin(), text.end(), text.begin(), ::toupper);
        return text;
    }

    class NonExtractable : public ::testing::Test
    {
    protected:
        NonExtractable() : session(vtokenLocation().module, vtokenLocation().slot)
        {
            assignPin(pin, USER_PIN);
            login.emplace(session, pin.bytes());
            pair =
                generateKeyPair(session, { crypto::KeyAlgorithm::Gost2012_256, "", "locked", 0 });
            // Sign once so the signing exchange is in the APDU log too.
            digest = Bytes(32, 0x5C);
            session.sign(CKM_GOSTR3410, pair.privateKey, digest);
        }
        ~NonExtractable() override { destroyKeyPair(session, pair.id); }

        // The private scalar as the card stores it (hex, little-endian) — read from the card's
        // own file, which is exactly what must not be seen anywhere else.
        std::string scalarHex()
        {
            const auto card = nlohmann::json::parse(readFile(env("VTOKEN_0_STATE") + "/card.json"));
            const std::string publicHex =
                upper(toHex(*session.attribute(*pair.publicKey, CKA_VALUE)));
            for (const auto& key : card.at("keys")) {
                if (key.value("public", "") == publicHex) {
                    return key.at("private").get<std::string>();
                }
            }
            ADD_FAILURE() << "key not in the card's store";
            return {};
        }

        security::PinBuffer pin;
        Session session;
        std::optional<Login> login;
        KeyPair pair;
        Bytes digest;
    };

    TEST_F(NonExtractable, ValueIsSensitive)
    {
        CK_ATTRIBUTE value { CKA_VALUE, nullptr, 0 };
        EXPECT_EQ(session.api()->C_GetAttributeValue(session.handle(), pair.privateKey, &value, 1),
            CKR_ATTRIBUTE_SENSITIVE);
        EXPECT_EQ(value.ulValueLen, CK_UNAVAILABLE_INFORMATION);
        EXPECT_EQ(session.boolAttribute(pair.privateKey, CKA_SENSITIVE), true);
        EXPECT_EQ(session.boolAttribute(pair.privateKey, CKA_EXTRACTABLE), false);
        EXPECT_EQ(session.boolAttribute(pair.privateKey, CKA_NEVER_EXTRACTABLE), true);
    }

    TEST_F(NonExtractable, WrappingFails)
    {
        CK_MECHANISM mechanism { CKM_GOSTR3410_KEY_WRAP, nullptr, 0 };
        unsigned char out[512];
        CK_ULONG length = sizeof out;
        const CK_RV rv = session.api()->C_WrapKey(
            session.handle(), &mechanism, *pair.publicKey, pair.privateKey, out, &length);
        EXPECT_EQ(rv, CKR_KEY_UNEXTRACTABLE);
    }

    TEST_F(NonExtractable, ExtractableCannotBeSwitchedOn)
    {
        CK_BBOOL yes = CK_TRUE;
        CK_ATTRIBUTE extractable { CKA_EXTRACTABLE, &yes, sizeof yes };
        EXPECT_EQ(
            session.api()->C_SetAttributeValue(session.handle(), pair.privateKey, &extractable, 1),
            CKR_ATTRIBUTE_READ_ONLY);
        CK_BBOOL no = CK_FALSE;
        CK_ATTRIBUTE sensitive { CKA_SENSITIVE, &no, sizeof no };
        EXPECT_EQ(
            session.api()->C_SetAttributeValue(session.handle(), pair.privateKey, &sensitive, 1),
            CKR_ATTRIBUTE_READ_ONLY);
        EXPECT_EQ(session.boolAttribute(pair.privateKey, CKA_EXTRACTABLE), false);
    }

    TEST_F(NonExtractable, StateDirectoryHoldsTheKeyOnlyInTheCardStore)
    {
        const std::string scalar = scalarHex();
        ASSERT_EQ(scalar.size(), 64u);
        const std::filesystem::path dir = env("VTOKEN_0_STATE");
        for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
            if (!entry.is_regular_file()) {
                continue;
            }
            const std::string text = upper(readFile(entry.path()));
            const bool has = text.find(scalar) != std::string::npos;
            EXPECT_EQ(has, entry.path().filename() == "card.json") << entry.path();
        }
        // Inside card.json: exactly once, as the key's "private" field.
        const std::string card = readFile(dir / "card.json");
        EXPECT_EQ(card.find(scalar), card.rfind(scalar));
    }

    TEST_F(NonExtractable, NoApduResponseCarriesTheKey)
    {
        const std::string scalar = scalarHex();
        ASSERT_EQ(scalar.size(), 64u);
        // The big-endian form too, and the raw bytes in case a response were binary-logged.
        std::string reversed;
        for (size_t i = scalar.size(); i >= 2; i -= 2) {
            reversed += scalar.substr(i - 2, 2);
        }
        const std::string log = readFile(env("VTOKEN_APDU_LOG"));
        size_t responses = 0;
        std::istringstream lines(log);
        for (std::string line; std::getline(lines, line);) {
            const auto mark = line.find("< ");
            if (mark == std::string::npos) {
                continue;
            }
            ++responses;
            EXPECT_EQ(line.find(scalar), std::string::npos) << line;
            EXPECT_EQ(line.find(reversed), std::string::npos) << line;
        }
        // The log really recorded this key's exchanges: its public key went out in a response.
        EXPECT_GT(responses, 5u);
        const std::string publicHex = upper(toHex(*session.attribute(*pair.publicKey, CKA_VALUE)));
        EXPECT_NE(log.find(publicHex), std::string::npos);
        // And no PIN body was logged.
        EXPECT_EQ(log.find(toHex(asBytes(USER_PIN))), std::string::npos);
    }

} // namespace
} // namespace tokenbridge::modes::active::test
