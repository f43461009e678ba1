// The host's CryptoPro reader and re-sealer as a command, for the tests that compare them with the
// independent tool (tests/tools/cpcontainer.py; host_reader_test.py):
//   cryptopro_probe read FOLDER PASSWORD_FILE
//       -> {"d": big-endian hex, "public": X_le||Y_le hex, "exportable", "name", "certificate"}
//   cryptopro_probe reseal FOLDER OUT_FOLDER OLD_PASSWORD_FILE NEW_PASSWORD_FILE -> {}
// A typed error is {"error": "CODE"} on stdout and exit status 1. Passwords come from files (the
// whole file, no newline) so that they never appear on a command line.

#include "core/Error.hpp"
#include "crypto/SecureBuffer.hpp"
#include "modes/passive/CryptoProContainer.hpp"
#include "modes/passive/CryptoProReseal.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>

using namespace tokenbridge;
using namespace tokenbridge::modes::passive;

namespace
{

crypto::SecureBuffer readPassword(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw RequestError(ErrorCode::INVALID_PARAMS, "no password file");
    }
    const Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    crypto::SecureBuffer password(bytes);
    return password;
}

void writeFile(const std::filesystem::path& path, const Bytes& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(
        reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        throw FatalError("cannot write " + path.string());
    }
}

// A JSON string of printable ASCII; anything else as \u00XX.
std::string jsonString(const std::string& text)
{
    std::string out = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte > 0x7e || c == '"' || c == '\\') {
            char escaped[8];
            std::snprintf(escaped, sizeof(escaped), "\\u%04x", byte);
            out += escaped;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

int read(const std::filesystem::path& folder, const std::filesystem::path& passwordFile)
{
    const auto password = readPassword(passwordFile);
    const auto container = CryptoProContainer::readFolder(folder, password.view());
    const auto raw = container.privateKey().toRaw();
    Bytes d(raw.scalarLittleEndian.view().begin(), raw.scalarLittleEndian.view().end());
    std::reverse(d.begin(), d.end());
    const auto& certificates = container.certificates();
    std::cout << "{\"d\": \"" << toHex(d) << "\", \"public\": \""
              << toHex(container.privateKey().publicKey().gostRaw())
              << "\", \"exportable\": " << (container.exportable() ? "true" : "false")
              << ", \"name\": " << jsonString(container.name()) << ", \"certificate\": "
              << (certificates.empty() ? "null" : "\"" + toHex(certificates.front()) + "\"")
              << "}\n";
    return 0;
}

int reseal(const std::filesystem::path& folder, const std::filesystem::path& out,
    const std::filesystem::path& oldFile, const std::filesystem::path& newFile)
{
    const auto files = CryptoProContainer::loadFolder(folder);
    const auto resealed =
        resealCryptoPro(files, readPassword(oldFile).view(), readPassword(newFile).view());
    std::filesystem::create_directories(out);
    writeFile(out / "header.key", resealed.header);
    writeFile(out / "masks.key", resealed.masks);
    writeFile(out / "primary.key", resealed.primary);
    writeFile(out / "name.key", resealed.name);
    if (resealed.masks2 && resealed.primary2) {
        writeFile(out / "masks2.key", *resealed.masks2);
        writeFile(out / "primary2.key", *resealed.primary2);
    }
    std::cout << "{}\n";
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.size() == 3 && args[0] == "read") {
            return read(args[1], args[2]);
        }
        if (args.size() == 5 && args[0] == "reseal") {
            return reseal(args[1], args[2], args[3], args[4]);
        }
    } catch (const Error& error) {
        std::cout << "{\"error\": \"" << errorCodeName(error.code()) << "\"}\n";
        return 1;
    }
    std::cerr << "usage: cryptopro_probe read FOLDER PASSWORD_FILE\n"
                 "       cryptopro_probe reseal FOLDER OUT OLD_PASSWORD_FILE NEW_PASSWORD_FILE\n";
    return 64;
}
