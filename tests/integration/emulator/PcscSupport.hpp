#pragma once

// PC/SC and vtoken-process helpers for the emulator's integration tests. They talk to the real
// pcscd that scripts/with-virtual-tokens.sh started, through host/pcsc only (no other host code).
#include "pcsc/Card.hpp"
#include "core/Bytes.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace tokenbridge::vtoken::test
{

uint16_t statusOf(const Bytes& response);

// Environment set by with-virtual-tokens.sh; throws std::runtime_error when missing.
std::string env(const std::string& name);
int envInt(const std::string& name);

// A PC/SC context, shared with the connections made on it.
class Context
{
public:
    Context() : _context(std::make_shared<pcsc::Context>()) { }

    // Waits until the reader has a card (present) or none; returns the ATR (empty when absent)
    // or nullopt on timeout.
    std::optional<Bytes> waitFor(const std::string& reader, bool present, int timeoutMs = 5000);
    const std::shared_ptr<const pcsc::Context>& pcsc() const { return _context; }

private:
    std::shared_ptr<const pcsc::Context> _context;
};

// A connection to the card in a reader. Raw exchanges: the answer is the card's bytes, data and
// status word; errors are pcsc::Card's (RetryableError(TOKEN_REMOVED) when the card answered
// nothing, as vpcd reports a card pulled mid-command).
class Connection
{
public:
    Connection(const Context& context, const std::string& reader) :
        _card(context.pcsc(), reader) { }

    Bytes transmit(const Bytes& apdu) { return _card.transmitRaw(apdu).encode(); }
    uint16_t sw(const std::string& hex) { return _card.transmitRaw(fromHex(hex)).sw; }

private:
    pcsc::Card _card;
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
    pid_t pid() const { return _pid; }

private:
    pid_t _pid = -1;
};

// A fresh temporary directory, removed at the end.
class TempDir
{
public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return _path; }

private:
    std::string _path;
};

} // namespace tokenbridge::vtoken::test
