#include "Compatibility.hpp"

#include "CompatibilityTable.hpp"
#include "core/Error.hpp"

#include <algorithm>

namespace tokenbridge::devices
{

namespace
{

    struct RequirementInfo
    {
        Requirement requirement;
        std::string_view name;
        bool (*accepts)(Mode);
    };

    constexpr RequirementInfo REQUIREMENTS[] = {
        { Requirement::Any, "any", [](Mode) { return true; } },
        { Requirement::NonExtractable, "non-extractable",
            [](Mode mode) { return !isExtractable(mode); } },
        { Requirement::Fkn, "fkn", isFkn },
    };

    std::string joined(const std::vector<std::string>& values)
    {
        std::string text;
        for (const auto& value : values) {
            text += (text.empty() ? "" : ", ") + value;
        }
        return text;
    }

    [[noreturn]] void invalidParam(
        std::string_view param, std::string_view value, const std::vector<std::string>& valid)
    {
        const std::string shown(value.substr(0, 64));
        throw RequestError(ErrorCode::INVALID_PARAMS,
            "unknown " + std::string(param) + " '" + shown + "'; valid: " + joined(valid),
            { { "param", param }, { "value", shown }, { "valid", valid } });
    }

    template <typename Range, typename Projection>
    std::vector<std::string> names(const Range& range, Projection projection)
    {
        std::vector<std::string> result;
        for (const auto& item : range) {
            result.emplace_back(projection(item));
        }
        return result;
    }

    bool cellApplies(const CompatCell& cell, const CompatQuery& query, Platforms platform)
    {
        return cell.csp == query.csp && (cell.platforms & platform) != 0
            && (!cell.connection || *cell.connection == query.connection);
    }

} // namespace

std::optional<Requirement> parseRequirement(std::string_view name)
{
    const auto it = std::ranges::find(REQUIREMENTS, name, &RequirementInfo::name);
    return it == std::end(REQUIREMENTS) ? std::nullopt : std::optional(it->requirement);
}

std::string_view requirementName(Requirement requirement)
{
    return std::ranges::find(REQUIREMENTS, requirement, &RequirementInfo::requirement)->name;
}

CompatResult lookupCompatibility(const CompatQuery& query)
{
    const auto& table = compatibilityTable();
    const auto model = std::ranges::find(table, query.model, &CompatModel::id);
    if (model == table.end()) {
        invalidParam("model", query.model, names(table, [](const auto& m) { return m.id; }));
    }
    if (std::ranges::find(CSP_PROFILES, query.csp) == std::end(CSP_PROFILES)) {
        invalidParam("csp", query.csp, names(CSP_PROFILES, [](auto name) { return name; }));
    }
    const auto platform = platformByName(query.platform);
    if (!platform) {
        invalidParam("platform", query.platform, names(PLATFORM_NAMES, [](auto n) { return n; }));
    }
    CompatResult result;
    for (const auto& cell : model->cells) {
        if (!cellApplies(cell, query, *platform)) {
            continue;
        }
        for (const auto& mode : cell.modes) {
            if ((mode.platforms & *platform) != 0
                && std::ranges::find(result.modes, mode.mode) == result.modes.end()) {
                result.modes.push_back(mode.mode);
            }
        }
    }
    std::ranges::sort(result.modes); // enum order is most secure first
    result.supported = !result.modes.empty();
    if (result.supported) {
        result.selected = result.modes.front();
    }
    return result;
}

Mode selectMode(const std::vector<Mode>& modes, Requirement requirement)
{
    const auto& rule = *std::ranges::find(REQUIREMENTS, requirement, &RequirementInfo::requirement);
    std::optional<Mode> best;
    for (Mode mode : modes) {
        if (rule.accepts(mode) && (!best || mode < *best)) {
            best = mode;
        }
    }
    if (best) {
        return *best;
    }
    const auto available = names(modes, [](Mode mode) { return modeName(mode); });
    throw UserActionError(ErrorCode::MODE_NOT_SUPPORTED,
        "the token has no mode meeting the minimum '" + std::string(rule.name)
            + "'; its modes: " + (available.empty() ? "none" : joined(available)),
        { { "minimum", rule.name }, { "modes", available } });
}

nlohmann::json modesToJson(const std::vector<Mode>& modes)
{
    return names(modes, [](Mode mode) { return modeName(mode); });
}

nlohmann::json compatToJson(const CompatQuery& query, const CompatResult& result)
{
    return {
        { "model", query.model },
        { "csp", query.csp },
        { "platform", query.platform },
        { "connection", connectionName(query.connection) },
        { "supported", result.supported },
        { "modes", modesToJson(result.modes) },
        { "selected", result.selected ? nlohmann::json(modeName(*result.selected)) : nullptr },
    };
}

} // namespace tokenbridge::devices
