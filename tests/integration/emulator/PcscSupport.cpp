#include "PcscSupport.hpp"

#include "pcsc/ReaderWatch.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace tokenbridge::vtoken::test
{

uint16_t statusOf(const Bytes& response)
{
    if (response.size() < 2) {
        throw std::runtime_error("response without status word");
    }
    return static_cast<uint16_t>(response[response.size() - 2] << 8 | response.back());
}

std::string env(const std::string& name)
{
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
        throw std::runtime_error(name + " unset: run this through scripts/with-virtual-tokens.sh");
    }
    return value;
}

int envInt(const std::string& name)
{
    return std::stoi(env(name));
}

std::optional<Bytes> Context::waitFor(const std::string& reader, bool present, int timeoutMs)
{
    const auto readers = pcsc::waitForCards(*_context, { reader },
        present ? pcsc::CardPresence::Present : pcsc::CardPresence::Absent,
        std::chrono::milliseconds(timeoutMs));
    if (!readers) {
        return std::nullopt;
    }
    return present ? readers->front().atr : Bytes {};
}

VtokenProcess::VtokenProcess(const std::vector<std::string>& args)
{
    const std::string binary = env("VTOKEN_BIN");
    std::vector<char*> argv { const_cast<char*>(binary.c_str()) };
    for (const auto& arg : args) {
        argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    if (posix_spawn(&_pid, binary.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
        throw std::runtime_error("cannot start " + binary);
    }
}

VtokenProcess::~VtokenProcess()
{
    if (_pid > 0) {
        stop(SIGKILL);
    }
}

void VtokenProcess::signal(int number) const
{
    ::kill(_pid, number);
}

int VtokenProcess::stop(int number)
{
    ::kill(_pid, number);
    return wait();
}

int VtokenProcess::wait()
{
    int status = 0;
    ::waitpid(_pid, &status, 0);
    _pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TempDir::TempDir()
{
    char pattern[] = "/tmp/vtoken-it.XXXXXX";
    _path = ::mkdtemp(pattern);
}

TempDir::~TempDir()
{
    std::filesystem::remove_all(_path);
}

} // namespace tokenbridge::vtoken::test
