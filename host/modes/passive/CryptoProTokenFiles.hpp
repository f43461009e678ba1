#pragma once

#include "CryptoProContainer.hpp"
#include "CryptoProLayout.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tokenbridge::modes::passive::cryptopro
{

// The files of CryptoPro containers in a token's layout (CryptoProLayout.hpp), read as CSP
// leaves them (DER + FF padding, trimmed) and written the way importContainer needs: never
// half-written. The caller holds the card and, where the card wants it, the verified PIN.
class TokenContainers
{
public:
    TokenContainers(pcsc::Card& card, FilePath root) : _card(card), _root(std::move(root)) { }

    // A container the card shows: its DF has name, header and a masks/primary pair.
    struct Listed
    {
        std::uint8_t index = 0;
        Bytes name; // name.key, trimmed
        // header.key, trimmed; nullopt when the card wants the PIN to read it.
        std::optional<Bytes> header;
    };
    // Without the PIN: a header the card protects is nullopt. Never throws for one container's
    // damage (logged, skipped), so one bad container hides no other.
    std::vector<Listed> list();
    // The header (the card must have what it wants to read it: the verified PIN, on CSP tokens).
    Bytes readHeader(std::uint8_t index);
    // Every file of one container (needs the verified PIN); RequestError(CONTAINER_CORRUPTED)
    // when a file is missing.
    CryptoProFiles read(std::uint8_t index);
    // Writes the container at the first free index: DF, then header, masks, primary, masks2,
    // primary2, name last (a container is listed only once its name exists); each file read back.
    // Any failure removes what was created before it is rethrown. Needs the verified PIN.
    std::uint8_t write(const CryptoProFiles& files);
    // The container's EFs, then its DF; needs the verified PIN.
    void remove(std::uint8_t index);

private:
    [[nodiscard]] FilePath dfPath(std::uint8_t index) const;
    std::optional<Bytes> readTrimmed(TokenFiles& files, std::uint16_t fid);

    pcsc::Card& _card;
    FilePath _root;
};

} // namespace tokenbridge::modes::passive::cryptopro
