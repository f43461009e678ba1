// Streams a file through the host's Hasher (crypto::Hasher, Streebog-256) in 1 MiB reads, as
// signAppend feeds it, and prints {"bytes", "seconds", "mibPerSecond", "digest"} as JSON.
//
//   streebog_throughput FILE
#include "crypto/Hasher.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

int main(int argc, char** argv)
{
    using namespace tokenbridge;
    using namespace tokenbridge::crypto;
    if (argc != 2) {
        std::cerr << "usage: streebog_throughput FILE\n";
        return 2;
    }
    std::ifstream input(argv[1], std::ios::binary);
    if (!input) {
        std::cerr << "cannot open " << argv[1] << "\n";
        return 1;
    }
    Bytes buffer(1024 * 1024);
    Hasher hasher(HashAlgorithm::Streebog256);
    std::uint64_t total = 0;
    const auto started = std::chrono::steady_clock::now();
    while (input) {
        input.read(
            reinterpret_cast<char*>(buffer.data()), static_cast<std::streamsize>(buffer.size()));
        const auto got = static_cast<std::size_t>(input.gcount());
        hasher.update(ByteView(buffer).first(got));
        total += got;
    }
    const auto digest = hasher.finish();
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
    std::cout << nlohmann::json {
        { "bytes", total }, { "seconds", seconds.count() },
        { "mibPerSecond", static_cast<double>(total) / (1024.0 * 1024.0) / seconds.count() },
        { "digest", toHex(digest) }
    }.dump() << "\n";
    return 0;
}
