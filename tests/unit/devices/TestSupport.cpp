#include "TestSupport.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tokenbridge::devices::test
{

std::vector<uint8_t> hexBytes(std::string_view hex)
{
    std::string digits;
    for (char c : hex) {
        if (c != ' ') {
            digits.push_back(c);
        }
    }
    if (digits.size() % 2 != 0) {
        throw std::invalid_argument("odd hex: " + digits);
    }
    std::vector<uint8_t> bytes;
    for (size_t i = 0; i < digits.size(); i += 2) {
        bytes.push_back(static_cast<uint8_t>(std::stoul(digits.substr(i, 2), nullptr, 16)));
    }
    return bytes;
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path);
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

nlohmann::json loadJson(const std::string& path)
{
    return nlohmann::json::parse(readFile(path));
}

namespace
{

    void put(std::vector<uint8_t>& out, uint8_t tag, std::vector<uint8_t> value)
    {
        out.push_back(tag);
        out.push_back(static_cast<uint8_t>(value.size()));
        out.insert(out.end(), value.begin(), value.end());
    }

    std::vector<uint8_t> be32(uint32_t value)
    {
        return { static_cast<uint8_t>(value >> 24), static_cast<uint8_t>(value >> 16),
            static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(value) };
    }

} // namespace

std::vector<uint8_t> encodeTokenInfo(const TokenInfo& info)
{
    std::vector<uint8_t> out;
    put(out, 0x80, { info.tokenType });
    put(out, 0x81, { info.hardware.major, info.hardware.minor });
    put(out, 0x82, { info.firmware.major, info.firmware.minor });
    put(out, 0x83, be32(info.serial));
    put(out, 0x84, be32(info.flags));
    put(out, 0x85, { info.features });
    put(out, 0x86, { info.currentInterface });
    put(out, 0x87, { info.supportedInterfaces });
    if (!info.modelName.empty()) {
        put(out, 0x88, std::vector<uint8_t>(info.modelName.begin(), info.modelName.end()));
    }
    put(out, 0x89, be32(info.totalMemory));
    put(out, 0x8A, be32(info.freeMemory));
    return out;
}

void appendTck(std::vector<uint8_t>& atr)
{
    uint8_t tck = 0;
    for (size_t i = 1; i < atr.size(); ++i) {
        tck ^= atr[i];
    }
    atr.push_back(tck);
}

} // namespace tokenbridge::devices::test
