// The host against spec/protocol.json, read at test time: its command table has exactly the
// spec's commands, and the generated tables (CommandRuleTable.hpp, ErrorCode.hpp) say what the
// spec says, so a command added on either side alone fails here.
#include "commands/Commands.hpp"
#include "commands/SignStreams.hpp"
#include "modes/KeyService.hpp"
#include "modes/active/ModuleSet.hpp"
#include "devices/DeviceService.hpp"
#include "protocol/CommandRuleTable.hpp"
#include "protocol/Dispatcher.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

using namespace tokenbridge;
using namespace tokenbridge::protocol;

namespace
{

const nlohmann::json& spec()
{
    static const nlohmann::json parsed = [] {
        std::ifstream file(TB_PROTOCOL_JSON);
        if (!file) {
            throw std::runtime_error("cannot read " TB_PROTOCOL_JSON);
        }
        return nlohmann::json::parse(file);
    }();
    return parsed;
}

std::set<std::string> specCommands()
{
    std::set<std::string> names;
    for (const auto& command : spec()["commands"]) {
        names.insert(command["name"].get<std::string>());
    }
    return names;
}

const std::map<std::string, OriginRule> ORIGINS = {
    { "optional", OriginRule::Optional },
    { "required", OriginRule::Required },
    { "everywhere", OriginRule::Everywhere },
};
const std::map<std::string, PinRule> PINS = {
    { "never", PinRule::Never }, { "optional", PinRule::Optional }, { "always", PinRule::Always },
    { "unless-stream", PinRule::UnlessStream },
    { "if-private",
        PinRule::Optional }, // the extension's window decides; the host uses a PIN given
};

} // namespace

TEST(CommandRules, theHostServesExactlyTheCommandsOfTheSpec)
{
    devices::DeviceService service(devices::Environment {});
    modes::active::ModuleSet modules([] { return std::vector<std::string> {}; });
    modes::KeyService keys(service, modules);
    commands::SignStreams streams;
    const auto table = commands::makeCommandTable({ service, keys, streams });
    const auto names = table.names();
    const std::set<std::string> served(names.begin(), names.end());
    const auto specified = specCommands();
    for (const auto& name : served) {
        EXPECT_TRUE(specified.contains(name))
            << "command " << name << " is in the host's table but not in spec/protocol.json";
    }
    for (const auto& name : specified) {
        EXPECT_TRUE(served.contains(name))
            << "command " << name << " is in spec/protocol.json but not in the host's table";
    }
    EXPECT_NO_THROW(Dispatcher { commands::makeCommandTable({ service, keys, streams }) });
}

TEST(CommandRules, theGeneratedRuleTableSaysWhatTheSpecSays)
{
    std::vector<std::string> generated;
    for (const auto& rule : COMMAND_RULES) {
        generated.emplace_back(rule.name);
    }
    std::vector<std::string> specified;
    for (const auto& command : spec()["commands"]) {
        const auto name = command["name"].get<std::string>();
        specified.push_back(name);
        const auto* rule = findRule(COMMAND_RULES, name);
        ASSERT_NE(rule, nullptr) << name << ": regenerate (node scripts/gen-protocol.mjs)";
        EXPECT_EQ(rule->origin, ORIGINS.at(command["origin"].get<std::string>())) << name;
        EXPECT_EQ(rule->pin, PINS.at(command["pin"].get<std::string>())) << name;
        EXPECT_EQ(rule->cliOnly.has_value(), command["cliOnly"].get<bool>()) << name;
        if (rule->cliOnly) {
            const auto& refusal = command["cliOnlyError"];
            EXPECT_EQ(errorCodeName(rule->cliOnly->code), refusal["code"].get<std::string>());
            EXPECT_EQ(rule->cliOnly->message, refusal["message"].get<std::string>());
        }
    }
    EXPECT_EQ(generated, specified);
}

TEST(CommandRules, theErrorCodesAreTheHostCodesOfTheSpec)
{
    std::vector<std::string> specified;
    for (const auto& code : spec()["errorCodes"]) {
        const auto& producers = code["producedBy"];
        if (std::find(producers.begin(), producers.end(), "host") != producers.end()) {
            specified.push_back(code["name"].get<std::string>());
        }
    }
    std::vector<std::string> generated;
    for (const auto& entry : ERROR_CODE_NAMES) {
        generated.emplace_back(entry.name);
        EXPECT_EQ(errorCodeName(entry.code), entry.name);
    }
    EXPECT_EQ(generated, specified);
}
