// KeyMemo (issue 18): what one request learnt about a token insertion serves the later requests
// on the same insertion only; another insertion (pcscd's event count in Device::insertion) or
// another token starts from nothing.
#include "devices/Device.hpp"
#include "modes/KeyMemo.hpp"

#include <gtest/gtest.h>

using namespace tokenbridge;

namespace
{

devices::Device device(const std::string& id, const std::string& insertion)
{
    devices::Device d;
    d.id = id;
    d.insertion = insertion;
    return d;
}

TEST(KeyMemo, RemembersForgetsPerKey)
{
    modes::KeyMemo memo;
    EXPECT_FALSE(memo.storeOf("aa"));
    memo.remember("aa", Mode::ActivePkcs11);
    memo.remember("bb", Mode::Passive);
    EXPECT_EQ(memo.storeOf("aa"), Mode::ActivePkcs11);
    EXPECT_EQ(memo.storeOf("bb"), Mode::Passive);
    memo.forget("aa");
    EXPECT_FALSE(memo.storeOf("aa"));
    EXPECT_EQ(memo.storeOf("bb"), Mode::Passive);
    EXPECT_FALSE(memo.activeLocation());
}

TEST(KeyMemo, OneMemoPerInsertion)
{
    modes::KeyMemos memos;
    const auto first = memos.of(device("t-1", "Virtual PCD 00 00#1#3B"));
    first->remember("aa", Mode::Fkn);
    EXPECT_EQ(memos.of(device("t-1", "Virtual PCD 00 00#1#3B")), first);
    EXPECT_EQ(memos.of(device("t-1", "Virtual PCD 00 00#1#3B"))->storeOf("aa"), Mode::Fkn);
    // Another token: its own memo, the first one kept.
    EXPECT_FALSE(memos.of(device("t-2", "Virtual PCD 00 01#1#3B"))->storeOf("aa"));
    EXPECT_EQ(memos.of(device("t-1", "Virtual PCD 00 00#1#3B")), first);
    // Pulled and inserted again: nothing remembered.
    const auto again = memos.of(device("t-1", "Virtual PCD 00 00#3#3B"));
    EXPECT_NE(again, first);
    EXPECT_FALSE(again->storeOf("aa"));
    // A device without an insertion key is never shared.
    const auto unknown = memos.of(device("t-3", ""));
    unknown->remember("cc", Mode::Passive);
    EXPECT_FALSE(memos.of(device("t-3", ""))->storeOf("cc"));
}

} // namespace
