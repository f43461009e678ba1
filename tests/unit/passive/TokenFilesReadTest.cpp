// The passive store's file reads (issue 18): one READ BINARY per file on a token that takes
// extended APDUs, 256 bytes at a time otherwise or after a 6700, and a request's copies of the
// files that need no PIN (ReadCache) dropped when the file is written. A scripted card behind the
// link-time PC/SC fake records every command.
#include "FakePcsc.hpp"

#include "core/Apdu.hpp"
#include "modes/passive/ReadCache.hpp"
#include "modes/passive/TokenFiles.hpp"
#include "pcsc/Card.hpp"
#include "pcsc/Context.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

using namespace tokenbridge;
using namespace tokenbridge::modes::passive;

namespace
{

constexpr std::uint16_t FID = 0x4C01;
constexpr std::size_t FILE_SIZE = 600;

// One EF of FILE_SIZE bytes in any DF; `shortOnly`: READ BINARY with Le over 256 -> 6700.
class ScriptedCard
{
public:
    explicit ScriptedCard(bool shortOnly) : _shortOnly(shortOnly)
    {
        for (std::size_t i = 0; i < FILE_SIZE; ++i) {
            content.push_back(static_cast<std::uint8_t>(i * 7));
        }
    }

    Bytes process(const Bytes& raw)
    {
        const auto command = CommandApdu::parse(raw);
        if (!command) {
            return { 0x6F, 0x00 };
        }
        commands.push_back(*command);
        if (command->ins == 0xA4 && command->p1 == 0x00) { // SELECT EF: FCP with the size
            return { 0x62, 0x04, 0x80, 0x02, static_cast<std::uint8_t>(FILE_SIZE >> 8),
                static_cast<std::uint8_t>(FILE_SIZE), 0x90, 0x00 };
        }
        if (command->ins == 0xB0) {
            const std::size_t le = command->le.value_or(0);
            if (_shortOnly && le > 256) {
                return { 0x67, 0x00 };
            }
            const std::size_t offset = std::size_t(command->p1) << 8 | command->p2;
            const std::size_t n = std::min(le, content.size() - offset);
            Bytes out(content.begin() + static_cast<std::ptrdiff_t>(offset),
                content.begin() + static_cast<std::ptrdiff_t>(offset + n));
            out.push_back(0x90);
            out.push_back(0x00);
            return out;
        }
        return { 0x90, 0x00 };
    }

    std::vector<CommandApdu> reads() const
    {
        std::vector<CommandApdu> out;
        for (const auto& command : commands) {
            if (command.ins == 0xB0) {
                out.push_back(command);
            }
        }
        return out;
    }

    Bytes content;
    std::vector<CommandApdu> commands;

private:
    bool _shortOnly;
};

class TokenFilesRead : public ::testing::Test
{
protected:
    void insert(ScriptedCard& card)
    {
        pcsc::test::reset();
        std::lock_guard guard(pcsc::test::lock());
        pcsc::test::state().readers.push_back({ .name = "Virtual PCD 00 00",
            .eventState = SCARD_STATE_PRESENT | (1u << 16),
            .atr = { 0x3B, 0x8B, 0x01 },
            .card = [&card](const Bytes& apdu) { return card.process(apdu); } });
    }

    std::unique_ptr<pcsc::Card> connect()
    {
        return std::make_unique<pcsc::Card>(
            std::make_shared<const pcsc::Context>(), "Virtual PCD 00 00");
    }
};

TEST_F(TokenFilesRead, OneExtendedReadBinaryPerFile)
{
    ScriptedCard scripted(false);
    insert(scripted);
    const auto card = connect();
    TokenFiles files(*card, 0x4B00);
    files.useExtendedReads(true);
    EXPECT_EQ(files.read(FID), scripted.content);
    const auto reads = scripted.reads();
    ASSERT_EQ(reads.size(), 1u);
    EXPECT_EQ(reads[0].le, FILE_SIZE);
    EXPECT_TRUE(reads[0].isExtended());
}

TEST_F(TokenFilesRead, ShortReadsWithoutExtendedApdus)
{
    ScriptedCard scripted(false);
    insert(scripted);
    const auto card = connect();
    TokenFiles files(*card, 0x4B00);
    EXPECT_EQ(files.read(FID), scripted.content);
    EXPECT_EQ(scripted.reads().size(), 3u); // 256 + 256 + 88
}

TEST_F(TokenFilesRead, FallsBackTo256AfterWrongLength)
{
    ScriptedCard scripted(true);
    insert(scripted);
    const auto card = connect();
    TokenFiles files(*card, 0x4B00);
    files.useExtendedReads(true);
    EXPECT_EQ(files.read(FID), scripted.content);
    EXPECT_EQ(scripted.reads().size(), 4u); // the refused extended read, then 3 short ones
    EXPECT_EQ(files.read(FID), scripted.content);
    EXPECT_EQ(scripted.reads().size(), 7u); // short from then on
}

TEST_F(TokenFilesRead, PublicFilesReadOncePerCacheAndDroppedOnWrite)
{
    ScriptedCard scripted(false);
    insert(scripted);
    const auto card = connect();
    ReadCache cache;
    TokenFiles files(*card, 0x4B00);
    files.useCache(&cache);
    files.useExtendedReads(true);
    EXPECT_EQ(files.readPublic(FID), scripted.content);
    EXPECT_EQ(files.readPublic(FID), scripted.content);
    EXPECT_EQ(scripted.reads().size(), 1u);
    // Another DF's file of the same id is another file.
    TokenFiles other(*card, FilePath { 0x1000, 0x1001 });
    other.useCache(&cache);
    other.useExtendedReads(true);
    (void)other.readPublic(FID);
    EXPECT_EQ(scripted.reads().size(), 2u);
    // read() never uses the copy (a private part is never kept).
    (void)files.read(FID);
    EXPECT_EQ(scripted.reads().size(), 3u);
    files.write(FID, Bytes { 1, 2, 3 });
    (void)files.readPublic(FID);
    EXPECT_EQ(scripted.reads().size(), 4u);
}

} // namespace
