#include "PinBuffer.hpp"

#include "core/Error.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

namespace tokenbridge::security
{

namespace
{

    [[noreturn]] void tooLong()
    {
        throw UserActionError(ErrorCode::PIN_INVALID,
            "the PIN is longer than " + std::to_string(PinBuffer::CAPACITY) + " bytes");
    }

    class FileDescriptor
    {
    public:
        explicit FileDescriptor(int fd) : _fd(fd) { }
        ~FileDescriptor()
        {
            if (_fd >= 0) {
                ::close(_fd);
            }
        }
        FileDescriptor(const FileDescriptor&) = delete;
        FileDescriptor& operator=(const FileDescriptor&) = delete;
        [[nodiscard]] int get() const { return _fd; }

    private:
        int _fd;
    };

} // namespace

PinBuffer::PinBuffer()
{
    // Best effort: without CAP_IPC_LOCK or with a tiny RLIMIT_MEMLOCK this fails, and the PIN
    // may reach swap; we still wipe it.
    _locked = ::mlock(_data.data(), _data.size()) == 0;
}

PinBuffer::~PinBuffer()
{
    clear();
    if (_locked) {
        ::munlock(_data.data(), _data.size());
    }
}

void PinBuffer::assign(std::span<const char> pin)
{
    clear();
    if (pin.size() > CAPACITY) {
        tooLong();
    }
    std::memcpy(_data.data(), pin.data(), pin.size());
    _size = pin.size();
}

void PinBuffer::append(char c)
{
    if (_size == CAPACITY) {
        clear();
        tooLong();
    }
    _data[_size++] = c;
}

void PinBuffer::clear() noexcept
{
    // explicit_bzero is never optimized away, unlike memset before the end of a lifetime.
    ::explicit_bzero(_data.data(), _data.size());
    _size = 0;
}

void PinBuffer::truncate(size_t size) noexcept
{
    if (size < _size) {
        ::explicit_bzero(_data.data() + size, _size - size);
        _size = size;
    }
}

std::span<const unsigned char> PinBuffer::bytes() const noexcept
{
    return { reinterpret_cast<const unsigned char*>(_data.data()), _size };
}

std::string_view PinBuffer::view() const noexcept
{
    return { _data.data(), _size };
}

namespace
{

    // Reads a secret file straight into `secret`; `what` names it in messages (never the content).
    void readSecretFile(const char* path, PinBuffer& pin, const std::string& what)
    {
        pin.clear();
        const FileDescriptor file(::open(path, O_RDONLY | O_CLOEXEC));
        if (file.get() < 0) {
            throw RequestError(ErrorCode::INVALID_PARAMS,
                "cannot open the " + what + " " + path + ": " + std::strerror(errno));
        }
        std::array<char, 64> chunk {};
        for (;;) {
            const ssize_t n = ::read(file.get(), chunk.data(), chunk.size());
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0) {
                const int error = errno;
                ::explicit_bzero(chunk.data(), chunk.size());
                pin.clear();
                throw RequestError(ErrorCode::INVALID_PARAMS,
                    "cannot read the " + what + " " + path + ": " + std::strerror(error));
            }
            if (n == 0) {
                break;
            }
            try {
                for (ssize_t i = 0; i < n; ++i) {
                    pin.append(chunk[static_cast<size_t>(i)]);
                }
            } catch (...) {
                ::explicit_bzero(chunk.data(), chunk.size());
                throw;
            }
        }
        ::explicit_bzero(chunk.data(), chunk.size());
        // Drop one line ending, as `echo PIN > file` leaves it.
        const std::string_view text = pin.view();
        if (text.ends_with("\r\n")) {
            pin.truncate(text.size() - 2);
        } else if (text.ends_with('\n')) {
            pin.truncate(text.size() - 1);
        }
    }

} // namespace

void readPinFile(const char* path, PinBuffer& pin)
{
    readSecretFile(path, pin, "PIN file");
    if (pin.empty()) {
        throw UserActionError(ErrorCode::PIN_INVALID, "the PIN file is empty");
    }
}

void readContainerPasswordFile(const char* path, PinBuffer& password)
{
    try {
        readSecretFile(path, password, "container password file");
    } catch (const UserActionError&) {
        // PinBuffer::assign/append say PIN_INVALID; for a container password that is the file.
        throw RequestError(ErrorCode::INVALID_PARAMS,
            std::string("the container password file ") + path + " is too long");
    }
}

} // namespace tokenbridge::security
