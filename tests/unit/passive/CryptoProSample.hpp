#pragma once

// CryptoPro CSP's own container, the one piece of real CSP output the tests have
// (tests/data/cryptopro/README.md: its origin, password and expected key).

#include "core/Bytes.hpp"
#include "modes/passive/CryptoProContainer.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace tokenbridge::test::cryptopro
{

inline const std::filesystem::path SAMPLE =
    std::filesystem::path(TB_CRYPTOPRO_DATA) / "g2012256.000";
inline const std::string PASSWORD = "1";
// kov-serg/get-cpcert's export of the sample, big-endian.
inline const std::string EXPECTED_D =
    "6c58bf608520ed4ab25ec041fcf0b02d88458238ddcf91675696ec150426fc3c";

// d of a container as the sample's README prints it (big-endian hex).
inline std::string bigEndianD(const modes::passive::CryptoProContainer& container)
{
    const auto raw = container.privateKey().toRaw();
    Bytes d(raw.scalarLittleEndian.view().begin(), raw.scalarLittleEndian.view().end());
    std::reverse(d.begin(), d.end());
    return toHex(d);
}

// Each file of a container, by name, for the damage tables.
struct NamedFile
{
    const char* name;
    std::function<Bytes&(modes::passive::CryptoProFiles&)> slot;
};
inline const std::vector<NamedFile>& sampleFiles()
{
    using modes::passive::CryptoProFiles;
    static const std::vector<NamedFile> files = {
        { "header", [](CryptoProFiles& f) -> Bytes& { return f.header; } },
        { "masks", [](CryptoProFiles& f) -> Bytes& { return f.masks; } },
        { "primary", [](CryptoProFiles& f) -> Bytes& { return f.primary; } },
        { "name", [](CryptoProFiles& f) -> Bytes& { return f.name; } },
        { "masks2", [](CryptoProFiles& f) -> Bytes& { return *f.masks2; } },
        { "primary2", [](CryptoProFiles& f) -> Bytes& { return *f.primary2; } },
    };
    return files;
}

} // namespace tokenbridge::test::cryptopro
