// CryptoPro containers on the token, through the host's own road: the command table behind the
// dispatcher on the command-line channel (what `tokenbridge-host call` runs) -> KeyService ->
// KeyRouter -> PassiveKeyStore -> CryptoProKeys, against vtoken's card OS in-process behind the
// link-time PC/SC fake. The container is CryptoPro CSP's own sample (tests/data/cryptopro,
// password "1"); the layout checks read the card with raw APDUs, not through the host.

#include "Card.hpp"
#include "CryptoProSample.hpp"
#include "FakePcsc.hpp"
#include "FileSystem.hpp"
#include "Model.hpp"

#include "commands/Commands.hpp"
#include "commands/SignStreams.hpp"
#include "crypto/Hasher.hpp"
#include "crypto/PublicKey.hpp"
#include "devices/DeviceService.hpp"
#include "modes/KeyService.hpp"
#include "modes/active/ModuleSet.hpp"
#include "modes/passive/CryptoProContainer.hpp"
#include "modes/passive/CryptoProFormat.hpp"
#include "modes/passive/CryptoProKeys.hpp"
#include "protocol/Dispatcher.hpp"
#include "security/PinBuffer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <mutex>

using namespace tokenbridge::test::cryptopro;
using namespace tokenbridge;

namespace
{

constexpr std::string_view USER_PIN = "12345678"; // vtoken's factory user PIN

void assign(security::PinBuffer& buffer, std::string_view text)
{
    buffer.assign(std::span(text.data(), text.size()));
}

class CryptoProOnToken : public ::testing::TestWithParam<const char*>
{
protected:
    CryptoProOnToken() :
        card(*vtoken::findModel(GetParam()), vtoken::Connection::Contact,
            vtoken::CardState::factory(GetParam(), 0x0A1B2C3D, 10), [](const vtoken::CardState&) {})
    {
        assign(pin, USER_PIN);
        assign(password, "1");
        assign(wrongPassword, "2");
        pcsc::test::reset();
        std::lock_guard guard(pcsc::test::lock());
        pcsc::test::state().readers.push_back({ .name = "Virtual PCD 00 00",
            .eventState = SCARD_STATE_PRESENT | (1u << 16),
            .atr = card.atr(),
            .card = [this](const Bytes& apdu) { return card.process(apdu); } });
    }

    nlohmann::json call(const std::string& command, nlohmann::json params,
        const security::PinBuffer* withPin, const security::PinBuffer* withPassword = nullptr,
        protocol::Channel channel = protocol::Channel::Cli)
    {
        params["deviceId"] = deviceId();
        return dispatcher.dispatch(
            { { "id", 1 }, { "command", command }, { "params", std::move(params) } },
            { channel, withPin, withPassword });
    }

    std::string deviceId()
    {
        const auto reply = dispatcher.dispatch(
            { { "id", 1 }, { "command", "listDevices" } }, { protocol::Channel::Cli });
        return reply.at("result").at("devices").at(0).at("id");
    }

    nlohmann::json importSample(const security::PinBuffer* withPassword)
    {
        return call("importContainer", { { "path", SAMPLE.string() } }, &pin, withPassword);
    }

    // The status word of SELECT by path (no FCP) of `hexPath`.
    std::uint16_t selectPath(const std::string& hexPath)
    {
        const auto data = fromHex(hexPath);
        Bytes apdu { 0x00, 0xA4, 0x08, 0x0C, static_cast<std::uint8_t>(data.size()) };
        apdu.insert(apdu.end(), data.begin(), data.end());
        const auto response = card.process(apdu);
        return static_cast<std::uint16_t>(response[response.size() - 2] << 8 | response.back());
    }

    std::string root() const
    {
        return std::string(GetParam()) == "rutoken-s" ? "000000000002" : "10001003";
    }

    std::uint16_t send(Bytes apdu)
    {
        const auto response = card.process(apdu);
        return static_cast<std::uint16_t>(response[response.size() - 2] << 8 | response.back());
    }

    // CREATE FILE in the current DF: a DF (no size) or an EF of `size` bytes.
    std::uint16_t create(std::uint16_t fid, std::optional<std::size_t> size, std::uint8_t read)
    {
        Bytes fcp { 0x82, 0x01, static_cast<std::uint8_t>(size ? 0x01 : 0x38), 0x83, 0x02,
            static_cast<std::uint8_t>(fid >> 8), static_cast<std::uint8_t>(fid) };
        if (size) {
            fcp.insert(fcp.end(),
                { 0x80, 0x02, static_cast<std::uint8_t>(*size >> 8),
                    static_cast<std::uint8_t>(*size) });
        }
        fcp.insert(fcp.end(), { 0x86, 0x02, read, 0x02 });
        fcp.insert(fcp.begin(), { 0x62, static_cast<std::uint8_t>(fcp.size()) });
        Bytes apdu { 0x00, 0xE0, 0x00, 0x00, static_cast<std::uint8_t>(fcp.size()) };
        apdu.insert(apdu.end(), fcp.begin(), fcp.end());
        return send(apdu);
    }

