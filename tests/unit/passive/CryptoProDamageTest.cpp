// Every way of damaging the CryptoPro CSP sample (tests/data/cryptopro) is refused: each MAC, each
// length, each tag, trailing bytes, every single byte of the MAC-protected files. A damaged
// container is CONTAINER_CORRUPTED; nothing here may open a key.

#include "modes/passive/CryptoProContainer.hpp"
#include "CryptoProSample.hpp"

#include "core/Error.hpp"
#include "crypto/Der.hpp"
#include "crypto/Gost28147.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <unistd.h>

using namespace tokenbridge::test::cryptopro;
using namespace tokenbridge;
using namespace tokenbridge::modes::passive;
namespace der = tokenbridge::crypto::der;

namespace
{

CryptoProFiles sample()
{
    return CryptoProContainer::loadFolder(SAMPLE);
}

// The error a read ends in; OK stands for "it opened".
enum class Outcome { Opened, Corrupted, PasswordIncorrect, Other };

Outcome outcome(const CryptoProFiles& files)
{
    try {
        CryptoProContainer::read(files, asBytes(PASSWORD));
        return Outcome::Opened;
    } catch (const Error& error) {
        if (error.code() == ErrorCode::CONTAINER_CORRUPTED) {
            return Outcome::Corrupted;
        }
        if (error.code() == ErrorCode::CONTAINER_PASSWORD_INCORRECT) {
            return Outcome::PasswordIncorrect;
        }
        return Outcome::Other;
    }
}

// The fields of a SEQUENCE of OCTET STRINGs (masks.key, primary.key).
std::vector<Bytes> octets(ByteView file)
{
    der::Reader reader(der::parseSingle(file).content);
    std::vector<Bytes> fields;
    while (!reader.atEnd()) {
        const auto field = reader.expect(der::tag::OCTET_STRING).content;
        fields.emplace_back(field.begin(), field.end());
    }
    return fields;
}

Bytes encodeOctets(const std::vector<Bytes>& fields)
{
    std::vector<Bytes> encoded;
    for (const auto& field : fields) {
        encoded.push_back(der::octetString(field));
    }
    return der::sequence(encoded);
}

// header.key with its content replaced and the MAC recomputed (to reach the checks behind it).
Bytes reMac(const Bytes& content)
{
    const Bytes zero(32, 0);
    const auto mac = crypto::Gost28147(zero, crypto::gost28147ParamZ()).mac(content);
    return der::sequence({ content, der::octetString(ByteView(mac.data(), 4)) });
}

} // namespace

TEST(CryptoProDamage, TheUntouchedSampleOpens)
{
    ASSERT_EQ(outcome(sample()), Outcome::Opened);
}

TEST(CryptoProDamage, EachMacTamperedIsCorrupted)
{
    for (const auto& file : { "header", "masks", "masks2" }) {
        auto files = sample();
        for (const auto& named : sampleFiles()) {
            if (std::string(named.name) == file) {
                named.slot(files).back() ^= 0x01; // the MAC is the last field of these files
            }
        }
        EXPECT_EQ(outcome(files), Outcome::Corrupted) << file;
    }
}

TEST(CryptoProDamage, EveryByteOfTheMacProtectedFilesMatters)
{
    // header (its MAC), masks and masks2 (theirs), primary2 (must hold the same key as primary),
    // primary (checked against the fingerprint the password-confirmed header holds).
    for (const auto& file : sampleFiles()) {
        if (std::string(file.name) == "name") {
            continue; // name.key has no MAC: only its structure is checked (below)
        }
        const auto original = sample();
        auto files = original;
        const std::size_t size = file.slot(files).size();
        for (std::size_t i = 0; i < size; ++i) {
            file.slot(files)[i] ^= 0x20;
            ASSERT_EQ(outcome(files), Outcome::Corrupted) << file.name << " byte " << i;
            file.slot(files)[i] ^= 0x20;
        }
    }
}

TEST(CryptoProDamage, EachLengthIsChecked)
{
    // (file, field index, new length) for every fixed-length field of masks and primary.
    struct Change
    {
        const char* file;
        std::size_t field;
        std::size_t length;
    };
    const Change changes[] = { { "masks", 0, 31 }, { "masks", 0, 33 }, { "masks", 0, 64 },
        { "masks", 1, 11 }, { "masks", 1, 13 }, { "masks", 2, 3 }, { "masks", 2, 5 },
        { "primary", 0, 31 }, { "primary", 0, 33 }, { "primary", 0, 64 }, { "masks2", 0, 16 },
        { "masks2", 1, 0 }, { "masks2", 2, 8 }, { "primary2", 0, 40 } };
    for (const auto& change : changes) {
        auto files = sample();
        for (const auto& named : sampleFiles()) {
            if (std::string(named.name) == change.file) {
                auto fields = octets(named.slot(files));
                fields[change.field].resize(change.length, 0x5a);
                named.slot(files) = encodeOctets(fields);
            }
        }
        EXPECT_EQ(outcome(files), Outcome::Corrupted)
            << change.file << " field " << change.field << " length " << change.length;
    }
}

TEST(CryptoProDamage, TrailingBytesExtraFieldsAndWrongTagsAreCorrupted)
{
    for (const auto& file : sampleFiles()) {
        auto trailing = sample();
        file.slot(trailing).push_back(0x00);
        EXPECT_EQ(outcome(trailing), Outcome::Corrupted) << file.name << " trailing byte";

        auto retagged = sample();
        file.slot(retagged)[0] = der::tag::SET;
        EXPECT_EQ(outcome(retagged), Outcome::Corrupted) << file.name << " outer tag";

        auto empty = sample();
        file.slot(empty).clear();
        EXPECT_EQ(outcome(empty), Outcome::Corrupted) << file.name << " empty";
    }
    auto extra = sample();
    auto fields = octets(extra.primary);
    fields.push_back(Bytes(4, 0));
    extra.primary = encodeOctets(fields);
    EXPECT_EQ(outcome(extra), Outcome::Corrupted) << "primary with a second field";

    auto name = sample();
    name.name = der::sequence({ der::string(der::tag::UTF8_STRING, "g2012256") });
    EXPECT_EQ(outcome(name), Outcome::Corrupted) << "name not IA5String";
}

