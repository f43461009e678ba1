// CryptoPro CSP key containers as read from a token or a folder (docs/passive.md, "CryptoPro
// containers"): CryptoProContainer::read, resealCryptoPro, trimTokenPadding and each parser of
// CryptoProFormat. Refusals may only be CONTAINER_CORRUPTED, CONTAINER_PASSWORD_INCORRECT and,
// for a well-formed key this host does not support, INVALID_PARAMS; anything else is a finding.
//
// Input: byte 0 picks the mode, then the files header, masks, primary, name, masks2, primary2,
// each as a 2-byte big-endian length and its bytes (a missing reserve piece is no file; a piece
// cut short is taken as it is). Bit 2 of byte 0: the password "1" (the CSP sample's, 2000 KDF
// rounds) instead of none (2 rounds). Modes (byte 0 % 4):
//   0  read the files as given;
//   1  read, the header piece taken as the header's CONTENT and wrapped with its correct MAC, so
//      that mutations reach the field parser behind the MAC;
//   2  every parser on its piece (the header both ways) and trimTokenPadding on every piece;
//   3  like 1, then re-sealed under "2": whatever the reader accepts must re-seal, and the result
//      must open under "2" (only) to the same key.

#include "FuzzSupport.hpp"

#include "crypto/Der.hpp"
#include "crypto/Gost28147.hpp"
#include "modes/passive/CryptoProContainer.hpp"
#include "modes/passive/CryptoProFormat.hpp"
#include "modes/passive/CryptoProReseal.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

using namespace tokenbridge;
using namespace tokenbridge::modes::passive;

namespace
{

const std::initializer_list<ErrorCode> READ_ERRORS = { ErrorCode::CONTAINER_CORRUPTED,
    ErrorCode::CONTAINER_PASSWORD_INCORRECT, ErrorCode::INVALID_PARAMS };
const std::initializer_list<ErrorCode> FILE_ERRORS = { ErrorCode::CONTAINER_CORRUPTED };

std::vector<Bytes> pieces(ByteView data)
{
    std::vector<Bytes> out;
    std::size_t offset = 0;
    while (offset + 2 <= data.size() && out.size() < 6) {
        const std::size_t length = std::size_t { data[offset] } << 8 | data[offset + 1];
        offset += 2;
        const std::size_t take = std::min(length, data.size() - offset);
        out.emplace_back(data.begin() + static_cast<std::ptrdiff_t>(offset),
            data.begin() + static_cast<std::ptrdiff_t>(offset + take));
        offset += take;
    }
    out.resize(std::max<std::size_t>(out.size(), 4));
    return out;
}

// header.key around a content, with the MAC a reader expects (key 32 zero bytes).
Bytes withHeaderMac(const Bytes& content)
{
    const std::array<std::uint8_t, 32> zeroKey {};
    const auto mac = crypto::Gost28147(zeroKey, crypto::gost28147ParamZ()).mac(content);
    return crypto::der::sequence({ content, crypto::der::octetString(ByteView(mac.data(), 4)) });
}

CryptoProFiles files(const std::vector<Bytes>& piece, bool fixHeader)
{
    CryptoProFiles out { fixHeader ? withHeaderMac(piece[0]) : piece[0], piece[1], piece[2],
        piece[3], std::nullopt, std::nullopt };
    if (piece.size() > 4) {
        out.masks2 = piece[4];
    }
    if (piece.size() > 5) {
        out.primary2 = piece[5];
    }
    return out;
}

Bytes scalar(const CryptoProContainer& container)
{
    const auto raw = container.privateKey().toRaw();
    return Bytes(raw.scalarLittleEndian.view().begin(), raw.scalarLittleEndian.view().end());
}

void reseal(const CryptoProFiles& input, ByteView password)
{
    std::optional<Bytes> key;
    fuzz::refusesOnly(
        READ_ERRORS, [&] { key = scalar(CryptoProContainer::read(input, password)); });
    const ByteView newPassword = asBytes(std::string_view("2"));
    if (!key) {
        // What the reader refuses, re-sealing refuses too (it reads first).
        const bool resealed =
            fuzz::refusesOnly(READ_ERRORS, [&] { resealCryptoPro(input, password, newPassword); });
        fuzz::check(!resealed, "re-sealed a container the reader refuses");
        return;
    }
    CryptoProFiles output;
    fuzz::check(
        fuzz::refusesOnly({}, [&] { output = resealCryptoPro(input, password, newPassword); }),
        "could not re-seal a container the reader accepts");
    fuzz::check(scalar(CryptoProContainer::read(output, newPassword)) == *key,
        "the re-sealed container holds another key");
    const bool oldOpens = fuzz::refusesOnly({ ErrorCode::CONTAINER_PASSWORD_INCORRECT },
        [&] { CryptoProContainer::read(output, password); });
    fuzz::check(!oldOpens, "the old password still opens the re-sealed container");
    fuzz::check(output.masks == input.masks && output.name == input.name
            && output.masks2 == input.masks2 && output.header.size() == input.header.size()
            && output.primary.size() == input.primary.size(),
        "re-sealing changed what it must keep");
}

void trimmed(const Bytes& file)
{
    fuzz::refusesOnly(FILE_ERRORS, [&] {
        const auto element = trimTokenPadding(file);
        fuzz::check(element.size() <= file.size()
                && std::equal(element.begin(), element.end(), file.begin())
                && std::all_of(file.begin() + static_cast<std::ptrdiff_t>(element.size()),
                    file.end(), [](std::uint8_t b) { return b == 0xff; }),
            "trimTokenPadding kept more than one element or dropped non-FF bytes");
        fuzz::check(trimTokenPadding(element) == element, "trimTokenPadding is not idempotent");
    });
}

void parsers(const std::vector<Bytes>& piece)
{
    const std::initializer_list<ErrorCode> headerErrors = { ErrorCode::CONTAINER_CORRUPTED,
        ErrorCode::INVALID_PARAMS };
    fuzz::refusesOnly(headerErrors, [&] { cryptopro::parseHeader(piece[0]); });
    fuzz::refusesOnly(headerErrors, [&] {
        const auto header = withHeaderMac(piece[0]);
        const auto parsed = cryptopro::parseHeader(header);
        // The offsets re-sealing writes at lie inside the file.
        fuzz::check(parsed.macOffset + 4 == header.size()
                && parsed.contentOffset + parsed.content.size() <= parsed.macOffset
                && (!parsed.passwordMac || parsed.passwordMacOffset + 4 <= parsed.macOffset),
            "header offsets outside the file");
    });
    for (std::size_t i = 1; i < piece.size(); ++i) {
        const auto& file = piece[i];
        fuzz::refusesOnly(FILE_ERRORS, [&] { cryptopro::parseMasks(file); });
        fuzz::refusesOnly(FILE_ERRORS, [&] { cryptopro::parsePrimary(file); });
        fuzz::refusesOnly(FILE_ERRORS, [&] { cryptopro::parseName(file); });
    }
    for (const auto& file : piece) {
        trimmed(file);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    const auto piece = pieces(ByteView(data + 1, size - 1));
    const ByteView password = (data[0] & 0x04) != 0 ? asBytes(std::string_view("1")) : ByteView {};
    switch (data[0] % 4) {
    case 0:
    case 1:
        fuzz::refusesOnly(READ_ERRORS,
            [&] { CryptoProContainer::read(files(piece, data[0] % 4 == 1), password); });
        break;
    case 2:
        parsers(piece);
        break;
    default:
        reseal(files(piece, true), password);
        break;
    }
    return 0;
}