    // The sample as CSP would leave it in the model's layout (container 0B00), by raw APDUs, each
    // file padded with FF to a larger size, every file but name.key readable only with the user
    // PIN.
    void placeSampleDirectly()
    {
        const auto files = modes::passive::CryptoProContainer::loadFolder(SAMPLE);
        Bytes verify { 0x00, 0x20, 0x00, 0x02, static_cast<std::uint8_t>(USER_PIN.size()) };
        verify.insert(verify.end(), USER_PIN.begin(), USER_PIN.end());
        ASSERT_EQ(send(verify), 0x9000);
        ASSERT_EQ(send({ 0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00 }), 0x9000);
        const auto path = fromHex(root() + "0B00");
        for (std::size_t i = 0; i < path.size(); i += 2) {
            ASSERT_EQ(
                create(static_cast<std::uint16_t>(path[i] << 8 | path[i + 1]), std::nullopt, 0x00),
                0x9000);
        }
        const std::pair<std::uint16_t, const Bytes*> layout[] = { { 0x0B01, &files.masks },
            { 0x0B02, &files.primary }, { 0x0B03, &files.header }, { 0x0B04, &*files.masks2 },
            { 0x0B05, &*files.primary2 }, { 0x0B06, &files.name } };
        for (const auto& [fid, content] : layout) {
            Bytes data = *content;
            data.resize(data.size() + 40, 0xFF);
            ASSERT_EQ(create(fid, data.size(), fid == 0x0B06 ? 0x00 : 0x02), 0x9000);
            for (std::size_t offset = 0; offset < data.size(); offset += 200) {
                const auto n = std::min<std::size_t>(200, data.size() - offset);
                Bytes update { 0x00, 0xD6, static_cast<std::uint8_t>(offset >> 8),
                    static_cast<std::uint8_t>(offset), static_cast<std::uint8_t>(n) };
                update.insert(update.end(), data.begin() + static_cast<std::ptrdiff_t>(offset),
                    data.begin() + static_cast<std::ptrdiff_t>(offset + n));
                ASSERT_EQ(send(update), 0x9000);
            }
        }
        ASSERT_EQ(send({ 0x00, 0x20, 0xFF, 0x02 }), 0x9000); // log out
    }

    std::uint8_t userTriesLeft()
    {
        const auto response = card.process(Bytes { 0x00, 0x20, 0x00, 0x02 });
        return static_cast<std::uint8_t>(response.back() & 0x0F);
    }

