#include "CardTestSupport.hpp"
#include "StateStore.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace tokenbridge;
using namespace tokenbridge::vtoken;
namespace fs = std::filesystem;

namespace
{

class TempDir
{
public:
    TempDir()
    {
        char pattern[] = "/tmp/vtoken-unit.XXXXXX";
        _path = ::mkdtemp(pattern);
    }
    ~TempDir() { fs::remove_all(_path); }
    const fs::path& path() const { return _path; }

private:
    fs::path _path;
};

Bytes ascii(const char* s)
{
    return Bytes(s, s + std::strlen(s));
}

} // namespace

TEST(StateStore, EmptyDirectoryHasNoCard)
{
    TempDir dir;
    StateStore store(dir.path() / "card");
    EXPECT_FALSE(store.load());
    EXPECT_TRUE(fs::is_directory(dir.path() / "card"));
}

TEST(StateStore, RoundTripKeepsEverything)
{
    TempDir dir;
    StateStore store(dir.path());
    CardState state = CardState::factory("rutoken-ecp-3.0-3220", 0xCAFEF00D, 5);
    FileNode df;
    df.fid = 0x2000;
    df.type = FileType::Df;
    FileNode ef;
    ef.fid = 0x2001;
    ef.data = { 1, 2, 3 };
    ef.readAccess = AC_USER;
    ef.writeAccess = AC_ADMIN;
    df.children.push_back(ef);
    state.files.root().children.push_back(df);
    ASSERT_EQ(state.userPin.verify(ascii("wrong")), PinRecord::Check::Wrong);
    state.keys.push_back({ { "id", "k1" } });
    store.save(state);

    const auto loaded = store.load();
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->toJson(), state.toJson());
    EXPECT_EQ(loaded->userPin.triesLeft(), 4);
    EXPECT_EQ(loaded->files.find({ 0x2000, 0x2001 })->data, (Bytes { 1, 2, 3 }));
    CardState copy = *loaded;
    EXPECT_EQ(copy.userPin.verify(ascii("12345678")), PinRecord::Check::Ok);
    EXPECT_EQ(copy.adminPin.verify(ascii("87654321")), PinRecord::Check::Ok);
}

TEST(StateStore, CorruptFileIsAnError)
{
    TempDir dir;
    std::ofstream(dir.path() / "card.json") << "{\"format\": 1, \"model\": ";
    StateStore store(dir.path());
    EXPECT_THROW(store.load(), std::runtime_error);
}

TEST(StateStore, LeftoverTempFileIsIgnored)
{
    TempDir dir;
    StateStore store(dir.path());
    store.save(CardState::factory("rutoken-lite", 7, 10));
    std::ofstream(dir.path() / "card.json.tmp") << "{ half written";
    const auto loaded = store.load();
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->serial, 7u);
}

TEST(StateStore, OnlyOneProcessHoldsTheLock)
{
    TempDir dir;
    StateStore first(dir.path());
    ASSERT_TRUE(first.lock());
    const pid_t child = ::fork();
    if (child == 0) {
        StateStore second(dir.path());
        ::_exit(second.lock() ? 1 : 0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

// A writer killed at random moments leaves either the old or the new card, never a mix.
TEST(StateStore, KillDuringWritesLeavesAWholeState)
{
    TempDir dir;
    StateStore store(dir.path());
    store.save(CardState::factory("rutoken-ecp-2.0-2000", 0, 10));
    for (int round = 0; round < 20; ++round) {
        const pid_t child = ::fork();
        if (child == 0) {
            CardState state = CardState::factory("rutoken-ecp-2.0-2000", 0, 10);
            FileNode big;
            big.fid = 0x1001;
            big.data.assign(20000, 0);
            state.files.root().children.push_back(big);
            for (uint32_t i = 1;; ++i) {
                state.serial = i;
                std::fill(state.files.root().children[0].data.begin(),
                    state.files.root().children[0].data.end(), static_cast<uint8_t>(i));
                store.save(state);
            }
        }
        ::usleep(static_cast<useconds_t>(2000 + round * 1500));
        ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
        const auto loaded = store.load();
        ASSERT_TRUE(loaded) << "round " << round;
        if (!loaded->files.root().children.empty()) {
            const Bytes& data = loaded->files.root().children[0].data;
            ASSERT_EQ(data.size(), 20000u);
            EXPECT_TRUE(std::all_of(data.begin(), data.end(),
                [&](uint8_t b) { return b == static_cast<uint8_t>(loaded->serial); }))
                << "a state mixing two writes, round " << round;
        }
    }
}

TEST(CardCommit, FailedWriteRollsTheCommandBack)
{
    const Model& model = *findModel("rutoken-ecp-3.0-3220");
    bool failWrites = false;
    Card card(model, Connection::Contact, CardState::factory(std::string(model.id), 1, 10),
        [&failWrites](const CardState&) {
            if (failWrites) {
                throw std::runtime_error("disk full");
            }
        });
    const auto run = [&card](const std::string& hex) {
        return test::statusOf(card.process(fromHex(hex)));
    };
    ASSERT_EQ(run("0020000208" + test::asciiHex("12345678")), 0x9000);
    failWrites = true;
    EXPECT_EQ(run("00E000000D620B8201018302100180020010"), 0x6F00);
    EXPECT_TRUE(card.state().files.root().children.empty());
    EXPECT_EQ(run("0020000208" + test::asciiHex("00000000")), 0x6F00);
    EXPECT_EQ(card.state().userPin.triesLeft(), 10) << "memory matches the disk";
}
