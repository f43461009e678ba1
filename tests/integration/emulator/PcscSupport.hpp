#pragma once

// PC/SC and vtoken-process helpers for the emulator's integration tests. They talk to the real
// pcscd that scripts/with-virtual-tokens.sh started, never to host code.
#include <winscard.h>

#include <cstdint>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace vtoken_it
{

using Bytes = std::vector<uint8_t>;

std::string toHex(const Bytes& bytes);
Bytes fromHex(const std::string& hex);
uint16_t statusOf(const Bytes& response);

// Environment set by with-virtual-tokens.sh; throws std::runtime_error when missing.
std::string env(const std::string& name);
int envInt(const std::string& name);

class Context
{
public:
    Context();
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
    SCARDCONTEXT handle() const { return handle_; }

    // Waits until the reader has a card (present) or none; returns the ATR (empty when absent)
    // or nullopt on timeout.
    std::optional<Bytes> waitFor(const std::string& reader, bool present, int timeoutMs = 5000);

private:
    SCARDCONTEXT handle_ = 0;
};

class Connection
{
public:
    Connection(Context& context, const std::string& reader);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Throws std::runtime_error with the PC/SC code on failure.
    Bytes transmit(const Bytes& apdu);
    LONG tryTransmit(const Bytes& apdu, Bytes& response);
    uint16_t sw(const std::string& hex) { return statusOf(transmit(fromHex(hex))); }

private:
    SCARDHANDLE handle_ = 0;
    DWORD protocol_ = 0;
};

// A vtoken this test starts itself (on a spare vpcd port).
class VtokenProcess
{
public:
    VtokenProcess(const std::vector<std::string>& args);
    ~VtokenProcess();
    VtokenProcess(const VtokenProcess&) = delete;
    VtokenProcess& operator=(const VtokenProcess&) = delete;

    void signal(int number) const;
    // SIGTERM (or the given signal) and wait; returns the exit status, or 128+signal.
    int stop(int number = 15);
    // Waits for the process to end by itself; returns its status as stop() does.
    int wait();
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
};

// A fresh temporary directory, removed at the end.
class TempDir
{
public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

} // namespace vtoken_it
