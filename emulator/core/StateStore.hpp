#pragma once

#include "CardState.hpp"

#include <filesystem>
#include <optional>

namespace tokenbridge::vtoken
{

// The card's memory on disk: DIR/card.json, replaced atomically (temp file, fsync, rename, fsync
// of the directory), so a kill at any moment leaves the old state or the new one.
class StateStore
{
public:
    // Creates the directory if needed.
    explicit StateStore(std::filesystem::path dir);
    ~StateStore();
    StateStore(const StateStore&) = delete;
    StateStore& operator=(const StateStore&) = delete;

    // Takes an exclusive lock on the directory so two vtokens never share one card; false if
    // another process holds it.
    bool lock();

    // Empty when the card was never written. Throws std::runtime_error on a corrupt file.
    std::optional<CardState> load() const;
    // Throws std::system_error when the write fails; the old state then stays in place.
    void save(const CardState& state) const;

    // Test fault (vtoken --crash-during-write): the n-th save of this process (from 1; 0 = never)
    // writes half of the temporary file and then _exit()s, as a crash or power cut would.
    void crashDuringWrite(unsigned n) { _crashAt = n; }

    const std::filesystem::path& dir() const { return _dir; }
    std::filesystem::path file() const { return _dir / "card.json"; }

private:
    std::filesystem::path _dir;
    int _lockFd = -1;
    unsigned _crashAt = 0;
    mutable unsigned _saves = 0;
};

} // namespace tokenbridge::vtoken
