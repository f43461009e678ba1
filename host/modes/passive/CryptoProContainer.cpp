#include "CryptoProContainer.hpp"

#include "core/Error.hpp"
#include "CryptoProFormat.hpp"
#include "crypto/CryptoProKdf.hpp"
#include "crypto/Gost28147.hpp"
#include "crypto/GostScalar.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <fstream>

namespace tokenbridge::modes::passive
{

namespace
{
    constexpr std::size_t MAX_FILE = 64 * 1024; // a header with two certificates is a few KiB
    const std::array<std::uint8_t, 16> ZERO_DATA {};

    [[noreturn]] void wrongPassword()
    {
        throw UserActionError(
            ErrorCode::CONTAINER_PASSWORD_INCORRECT, "the container password is incorrect");
    }

    // The masks MAC is keyed with the mask (its last 32 bytes for a 512-bit key), over the salt.
    cryptopro::Masks checkedMasks(ByteView file)
    {
        auto masks = cryptopro::parseMasks(file);
        const auto key = masks.mask.view().last(32);
        if (!cryptopro::macMatches(key, masks.salt, masks.mac)) {
            cryptopro::corrupted("masks MAC mismatch");
        }
        return masks;
    }

    // d from one masks/primary pair; its public key's fingerprint must be primaryFP.
    crypto::PrivateKey openKey(const cryptopro::Header& header, ByteView masksFile,
        ByteView primaryFile, ByteView password)
    {
        const auto masks = checkedMasks(masksFile);
        const auto encrypted = cryptopro::parsePrimary(primaryFile);
        const std::size_t size =
            header.paramSet->algorithm == crypto::KeyAlgorithm::Gost2012_256 ? 32 : 64;
        if (masks.mask.size() != size || encrypted.size() != size) {
            cryptopro::corrupted("key lengths do not match the curve");
        }
        const auto kek = crypto::cryptoProKdf(password, masks.salt);
        const auto masked =
            crypto::Gost28147(kek.view(), crypto::gost28147ParamZ()).decryptEcb(encrypted.view());
        crypto::RawPrivateKey raw { header.paramSet->algorithm, std::string(header.paramSet->oid),
            crypto::unmaskGostScalar(*header.paramSet, masked.view(), masks.mask.view()) };
        auto key = crypto::PrivateKey::fromRaw(raw);
        const auto publicXy = key.publicKey().gostRaw();
        if (CRYPTO_memcmp(publicXy.data(), header.primaryFp.data(), header.primaryFp.size()) != 0) {
            // With hmacPassword the password is already confirmed, so primary.key is damaged
            // (it has no MAC of its own). Without it a wrong password and a damaged primary.key
            // look the same; the password is the likelier cause.
            if (header.passwordMac) {
                cryptopro::corrupted("the key does not match the container's fingerprint");
            }
            wrongPassword();
        }
        return key;
    }

    Bytes readFile(const std::filesystem::path& path)
    {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            cryptopro::corrupted("missing " + path.filename().string());
        }
        Bytes bytes(MAX_FILE + 1);
        in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        const auto count = static_cast<std::size_t>(in.gcount());
        if (count > MAX_FILE) {
            cryptopro::corrupted(path.filename().string() + " is too large");
        }
        bytes.resize(count);
        return bytes;
    }
} // namespace

CryptoProContainer::CryptoProContainer(
    std::string name, bool exportable, crypto::PrivateKey key, std::vector<Bytes> certificates) :
    _name(std::move(name)),
    _exportable(exportable), _key(std::move(key)), _certificates(std::move(certificates))
{
}

CryptoProContainer CryptoProContainer::read(const CryptoProFiles& files, ByteView password)
{
    auto header = cryptopro::parseHeader(files.header);
    auto name = cryptopro::parseName(files.name);
    if (files.masks2.has_value() != files.primary2.has_value()) {
        cryptopro::corrupted("only one of masks2.key and primary2.key");
    }
    // Checked before the password is used, so a damaged reserve copy is never blamed on it.
    if (files.masks2) {
        checkedMasks(*files.masks2);
        cryptopro::parsePrimary(*files.primary2);
    }
    if (header.passwordMac) {
        const auto key = crypto::cryptoProKdf(password, header.primaryFp);
        if (!cryptopro::macMatches(key.view(), ZERO_DATA, *header.passwordMac)) {
            wrongPassword();
        }
    }
    auto key = openKey(header, files.masks, files.primary, password);
    // Without a second key in the header, masks2/primary2 are a reserve copy of the same key.
    if (files.masks2 && !header.secondaryKey) {
        bool same = false;
        try {
            const auto copy = openKey(header, *files.masks2, *files.primary2, password);
            same = copy.toRaw().scalarLittleEndian == key.toRaw().scalarLittleEndian;
        } catch (const UserActionError&) {
            // The password opened the primary copy, so this one is damaged.
        }
        if (!same) {
            cryptopro::corrupted("the reserve copy holds another key");
        }
    }
    return CryptoProContainer(
        std::move(name), header.exportable, std::move(key), std::move(header.certificates));
}

CryptoProFiles CryptoProContainer::loadFolder(const std::filesystem::path& folder)
{
    std::error_code error;
    if (!std::filesystem::is_directory(folder, error)) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "not a container folder: " + folder.string());
    }
    CryptoProFiles files { readFile(folder / "header.key"), readFile(folder / "masks.key"),
        readFile(folder / "primary.key"), readFile(folder / "name.key"), std::nullopt,
        std::nullopt };
    if (std::filesystem::exists(folder / "masks2.key", error)) {
        files.masks2 = readFile(folder / "masks2.key");
    }
    if (std::filesystem::exists(folder / "primary2.key", error)) {
        files.primary2 = readFile(folder / "primary2.key");
    }
    return files;
}

CryptoProContainer CryptoProContainer::readFolder(
    const std::filesystem::path& folder, ByteView password)
{
    return read(loadFolder(folder), password);
}

} // namespace tokenbridge::modes::passive
