#pragma once

// The tokens scripts/with-virtual-tokens.sh started for this test process (its VTOKEN_* env).

#include "devices/DeviceService.hpp"
#include "pcsc/Card.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace tokenbridge::devices::test
{

struct VirtualToken
{
    std::string model;
    std::string connection; // "contact" / "nfc"
    std::string reader;
    std::string atr; // hex as the script reports it
    std::string log;
    pid_t pid = 0;
};

// Empty (and a test failure) when not run under the script.
std::vector<VirtualToken> virtualTokens();
// The serial vtoken announces in its log ("serial 0A1B2C3D"), empty if not found.
std::string serialOf(const VirtualToken& token);
// SIGUSR1: the card leaves its reader; SIGUSR2: it comes back.
void pull(const VirtualToken& token);
void plugBack(const VirtualToken& token);

// Polls `condition` every 20 ms until it holds or the timeout passes.
bool waitFor(const std::function<bool()>& condition,
    std::chrono::milliseconds timeout = std::chrono::seconds(5));

// A child process with stdio on /dev/null and no other inherited descriptor (so that it holds
// neither CTest's output pipe nor a caller's flock); SIGTERM and reaped on destruction.
class ChildProcess
{
public:
    explicit ChildProcess(std::vector<std::string> args);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    [[nodiscard]] bool running() const { return _pid > 0; }
    void stop();

private:
    pid_t _pid = 0;
};

// A vtoken started by the test in a free reader; stopped (SIGTERM) and reaped on destruction.
class SpawnedToken
{
public:
    explicit SpawnedToken(const std::string& model);
    ~SpawnedToken();
    SpawnedToken(const SpawnedToken&) = delete;
    SpawnedToken& operator=(const SpawnedToken&) = delete;
    [[nodiscard]] const std::string& reader() const { return _reader; }
    void stop();

private:
    std::string _reader;
    std::string _stateDir;
    std::unique_ptr<ChildProcess> _process;
};

// What a command does with a token: one session, `work` on its card.
template <typename Work> void withCard(DeviceService& service, const std::string& id, Work&& work)
{
    auto session = service.open(id);
    work(session.card());
}

} // namespace tokenbridge::devices::test
