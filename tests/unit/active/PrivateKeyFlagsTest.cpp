// Whether a PKCS#11 private key can leave the token, from its attributes (PrivateKeyFlags.hpp):
// either way out (wrapping, reading in clear) is enough; a missing attribute is never guessed.
#include "modes/active/PrivateKeyFlags.hpp"

#include <gtest/gtest.h>

namespace tokenbridge::modes::active
{
namespace
{

    Pkcs11KeyAttributes flags(std::optional<bool> extractable, std::optional<bool> sensitive)
    {
        Pkcs11KeyAttributes attributes;
        attributes.extractable = extractable;
        attributes.sensitive = sensitive;
        return attributes;
    }

    TEST(PrivateKeyFlags, EitherWayOutMakesTheKeyExtractable)
    {
        EXPECT_EQ(extractableOf(flags(false, true)), Extractable::No);
        EXPECT_EQ(extractableOf(flags(true, true)), Extractable::Yes); // C_WrapKey
        EXPECT_EQ(extractableOf(flags(false, false)), Extractable::Yes); // CKA_VALUE in clear
        EXPECT_EQ(extractableOf(flags(true, false)), Extractable::Yes);
    }

    TEST(PrivateKeyFlags, WhatTheModuleDoesNotSayIsUnknown)
    {
        EXPECT_EQ(extractableOf(flags(std::nullopt, std::nullopt)), Extractable::Unknown);
        EXPECT_EQ(extractableOf(flags(false, std::nullopt)), Extractable::Unknown);
        EXPECT_EQ(extractableOf(flags(std::nullopt, true)), Extractable::Unknown);
        // One open way out is enough even when the other attribute is missing.
        EXPECT_EQ(extractableOf(flags(true, std::nullopt)), Extractable::Yes);
        EXPECT_EQ(extractableOf(flags(std::nullopt, false)), Extractable::Yes);
    }

    TEST(PrivateKeyFlags, HistoryDoesNotChangeTheAnswer)
    {
        // A key made non-extractable later is not extractable now; the advice tells its past
        // (commands/KeyJson.cpp).
        auto attributes = flags(false, true);
        attributes.neverExtractable = false;
        attributes.alwaysSensitive = false;
        EXPECT_EQ(extractableOf(attributes), Extractable::No);
    }

} // namespace
} // namespace tokenbridge::modes::active
