#pragma once

#include "ReadCache.hpp"

#include "core/Bytes.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace tokenbridge::pcsc
{
class Card;
}

namespace tokenbridge::modes::passive
{

// Access condition bytes of CREATE FILE (docs/vtoken.md): 00 always, 02 user PIN.
inline constexpr std::uint8_t ACCESS_ALWAYS = 0x00;
inline constexpr std::uint8_t ACCESS_USER = 0x02;

// A DF's path from the MF (the MF itself not named), as SELECT by path (00 A4 08) takes it.
using FilePath = std::vector<std::uint16_t>;

// The ISO 7816-4 file operations of docs/vtoken.md inside one DF, named by its path from the MF
// (one level for our own containers, 3-4 for CryptoPro's). Status words the caller can act on
// become typed errors (6982 -> PIN_REQUIRED, 6A84 -> CARD_ERROR "no memory"); the rest are
// CARD_ERROR naming the command.
class TokenFiles
{
public:
    TokenFiles(pcsc::Card& card, std::uint16_t dfFid) : _card(card), _dfPath { dfFid } { }
    TokenFiles(pcsc::Card& card, FilePath dfPath) : _card(card), _dfPath(std::move(dfPath)) { }

    // Files read with readPublic are kept in `cache` (may be null: none); READ BINARY asks for up
    // to EXTENDED_READ bytes at once when `extendedReads` (the token takes extended APDUs), else
    // 256.
    void useCache(ReadCache* cache) { _cache = cache; }
    void useExtendedReads(bool extendedReads) { _extendedReads = extendedReads; }
    static constexpr std::size_t EXTENDED_READ = 4096;

    // false when the DF does not exist (nothing was ever stored).
    bool selectDf();
    // Creates the DF and any missing DF above it (needs the user PIN verified); leaves it
    // current. Every DF created gets the same access bytes.
    void ensureDf(std::uint8_t readAccess, std::uint8_t writeAccess);
    // nullopt when the EF does not exist. The DF must be current.
    std::optional<Bytes> read(std::uint16_t fid);
    // read() of a file that needs no PIN: served from the cache when it holds a copy.
    std::optional<Bytes> readPublic(std::uint16_t fid);
    bool exists(std::uint16_t fid);
    void create(
        std::uint16_t fid, std::size_t size, std::uint8_t readAccess, std::uint8_t writeAccess);
    // Writes from offset 0 in chunks; one APDU when data fits in 255 bytes (atomic on the card).
    void write(std::uint16_t fid, ByteView data);
    // Ignores a file that is already gone.
    void remove(std::uint16_t fid);

private:
    // Returns the EF size from the FCP, nullopt if not found.
    std::optional<std::size_t> selectEf(std::uint16_t fid);
    void dropCopy(std::uint16_t fid);
    pcsc::Card& _card;
    FilePath _dfPath;
    ReadCache* _cache = nullptr;
    bool _extendedReads = false;
};

} // namespace tokenbridge::modes::passive
