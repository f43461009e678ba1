#include "OpenSslCli.hpp"

#include <openssl/crypto.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace tokenbridge::crypto::test
{

namespace
{

    std::string enginesDir()
    {
        const std::string text = OpenSSL_version(OPENSSL_ENGINES_DIR);
        const auto first = text.find('"');
        return text.substr(first + 1, text.rfind('"') - first - 1);
    }

} // namespace

OpenSslCli::OpenSslCli()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "tb-crypto-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    _dir = pattern;
    write("openssl-gost.cnf",
        "openssl_conf = openssl_def\n"
        "[openssl_def]\n"
        "engines = engine_section\n"
        "[engine_section]\n"
        "gost = gost_section\n"
        "[gost_section]\n"
        "engine_id = gost\n"
        "dynamic_path = "
            + enginesDir()
            + "/gost.so\n"
              "default_algorithms = ALL\n");
}

OpenSslCli::~OpenSslCli()
{
    std::error_code ignored;
    std::filesystem::remove_all(_dir, ignored);
}

std::string OpenSslCli::write(const std::string& name, ByteView content) const
{
    const auto path = _dir / name;
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(content.data()),
        static_cast<std::streamsize>(content.size()));
    return path.string();
}

std::string OpenSslCli::write(const std::string& name, const std::string& content) const
{
    return write(name, asBytes(content));
}

Bytes OpenSslCli::read(const std::string& name) const
{
    std::ifstream in(_dir / name, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int OpenSslCli::run(const std::string& arguments) const
{
    const std::string command = "cd '" + _dir.string() + "' && OPENSSL_CONF='"
        + (_dir / "openssl-gost.cnf").string() + "' " TB_OPENSSL_BIN " " + arguments
        + " >cli.log 2>&1";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string OpenSslCli::lastLog() const
{
    const Bytes log = read("cli.log");
    return std::string(log.begin(), log.end());
}

} // namespace tokenbridge::crypto::test
