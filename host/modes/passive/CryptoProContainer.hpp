#pragma once

// A CryptoPro CSP key container (GOST R 34.10-2012 256/512) turned into a usable private key:
// MACs checked, the password KDF, GOST 28147-89 decryption, unmasking, the fingerprint check.
// The format as implemented and what it rests on: docs/passive.md.

#include "core/Bytes.hpp"
#include "crypto/PrivateKey.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::modes::passive
{

// The files of one container, as read from a folder (`abcdef.000/`) or from the token.
struct CryptoProFiles
{
    Bytes header;
    Bytes masks;
    Bytes primary;
    Bytes name;
    // The reserve copy of the primary key; both or neither.
    std::optional<Bytes> masks2;
    std::optional<Bytes> primary2;
};

class CryptoProContainer
{
public:
    // password: the container password (empty = none), a secret the caller keeps zeroized.
    // Throws RequestError(CONTAINER_CORRUPTED) on malformed files or a bad header/masks MAC,
    // UserActionError(CONTAINER_PASSWORD_INCORRECT) when the password does not open the key,
    // RequestError(INVALID_PARAMS) for a key that is not GOST R 34.10-2012.
    static CryptoProContainer read(const CryptoProFiles& files, ByteView password);
    // The files header.key, masks.key, primary.key, name.key (+ masks2.key, primary2.key) of a
    // folder; RequestError(INVALID_PARAMS) if it is not a readable folder.
    static CryptoProContainer readFolder(const std::filesystem::path& folder, ByteView password);
    static CryptoProFiles loadFolder(const std::filesystem::path& folder);

    [[nodiscard]] const std::string& name() const noexcept { return _name; }
    [[nodiscard]] bool exportable() const noexcept { return _exportable; }
    [[nodiscard]] const crypto::PrivateKey& privateKey() const noexcept { return _key; }
    // The certificates stored in header.key (DER), primary first; may be empty.
    [[nodiscard]] const std::vector<Bytes>& certificates() const noexcept { return _certificates; }

private:
    CryptoProContainer(
        std::string name, bool exportable, crypto::PrivateKey key, std::vector<Bytes> certificates);

    std::string _name;
    bool _exportable;
    crypto::PrivateKey _key;
    std::vector<Bytes> _certificates;
};

} // namespace tokenbridge::modes::passive