    vtoken::Card card;
    security::PinBuffer pin, password, wrongPassword;
    devices::DeviceService service { devices::Environment { "5.0-R3", "config", "linux" } };
    modes::active::ModuleSet modules { [] { return std::vector<std::string> {}; } };
    modes::KeyService keys { service, modules };
    commands::SignStreams streams;
    protocol::Dispatcher dispatcher { commands::makeCommandTable({ service, keys, streams }) };
};

TEST_P(CryptoProOnToken, ImportWritesCspLayoutAndListsTheSameKeyWithoutThePin)
{
    const auto imported = importSample(&password);
    ASSERT_TRUE(imported.contains("result")) << imported.dump();
    const auto& key = imported["result"];
    EXPECT_EQ(key["mode"], "passive");
    EXPECT_EQ(key["container"], "cryptopro");
    EXPECT_EQ(key["exportable"], true); // the sample is exportable
    EXPECT_TRUE(key["hasCertificate"].get<bool>());
    // The public key is the certificate's, and the one the sample's d gives.
    const auto container =
        modes::passive::CryptoProContainer::readFolder(SAMPLE, asBytes(std::string_view("1")));
    EXPECT_EQ(key["publicKey"], toBase64(container.privateKey().publicKey().spki()));

    // CSP's layout: DF <root>/0A00, EFs 0A01..0A06.
    for (const char* file : { "0A01", "0A02", "0A03", "0A04", "0A05", "0A06" }) {
        EXPECT_EQ(selectPath(root() + "0A00" + file), 0x9000) << file;
    }
    const auto listed = call("listKeys", nlohmann::json::object(), nullptr);
    ASSERT_EQ(listed["result"]["keys"].size(), 1u) << listed.dump();
    EXPECT_EQ(listed["result"]["keys"][0]["keyId"], key["keyId"]);
    EXPECT_EQ(listed["result"]["keys"][0]["publicKey"], key["publicKey"]);
    EXPECT_EQ(listed["result"]["keys"][0]["container"], "cryptopro");
}

TEST_P(CryptoProOnToken, ImportedKeySignsWithoutTheContainerPassword)
{
    const auto key = importSample(&password)["result"];
    const auto digest = crypto::hash(crypto::HashAlgorithm::Streebog256, asBytes("document"));
    {
        // Re-sealed under the empty password: the PIN alone opens it. (The router holds the
        // token until it goes.)
        auto router = keys.open(deviceId(), &pin);
        const auto entry = router.findKey(key["keyId"]);
        const auto signature = router.signer(entry)->signDigest(digest);
        EXPECT_TRUE(crypto::PublicKey::fromSpki(fromBase64(key["publicKey"].get<std::string>()))
                        .verifyDigest(digest, signature));
    }
    const auto exported = call("exportKey", { { "keyId", key["keyId"] } }, &pin);
    ASSERT_TRUE(exported.contains("result")) << exported.dump();
    EXPECT_EQ(
        exported["result"]["privateKey"].get<std::string>().rfind("-----BEGIN PRIVATE KEY", 0), 0u);
}

TEST_P(CryptoProOnToken, WrongPasswordWritesNothingAndSpendsNoPinTry)
{
    const auto before = userTriesLeft();
    const auto reply = importSample(&wrongPassword);
    ASSERT_TRUE(reply.contains("error")) << reply.dump();
    EXPECT_EQ(reply["error"]["code"], "CONTAINER_PASSWORD_INCORRECT");
    EXPECT_EQ(userTriesLeft(), before);
    EXPECT_EQ(selectPath(root().substr(0, 4)), 0x6A82); // not even the root DF was created
}

TEST_P(CryptoProOnToken, SecondImportOfTheSameKeyIsRefused)
{
    ASSERT_TRUE(importSample(&password).contains("result"));
    const auto again = importSample(&password);
    ASSERT_TRUE(again.contains("error")) << again.dump();
    EXPECT_EQ(again["error"]["code"], "INVALID_PARAMS");
    EXPECT_EQ(selectPath(root() + "0B00"), 0x6A82);
}

TEST_P(CryptoProOnToken, DeleteKeyRemovesTheContainerDf)
{
    const auto key = importSample(&password)["result"];
    const auto deleted = call("deleteKey", { { "keyId", key["keyId"] } }, &pin);
    ASSERT_TRUE(deleted.contains("result")) << deleted.dump();
    EXPECT_EQ(selectPath(root() + "0A00"), 0x6A82);
    EXPECT_EQ(call("listKeys", nlohmann::json::object(), nullptr)["result"]["keys"].size(), 0u);
}

TEST_P(CryptoProOnToken, NativeMessagingCannotImport)
{
    const auto reply = call("importContainer", { { "path", SAMPLE.string() } }, nullptr, nullptr,
        protocol::Channel::NativeMessaging);
    ASSERT_TRUE(reply.contains("error")) << reply.dump();
    EXPECT_NE(reply["error"]["code"], "INTERNAL_ERROR");
    EXPECT_EQ(selectPath(root().substr(0, 4)), 0x6A82);
}

// A container CryptoPro left on the token, password "1" kept: listed and used without import
// (not on an FKN token, where a listing never sends the PIN its header needs).
TEST_P(CryptoProOnToken, ContainerPlacedByCspIsListedAndSigns)
{
    placeSampleDirectly();
    const auto container = modes::passive::CryptoProContainer::readFolder(SAMPLE, asBytes("1"));
    const auto keyId = modes::passive::cryptoProKeyId(modes::passive::cryptopro::parseHeader(
        modes::passive::CryptoProContainer::loadFolder(SAMPLE).header)
                                                          .primaryFp);
    // Its header needs the PIN: not listed without it.
    EXPECT_EQ(call("listKeys", nlohmann::json::object(), nullptr)["result"]["keys"].size(), 0u);
    const auto listed = call("listKeys", nlohmann::json::object(), &pin);
    if (std::string(GetParam()) == "rutoken-ecp-3.0-3220") {
        // An FKN token: no listing sends the PIN in clear, so that header stays unread and the
        // key is not found either (the router finds keys by listing them).
        EXPECT_EQ(listed["result"]["keys"].size(), 0u) << listed.dump();
        const auto notFound = call("exportKey", { { "keyId", keyId } }, &pin, &password);
        EXPECT_EQ(notFound["error"]["code"], "KEY_NOT_FOUND") << notFound.dump();
        return;
    }
    ASSERT_EQ(listed["result"]["keys"].size(), 1u) << listed.dump();
    const auto key = listed["result"]["keys"][0];
    EXPECT_EQ(key["keyId"], keyId);
    EXPECT_EQ(key["container"], "cryptopro");
    EXPECT_EQ(key["label"], container.name());
    EXPECT_EQ(key["publicKey"], toBase64(container.privateKey().publicKey().spki()));

    // Without the container password (a page never has one): a typed error naming the CLI.
    const auto refused = call("exportKey", { { "keyId", key["keyId"] } }, &pin);
    ASSERT_TRUE(refused.contains("error")) << refused.dump();
    EXPECT_EQ(refused["error"]["code"], "CONTAINER_PASSWORD_INCORRECT");
    EXPECT_NE(
        refused["error"]["message"].get<std::string>().find("command line"), std::string::npos);
    const auto wrong = call("exportKey", { { "keyId", key["keyId"] } }, &pin, &wrongPassword);
    EXPECT_EQ(wrong["error"]["code"], "CONTAINER_PASSWORD_INCORRECT") << wrong.dump();

    const auto digest = crypto::hash(crypto::HashAlgorithm::Streebog256, asBytes("document"));
    auto router = keys.open(deviceId(), &pin, &password);
    const auto signature = router.signer(router.findKey(key["keyId"]))->signDigest(digest);
    EXPECT_TRUE(container.privateKey().publicKey().verifyDigest(digest, signature));
}

// An index whose DF exists (an interrupted write, another program's) is not reused, and a DF
// without the files of a container is not listed.
TEST_P(CryptoProOnToken, ImportTakesTheFirstIndexWithoutADf)
{
    Bytes verify { 0x00, 0x20, 0x00, 0x02, static_cast<std::uint8_t>(USER_PIN.size()) };
    verify.insert(verify.end(), USER_PIN.begin(), USER_PIN.end());
    ASSERT_EQ(send(verify), 0x9000);
    ASSERT_EQ(send({ 0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00 }), 0x9000);
    const auto path = fromHex(root() + "0A00");
    for (std::size_t i = 0; i < path.size(); i += 2) {
        ASSERT_EQ(
            create(static_cast<std::uint16_t>(path[i] << 8 | path[i + 1]), std::nullopt, 0x00),
            0x9000);
    }
    ASSERT_EQ(create(0x0A06, 12, 0x00), 0x9000); // a name alone: not a container
    ASSERT_EQ(send({ 0x00, 0x20, 0xFF, 0x02 }), 0x9000);
    EXPECT_EQ(call("listKeys", nlohmann::json::object(), &pin)["result"]["keys"].size(), 0u);

    ASSERT_TRUE(importSample(&password).contains("result"));
    EXPECT_EQ(selectPath(root() + "0B000B06"), 0x9000);
    EXPECT_EQ(selectPath(root() + "0A000A03"), 0x6A82);
    EXPECT_EQ(call("listKeys", nlohmann::json::object(), nullptr)["result"]["keys"].size(), 1u);
}

// Memory runs out after the container's DF and header were created: what was created goes.
TEST_P(CryptoProOnToken, ImportThatRunsOutOfMemoryLeavesNoContainer)
{
    constexpr std::uint32_t OVERHEAD = vtoken::FileSystem::FILE_OVERHEAD;
    const auto header = modes::passive::CryptoProContainer::loadFolder(SAMPLE).header.size();
    // Room for the DFs of the path and the header, not for masks.key after it.
    const auto depth = fromHex(root() + "0A00").size() / 2;
    const std::size_t room = depth * OVERHEAD + header + OVERHEAD + 10;
    Bytes verify { 0x00, 0x20, 0x00, 0x02, static_cast<std::uint8_t>(USER_PIN.size()) };
    verify.insert(verify.end(), USER_PIN.begin(), USER_PIN.end());
    ASSERT_EQ(send(verify), 0x9000);
    ASSERT_EQ(send({ 0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00 }), 0x9000);
    ASSERT_EQ(create(0x5000, room - OVERHEAD, 0x00), 0x9000);
    std::uint16_t fid = 0x5001;
    for (std::size_t size = 0x7FFF; size >= 1; size /= 2) {
        while (create(fid, size, 0x00) == 0x9000) {
            ++fid;
        }
    }
    ASSERT_EQ(send({ 0x00, 0xE4, 0x00, 0x00, 0x02, 0x50, 0x00 }), 0x9000); // frees `room`
    ASSERT_EQ(send({ 0x00, 0x20, 0xFF, 0x02 }), 0x9000);

    const auto reply = importSample(&password);
    ASSERT_TRUE(reply.contains("error")) << reply.dump();
    EXPECT_EQ(reply["error"]["code"], "CARD_ERROR");
    EXPECT_EQ(reply["error"]["sw"], "6A84");
    EXPECT_EQ(selectPath(root() + "0A00"), 0x6A82);
    EXPECT_EQ(call("listKeys", nlohmann::json::object(), &pin)["result"]["keys"].size(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Models, CryptoProOnToken,
    ::testing::Values("rutoken-lite", "rutoken-s", "rutoken-ecp-3.0-3220"), [](const auto& info) {
        std::string name = info.param;
        std::erase_if(name, [](char c) { return c == '-' || c == '.'; });
        return name;
    });

} // namespace
