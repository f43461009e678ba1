#include "TokenFiles.hpp"

#include "pcsc/Card.hpp"
#include "pcsc/StatusWords.hpp"
#include "core/Error.hpp"

#include <algorithm>

namespace tokenbridge::modes::passive
{

namespace
{

    constexpr std::uint16_t SW_FILE_NOT_FOUND = 0x6A82;
    constexpr std::uint16_t SW_SECURITY = 0x6982;
    constexpr std::uint16_t SW_NO_MEMORY = 0x6A84;
    constexpr std::uint16_t SW_END_OF_FILE = 0x6282;
    constexpr std::uint16_t SW_WRONG_LENGTH = 0x6700;
    constexpr std::size_t READ_CHUNK = 256;
    constexpr std::size_t WRITE_CHUNK = 255;

    Bytes fidBytes(std::uint16_t fid)
    {
        return { static_cast<std::uint8_t>(fid >> 8), static_cast<std::uint8_t>(fid) };
    }

    Bytes pathBytes(const FilePath& path, std::size_t levels)
    {
        Bytes bytes;
        for (std::size_t i = 0; i < levels; ++i) {
            const auto fid = fidBytes(path[i]);
            bytes.insert(bytes.end(), fid.begin(), fid.end());
        }
        return bytes;
    }

    [[noreturn]] void fail(std::string_view command, std::uint16_t sw)
    {
        if (sw == SW_SECURITY) {
            throw UserActionError(
                ErrorCode::PIN_REQUIRED, std::string(command) + ": the token wants the user PIN");
        }
        if (sw == SW_NO_MEMORY) {
            throw CardError(
                std::string(command) + ": not enough memory on the token", { { "sw", "6A84" } });
        }
        pcsc::throwCardError(command, sw);
    }

    // FCP `62 L ... 80 02 size ...`
    std::optional<std::size_t> fcpSize(const Bytes& fcp)
    {
        if (fcp.size() < 2 || fcp[0] != 0x62) {
            return std::nullopt;
        }
        std::size_t offset = 2;
        while (offset + 2 <= fcp.size()) {
            const auto tag = fcp[offset];
            const std::size_t length = fcp[offset + 1];
            if (offset + 2 + length > fcp.size()) {
                break;
            }
            if (tag == 0x80 && length == 2) {
                return (std::size_t(fcp[offset + 2]) << 8) | fcp[offset + 3];
            }
            offset += 2 + length;
        }
        return std::nullopt;
    }

