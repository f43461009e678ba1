#include "StateStore.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>

namespace tokenbridge::vtoken
{

namespace
{

    [[noreturn]] void throwErrno(const char* what)
    {
        throw std::system_error(errno, std::generic_category(), what);
    }

    // Closes the descriptor on every path out.
    struct Fd
    {
        int fd;
        ~Fd()
        {
            if (fd >= 0) {
                ::close(fd);
            }
        }
    };

    void writeAll(int fd, const std::string& text)
    {
        size_t done = 0;
        while (done < text.size()) {
            const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                throwErrno("write state");
            }
            done += static_cast<size_t>(n);
        }
    }

} // namespace

StateStore::StateStore(std::filesystem::path dir) : _dir(std::move(dir))
{
    std::filesystem::create_directories(_dir);
}

StateStore::~StateStore()
{
    if (_lockFd >= 0) {
        ::close(_lockFd);
    }
}

bool StateStore::lock()
{
    if (_lockFd >= 0) {
        return true;
    }
    const auto path = _dir / ".lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        throwErrno("open state lock");
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return false;
    }
    _lockFd = fd;
    return true;
}

std::optional<CardState> StateStore::load() const
{
    std::ifstream in(file());
    if (!in) {
        return std::nullopt;
    }
    std::stringstream text;
    text << in.rdbuf();
    try {
        return CardState::fromJson(nlohmann::json::parse(text.str()));
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(std::string("corrupt state file: ") + e.what());
    }
}

void StateStore::save(const CardState& state) const
{
    const auto tmp = _dir / "card.json.tmp";
    const std::string text = state.toJson().dump(1) + "\n";
    {
        Fd out { ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) };
        if (out.fd < 0) {
            throwErrno("create state");
        }
        if (_crashAt != 0 && ++_saves == _crashAt) {
            writeAll(out.fd, text.substr(0, text.size() / 2));
            ::fsync(out.fd);
            ::_exit(3);
        }
        writeAll(out.fd, text);
        if (::fsync(out.fd) != 0) {
            throwErrno("fsync state");
        }
    }
    if (::rename(tmp.c_str(), file().c_str()) != 0) {
        throwErrno("rename state");
    }
    // The rename itself must reach the disk too.
    Fd dirFd { ::open(_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC) };
    if (dirFd.fd < 0 || ::fsync(dirFd.fd) != 0) {
        throwErrno("fsync state dir");
    }
}

} // namespace tokenbridge::vtoken