TEST(CryptoProDamage, HeaderFieldsBehindAValidMacAreStillChecked)
{
    const auto original = sample();
    const auto outer = der::parseSingle(original.header);
    der::Reader reader(outer.content);
    const auto content = reader.expect(der::tag::SEQUENCE);
    const Bytes body(content.content.begin(), content.content.end());

    // A trailing element inside the content, with a correct MAC over it.
    auto trailing = original;
    Bytes withExtra = body;
    const auto extra = der::null();
    withExtra.insert(withExtra.end(), extra.begin(), extra.end());
    trailing.header = reMac(der::tlv(der::tag::SEQUENCE, withExtra));
    EXPECT_EQ(outcome(trailing), Outcome::Corrupted) << "content with a trailing NULL";

    // The re-MACed original content still opens (the helper itself is right).
    auto same = original;
    same.header = reMac(Bytes(content.encoded.begin(), content.encoded.end()));
    EXPECT_EQ(outcome(same), Outcome::Opened);

    // A changed hmacPassword behind a recomputed header MAC: the password no longer matches.
    // ([2] 04 xx xx xx xx is the only 0x82 0x04 in the sample's content before the certificate.)
    auto password = original;
    Bytes changed = body;
    for (std::size_t i = 0; i + 2 < changed.size(); ++i) {
        if (changed[i] == 0x82 && changed[i + 1] == 0x04) {
            changed[i + 2] ^= 0x01;
            break;
        }
    }
    password.header = reMac(der::tlv(der::tag::SEQUENCE, changed));
    EXPECT_EQ(outcome(password), Outcome::PasswordIncorrect);
}

TEST(CryptoProDamage, OnlyOneReserveFileIsCorrupted)
{
    auto files = sample();
    files.primary2.reset();
    EXPECT_EQ(outcome(files), Outcome::Corrupted);
    auto other = sample();
    other.masks2.reset();
    EXPECT_EQ(outcome(other), Outcome::Corrupted);
    // Neither: a container without a reserve copy opens.
    auto none = sample();
    none.masks2.reset();
    none.primary2.reset();
    EXPECT_EQ(outcome(none), Outcome::Opened);
}

TEST(CryptoProDamage, AMissingFileOrANonFolder)
{
    const auto scratch =
        std::filesystem::temp_directory_path() / ("tb-cryptopro-" + std::to_string(::getpid()));
    std::filesystem::create_directories(scratch);
    std::filesystem::copy(SAMPLE / "header.key", scratch / "header.key");
    try {
        CryptoProContainer::loadFolder(scratch);
        ADD_FAILURE() << "a folder without masks.key loaded";
    } catch (const RequestError& error) {
        EXPECT_EQ(error.code(), ErrorCode::CONTAINER_CORRUPTED);
    }
    try {
        CryptoProContainer::loadFolder(scratch / "header.key");
        ADD_FAILURE() << "a file taken for a folder";
    } catch (const RequestError& error) {
        EXPECT_EQ(error.code(), ErrorCode::INVALID_PARAMS);
    }
    std::filesystem::remove_all(scratch);
}

// A well-formed container with a key the host cannot use (here the GOST R 34.10-2001 OID,
// 1.2.643.2.2.98, in place of 1.2.643.7.1.1.6.1, header MAC recomputed) is not "damaged".
TEST(CryptoProDamage, AnUnsupportedKeyIsInvalidParamsNotCorrupted)
{
    const auto original = sample();
    der::Reader reader(der::parseSingle(original.header).content);
    const auto content = reader.expect(der::tag::SEQUENCE);
    // Rebuild the content with the primary key parameters' key OID replaced.
    der::Reader fields(content.content);
    std::vector<Bytes> rebuilt;
    bool replaced = false;
    while (!fields.atEnd()) {
        const auto field = fields.next();
        if (field.tag == der::tag::SEQUENCE && !replaced) {
            der::Reader parameters(field.content);
            const auto attributes = parameters.expect(der::tag::BIT_STRING);
            der::Reader algorithm(parameters.expect(der::tag::contextConstructed(0)).content);
            ASSERT_EQ(
                der::oidToString(algorithm.expect(der::tag::OID).content), "1.2.643.7.1.1.6.1");
            const auto curveAndDigest = algorithm.expect(der::tag::SEQUENCE);
            rebuilt.push_back(der::sequence({ Bytes(attributes.encoded.begin(),
                                                  attributes.encoded.end()),
                der::tlv(der::tag::contextConstructed(0),
                    der::concat({ der::oid("1.2.643.2.2.98"),
                        Bytes(curveAndDigest.encoded.begin(), curveAndDigest.encoded.end()) })) }));
            replaced = true;
        } else {
            rebuilt.emplace_back(field.encoded.begin(), field.encoded.end());
        }
    }
    ASSERT_TRUE(replaced);
    const Bytes body = der::concat(rebuilt);
    auto files = original;
    files.header = reMac(der::tlv(der::tag::SEQUENCE, body));
    try {
        CryptoProContainer::read(files, asBytes(PASSWORD));
        FAIL() << "a GOST R 34.10-2001 container opened";
    } catch (const RequestError& error) {
        EXPECT_EQ(error.code(), ErrorCode::INVALID_PARAMS) << error.what();
    }
}
