// The card's memory (PIN counters, blocking, files) survives a vtoken restart on the same
// state directory, also after SIGKILL.
#include "PcscSupport.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <memory>

using namespace tokenbridge;
using namespace tokenbridge::vtoken::test;

namespace
{

class Restart : public ::testing::Test
{
protected:
    void start(const std::string& model = "rutoken-ecp-3.0-3220")
    {
        token = std::make_unique<VtokenProcess>(std::vector<std::string> {
            "--model", model, "--state", state.path(), "--port", port, "--max-retries", "3" });
        ASSERT_TRUE(context.waitFor(reader, true)) << "token did not come up";
        card = std::make_unique<Connection>(context, reader);
    }
    void stop(int signal = SIGTERM)
    {
        card.reset();
        const int status = token->stop(signal);
        EXPECT_EQ(status, signal == SIGTERM ? 0 : 128 + signal);
        token.reset();
        ASSERT_TRUE(context.waitFor(reader, false, 3000));
    }

    TempDir state;
    std::string port = env("VTOKEN_SPARE_0_PORT");
    std::string reader = env("VTOKEN_SPARE_0_READER");
    Context context;
    std::unique_ptr<VtokenProcess> token;
    std::unique_ptr<Connection> card;
};

const std::string WRONG = "00200002083030303030303030";
const std::string RIGHT = "00200002083132333435363738";

} // namespace

TEST_F(Restart, RetryCounterAndBlockingSurvive)
{
    start();
    ASSERT_EQ(card->sw(WRONG), 0x63C2);
    stop();
    start();
    EXPECT_EQ(card->sw("00200002"), 0x63C2);
    EXPECT_EQ(card->sw(WRONG), 0x63C1);
    EXPECT_EQ(card->sw(WRONG), 0x63C0);
    stop();
    start();
    EXPECT_EQ(card->sw("00200002"), 0x6983);
    EXPECT_EQ(card->sw(RIGHT), 0x6983);
    stop();
}

TEST_F(Restart, FileSurvives)
{
    start();
    ASSERT_EQ(card->sw(RIGHT), 0x9000);
    ASSERT_EQ(card->sw("00E000000D620B8201018302100180020008"), 0x9000);
    ASSERT_EQ(card->sw("00D6000008C0FFEE00DEADBEEF"), 0x9000);
    stop();
    start();
    ASSERT_EQ(card->sw("00A4000C021001"), 0x9000);
    EXPECT_EQ(toHexUpper(card->transmit(fromHex("00B0000008"))), "C0FFEE00DEADBEEF9000");
    stop();
}

TEST_F(Restart, AnsweredWriteSurvivesSigkill)
{
    start();
    ASSERT_EQ(card->sw(RIGHT), 0x9000);
    ASSERT_EQ(card->sw("00E000000D620B8201018302100280020002"), 0x9000);
    ASSERT_EQ(card->sw("00D6000002ABCD"), 0x9000);
    ASSERT_EQ(card->sw(WRONG), 0x63C2);
    stop(SIGKILL);
    start();
    EXPECT_EQ(card->sw("00200002"), 0x63C2);
    ASSERT_EQ(card->sw("00A4000C021002"), 0x9000);
    EXPECT_EQ(toHexUpper(card->transmit(fromHex("00B0000002"))), "ABCD9000");
    stop();
}

TEST_F(Restart, StateOfAnotherModelIsRefused)
{
    start();
    stop();
    VtokenProcess other({ "--model", "rutoken-lite", "--state", state.path(), "--port", port });
    EXPECT_EQ(other.wait(), 2);
}
