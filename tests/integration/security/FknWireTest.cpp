// What an APDU sniffer between the host and an FKN token sees (docs/security.md, "FKN"): every
// byte the host's FKN code sends or receives over real PC/SC is recorded. The PIN never crosses
// (no VERIFY, no PIN bytes), key generation, signing and a PIN change travel encrypted, and the
// token refuses a replayed or altered protected command. Run inside with-virtual-tokens.sh
// rutoken-ecp-3.0-3220.
#include "fkn/FknHostSession.hpp"
#include "modes/fkn/FknPinChange.hpp"
#include "security/PinBuffer.hpp"
#include "pcsc/Card.hpp"
#include "pcsc/Context.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace
{

using tokenbridge::Bytes;
using tokenbridge::ByteView;
using tokenbridge::CommandApdu;
using tokenbridge::ResponseApdu;
namespace fkn = tokenbridge::fkn;
namespace pcsc = tokenbridge::pcsc;

const std::string PIN = "12345678"; // vtoken's factory user PIN
const std::string WRONG_PIN = "97531864";

Bytes bytesOf(const std::string& text)
{
    return { text.begin(), text.end() };
}

bool contains(const Bytes& haystack, const Bytes& needle)
{
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end())
        != haystack.end();
}

// The token and a recording transmit: what a sniffer on the PC/SC or USB path would capture.
class Wire : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const char* reader = std::getenv("VTOKEN_0_READER");
        ASSERT_NE(reader, nullptr) << "run inside with-virtual-tokens.sh rutoken-ecp-3.0-3220";
        card = std::make_unique<pcsc::Card>(std::make_shared<pcsc::Context>(), reader);
        transmit = [this](ByteView command) {
            commands.emplace_back(command.begin(), command.end());
            responses.push_back(card->transmitRaw(command).encode());
            return responses.back();
        };
    }

    [[nodiscard]] bool anyCommandContains(const Bytes& needle) const
    {
        return std::any_of(commands.begin(), commands.end(),
            [&](const Bytes& command) { return contains(command, needle); });
    }
    [[nodiscard]] bool anyResponseContains(const Bytes& needle) const
    {
        return std::any_of(responses.begin(), responses.end(),
            [&](const Bytes& response) { return contains(response, needle); });
    }

    ResponseApdu protectedCall(fkn::SecureChannel& channel, CommandApdu command)
    {
        return fkn::transmitProtected(channel, transmit, command);
    }

    std::unique_ptr<pcsc::Card> card;
    fkn::Transmit transmit;
    std::vector<Bytes> commands;
    std::vector<Bytes> responses;
};

// 80 46: a GOST 2012-256 key pair on CryptoPro-A, generated inside the channel.
CommandApdu generateKeyPair()
{
    const Bytes oid { 0x06, 0x07, 0x2A, 0x85, 0x03, 0x02, 0x02, 0x23, 0x01 };
    Bytes data { 0x80, 0x01, 0x01, 0x81, static_cast<std::uint8_t>(oid.size()) };
    data.insert(data.end(), oid.begin(), oid.end());
    return { 0x80, 0x46, 0x00, 0x00, data, 256 };
}

} // namespace

TEST_F(Wire, fknSigningSendsNoPinAndOnlyCiphertext)
{
    auto channel = fkn::openFknSession(transmit, bytesOf(PIN));
    const size_t sespakeApdus = commands.size();
    EXPECT_EQ(sespakeApdus, 3U) << "START, EXCHANGE, CONFIRM";

    const auto generated = protectedCall(channel, generateKeyPair());
    ASSERT_EQ(generated.sw, 0x9000);
    // 90 01 ref 86 L X||Y
    ASSERT_GE(generated.data.size(), 5U);
    ASSERT_EQ(generated.data[0], 0x90);
    const std::uint8_t ref = generated.data[2];
    const Bytes publicKey(generated.data.begin() + 5, generated.data.end());
    ASSERT_EQ(publicKey.size(), 64U);

    ASSERT_EQ(
        protectedCall(channel, { 0x00, 0x22, 0x41, 0xB6, { 0x84, 0x01, ref }, {} }).sw, 0x9000);
    Bytes digest(32);
    for (size_t i = 0; i < digest.size(); ++i) {
        digest[i] = static_cast<std::uint8_t>(0xA0 + i);
    }
    const auto signature = protectedCall(channel, { 0x00, 0x2A, 0x9E, 0x9A, digest, 256 });
    ASSERT_EQ(signature.sw, 0x9000);
    ASSERT_EQ(signature.data.size(), 64U);

    EXPECT_FALSE(anyCommandContains(bytesOf(PIN))) << "the PIN crossed the wire";
    EXPECT_FALSE(anyResponseContains(bytesOf(PIN)));
    for (size_t i = 0; i < commands.size(); ++i) {
        ASSERT_GE(commands[i].size(), 4U);
        EXPECT_NE(commands[i][1], 0x20) << "a VERIFY was sent";
        if (i >= sespakeApdus) {
            EXPECT_TRUE(commands[i][0] == 0x0C || commands[i][0] == 0x8C)
                << "command " << i << " went in clear";
        }
    }
    EXPECT_FALSE(anyCommandContains(digest)) << "the digest to sign travelled in clear";
    EXPECT_FALSE(anyResponseContains(publicKey)) << "the new public key travelled in clear";
    EXPECT_FALSE(anyResponseContains(signature.data)) << "the signature travelled in clear";
}

