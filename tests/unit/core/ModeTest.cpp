#include "core/Mode.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;

TEST(Mode, NamesRoundTripInRankOrder)
{
    const Mode all[] = { Mode::Fkn, Mode::FknNfc, Mode::ActivePkcs11, Mode::ActiveCrypt,
        Mode::Passive };
    for (const Mode mode : all) {
        EXPECT_EQ(parseMode(modeName(mode)), mode);
    }
    EXPECT_EQ(modeName(Mode::FknNfc), "fkn-nfc");
    EXPECT_FALSE(parseMode("active"));
    EXPECT_LT(Mode::Fkn, Mode::ActivePkcs11);
    EXPECT_LT(Mode::ActiveCrypt, Mode::Passive);
}

TEST(Mode, Properties)
{
    EXPECT_TRUE(isExtractable(Mode::Passive));
    EXPECT_FALSE(isExtractable(Mode::ActiveCrypt));
    EXPECT_TRUE(isFkn(Mode::FknNfc));
    EXPECT_FALSE(isFkn(Mode::ActivePkcs11));
    EXPECT_TRUE(isActive(Mode::ActiveCrypt));
    EXPECT_FALSE(isActive(Mode::Fkn));
}
