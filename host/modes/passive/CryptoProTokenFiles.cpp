#include "CryptoProTokenFiles.hpp"

#include "CryptoProReseal.hpp"

#include "core/Error.hpp"
#include "core/Log.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace tokenbridge::modes::passive::cryptopro
{

namespace
{
    struct FileRule
    {
        TokenFile file;
        std::uint8_t readAccess; // what importContainer creates; CSP's own may differ
        std::optional<Bytes> CryptoProFiles::*optionalMember;
        Bytes CryptoProFiles::*member;
    };
    // The write order: name last, so a container is listed only once it is complete.
    constexpr std::array<FileRule, 6> WRITE_ORDER { {
        { TokenFile::Header, ACCESS_ALWAYS, nullptr, &CryptoProFiles::header },
        { TokenFile::Masks, ACCESS_USER, nullptr, &CryptoProFiles::masks },
        { TokenFile::Primary, ACCESS_USER, nullptr, &CryptoProFiles::primary },
        { TokenFile::Masks2, ACCESS_USER, &CryptoProFiles::masks2, nullptr },
        { TokenFile::Primary2, ACCESS_USER, &CryptoProFiles::primary2, nullptr },
        { TokenFile::Name, ACCESS_ALWAYS, nullptr, &CryptoProFiles::name },
    } };

    const Bytes* contentOf(const CryptoProFiles& files, const FileRule& rule)
    {
        if (rule.member != nullptr) {
            return &(files.*rule.member);
        }
        const auto& optional = files.*rule.optionalMember;
        return optional ? &*optional : nullptr;
    }

    bool complete(TokenFiles& files, std::uint8_t index)
    {
        const auto has = [&](TokenFile file) { return files.exists(fidOf(index, file)); };
        return has(TokenFile::Name) && has(TokenFile::Header)
            && ((has(TokenFile::Masks) && has(TokenFile::Primary))
                || (has(TokenFile::Masks2) && has(TokenFile::Primary2)));
    }
} // namespace

FilePath TokenContainers::dfPath(std::uint8_t index) const
{
    auto path = _root;
    path.push_back(dfOf(index));
    return path;
}

std::optional<Bytes> TokenContainers::readTrimmed(TokenFiles& files, std::uint16_t fid)
{
    const auto bytes = files.read(fid);
    return bytes ? std::optional<Bytes>(trimTokenPadding(*bytes)) : std::nullopt;
}

std::vector<TokenContainers::Listed> TokenContainers::list()
{
    std::vector<Listed> listed;
    if (!TokenFiles(_card, _root).selectDf()) {
        return listed;
    }
    for (unsigned index = FIRST_INDEX; index <= LAST_INDEX; ++index) {
        const auto i = static_cast<std::uint8_t>(index);
        TokenFiles files(_card, dfPath(i));
        try {
            if (!files.selectDf() || !complete(files, i)) {
                continue;
            }
            Listed entry { i, *readTrimmed(files, fidOf(i, TokenFile::Name)), std::nullopt };
            try {
                entry.header = readTrimmed(files, fidOf(i, TokenFile::Header));
            } catch (const UserActionError& error) {
                if (error.code() != ErrorCode::PIN_REQUIRED) {
                    throw;
                }
            }
            listed.push_back(std::move(entry));
        } catch (const RequestError& error) {
            log::warn(std::string("passive: skipped a CryptoPro container: ") + error.what());
        }
    }
    return listed;
}

Bytes TokenContainers::readHeader(std::uint8_t index)
{
    TokenFiles files(_card, dfPath(index));
    auto header =
        files.selectDf() ? readTrimmed(files, fidOf(index, TokenFile::Header)) : std::nullopt;
    if (!header) {
        throw RequestError(ErrorCode::CONTAINER_CORRUPTED,
            "the CryptoPro container on the token has no header.key");
    }
    return std::move(*header);
}

CryptoProFiles TokenContainers::read(std::uint8_t index)
{
    TokenFiles files(_card, dfPath(index));
    if (!files.selectDf()) {
        throw RequestError(
            ErrorCode::CONTAINER_CORRUPTED, "the CryptoPro container left the token");
    }
    const auto need = [&](TokenFile file) {
        auto bytes = readTrimmed(files, fidOf(index, file));
        if (!bytes) {
            throw RequestError(ErrorCode::CONTAINER_CORRUPTED,
                "a file of the CryptoPro container on the token is missing");
        }
        return std::move(*bytes);
    };
    CryptoProFiles result { need(TokenFile::Header), {}, {}, need(TokenFile::Name),
        readTrimmed(files, fidOf(index, TokenFile::Masks2)),
        readTrimmed(files, fidOf(index, TokenFile::Primary2)) };
    // A container of one key kept only in the second pair (seen on CSP tokens) reads as the first.
    if (files.exists(fidOf(index, TokenFile::Masks))) {
        result.masks = need(TokenFile::Masks);
        result.primary = need(TokenFile::Primary);
    } else {
        result.masks = *std::exchange(result.masks2, std::nullopt);
        result.primary = *std::exchange(result.primary2, std::nullopt);
    }
    return result;
}

std::uint8_t TokenContainers::write(const CryptoProFiles& content)
{
    TokenFiles(_card, _root).ensureDf(ACCESS_ALWAYS, ACCESS_USER);
    std::optional<std::uint8_t> free;
    for (unsigned index = FIRST_INDEX; index <= LAST_INDEX && !free; ++index) {
        if (!TokenFiles(_card, dfPath(static_cast<std::uint8_t>(index))).selectDf()) {
            free = static_cast<std::uint8_t>(index);
        }
    }
    if (!free) {
        throw CardError("the token already holds the maximum of 32 CryptoPro containers");
    }
    const auto index = *free;
    TokenFiles files(_card, dfPath(index));
    try {
        files.ensureDf(ACCESS_ALWAYS, ACCESS_USER);
        for (const auto& rule : WRITE_ORDER) {
            const Bytes* data = contentOf(content, rule);
            if (data == nullptr) {
                continue;
            }
            const auto fid = fidOf(index, rule.file);
            files.create(fid, data->size(), rule.readAccess, ACCESS_USER);
            files.write(fid, *data);
            const auto back = files.read(fid);
            if (!back || *back != *data) {
                throw CardError("the token did not keep what was written; nothing was changed");
            }
        }
    } catch (...) {
        try {
            remove(index);
        } catch (const std::exception& error) {
            log::warn(
                std::string("passive: could not remove a half-written container: ") + error.what());
        }
        throw;
    }
    return index;
}

void TokenContainers::remove(std::uint8_t index)
{
    TokenFiles files(_card, dfPath(index));
    if (!files.selectDf()) {
        return;
    }
    // The reverse of the write order: without its name the container is no longer listed.
    for (auto rule = WRITE_ORDER.rbegin(); rule != WRITE_ORDER.rend(); ++rule) {
        files.remove(fidOf(index, rule->file));
    }
    TokenFiles parent(_card, _root);
    if (parent.selectDf()) {
        parent.remove(dfOf(index));
    }
}

} // namespace tokenbridge::modes::passive::cryptopro
