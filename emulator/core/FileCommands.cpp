// SELECT, READ BINARY, UPDATE BINARY, CREATE FILE, DELETE FILE (docs/vtoken.md "File system").
#include "Card.hpp"
#include "CardError.hpp"
#include "StatusWords.hpp"
#include "Tlv.hpp"

#include <algorithm>

namespace tokenbridge::vtoken
{

namespace
{

    constexpr size_t MAX_EF_SIZE = 0x7FFF; // READ/UPDATE BINARY offsets are 15-bit

    uint16_t fidAt(const Bytes& data, size_t pos)
    {
        return static_cast<uint16_t>(data[pos] << 8 | data[pos + 1]);
    }

    void require(bool condition, uint16_t statusWord)
    {
        if (!condition) {
            throw CardError(statusWord);
        }
    }

    Bytes fcp(const FileNode& node)
    {
        Bytes inner;
        appendTlv(inner, 0x82, Bytes { static_cast<uint8_t>(node.type) });
        appendTlv(inner, 0x83,
            Bytes { static_cast<uint8_t>(node.fid >> 8), static_cast<uint8_t>(node.fid) });
        if (!node.isDf()) {
            const auto size = node.data.size();
            appendTlv(
                inner, 0x80, Bytes { static_cast<uint8_t>(size >> 8), static_cast<uint8_t>(size) });
        }
        appendTlv(inner, 0x86, Bytes { node.readAccess, node.writeAccess });
        Bytes out;
        appendTlv(out, 0x62, inner);
        return out;
    }

    FileNode& currentDf(Card& card)
    {
        FileNode* df = card.state().files.find(card.session().currentDf);
        require(df != nullptr && df->isDf(), sw::FILE_NOT_FOUND);
        return *df;
    }

    FileNode& currentEf(Card& card)
    {
        require(card.session().currentEf.has_value(), sw::NO_CURRENT_EF);
        FileNode* ef = currentDf(card).child(*card.session().currentEf);
        require(ef != nullptr && !ef->isDf(), sw::NO_CURRENT_EF);
        return *ef;
    }

    ResponseApdu select(Card& card, const CommandApdu& apdu)
    {
        require(apdu.p2 == 0x0C || apdu.p2 == 0x04 || apdu.p2 == 0x00, sw::WRONG_P1P2);
        const auto& files = card.state().files;
        FilePath df = card.session().currentDf;
        std::optional<uint16_t> ef;
        switch (apdu.p1) {
        case 0x00: {
            require(apdu.data.empty() || apdu.data.size() == 2, sw::WRONG_LENGTH);
            if (apdu.data.empty() || fidAt(apdu.data, 0) == MF_FID) {
                df.clear();
                break;
            }
            const FileNode* dir = files.find(df);
            const FileNode* node = dir != nullptr ? dir->child(fidAt(apdu.data, 0)) : nullptr;
            require(node != nullptr, sw::FILE_NOT_FOUND);
            if (node->isDf()) {
                df.push_back(node->fid);
            } else {
                ef = node->fid;
            }
            break;
        }
        case 0x03:
            require(apdu.data.empty(), sw::WRONG_LENGTH);
            require(!df.empty(), sw::FILE_NOT_FOUND);
            df.pop_back();
            break;
        case 0x08: {
            require(!apdu.data.empty() && apdu.data.size() % 2 == 0, sw::WRONG_LENGTH);
            FilePath path;
            for (size_t i = 0; i < apdu.data.size(); i += 2) {
                path.push_back(fidAt(apdu.data, i));
            }
            const FileNode* node = files.find(path);
            require(node != nullptr, sw::FILE_NOT_FOUND);
            if (!node->isDf()) {
                ef = path.back();
                path.pop_back();
            }
            df = std::move(path);
            break;
        }
        default:
            throw CardError(sw::WRONG_P1P2);
        }
        card.session().currentDf = df;
        card.session().currentEf = ef;
        if (apdu.p2 == 0x0C) {
            return {};
        }
        const FileNode* dir = files.find(df);
        return ResponseApdu { fcp(ef ? *dir->child(*ef) : *dir), sw::OK };
    }

    ResponseApdu readBinary(Card& card, const CommandApdu& apdu)
    {
        require((apdu.p1 & 0x80) == 0, sw::WRONG_P1P2); // no short EF identifiers
        require(apdu.le.has_value() && apdu.data.empty(), sw::WRONG_LENGTH);
        const FileNode& ef = currentEf(card);
        require(card.session().allows(ef.readAccess), sw::SECURITY_NOT_SATISFIED);
        const size_t offset = static_cast<size_t>(apdu.p1) << 8 | apdu.p2;
        require(offset <= ef.data.size(), sw::WRONG_OFFSET);
        const size_t n = std::min(*apdu.le, ef.data.size() - offset);
        ResponseApdu response;
        response.data.assign(ef.data.begin() + static_cast<std::ptrdiff_t>(offset),
            ef.data.begin() + static_cast<std::ptrdiff_t>(offset + n));
        response.sw = n < *apdu.le ? sw::END_OF_FILE : sw::OK;
        return response;
    }

