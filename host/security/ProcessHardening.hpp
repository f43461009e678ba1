#pragma once

#include <string>

namespace tokenbridge::security
{

// Makes the running process keep its secrets (PINs, passive private keys, FKN channel keys) to
// itself: no core dump (RLIMIT_CORE = 0, soft and hard, so a child or a later setrlimit cannot
// raise it) and not dumpable (prctl PR_SET_DUMPABLE 0: no core file either, /proc/<pid>/mem,
// environ and ptrace closed to other processes of the same user; the /proc/<pid> entries
// become root's). Call first thing in main(). Returns an empty string on success, else what
// could not be done (for a log warning: the host still runs).
std::string hardenProcess();

} // namespace tokenbridge::security
