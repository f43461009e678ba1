#include "CommandRules.hpp"

#include <algorithm>

namespace tokenbridge::protocol
{

const CommandRule* findRule(CommandRules rules, std::string_view name)
{
    const auto it = std::find_if(
        rules.begin(), rules.end(), [name](const CommandRule& rule) { return rule.name == name; });
    return it == rules.end() ? nullptr : &*it;
}

} // namespace tokenbridge::protocol
