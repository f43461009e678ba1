// Every cell of tests/data/compatibility.json against the compiled-in table.
#include "devices/Compatibility.hpp"
#include "devices/CompatibilityTable.hpp"
#include "TestSupport.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <set>

namespace tokenbridge::devices
{
namespace
{

    using nlohmann::json;

    class CompatibilityJson : public ::testing::Test
    {
    protected:
        void SetUp() override
        {
            // No skip: without the seed the table is unverified, which is a failure.
            ASSERT_NO_THROW(seed = test::loadJson(TB_COMPATIBILITY_JSON))
                << "cannot load " << TB_COMPATIBILITY_JSON;
            ASSERT_TRUE(seed.contains("models"));
        }

        // The seed lists modes in any order; the host reports them most secure first.
        std::vector<std::string> sorted(std::vector<std::string> modes) const
        {
            const auto order = seed.at("modes_most_secure_first").get<std::vector<std::string>>();
            std::ranges::sort(modes, {}, [&](const std::string& mode) {
                return std::ranges::find(order, mode) - order.begin();
            });
            return modes;
        }

        std::vector<std::string> lookup(const std::string& model, const std::string& csp,
            const std::string& platform, Connection connection) const
        {
            const auto result = lookupCompatibility({ model, csp, platform, connection });
            EXPECT_EQ(result.supported, !result.modes.empty());
            std::vector<std::string> names;
            for (Mode mode : result.modes) {
                names.emplace_back(modeName(mode));
            }
            if (!result.modes.empty()) {
                EXPECT_EQ(result.selected, result.modes.front());
            } else {
                EXPECT_FALSE(result.selected.has_value());
            }
            return names;
        }

        // Footnote number -> platforms where the mode does not work (compatibility.md).
        std::map<int, std::set<std::string>> footnoteExclusions() const
        {
            EXPECT_EQ(seed.at("footnotes").at("1"), "does not work on Android and iOS");
            EXPECT_EQ(seed.at("footnotes").at("2"), "not supported on Aurora OS");
            return { { 1, { "android", "ios" } }, { 2, { "aurora" } } };
        }

        json seed;
    };

    TEST_F(CompatibilityJson, ListsMatchTheCompiledTable)
    {
        std::vector<std::string> csps(std::begin(CSP_PROFILES), std::end(CSP_PROFILES));
        EXPECT_EQ(seed.at("csp_versions").get<std::vector<std::string>>(), csps);
        std::vector<std::string> platforms(std::begin(PLATFORM_NAMES), std::end(PLATFORM_NAMES));
        EXPECT_EQ(seed.at("platforms").get<std::vector<std::string>>(), platforms);
        std::vector<std::string> modes;
        for (auto mode :
            { Mode::Fkn, Mode::FknNfc, Mode::ActivePkcs11, Mode::ActiveCrypt, Mode::Passive }) {
            modes.emplace_back(modeName(mode));
        }
        EXPECT_EQ(seed.at("modes_most_secure_first").get<std::vector<std::string>>(), modes);

        std::set<std::string> seedModels;
        for (const auto& [id, model] : seed.at("models").items()) {
            seedModels.insert(id);
            EXPECT_EQ(
                modelDisplayName(id).value_or("<missing>"), model.at("name").get<std::string>());
        }
        std::set<std::string> tableModels;
        for (const auto& model : compatibilityTable()) {
            tableModels.emplace(model.id);
        }
        EXPECT_EQ(seedModels, tableModels);
    }

    TEST_F(CompatibilityJson, EveryCellMatches)
    {
        const auto exclusions = footnoteExclusions();
        const auto csps = seed.at("csp_versions").get<std::vector<std::string>>();
        const auto platforms = seed.at("platforms").get<std::vector<std::string>>();
        size_t cells = 0;
        for (const auto& [id, model] : seed.at("models").items()) {
            for (const auto& csp : csps) {
                for (const auto& platform : platforms) {
                    for (auto connection : { Connection::Contact, Connection::Nfc }) {
                        std::vector<std::string> expected;
                        if (model.contains("csp")) {
                            // Rows without platform/connection data hold everywhere.
                            expected = model.at("csp").at(csp).get<std::vector<std::string>>();
                        } else if (connection == Connection::Nfc) {
                            const auto& byPlatform = model.at("connections").at("nfc").at(platform);
                            expected = byPlatform.at(csp).get<std::vector<std::string>>();
                        } else {
                            for (const auto& entry :
                                model.at("connections").at("contact").at(csp)) {
                                bool excluded = false;
                                for (int note : entry.at("footnotes")) {
                                    ASSERT_TRUE(exclusions.contains(note)) << "footnote " << note;
                                    excluded = excluded || exclusions.at(note).contains(platform);
                                }
                                if (!excluded) {
                                    expected.push_back(entry.at("mode"));
                                }
                            }
                        }
                        SCOPED_TRACE(id + " " + csp + " " + platform + " "
                            + std::string(connectionName(connection)));
                        EXPECT_EQ(lookup(id, csp, platform, connection), sorted(expected));
                        ++cells;
                    }
                }
            }
        }
        EXPECT_EQ(cells, 15u * 4 * 6 * 2);
    }

} // namespace
} // namespace tokenbridge::devices
