#include "FknTestUtil.hpp"

#include "crypto/Mac.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace tokenbridge::fkn::test
{

TEST(TokenCredential, SerializeParseRoundTrip)
{
    TokenCredential credential = testCredential("12345678");
    credential.counters.consecutive = 1;
    credential.counters.lifetimeAttempts = 17;
    const TokenCredential back = TokenCredential::parse(credential.serialize());
    EXPECT_EQ(back.serialize(), credential.serialize());
    EXPECT_EQ(back.qpw, credential.qpw);
    EXPECT_EQ(back.params.salt, credential.params.salt);
    EXPECT_EQ(back.params.ind, 2);
    EXPECT_EQ(back.counters.consecutive, 1U);
    EXPECT_EQ(back.counters.lifetimeAttempts, 17U);
}

namespace
{

    // Every form in which a PIN could sit in a stored credential: its bytes, as UTF-16LE, as hex
    // text, and F(PIN, salt) (SESPAKE's password scalar before reduction, both byte orders, for
    // 256- and 512-bit curves).
    std::vector<Bytes> pinForms(const std::string& pin, const TokenCredential& credential)
    {
        const Bytes ascii(pin.begin(), pin.end());
        Bytes utf16;
        for (const char c : pin) {
            utf16.push_back(static_cast<std::uint8_t>(c));
            utf16.push_back(0);
        }
        const std::string hex = toHex(ascii);
        const auto f =
            crypto::pbkdf2Streebog512(ascii, credential.params.salt, PBKDF2_ITERATIONS, 64);
        std::vector<Bytes> forms { ascii, utf16, Bytes(hex.begin(), hex.end()) };
        for (const std::size_t length : { 32U, 64U }) {
            Bytes scalar(f.data(), f.data() + length);
            forms.push_back(scalar);
            std::reverse(scalar.begin(), scalar.end());
            forms.push_back(scalar);
        }
        return forms;
    }

    bool leaks(const Bytes& blob, const std::vector<Bytes>& forms)
    {
        return std::ranges::any_of(forms, [&](const Bytes& form) {
            return std::search(blob.begin(), blob.end(), form.begin(), form.end()) != blob.end();
        });
    }

} // namespace

// The stored blob holds Q_PW, ind, salt and counters; never the PIN in any form, nor F(PIN). The
// check is shown to find each form where one is (planted in a copy, or carried by the real
// serialization in a field a caller fills: ID_B), so its "no" about the real blob means something.
TEST(TokenCredential, BlobHoldsNoFormOfThePin)
{
    const std::string pin = "12345678";
    const TokenCredential credential = testCredential(pin);
    const Bytes blob = credential.serialize();
    const auto forms = pinForms(pin, credential);
    for (const auto& form : forms) {
        Bytes planted = blob;
        planted.insert(planted.begin() + static_cast<std::ptrdiff_t>(blob.size() / 2), form.begin(),
            form.end());
        EXPECT_TRUE(leaks(planted, forms)) << toHex(form);
    }
    TokenCredential carrying = credential;
    carrying.params.idB.assign(pin.begin(), pin.end());
    EXPECT_TRUE(leaks(carrying.serialize(), forms));
    EXPECT_FALSE(leaks(blob, forms));
    // A credential enrolled from the same PIN again: a new salt, still nothing of the PIN.
    const TokenCredential again = testCredential(pin);
    EXPECT_FALSE(leaks(again.serialize(), pinForms(pin, again)));
}

TEST(TokenCredential, RandomSaltAndDistinctQpw)
{
    const TokenCredential a = testCredential("12345678");
    const TokenCredential b = testCredential("12345678");
    EXPECT_EQ(a.params.salt.size(), 16U);
    EXPECT_NE(a.params.salt, b.params.salt);
    EXPECT_NE(a.qpw, b.qpw);
}

TEST(TokenCredential, MalformedBlobsAreRefused)
{
    const Bytes blob = testCredential("12345678").serialize();
    EXPECT_THROW(TokenCredential::parse({}), RequestError);
    EXPECT_THROW(TokenCredential::parse(ByteView(blob).first(blob.size() - 1)), RequestError);
    Bytes badVersion = blob;
    badVersion[0] = 2;
    EXPECT_THROW(TokenCredential::parse(badVersion), RequestError);
    Bytes badPoint = blob;
    badPoint[blob.size() - 24 - 3] ^= 1; // inside Q_PW
    EXPECT_THROW(TokenCredential::parse(badPoint), RequestError);
    Bytes badCounter = blob;
    badCounter[blob.size() - 12] = 0xFF; // C_1 above its limit
    EXPECT_THROW(TokenCredential::parse(badCounter), RequestError);
}

TEST(SespakeParams, EncodeDecodeAndValidation)
{
    SespakeParams params;
    params.curve = CurveId::Tc26Gost512C;
    params.pointSet = PointSet::R5011152016;
    params.ind = 3;
    params.salt = fromHex(VECTOR_SALT);
    params.idB = { 1, 2 };
    const Bytes encoded = params.encode();
    EXPECT_EQ(toHex(encoded), "0702030110" + std::string(toHex(params.salt)) + "020102");
    const SespakeParams back = SespakeParams::decode(encoded);
    EXPECT_EQ(back.encode(), encoded);
    Bytes badInd = encoded;
    badInd[2] = 4;
    EXPECT_THROW(SespakeParams::decode(badInd), RequestError);
    params.pointSet = PointSet::Rfc8133;
    EXPECT_THROW(SespakeParams::decode(params.encode()), RequestError); // RFC set has N = 1
    EXPECT_THROW(enrollCredential(asBytes("12345678"), params), RequestError);
}

} // namespace tokenbridge::fkn::test
