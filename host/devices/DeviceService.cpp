#include "DeviceService.hpp"

#include "CardProbe.hpp"
#include "FifoMutex.hpp"
#include "pcsc/Context.hpp"
#include "core/Error.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>

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
    std::shared_ptr<VendorIdentifier> vendor;

    std::mutex cacheMutex; // guards the two maps below
    std::map<std::string, Device> cache; // by insertion key
    std::map<std::string, std::shared_ptr<CardProbe>> probes; // unfinished, by insertion key

    // The context listings use, kept between them: establishing and releasing one per listing
    // are two more round trips to pcscd than the listing itself (docs/benchmarks.md).
    std::mutex listingMutex;
    std::optional<pcsc::Context> listingContext;

    std::mutex locksMutex;
    // By device id; an entry lives as long as a session holds or waits for it.
    std::map<std::string, std::weak_ptr<FifoMutex>> locks;

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
            probe = CardProbe::start(reader.name, reader.atr, vendor);
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
        auto device = identified
            ? describeDevice(reader.name, reader.atr, result->info, environment, result->source)
            : describeDevice(reader.name, reader.atr, std::nullopt, environment);
        device.insertion = key;
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
        std::erase_if(locks, [](const auto& entry) { return entry.second.expired(); });
        auto& entry = locks[id];
        auto lock = entry.lock();
        if (!lock) {
            lock = std::make_shared<FifoMutex>();
            entry = lock;
        }
        return lock;
    }

    // A kept context fails once pcscd has stopped or restarted: it is replaced, and a new one
    // reports PCSC_UNAVAILABLE if pcscd is really gone.
    std::vector<pcsc::Reader> readersNow()
    {
        std::lock_guard guard(listingMutex);
        if (listingContext) {
            try {
                return listingContext->listReaders();
            } catch (const std::exception&) {
                listingContext.reset();
            }
        }
        try {
            listingContext.emplace();
            return listingContext->listReaders();
        } catch (...) {
            listingContext.reset();
            throw;
        }
    }

    std::vector<Device> list(const std::vector<pcsc::Reader>& readers)
    {
        const auto deadline = std::chrono::steady_clock::now() + PROBE_WAIT;
        std::vector<Device> devices;
        std::vector<std::string> present;
        for (const auto& reader : readers) {
            if (!reader.cardPresent || reader.mute || reader.atr.empty()) {
                continue;
            }
            const auto key = insertionKey(reader);
            present.push_back(key);
            if (auto device = cached(key)) {
                devices.push_back(std::move(*device));
            } else if (auto described = describe(reader, key, deadline)) {
                devices.push_back(std::move(*described));
            }
        }
        forgetAllBut(present);
        return devices;
    }
};

DeviceService::DeviceService(Environment environment, std::shared_ptr<VendorIdentifier> vendor) :
    _impl(std::make_unique<Impl>())
{
    _impl->environment = std::move(environment);
    _impl->vendor = std::move(vendor);
}

DeviceService::~DeviceService() = default;

const Environment& DeviceService::environment() const
{
    return _impl->environment;
}

std::vector<Device> DeviceService::listDevices()
{
    return _impl->list(_impl->readersNow());
}

namespace
{

    Device find(std::vector<Device> devices, const std::string& id)
    {
        const auto found = std::ranges::find(devices, id, &Device::id);
        if (found == devices.end()) {
            throw RequestError(ErrorCode::DEVICE_NOT_FOUND, "no token with id " + id);
        }
        return std::move(*found);
    }

} // namespace

Device DeviceService::getDevice(const std::string& id)
{
    return find(listDevices(), id);
}

DeviceSession DeviceService::open(const std::string& id)
{
    auto lock = _impl->lockFor(id);
    std::unique_lock guard(*lock);
    auto context = std::make_shared<const pcsc::Context>();
    auto device = find(_impl->list(context->listReaders()), id);
    return DeviceSession(std::move(device), std::move(lock), std::move(guard), std::move(context));
}

PinStatus DeviceService::getPinStatus(const std::string& id)
{
    auto session = open(id);
    auto& card = session.card();
    return { readPinInfo(card, PIN_USER), readPinInfo(card, PIN_ADMIN) };
}

} // namespace tokenbridge::devices
