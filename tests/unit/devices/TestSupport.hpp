#pragma once

#include "devices/TokenInfo.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge::devices::test
{

std::vector<uint8_t> hexBytes(std::string_view hex); // throws on bad hex
std::string readFile(const std::string& path); // throws std::runtime_error if unreadable
nlohmann::json loadJson(const std::string& path);
// The GET DATA token-info TLV of docs/vtoken.md for `info` (name only if non-empty).
std::vector<uint8_t> encodeTokenInfo(const TokenInfo& info);
// An ISO 7816-3 check byte: XOR of every byte after TS; appended to `atr`.
void appendTck(std::vector<uint8_t>& atr);

} // namespace tokenbridge::devices::test
