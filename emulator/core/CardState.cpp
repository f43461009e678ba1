#include "CardState.hpp"

#include "FknCredential.hpp"

#include <stdexcept>
#include <string_view>

namespace tokenbridge::vtoken
{

namespace
{

    std::span<const uint8_t> ascii(std::string_view s)
    {
        return { reinterpret_cast<const uint8_t*>(s.data()), s.size() };
    }

} // namespace

CardState CardState::factory(
    std::string modelId, uint32_t serial, uint8_t maxTries, fkn::CurveId fknCurve)
{
    CardState state;
    state.modelId = std::move(modelId);
    state.serial = serial;
    state.adminPin = PinRecord(ascii(FACTORY_ADMIN_PIN), maxTries);
    state.userPin = PinRecord(ascii(FACTORY_USER_PIN), maxTries);
    if (isFknCard(state)) {
        enrollFactoryCredential(state, fknCurve);
    }
    return state;
}

nlohmann::json CardState::toJson() const
{
    return { { "format", FORMAT_VERSION }, { "model", modelId }, { "serial", serial },
        { "pins", { { "admin", adminPin.toJson() }, { "user", userPin.toJson() } } },
        { "files", files.toJson() }, { "keys", keys }, { "extensions", extensions } };
}

CardState CardState::fromJson(const nlohmann::json& j)
{
    if (j.at("format").get<int>() != FORMAT_VERSION) {
        throw std::runtime_error("unsupported state format");
    }
    CardState state;
    state.modelId = j.at("model").get<std::string>();
    state.serial = j.at("serial").get<uint32_t>();
    state.adminPin = PinRecord::fromJson(j.at("pins").at("admin"));
    state.userPin = PinRecord::fromJson(j.at("pins").at("user"));
    state.files = FileSystem::fromJson(j.at("files"));
    state.keys = j.value("keys", nlohmann::json::array());
    state.extensions = j.value("extensions", nlohmann::json::object());
    return state;
}

} // namespace tokenbridge::vtoken