// A wrong PIN costs one try on the token, which the host learns (PIN_INCORRECT) without the
// PIN or a verifier of it crossing the wire; the right one then opens the channel.
TEST_F(Wire, wrongPinIsRefusedWithoutCrossingTheWire)
{
    try {
        (void)fkn::openFknSession(transmit, bytesOf(WRONG_PIN));
        FAIL() << "a wrong PIN opened the channel";
    } catch (const tokenbridge::UserActionError& error) {
        EXPECT_EQ(error.code(), tokenbridge::ErrorCode::PIN_INCORRECT);
        EXPECT_GT(error.details().value("retriesLeft", 0), 0);
    }
    EXPECT_FALSE(anyCommandContains(bytesOf(WRONG_PIN)));
    auto channel = fkn::openFknSession(transmit, bytesOf(PIN));
    EXPECT_EQ(protectedCall(channel, generateKeyPair()).sw, 0x9000);
}

// A sniffer that resends a captured protected command, or alters one, gets 6988 and ends the
// session: the later genuine command is refused too.
TEST_F(Wire, replayedOrAlteredCommandsAreRefusedByTheToken)
{
    for (const bool alter : { false, true }) {
        SCOPED_TRACE(alter ? "altered" : "replayed");
        auto channel = fkn::openFknSession(transmit, bytesOf(PIN));
        ASSERT_EQ(protectedCall(channel, generateKeyPair()).sw, 0x9000);
        Bytes captured = commands.back();
        if (alter) {
            captured = channel.wrapCommand(generateKeyPair()); // the next genuine one...
            captured[7] ^= 0x01; // ...with one ciphertext bit flipped on the way
        }
        const auto answer = card->transmitRaw(captured);
        EXPECT_EQ(answer.sw, 0x6988);
        EXPECT_TRUE(answer.data.empty());
        EXPECT_THROW((void)protectedCall(channel, generateKeyPair()), tokenbridge::Error);
    }
}

// The host's PIN change on an FKN token (modes/fkn/FknPinChange.cpp) sends neither PIN: the
// recorder holds no old and no new PIN, though the change took effect (SESPAKE refuses the old PIN
// and takes the new one). The recorder is shown to see a PIN where one travels: the plain VERIFY
// of the passive and active modes, sent last, puts the new PIN on the wire; the card accepting it
// proves what was recorded is the PIN the change set. The old PIN is restored for the other tests.
TEST_F(Wire, fknPinChangeSendsNeitherPin)
{
    const std::string newPin = "24681357";
    const auto pinBuffer = [](const std::string& text) {
        auto buffer = std::make_unique<tokenbridge::security::PinBuffer>();
        buffer->assign(std::span<const char>(text.data(), text.size()));
        return buffer;
    };
    const auto oldBuffer = pinBuffer(PIN);
    const auto newBuffer = pinBuffer(newPin);
    tokenbridge::modes::fkn::changeUserPin(transmit, *oldBuffer, *newBuffer);
    EXPECT_FALSE(anyCommandContains(bytesOf(PIN))) << "the old PIN crossed the wire";
    EXPECT_FALSE(anyCommandContains(bytesOf(newPin))) << "the new PIN crossed the wire";
    EXPECT_FALSE(anyResponseContains(bytesOf(newPin)));
    for (const auto& command : commands) {
        ASSERT_GE(command.size(), 4U);
        EXPECT_NE(command[1], 0x20) << "a VERIFY was sent";
        EXPECT_FALSE(command[0] == 0x00 && command[1] == 0x24) << "a plain CHANGE REFERENCE DATA";
    }
    EXPECT_THROW((void)fkn::openFknSession(transmit, bytesOf(PIN)), tokenbridge::UserActionError);
    (void)fkn::openFknSession(transmit, bytesOf(newPin));

    const Bytes pin = bytesOf(newPin);
    Bytes verify { 0x00, 0x20, 0x00, 0x02, static_cast<std::uint8_t>(pin.size()) };
    verify.insert(verify.end(), pin.begin(), pin.end());
    EXPECT_EQ(ResponseApdu::parse(transmit(verify)).sw, 0x9000);
    EXPECT_TRUE(anyCommandContains(pin)) << "the recorder misses a PIN in clear";

    tokenbridge::modes::fkn::changeUserPin(transmit, *newBuffer, *oldBuffer);
    (void)fkn::openFknSession(transmit, bytesOf(PIN));
}