    ResponseApdu updateBinary(Card& card, const CommandApdu& apdu)
    {
        require((apdu.p1 & 0x80) == 0, sw::WRONG_P1P2);
        require(!apdu.data.empty(), sw::WRONG_LENGTH);
        FileNode& ef = currentEf(card);
        require(card.session().allows(ef.writeAccess), sw::SECURITY_NOT_SATISFIED);
        const size_t offset = static_cast<size_t>(apdu.p1) << 8 | apdu.p2;
        require(offset + apdu.data.size() <= ef.data.size(), sw::WRONG_OFFSET);
        std::copy(apdu.data.begin(), apdu.data.end(),
            ef.data.begin() + static_cast<std::ptrdiff_t>(offset));
        card.commit();
        return {};
    }

    bool validAccess(uint8_t ac)
    {
        return ac == AC_ALWAYS || ac == AC_ADMIN || ac == AC_USER || ac == AC_NEVER;
    }

    FileNode parseFcp(const Bytes& data)
    {
        const auto outer = parseTlv(data);
        require(outer && outer->size() == 1 && (*outer)[0].tag == 0x62, sw::WRONG_DATA);
        const auto fields = parseTlv((*outer)[0].value);
        require(fields.has_value(), sw::WRONG_DATA);
        FileNode node;
        bool haveFid = false;
        std::optional<size_t> size;
        for (const auto& [tag, value] : *fields) {
            switch (tag) {
            case 0x82:
                require(
                    value.size() == 1 && (value[0] == 0x01 || value[0] == 0x38), sw::WRONG_DATA);
                node.type = static_cast<FileType>(value[0]);
                break;
            case 0x83:
                require(value.size() == 2, sw::WRONG_DATA);
                node.fid = fidAt(value, 0);
                haveFid = true;
                break;
            case 0x80:
                require(value.size() == 2, sw::WRONG_DATA);
                size = fidAt(value, 0);
                break;
            case 0x86:
                require(value.size() == 2 && validAccess(value[0]) && validAccess(value[1]),
                    sw::WRONG_DATA);
                node.readAccess = value[0];
                node.writeAccess = value[1];
                break;
            default:
                throw CardError(sw::WRONG_DATA);
            }
        }
        require(haveFid && node.fid != MF_FID && node.fid != 0xFFFF, sw::WRONG_DATA);
        if (node.isDf()) {
            require(!size.has_value(), sw::WRONG_DATA);
        } else {
            require(size.has_value() && *size <= MAX_EF_SIZE, sw::WRONG_DATA);
            node.data.assign(*size, 0);
        }
        return node;
    }

    ResponseApdu createFile(Card& card, const CommandApdu& apdu)
    {
        require(apdu.p1 == 0 && apdu.p2 == 0, sw::WRONG_P1P2);
        require(!apdu.data.empty(), sw::WRONG_LENGTH);
        FileNode node = parseFcp(apdu.data);
        Session& session = card.session();
        require(session.userAuthenticated() || session.adminVerified, sw::SECURITY_NOT_SATISFIED);
        FileNode& dir = currentDf(card);
        require(dir.child(node.fid) == nullptr, sw::FILE_EXISTS);
        const auto used = card.state().files.usedMemory();
        require(used + node.footprint() <= card.model().totalMemory, sw::NOT_ENOUGH_MEMORY);
        dir.children.push_back(node);
        card.commit();
        // As ISO 7816-9: the new file becomes the current one.
        if (node.isDf()) {
            session.currentDf.push_back(node.fid);
            session.currentEf.reset();
        } else {
            session.currentEf = node.fid;
        }
        return {};
    }

    ResponseApdu deleteFile(Card& card, const CommandApdu& apdu)
    {
        require(apdu.p1 == 0 && apdu.p2 == 0, sw::WRONG_P1P2);
        require(apdu.data.size() == 2, sw::WRONG_LENGTH);
        const uint16_t fid = fidAt(apdu.data, 0);
        FileNode& dir = currentDf(card);
        const FileNode* node = dir.child(fid);
        require(node != nullptr, sw::FILE_NOT_FOUND);
        require(card.session().allows(node->writeAccess), sw::SECURITY_NOT_SATISFIED);
        std::erase_if(dir.children, [fid](const FileNode& c) { return c.fid == fid; });
        card.commit();
        if (card.session().currentEf == fid) {
            card.session().currentEf.reset();
        }
        return {};
    }

} // namespace

void addFileCommands(CommandTable& table)
{
    table.add({ 0x00, 0xA4, select, false });
    table.add({ 0x00, 0xB0, readBinary, false });
    table.add({ 0x00, 0xD6, updateBinary, true });
    table.add({ 0x00, 0xE0, createFile, true });
    table.add({ 0x00, 0xE4, deleteFile, true });
}

} // namespace tokenbridge::vtoken
