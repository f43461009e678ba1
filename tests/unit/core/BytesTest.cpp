#include "core/Bytes.hpp"
#include "core/Error.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;

TEST(Bytes, HexBothCases)
{
    const Bytes data { 0x00, 0x01, 0xfe, 0xff, 0x7a };
    EXPECT_EQ(toHex(data), "0001feff7a");
    EXPECT_EQ(toHexUpper(data), "0001FEFF7A");
    EXPECT_EQ(fromHex("0001FEff7a"), data);
    EXPECT_EQ(fromHex("00 01\nfe ff 7a"), data);
    EXPECT_THROW((void)fromHex("0g"), RequestError);
    EXPECT_THROW((void)fromHex("000"), RequestError);
}

TEST(Bytes, Base64Rfc4648Vectors)
{
    // RFC 4648 section 10.
    const std::pair<const char*, const char*> vectors[] = { { "", "" }, { "f", "Zg==" },
        { "fo", "Zm8=" }, { "foo", "Zm9v" }, { "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
        { "foobar", "Zm9vYmFy" } };
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(toBase64(asBytes(plain)), encoded);
        const auto decoded = fromBase64(encoded);
        EXPECT_EQ(std::string(decoded.begin(), decoded.end()), plain);
    }
    Bytes all(256);
    for (std::size_t i = 0; i < all.size(); ++i) {
        all[i] = static_cast<std::uint8_t>(i);
    }
    EXPECT_EQ(fromBase64(toBase64(all)), all);
    EXPECT_EQ(fromBase64("Zm9v\nYmFy"), fromBase64("Zm9vYmFy"));
}

TEST(Bytes, Base64RejectsMalformedText)
{
    for (const char* bad : { "Zm9", "Zm9v!", "Zg=a", "Z===", "====", "Zm=vYg==", "Zg==Zg==" }) {
        EXPECT_THROW((void)fromBase64(bad), RequestError) << bad;
    }
}
