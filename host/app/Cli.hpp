#pragma once

namespace tokenbridge::app
{

// Exit statuses of the command line (docs/protocol.md, "Command line").
inline constexpr int EXIT_OK = 0;
inline constexpr int EXIT_FAILED = 1; // the command ran and failed (error JSON on stdout)
inline constexpr int EXIT_USAGE = 2; // bad arguments or unknown values (error JSON on stdout)

// Decides between native messaging mode (started by a browser, or --native) and a CLI
// subcommand, and runs it.
int run(int argc, char** argv);

// Native messaging on stdin/stdout until the browser closes the port.
int runNativeMessaging();

} // namespace tokenbridge::app
