#include "PcscSupport.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace vtoken_it
{

std::string toHex(const Bytes& bytes)
{
    static constexpr char DIGITS[] = "0123456789ABCDEF";
    std::string out;
    for (uint8_t b : bytes) {
        out += DIGITS[b >> 4];
        out += DIGITS[b & 15];
    }
    return out;
}

Bytes fromHex(const std::string& hex)
{
    Bytes out;
    std::string compact;
    for (char c : hex) {
        if (c != ' ') {
            compact += c;
        }
    }
    for (size_t i = 0; i + 1 < compact.size(); i += 2) {
        out.push_back(static_cast<uint8_t>(std::stoul(compact.substr(i, 2), nullptr, 16)));
    }
    return out;
}

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

Context::Context()
{
    const LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &handle_);
    if (rv != SCARD_S_SUCCESS) {
        throw std::runtime_error("SCardEstablishContext: " + std::string(pcsc_stringify_error(rv)));
    }
}

Context::~Context()
{
    SCardReleaseContext(handle_);
}

std::optional<Bytes> Context::waitFor(const std::string& reader, bool present, int timeoutMs)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    SCARD_READERSTATE state {};
    state.szReader = reader.c_str();
    state.dwCurrentState = SCARD_STATE_UNAWARE;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now())
                              .count();
        if (left < 0) {
            return std::nullopt;
        }
        const LONG rv = SCardGetStatusChange(handle_, static_cast<DWORD>(left), &state, 1);
        if (rv == SCARD_E_TIMEOUT) {
            return std::nullopt;
        }
        if (rv != SCARD_S_SUCCESS) {
            throw std::runtime_error(
                "SCardGetStatusChange: " + std::string(pcsc_stringify_error(rv)));
        }
        const bool isPresent = (state.dwEventState & SCARD_STATE_PRESENT) != 0 && state.cbAtr > 0;
        if (isPresent == present) {
            return present ? Bytes(state.rgbAtr, state.rgbAtr + state.cbAtr) : Bytes {};
        }
        state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
    }
}

Connection::Connection(Context& context, const std::string& reader)
{
    const LONG rv = SCardConnect(context.handle(), reader.c_str(), SCARD_SHARE_SHARED,
        SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &handle_, &protocol_);
    if (rv != SCARD_S_SUCCESS) {
        throw std::runtime_error("SCardConnect " + reader + ": " + pcsc_stringify_error(rv));
    }
}

Connection::~Connection()
{
    SCardDisconnect(handle_, SCARD_LEAVE_CARD);
}

LONG Connection::tryTransmit(const Bytes& apdu, Bytes& response)
{
    response.assign(65538, 0);
    DWORD length = static_cast<DWORD>(response.size());
    const SCARD_IO_REQUEST* pci = protocol_ == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
    const LONG rv = SCardTransmit(handle_, pci, apdu.data(), static_cast<DWORD>(apdu.size()),
        nullptr, response.data(), &length);
    response.resize(rv == SCARD_S_SUCCESS ? length : 0);
    return rv;
}

Bytes Connection::transmit(const Bytes& apdu)
{
    Bytes response;
    const LONG rv = tryTransmit(apdu, response);
    if (rv != SCARD_S_SUCCESS) {
        throw std::runtime_error("SCardTransmit: " + std::string(pcsc_stringify_error(rv)));
    }
    return response;
}

VtokenProcess::VtokenProcess(const std::vector<std::string>& args)
{
    const std::string binary = env("VTOKEN_BIN");
    std::vector<char*> argv { const_cast<char*>(binary.c_str()) };
    for (const auto& arg : args) {
        argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, binary.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
        throw std::runtime_error("cannot start " + binary);
    }
}

VtokenProcess::~VtokenProcess()
{
    if (pid_ > 0) {
        stop(SIGKILL);
    }
}

void VtokenProcess::signal(int number) const
{
    ::kill(pid_, number);
}

int VtokenProcess::stop(int number)
{
    ::kill(pid_, number);
    return wait();
}

int VtokenProcess::wait()
{
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TempDir::TempDir()
{
    char pattern[] = "/tmp/vtoken-it.XXXXXX";
    path_ = ::mkdtemp(pattern);
}

TempDir::~TempDir()
{
    std::filesystem::remove_all(path_);
}

} // namespace vtoken_it
