#include "KeyService.hpp"

#include "core/Error.hpp"
#include "devices/DeviceService.hpp"
#include "modes/passive/CryptoProReseal.hpp"
#include "security/PinBuffer.hpp"

namespace tokenbridge::modes
{

KeyService::KeyService(devices::DeviceService& devices, active::ModuleSet& modules) :
    _devices(devices), _modules(modules)
{
}

KeyRouter KeyService::open(const std::string& deviceId, const security::PinBuffer* pin,
    const security::PinBuffer* containerPassword)
{
    auto session = _devices.open(deviceId);
    if (!session.device().identification.known) {
        throw RequestError(ErrorCode::MODE_NOT_SUPPORTED,
            "the card is not a known Rutoken; its file system is not ours to write",
            { { "deviceId", deviceId } });
    }
    auto memo = _memos.of(session.device());
    return KeyRouter(std::move(session), pin, _modules, containerPassword, std::move(memo));
}

KeyEntry KeyService::importContainer(const std::string& deviceId, const std::string& folder,
    const security::PinBuffer* pin, const security::PinBuffer* containerPassword)
{
    const auto files = passive::CryptoProContainer::loadFolder(folder);
    const ByteView password = containerPassword ? ByteView(containerPassword->bytes()) : ByteView();
    const auto sealed = passive::resealCryptoPro(files, password, {});
    return open(deviceId, pin, containerPassword).importContainer(sealed);
}

} // namespace tokenbridge::modes
