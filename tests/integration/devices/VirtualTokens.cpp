#include "VirtualTokens.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <fcntl.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>

extern char** environ;

namespace tokenbridge::devices::test
{

namespace
{

    std::string env(const std::string& name)
    {
        const char* value = std::getenv(name.c_str());
        return value ? value : "";
    }

    std::string tokenVar(size_t index, const char* field)
    {
        return env("VTOKEN_" + std::to_string(index) + "_" + field);
    }

} // namespace

std::vector<VirtualToken> virtualTokens()
{
    const auto count = env("VTOKEN_COUNT");
    if (count.empty()) {
        ADD_FAILURE() << "run under scripts/with-virtual-tokens.sh (no VTOKEN_COUNT)";
        return {};
    }
    std::vector<VirtualToken> tokens;
    for (size_t i = 0; i < std::stoul(count); ++i) {
        tokens.push_back({ tokenVar(i, "MODEL"), tokenVar(i, "CONNECTION"), tokenVar(i, "READER"),
            tokenVar(i, "ATR"), tokenVar(i, "LOG"), pid_t(std::stol(tokenVar(i, "PID"))) });
    }
    return tokens;
}

std::string serialOf(const VirtualToken& token)
{
    std::ifstream log(token.log);
    const std::regex serial(R"(serial ([0-9A-Fa-f]{8}))");
    std::string line;
    std::smatch match;
    while (std::getline(log, line)) {
        if (std::regex_search(line, match, serial)) {
            return match[1];
        }
    }
    return "";
}

void pull(const VirtualToken& token)
{
    ASSERT_EQ(kill(token.pid, SIGUSR1), 0);
}

void plugBack(const VirtualToken& token)
{
    ASSERT_EQ(kill(token.pid, SIGUSR2), 0);
}

bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

ChildProcess::ChildProcess(std::vector<std::string> args)
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    for (const int fd : { 0, 1, 2 }) {
        posix_spawn_file_actions_addopen(
            &actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
    }
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    if (posix_spawnp(&_pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
        ADD_FAILURE() << "cannot start " << args[0];
        _pid = 0;
    }
    posix_spawn_file_actions_destroy(&actions);
}

void ChildProcess::stop()
{
    if (_pid > 0) {
        kill(_pid, SIGTERM);
        waitpid(_pid, nullptr, 0);
        _pid = 0;
    }
}

ChildProcess::~ChildProcess()
{
    stop();
}

SpawnedToken::SpawnedToken(const std::string& model)
{
    const auto port = env("VTOKEN_SPARE_0_PORT");
    _reader = env("VTOKEN_SPARE_0_READER");
    if (port.empty() || env("VTOKEN_BIN").empty()) {
        ADD_FAILURE() << "no spare reader or VTOKEN_BIN";
        return;
    }
    char pattern[] = "/tmp/vtoken-it-XXXXXX";
    _stateDir = mkdtemp(pattern);
    _process = std::make_unique<ChildProcess>(std::vector<std::string> {
        env("VTOKEN_BIN"), "--model", model, "--state", _stateDir, "--port", port });
}

void SpawnedToken::stop()
{
    if (_process) {
        _process->stop();
    }
}

SpawnedToken::~SpawnedToken()
{
    stop();
    if (!_stateDir.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(_stateDir, ignored);
    }
}

} // namespace tokenbridge::devices::test
