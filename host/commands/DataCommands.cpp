#include "Commands.hpp"
#include "KeyJson.hpp"

#include "core/Error.hpp"
#include "modes/KeyService.hpp"
#include "security/PinBuffer.hpp"

#include <algorithm>

namespace tokenbridge::commands
{

using protocol::ParamType;

namespace
{

    std::string nameParam(const nlohmann::json& params)
    {
        auto name = stringParam(params, "name");
        if (name.empty() || name.size() > modes::MAX_DATA_NAME) {
            throw RequestError(ErrorCode::INVALID_PARAMS, "name is 1 to 64 bytes of UTF-8",
                { { "param", "name" } });
        }
        return name;
    }

    // `private: true` asks for the private objects too; the PIN window opened for it (spec rule
    // "if-private"), and without a PIN the token could not show them.
    bool wantsPrivate(const protocol::CommandContext& context)
    {
        const bool wanted = context.params().value("private", false);
        if (wanted && (context.pin == nullptr || context.pin->empty())) {
            throw UserActionError(ErrorCode::PIN_REQUIRED, "private data objects need the PIN");
        }
        return wanted;
    }

    std::vector<modes::DataObject> visible(modes::KeyRouter& token, bool withPrivate)
    {
        auto objects = token.listData();
        std::erase_if(
            objects, [&](const auto& object) { return object.isPrivate && !withPrivate; });
        return objects;
    }

    nlohmann::json describe(const modes::DataObject& object)
    {
        return { { "name", object.name }, { "private", object.isPrivate },
            { "application", object.application }, { "size", object.value.size() } };
    }

    [[noreturn]] void notFound(const std::string& name)
    {
        throw RequestError(ErrorCode::DATA_NOT_FOUND, "no data object with this name on the token",
            { { "name", name } });
    }

    protocol::CommandSpec listDataCommand(modes::KeyService& keys)
    {
        return { "listData",
            { { "deviceId", ParamType::String, true }, { "private", ParamType::Boolean, false } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                const bool withPrivate = wantsPrivate(context);
                auto token = keys.open(stringParam(context.params(), "deviceId"), context.pin,
                    context.containerPassword);
                nlohmann::json listed = nlohmann::json::array();
                for (const auto& object : visible(token, withPrivate)) {
                    listed.push_back(describe(object));
                }
                return { { "objects", listed } };
            } };
    }

    protocol::CommandSpec readDataCommand(modes::KeyService& keys)
    {
        return { "readData",
            { { "deviceId", ParamType::String, true }, { "name", ParamType::String, true },
                { "private", ParamType::Boolean, false } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                const auto name = nameParam(context.params());
                const bool withPrivate = wantsPrivate(context);
                auto token = keys.open(stringParam(context.params(), "deviceId"), context.pin,
                    context.containerPassword);
                const auto objects = visible(token, withPrivate);
                const auto found = std::ranges::find(objects, name, &modes::DataObject::name);
                if (found == objects.end()) {
                    notFound(name);
                }
                auto result = describe(*found);
                result["data"] = toBase64(found->value);
                return result;
            } };
    }

    protocol::CommandSpec writeDataCommand(modes::KeyService& keys)
    {
        return { "writeData",
            { { "deviceId", ParamType::String, true }, { "name", ParamType::String, true },
                { "data", ParamType::String, true }, { "private", ParamType::Boolean, false } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                const auto& params = context.params();
                modes::DataObject object { nameParam(params), params.value("private", false),
                    std::string(modes::DATA_APPLICATION), base64Param(params, "data") };
                if (object.value.size() > modes::MAX_DATA_SIZE) {
                    throw RequestError(ErrorCode::INVALID_PARAMS, "a data object is at most 32 KiB",
                        { { "param", "data" } });
                }
                auto token = keys.open(
                    stringParam(params, "deviceId"), context.pin, context.containerPassword);
                token.writeData(object);
                return describe(object);
            } };
    }

    protocol::CommandSpec deleteDataCommand(modes::KeyService& keys)
    {
        return { "deleteData",
            { { "deviceId", ParamType::String, true }, { "name", ParamType::String, true } },
            [&keys](const protocol::CommandContext& context) -> nlohmann::json {
                const auto name = nameParam(context.params());
                auto token = keys.open(stringParam(context.params(), "deviceId"), context.pin,
                    context.containerPassword);
                if (!token.removeData(name)) {
                    notFound(name);
                }
                return { { "deleted", true } };
            } };
    }

} // namespace

void addDataCommands(protocol::CommandTable& table, const Services& services)
{
    table.add(listDataCommand(services.keys));
    table.add(readDataCommand(services.keys));
    table.add(writeDataCommand(services.keys));
    table.add(deleteDataCommand(services.keys));
}

} // namespace tokenbridge::commands
