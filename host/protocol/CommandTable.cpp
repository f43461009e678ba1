#include "CommandTable.hpp"

#include "core/Error.hpp"

#include <array>
#include <stdexcept>

namespace tokenbridge::protocol
{

namespace
{

    struct ParamTypeInfo
    {
        ParamType type;
        std::string_view name;
        bool (*matches)(const nlohmann::json&);
    };

    constexpr std::array<ParamTypeInfo, 5> PARAM_TYPES { {
        { ParamType::String, "a string", [](const nlohmann::json& v) { return v.is_string(); } },
        { ParamType::Integer, "an integer",
            [](const nlohmann::json& v) { return v.is_number_integer(); } },
        { ParamType::Boolean, "a boolean", [](const nlohmann::json& v) { return v.is_boolean(); } },
        { ParamType::Object, "an object", [](const nlohmann::json& v) { return v.is_object(); } },
        { ParamType::Array, "an array", [](const nlohmann::json& v) { return v.is_array(); } },
    } };

    const ParamTypeInfo& typeInfo(ParamType type)
    {
        for (const auto& info : PARAM_TYPES) {
            if (info.type == type) {
                return info;
            }
        }
        throw std::logic_error("unknown ParamType");
    }

    [[noreturn]] void invalid(const std::string& message, const std::string& param)
    {
        throw RequestError(ErrorCode::INVALID_PARAMS, message, { { "param", param } });
    }

} // namespace

void CommandTable::add(CommandSpec spec)
{
    auto name = spec.name;
    if (!_commands.emplace(name, std::move(spec)).second) {
        throw std::logic_error("duplicate command " + name);
    }
}

const CommandSpec* CommandTable::find(std::string_view name) const
{
    const auto it = _commands.find(name);
    return it == _commands.end() ? nullptr : &it->second;
}

std::vector<std::string> CommandTable::names() const
{
    std::vector<std::string> result;
    for (const auto& [name, spec] : _commands) {
        result.push_back(name);
    }
    return result;
}

void validateParams(const std::vector<ParamSpec>& schema, const nlohmann::json& params)
{
    for (const auto& [key, value] : params.items()) {
        const auto it = std::find_if(schema.begin(), schema.end(),
            [&key = key](const ParamSpec& spec) { return spec.name == key; });
        if (it == schema.end()) {
            invalid("unknown parameter \"" + key + "\"", key);
        }
        const auto& info = typeInfo(it->type);
        if (!info.matches(value)) {
            invalid("parameter \"" + key + "\" must be " + std::string(info.name), key);
        }
    }
    for (const auto& spec : schema) {
        if (spec.required && !params.contains(spec.name)) {
            invalid("missing parameter \"" + spec.name + "\"", spec.name);
        }
    }
}

} // namespace tokenbridge::protocol
