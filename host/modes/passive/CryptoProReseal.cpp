#include "CryptoProReseal.hpp"

#include "core/Error.hpp"
#include "CryptoProFormat.hpp"
#include "crypto/CryptoProKdf.hpp"
#include "crypto/Der.hpp"
#include "crypto/Gost28147.hpp"

#include <algorithm>

namespace tokenbridge::modes::passive
{

namespace
{
    const std::array<std::uint8_t, 16> ZERO_DATA {};
    const std::array<std::uint8_t, 32> ZERO_KEY {};

    // The key stays masked throughout: decrypted under the old password's key, encrypted under
    // the new one's, with the same salt (masks.key is kept). parsePrimary is strict, so the
    // encrypted key is the file's last bytes and is replaced in place.
    Bytes reencrypt(
        ByteView masksFile, ByteView primaryFile, ByteView oldPassword, ByteView newPassword)
    {
        const auto masks = cryptopro::parseMasks(masksFile);
        const auto encrypted = cryptopro::parsePrimary(primaryFile);
        const auto oldKek = crypto::cryptoProKdf(oldPassword, masks.salt);
        const auto newKek = crypto::cryptoProKdf(newPassword, masks.salt);
        const auto& sbox = crypto::gost28147ParamZ();
        const auto masked = crypto::Gost28147(oldKek.view(), sbox).decryptEcb(encrypted.view());
        const auto sealed = crypto::Gost28147(newKek.view(), sbox).encryptEcb(masked.view());
        Bytes out(primaryFile.begin(), primaryFile.end());
        std::copy(sealed.view().begin(), sealed.view().end(), out.end() - sealed.size());
        return out;
    }

    // hmacPassword rewritten in place (same 4 bytes), then the header MAC over the new content.
    Bytes resealHeader(ByteView file, const cryptopro::Header& header, ByteView newPassword)
    {
        Bytes out(file.begin(), file.end());
        const auto check = crypto::cryptoProKdf(newPassword, header.primaryFp);
        const auto passwordMac =
            crypto::Gost28147(check.view(), crypto::gost28147ParamZ()).mac(ZERO_DATA);
        std::copy_n(passwordMac.begin(), 4, out.begin() + header.passwordMacOffset);
        const ByteView content(out.data() + header.contentOffset, header.content.size());
        const auto mac = crypto::Gost28147(ZERO_KEY, crypto::gost28147ParamZ()).mac(content);
        std::copy_n(mac.begin(), 4, out.begin() + header.macOffset);
        return out;
    }
} // namespace

CryptoProFiles resealCryptoPro(
    const CryptoProFiles& files, ByteView oldPassword, ByteView newPassword)
{
    // Every check of the reader (MACs, the password, the fingerprint, the reserve copy) first:
    // a container that does not open is never rewritten.
    CryptoProContainer::read(files, oldPassword);
    const auto header = cryptopro::parseHeader(files.header);
    CryptoProFiles out = files;
    out.primary = reencrypt(files.masks, files.primary, oldPassword, newPassword);
    // The reserve copy, or a second key's primary2, is sealed under the same password.
    if (files.masks2 && files.primary2) {
        out.primary2 = reencrypt(*files.masks2, *files.primary2, oldPassword, newPassword);
    }
    // Without hmacPassword the header does not depend on the password: kept byte for byte.
    if (header.passwordMac) {
        out.header = resealHeader(files.header, header, newPassword);
    }
    return out;
}

Bytes trimTokenPadding(ByteView file)
{
    crypto::der::Element element;
    try {
        crypto::der::Reader reader(file);
        element = reader.next();
    } catch (const RequestError& error) {
        cryptopro::corrupted(std::string("a file on the token: ") + error.what());
    }
    const auto rest = file.subspan(element.encoded.size());
    // Anything but FF after the element is not CryptoPro's padding: a damaged file.
    if (!std::all_of(rest.begin(), rest.end(), [](std::uint8_t b) { return b == 0xff; })) {
        cryptopro::corrupted("a file on the token has data after its element");
    }
    return Bytes(element.encoded.begin(), element.encoded.end());
}

} // namespace tokenbridge::modes::passive