    // SELECT by path of the first `levels` DFs of `path` (0 = the MF); false if one is missing.
    bool selectPath(pcsc::Card& card, const FilePath& path, std::size_t levels)
    {
        const auto response = levels == 0
            ? card.transmit({ 0x00, 0xA4, 0x00, 0x0C, { 0x3F, 0x00 }, std::nullopt })
            : card.transmit({ 0x00, 0xA4, 0x08, 0x0C, pathBytes(path, levels), std::nullopt });
        if (response.sw == SW_FILE_NOT_FOUND) {
            return false;
        }
        if (!response.isOk()) {
            fail("SELECT", response.sw);
        }
        return true;
    }

} // namespace

bool TokenFiles::selectDf()
{
    return selectPath(_card, _dfPath, _dfPath.size());
}

void TokenFiles::ensureDf(std::uint8_t readAccess, std::uint8_t writeAccess)
{
    if (selectDf()) {
        return;
    }
    // The deepest DF that exists, then each missing one below it (CREATE FILE makes the new DF
    // the current one, so each is created inside the previous).
    std::size_t existing = _dfPath.size() - 1;
    while (existing > 0 && !selectPath(_card, _dfPath, existing)) {
        --existing;
    }
    if (existing == 0 && !selectPath(_card, _dfPath, 0)) {
        fail("SELECT MF", SW_FILE_NOT_FOUND);
    }
    for (std::size_t level = existing; level < _dfPath.size(); ++level) {
        const auto fid = _dfPath[level];
        const Bytes fcp { 0x62, 0x0B, 0x82, 0x01, 0x38, 0x83, 0x02,
            static_cast<std::uint8_t>(fid >> 8), static_cast<std::uint8_t>(fid), 0x86, 0x02,
            readAccess, writeAccess };
        const auto created = _card.transmit({ 0x00, 0xE0, 0x00, 0x00, fcp, std::nullopt });
        if (!created.isOk()) {
            fail("CREATE FILE (DF)", created.sw);
        }
    }
    if (!selectDf()) {
        fail("SELECT", SW_FILE_NOT_FOUND);
    }
}

std::optional<std::size_t> TokenFiles::selectEf(std::uint16_t fid)
{
    const auto response = _card.transmit({ 0x00, 0xA4, 0x00, 0x04, fidBytes(fid), 256 });
    if (response.sw == SW_FILE_NOT_FOUND) {
        return std::nullopt;
    }
    if (!response.isOk()) {
        fail("SELECT", response.sw);
    }
    const auto size = fcpSize(response.data);
    if (!size) {
        throw CardError("SELECT: no file size in the FCP");
    }
    return size;
}

bool TokenFiles::exists(std::uint16_t fid)
{
    return selectEf(fid).has_value();
}

std::optional<Bytes> TokenFiles::read(std::uint16_t fid)
{
    const auto size = selectEf(fid);
    if (!size) {
        return std::nullopt;
    }
    Bytes data;
    data.reserve(*size);
    while (data.size() < *size) {
        const auto offset = data.size();
        const auto want = std::min(_extendedReads ? EXTENDED_READ : READ_CHUNK, *size - offset);
        const auto response = _card.transmit({ 0x00, 0xB0, static_cast<std::uint8_t>(offset >> 8),
            static_cast<std::uint8_t>(offset), {}, want });
        if (want > READ_CHUNK && response.sw == SW_WRONG_LENGTH) {
            _extendedReads = false; // a token without extended APDUs after all: 256 at a time
            continue;
        }
        if (!response.isOk() && response.sw != SW_END_OF_FILE) {
            fail("READ BINARY", response.sw);
        }
        if (response.data.empty()) {
            break;
        }
        data.insert(data.end(), response.data.begin(), response.data.end());
    }
    return data;
}

std::optional<Bytes> TokenFiles::readPublic(std::uint16_t fid)
{
    if (_cache == nullptr) {
        return read(fid);
    }
    const auto key = std::make_pair(_dfPath, fid);
    if (const auto copy = _cache->files.find(key); copy != _cache->files.end()) {
        return copy->second;
    }
    auto bytes = read(fid);
    if (bytes) {
        _cache->files[key] = *bytes;
    }
    return bytes;
}

void TokenFiles::dropCopy(std::uint16_t fid)
{
    if (_cache != nullptr) {
        _cache->files.erase(std::make_pair(_dfPath, fid));
    }
}

void TokenFiles::create(
    std::uint16_t fid, std::size_t size, std::uint8_t readAccess, std::uint8_t writeAccess)
{
    dropCopy(fid);
    const Bytes fcp { 0x62, 0x0F, 0x82, 0x01, 0x01, 0x83, 0x02, static_cast<std::uint8_t>(fid >> 8),
        static_cast<std::uint8_t>(fid), 0x80, 0x02, static_cast<std::uint8_t>(size >> 8),
        static_cast<std::uint8_t>(size), 0x86, 0x02, readAccess, writeAccess };
    const auto response = _card.transmit({ 0x00, 0xE0, 0x00, 0x00, fcp, std::nullopt });
    if (!response.isOk()) {
        fail("CREATE FILE", response.sw);
    }
}

void TokenFiles::write(std::uint16_t fid, ByteView data)
{
    dropCopy(fid);
    if (!selectEf(fid)) {
        fail("SELECT", SW_FILE_NOT_FOUND);
    }
    for (std::size_t offset = 0; offset < data.size(); offset += WRITE_CHUNK) {
        const auto chunk = data.subspan(offset, std::min(WRITE_CHUNK, data.size() - offset));
        const auto response = _card.transmit({ 0x00, 0xD6, static_cast<std::uint8_t>(offset >> 8),
            static_cast<std::uint8_t>(offset), Bytes(chunk.begin(), chunk.end()), std::nullopt });
        if (!response.isOk()) {
            fail("UPDATE BINARY", response.sw);
        }
    }
}

void TokenFiles::remove(std::uint16_t fid)
{
    dropCopy(fid);
    const auto response = _card.transmit({ 0x00, 0xE4, 0x00, 0x00, fidBytes(fid), std::nullopt });
    if (!response.isOk() && response.sw != SW_FILE_NOT_FOUND) {
        fail("DELETE FILE", response.sw);
    }
}

} // namespace tokenbridge::modes::passive
