#include "PinStore.hpp"

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace tokenbridge::vtoken
{

namespace
{

    // Enough to make an offline guess cost something, small enough for tests doing many VERIFYs.
    constexpr uint32_t ITERATIONS = 10000;
    constexpr size_t SALT_SIZE = 16;
    constexpr size_t HASH_SIZE = 32;

} // namespace

PinRecord::PinRecord(std::span<const uint8_t> pin, uint8_t maxTries) :
    _maxTries(maxTries), _triesLeft(maxTries)
{
    set(pin);
}

void PinRecord::set(std::span<const uint8_t> pin)
{
    _salt.assign(SALT_SIZE, 0);
    if (RAND_bytes(_salt.data(), static_cast<int>(_salt.size())) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    _iterations = ITERATIONS;
    _hash = hash(pin);
    _triesLeft = _maxTries;
}

Bytes PinRecord::hash(std::span<const uint8_t> pin) const
{
    Bytes out(HASH_SIZE);
    if (PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(pin.data()), static_cast<int>(pin.size()),
            _salt.data(), static_cast<int>(_salt.size()), static_cast<int>(_iterations),
            EVP_sha256(), static_cast<int>(out.size()), out.data())
        != 1) {
        throw std::runtime_error("PBKDF2 failed");
    }
    return out;
}

bool PinRecord::matches(std::span<const uint8_t> pin) const
{
    const Bytes candidate = hash(pin);
    return candidate.size() == _hash.size()
        && CRYPTO_memcmp(candidate.data(), _hash.data(), _hash.size()) == 0;
}

PinRecord::Check PinRecord::verify(std::span<const uint8_t> pin)
{
    if (blocked()) {
        return Check::Blocked;
    }
    if (matches(pin)) {
        _triesLeft = _maxTries;
        return Check::Ok;
    }
    --_triesLeft;
    return Check::Wrong;
}

nlohmann::json PinRecord::toJson() const
{
    return { { "salt", toHexUpper(_salt) }, { "hash", toHexUpper(_hash) },
        { "iterations", _iterations }, { "maxTries", _maxTries }, { "triesLeft", _triesLeft } };
}

PinRecord PinRecord::fromJson(const nlohmann::json& j)
{
    PinRecord pin;
    pin._salt = fromHex(j.at("salt").get<std::string>());
    pin._hash = fromHex(j.at("hash").get<std::string>());
    pin._iterations = j.at("iterations").get<uint32_t>();
    pin._maxTries = j.at("maxTries").get<uint8_t>();
    pin._triesLeft = j.at("triesLeft").get<uint8_t>();
    if (pin._hash.size() != HASH_SIZE || pin._iterations == 0 || pin._maxTries == 0
        || pin._maxTries > 15 || pin._triesLeft > pin._maxTries) {
        throw std::runtime_error("bad PIN record in state");
    }
    return pin;
}

} // namespace tokenbridge::vtoken
