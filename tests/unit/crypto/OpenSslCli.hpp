#pragma once

// Runs the `openssl` command-line tool with an app-local config that enables the gost engine
// (generated here; the system openssl.cnf is never touched), as an independent verifier.

#include "core/Bytes.hpp"

#include <filesystem>
#include <string>

namespace tokenbridge::crypto::test
{

class OpenSslCli
{
public:
    OpenSslCli();
    ~OpenSslCli();
    OpenSslCli(const OpenSslCli&) = delete;
    OpenSslCli& operator=(const OpenSslCli&) = delete;

    // Writes a file into the scratch directory and returns its path.
    std::string write(const std::string& name, ByteView content) const;
    std::string write(const std::string& name, const std::string& content) const;
    Bytes read(const std::string& name) const;
    // Runs `openssl <arguments>` (stdout/stderr to a log file); returns the exit status.
    int run(const std::string& arguments) const;
    std::string lastLog() const;

private:
    std::filesystem::path _dir;
};

} // namespace tokenbridge::crypto::test
