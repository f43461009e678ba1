#pragma once

// CryptoPro CSP's own container, the one piece of real CSP output the tests have
// (tests/data/cryptopro/README.md: its origin, password and expected key).

#include "core/Bytes.hpp"
#include "modes/passive/CryptoProContainer.hpp"

#include <algorithm>
#include <filesystem>
#include <string>

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

} // namespace tokenbridge::test::cryptopro
