#include "CardTestSupport.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;
using namespace tokenbridge::vtoken;
using tokenbridge::vtoken::test::TestCard;

namespace
{

const std::string USER_LOGIN = "0020000208" + test::asciiHex("12345678");
const std::string ADMIN_LOGIN = "0020000108" + test::asciiHex("87654321");

// EF 1001 of 16 bytes with default access (read always, write user).
constexpr const char* CREATE_EF = "00E000000D 620B 820101 83021001 80020010";

class FileCommands : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_EQ(t.sw(USER_LOGIN), 0x9000); }
    TestCard t;
};

} // namespace

TEST_F(FileCommands, SelectMfReturnsFcp)
{
    EXPECT_EQ(toHexUpper(t.send("00A40004023F00")),
        "620B82013883023F008602"
        "00FF"
        "9000");
    EXPECT_EQ(toHexUpper(t.send("00A40000")), "620B82013883023F00860200FF9000");
    EXPECT_EQ(t.sw("00A4000C023F00"), 0x9000);
    EXPECT_EQ(t.send("00A4000C023F00").size(), 2u);
}

TEST_F(FileCommands, CreateSelectsTheNewFileAndReadsZeros)
{
    ASSERT_EQ(t.sw(CREATE_EF), 0x9000);
    EXPECT_EQ(t.commits, 1);
    EXPECT_EQ(toHexUpper(t.send("00B0000010")), std::string(32, '0') + "9000");
    EXPECT_EQ(toHexUpper(t.send("00A40004021001")),
        "620F820101830210018002001086020002"
        "9000");
}

TEST_F(FileCommands, UpdateAndReadBack)
{
    ASSERT_EQ(t.sw(CREATE_EF), 0x9000);
    ASSERT_EQ(t.sw("00D6000404AABBCCDD"), 0x9000);
    EXPECT_EQ(toHexUpper(t.send("00B0000306")),
        "00AABBCCDD00"
        "9000");
}

TEST_F(FileCommands, ReadPastEndGivesDataAnd6282)
{
    ASSERT_EQ(t.sw(CREATE_EF), 0x9000);
    EXPECT_EQ(toHexUpper(t.send("00B0000C00")),
        "00000000"
        "6282");
    EXPECT_EQ(toHexUpper(t.send("00B0001004")), "6282");
    EXPECT_EQ(t.sw("00B0001104"), 0x6B00);
}

TEST_F(FileCommands, UpdateOutsideTheFile)
{
    ASSERT_EQ(t.sw(CREATE_EF), 0x9000);
    EXPECT_EQ(t.sw("00D6000F020102"), 0x6B00);
    EXPECT_EQ(t.sw("00D6000F0101"), 0x9000);
}

TEST_F(FileCommands, ReadWithoutCurrentEf)
{
    EXPECT_EQ(t.sw("00B0000001"), 0x6986);
    EXPECT_EQ(t.sw("00D600000101"), 0x6986);
}

TEST_F(FileCommands, SelectMissingFileKeepsSelection)
{
    ASSERT_EQ(t.sw(CREATE_EF), 0x9000);
    EXPECT_EQ(t.sw("00A4000C021002"), 0x6A82);
    EXPECT_EQ(t.sw("00B0000001"), 0x9000);
}

TEST_F(FileCommands, DirectoriesAndPaths)
{
    ASSERT_EQ(t.sw("00E0000009 6207 820138 83022000"), 0x9000); // DF 2000, now current
    ASSERT_EQ(t.sw("00E000000D 620B 820101 83022001 80020004"), 0x9000); // EF 2000/2001
    ASSERT_EQ(t.sw("00D600000401020304"), 0x9000);
    ASSERT_EQ(t.sw("00A4000C023F00"), 0x9000);
    EXPECT_EQ(t.sw("00A4000C022001"), 0x6A82) << "not a child of the MF";
    ASSERT_EQ(t.sw("00A4080C0420002001"), 0x9000);
    EXPECT_EQ(toHexUpper(t.send("00B0000004")),
        "01020304"
        "9000");
    ASSERT_EQ(t.sw("00A4030C"), 0x9000); // parent of 2000 is the MF
    EXPECT_EQ(t.sw("00A4030C"), 0x6A82) << "the MF has no parent";
    EXPECT_EQ(t.sw("00A4000C022000"), 0x9000);
    EXPECT_EQ(t.sw("00A4000C022001"), 0x9000);
    EXPECT_EQ(t.sw("00A4080C03200020"), 0x6700);
    EXPECT_EQ(t.sw("00A4020C022000"), 0x6A86);
    EXPECT_EQ(t.sw("00A40001023F00"), 0x6A86);
}

TEST_F(FileCommands, CreateChecks)
{
    ASSERT_EQ(t.sw(CREATE_EF), 0x9000);
    ASSERT_EQ(t.sw("00A4000C023F00"), 0x9000);
    EXPECT_EQ(t.sw(CREATE_EF), 0x6A89);
    EXPECT_EQ(t.sw("00E0000009 6207 820101 83021002"), 0x6A80) << "EF without size";
    EXPECT_EQ(t.sw("00E000000B 6209 820101 83021002 8002"), 0x6A80) << "broken TLV";
    EXPECT_EQ(t.sw("00E000000D 620B 820101 83023F00 80020010"), 0x6A80) << "reserved FID";
    EXPECT_EQ(t.sw("00E0000011 620F 820101 83021003 80020010 86020003"), 0x6A80) << "bad AC";
    EXPECT_EQ(t.sw("00E000000D 620B 820101 83021004 80028000"), 0x6A80) << "over 15-bit offsets";
    EXPECT_EQ(t.sw("00E00100"
                   "0C 620A 820101 83021009 80020001"),
        0x6A86);
    EXPECT_EQ(t.sw("00E00000"), 0x6700);
}

