#include "DeviceService.hpp"

#include "CardProbe.hpp"
#include "FifoMutex.hpp"
#include "pcsc/Card.hpp"
#include "pcsc/Context.hpp"
#include "core/Error.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>

namespace tokenbridge::devices
{

namespace
{

    // How long one listing waits for cards it has not read yet (vtoken answers in well under 1 ms;
    // a card held by another process's transaction can take seconds).
    constexpr auto PROBE_WAIT = std::chrono::milliseconds(1000);

    // One insertion of one card: pcsc-lite's per-reader event counter changes on every insertion
    // and removal, so reader + counter + ATR identify it without talking to the card again.
    std::string insertionKey(const pcsc::Reader& reader)
    {
        return reader.name + "#" + std::to_string(reader.eventCount) + "#" + toHexUpper(reader.atr);
    }

} // namespace

struct DeviceService::Impl
{
    Environment environment;

    std::mutex cacheMutex; // guards the two maps below
    std::map<std::string, Device> cache; // by insertion key
    std::map<std::string, std::shared_ptr<CardProbe>> probes; // unfinished, by insertion key

    std::mutex locksMutex;
    std::map<std::string, std::shared_ptr<FifoMutex>> locks; // by device id

    std::optional<Device> cached(const std::string& key)
    {
        std::lock_guard guard(cacheMutex);
        const auto found = cache.find(key);
        return found == cache.end() ? std::nullopt : std::optional(found->second);
    }

    std::shared_ptr<CardProbe> probeFor(const pcsc::Reader& reader, const std::string& key)
    {
        std::lock_guard guard(cacheMutex);
        auto& probe = probes[key];
        if (!probe) {
            probe = CardProbe::start(reader.name);
        }
        return probe;
    }

    // A card not read yet: waits for its probe until the deadline, else describes it from its
    // ATR alone for now (the probe keeps running for the next listing).
    std::optional<Device> describe(const pcsc::Reader& reader, const std::string& key,
        std::chrono::steady_clock::time_point deadline)
    {
        const auto result = probeFor(reader, key)->waitUntil(deadline);
        if (result) {
            std::lock_guard guard(cacheMutex);
            probes.erase(key);
        }
        if (result && result->outcome == ProbeOutcome::Removed) {
            return std::nullopt;
        }
        const bool identified = result && result->outcome == ProbeOutcome::Identified;
        auto device = describeDevice(
            reader.name, reader.atr, identified ? result->info : std::nullopt, environment);
        if (identified) {
            std::lock_guard guard(cacheMutex);
            cache[key] = device;
        }
        return device;
    }

    // Cards no longer present: another insertion will have another key.
    void forgetAllBut(const std::vector<std::string>& keys)
    {
        std::lock_guard guard(cacheMutex);
        const auto stale = [&](const auto& entry) {
            return std::ranges::find(keys, entry.first) == keys.end();
        };
        std::erase_if(cache, stale);
        std::erase_if(probes, stale);
    }

    std::shared_ptr<FifoMutex> lockFor(const std::string& id)
    {
        std::lock_guard guard(locksMutex);
        auto& lock = locks[id];
        if (!lock) {
            lock = std::make_shared<FifoMutex>();
        }
        return lock;
    }
};

DeviceService::DeviceService(Environment environment) : _impl(std::make_unique<Impl>())
{
    _impl->environment = std::move(environment);
}

DeviceService::~DeviceService() = default;

const Environment& DeviceService::environment() const
{
    return _impl->environment;
}

std::vector<Device> DeviceService::listDevices()
{
    const auto deadline = std::chrono::steady_clock::now() + PROBE_WAIT;
    const pcsc::Context context;
    std::vector<Device> devices;
    std::vector<std::string> present;
    for (const auto& reader : context.listReaders()) {
        if (!reader.cardPresent || reader.mute || reader.atr.empty()) {
            continue;
        }
        const auto key = insertionKey(reader);
        present.push_back(key);
        if (auto device = _impl->cached(key)) {
            devices.push_back(std::move(*device));
        } else if (auto described = _impl->describe(reader, key, deadline)) {
            devices.push_back(std::move(*described));
        }
    }
    _impl->forgetAllBut(present);
    return devices;
}

Device DeviceService::getDevice(const std::string& id)
{
    auto devices = listDevices();
    const auto found = std::ranges::find(devices, id, &Device::id);
    if (found == devices.end()) {
        throw RequestError(ErrorCode::DEVICE_NOT_FOUND, "no token with id " + id);
    }
    return std::move(*found);
}

void DeviceService::withCard(const std::string& id, const std::function<void(pcsc::Card&)>& work)
{
    const auto lock = _impl->lockFor(id);
    std::lock_guard serialized(*lock);
    // Callers look the device up when their command starts: gone by now means it was pulled
    // during the command.
    const auto device = [&] {
        try {
            return getDevice(id);
        } catch (const RequestError& error) {
            if (error.code() != ErrorCode::DEVICE_NOT_FOUND) {
                throw;
            }
            throw RetryableError(
                ErrorCode::TOKEN_REMOVED, "token " + id + " left its reader during the command");
        }
    }();
    pcsc::Card card(std::make_shared<const pcsc::Context>(), device.reader);
    const auto transaction = card.beginTransaction();
    // The reader may hold another token by now: same ATR and, if it has one, same serial.
    const auto info = device.info ? readTokenInfo(card) : std::nullopt;
    if (card.atr() != device.atr
        || (device.info && (!info || info->serial != device.info->serial))) {
        throw RetryableError(
            ErrorCode::TOKEN_REMOVED, "token " + id + " was replaced in its reader");
    }
    work(card);
}

void DeviceService::checkPresent(const Device& device)
{
    // Talks to the card (withCard reads its token info): right after a pull pcscd may still
    // list it for a few hundred milliseconds.
    withCard(device.id, [](pcsc::Card&) {});
}

PinStatus DeviceService::getPinStatus(const std::string& id)
{
    PinStatus status;
    withCard(id, [&](pcsc::Card& card) {
        status.user = readPinInfo(card, PIN_USER);
        status.admin = readPinInfo(card, PIN_ADMIN);
    });
    return status;
}

} // namespace tokenbridge::devices
