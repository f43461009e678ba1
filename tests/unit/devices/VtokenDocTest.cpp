// Cross-checks identification against docs/vtoken.md's model table, the contract vtoken
// implements: every row's ATRs and token info must identify as that row's model id.
#include "devices/Identification.hpp"
#include "TestSupport.hpp"

#include <gtest/gtest.h>
#include <regex>
#include <sstream>

namespace tokenbridge::devices
{
namespace
{

    std::vector<std::string> cells(const std::string& line)
    {
        std::vector<std::string> result;
        std::stringstream stream(line);
        std::string cell;
        std::getline(stream, cell, '|'); // before the first '|'
        while (std::getline(stream, cell, '|')) {
            const auto first = cell.find_first_not_of(' ');
            const auto last = cell.find_last_not_of(' ');
            result.push_back(
                first == std::string::npos ? "" : cell.substr(first, last - first + 1));
        }
        return result;
    }

    Version version(const std::string& text)
    {
        const auto dot = text.find('.');
        return { static_cast<uint8_t>(std::stoi(text.substr(0, dot))),
            static_cast<uint8_t>(std::stoi(text.substr(dot + 1))) };
    }

    // The nfc column writes per-card bytes as `PUPI` and the check byte as `TCK`.
    std::vector<uint8_t> concreteAtr(std::string text)
    {
        text = std::regex_replace(text, std::regex("`"), "");
        const bool hasTck = text.ends_with("TCK");
        text = std::regex_replace(text, std::regex("PUPI"), "C0FFEE01");
        text = std::regex_replace(text, std::regex("TCK$"), "");
        auto atr = test::hexBytes(text);
        if (hasTck) {
            test::appendTck(atr);
        }
        return atr;
    }

    TEST(VtokenDoc, EveryModelRowIdentifies)
    {
        const auto doc = test::readFile(TB_VTOKEN_MD);
        std::stringstream lines(doc.substr(doc.find("## Models")));
        std::string line;
        size_t rows = 0;
        const std::regex nameInFeatures("name \"([^\"]+)\"");
        while (std::getline(lines, line) && !line.starts_with("## Transport")) {
            const auto c = cells(line);
            if (c.size() < 7 || !std::regex_match(c[0], std::regex("[a-z][a-z0-9.-]+"))) {
                continue;
            }
            SCOPED_TRACE(line);
            const std::string& features = c[6];
            TokenInfo info;
            info.tokenType = static_cast<uint8_t>(std::stoul(c[3], nullptr, 16));
            info.hardware = version(c[4]);
            info.firmware = version(c[5]);
            info.serial = 0xC0FFEE01;
            if (features.find("flash") != std::string::npos) {
                info.flags |= TOKEN_FLAG_HAS_FLASH_DRIVE;
            }
            const bool smartcard = c[0].starts_with("smartcard-");
            info.supportedInterfaces = smartcard ? INTERFACE_ISO : INTERFACE_USB;
            if (features.find("NFC") != std::string::npos) {
                info.supportedInterfaces |= INTERFACE_NFC_B;
            }
            std::smatch name;
            if (std::regex_search(features, name, nameInFeatures)) {
                info.modelName = name[1];
            }
            const std::pair<std::string, Connection> atrs[] = { { c[1], Connection::Contact },
                { c[2], Connection::Nfc } };
            for (const auto& [atrText, connection] : atrs) {
                if (atrText.empty()) {
                    continue;
                }
                info.currentInterface = connection == Connection::Nfc ? INTERFACE_NFC_B
                    : smartcard                                       ? INTERFACE_ISO
                                                                      : INTERFACE_USB;
                const auto id = identify(concreteAtr(atrText), info);
                EXPECT_EQ(id.modelId, c[0]);
                EXPECT_EQ(id.connection, connection);
            }
            ++rows;
        }
        EXPECT_EQ(rows, 15u) << "docs/vtoken.md's model table changed shape";
    }

} // namespace
} // namespace tokenbridge::devices