TEST(FileAccess, CreateNeedsAPin)
{
    TestCard t;
    EXPECT_EQ(t.sw(CREATE_EF), 0x6982);
    EXPECT_EQ(t.commits, 0);
    ASSERT_EQ(t.sw(ADMIN_LOGIN), 0x9000);
    EXPECT_EQ(t.sw(CREATE_EF), 0x9000);
}

TEST(FileAccess, MemoryRunsOut)
{
    TestCard t("rutoken-s"); // 32 KiB
    ASSERT_EQ(t.sw(USER_LOGIN), 0x9000);
    EXPECT_EQ(t.sw("00E000000D 620B 820101 83021001 80027FFF"), 0x6A84);
    EXPECT_EQ(t.sw("00E000000D 620B 820101 83021001 80027F00"), 0x9000);
    EXPECT_EQ(t.sw("00A4000C023F00"), 0x9000);
    EXPECT_EQ(t.sw("00E000000D 620B 820101 83021002 80020100"), 0x6A84);
}

TEST(FileAccess, ReadAndWriteConditions)
{
    TestCard t;
    ASSERT_EQ(t.sw(USER_LOGIN), 0x9000);
    // read: user, write: admin
    ASSERT_EQ(t.sw("00E0000011 620F 820101 83021001 80020004 86020201"), 0x9000);
    EXPECT_EQ(t.sw("00B0000004"), 0x9000);
    EXPECT_EQ(t.sw("00D6000001AA"), 0x6982);
    ASSERT_EQ(t.sw("0020FF02"), 0x9000); // user logout
    EXPECT_EQ(t.sw("00B0000004"), 0x6982);
    ASSERT_EQ(t.sw(ADMIN_LOGIN), 0x9000);
    EXPECT_EQ(t.sw("00B0000004"), 0x6982) << "the admin PIN does not stand in for the user's";
    EXPECT_EQ(t.sw("00D6000001AA"), 0x9000);
}

TEST(FileAccess, NeverMeansNever)
{
    TestCard t;
    ASSERT_EQ(t.sw(ADMIN_LOGIN), 0x9000);
    ASSERT_EQ(t.sw(USER_LOGIN), 0x9000);
    ASSERT_EQ(t.sw("00E0000011 620F 820101 83021001 80020004 8602FFFF"), 0x9000);
    EXPECT_EQ(t.sw("00B0000004"), 0x6982);
    EXPECT_EQ(t.sw("00D6000001AA"), 0x6982);
    EXPECT_EQ(t.sw("00A4000C023F00"), 0x9000);
    EXPECT_EQ(t.sw("00E40000021001"), 0x6982);
}

TEST(FileAccess, SessionEndsWithPowerOff)
{
    TestCard t;
    ASSERT_EQ(t.sw(USER_LOGIN), 0x9000);
    ASSERT_EQ(t.sw("00E0000011 620F 820101 83021001 80020004 86020202"), 0x9000);
    t.card.powerOff();
    t.card.powerOn();
    EXPECT_EQ(t.sw("00B0000004"), 0x6986) << "no current file after power-up";
    EXPECT_EQ(t.sw("00A4000C021001"), 0x9000);
    EXPECT_EQ(t.sw("00B0000004"), 0x6982) << "PIN state is gone";
}

TEST_F(FileCommands, DeleteFile)
{
    ASSERT_EQ(t.sw(CREATE_EF), 0x9000);
    ASSERT_EQ(t.sw("00A4000C023F00"), 0x9000);
    EXPECT_EQ(t.sw("00E40000021002"), 0x6A82);
    EXPECT_EQ(t.sw("00E400000110"), 0x6700);
    EXPECT_EQ(t.sw("00E40000021001"), 0x9000);
    EXPECT_EQ(t.sw("00A4000C021001"), 0x6A82);
    ASSERT_EQ(t.sw("0020FF02"), 0x9000);
    ASSERT_EQ(t.sw(USER_LOGIN), 0x9000);
}

TEST_F(FileCommands, DeleteDfTakesItsSubtree)
{
    ASSERT_EQ(t.sw("00E0000009 6207 820138 83022000"), 0x9000);
    ASSERT_EQ(t.sw("00E0000009 6207 820138 83022100"), 0x9000);
    ASSERT_EQ(t.sw("00E000000D 620B 820101 83022101 80020004"), 0x9000);
    const int before = t.commits;
    ASSERT_EQ(t.sw("00A4000C023F00"), 0x9000);
    EXPECT_EQ(t.sw("00E40000022000"), 0x9000);
    EXPECT_EQ(t.commits, before + 1) << "one atomic step";
    EXPECT_EQ(t.sw("00A4080C0420002100"), 0x6A82);
    EXPECT_EQ(t.sw("00A4080C022000"), 0x6A82);
}

TEST_F(FileCommands, DeleteNeedsTheWriteCondition)
{
    ASSERT_EQ(t.sw(CREATE_EF), 0x9000);
    ASSERT_EQ(t.sw("00A4000C023F00"), 0x9000);
    ASSERT_EQ(t.sw("0020FF02"), 0x9000);
    EXPECT_EQ(t.sw("00E40000021001"), 0x6982);
    EXPECT_EQ(t.sw("00A4000C021001"), 0x9000) << "still there";
}
