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
    maxTries_(maxTries), triesLeft_(maxTries)
{
    set(pin);
}

void PinRecord::set(std::span<const uint8_t> pin)
{
    salt_.assign(SALT_SIZE, 0);
    if (RAND_bytes(salt_.data(), static_cast<int>(salt_.size())) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    iterations_ = ITERATIONS;
    hash_ = hash(pin);
    triesLeft_ = maxTries_;
}

Bytes PinRecord::hash(std::span<const uint8_t> pin) const
{
    Bytes out(HASH_SIZE);
    if (PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(pin.data()), static_cast<int>(pin.size()),
            salt_.data(), static_cast<int>(salt_.size()), static_cast<int>(iterations_),
            EVP_sha256(), static_cast<int>(out.size()), out.data())
        != 1) {
        throw std::runtime_error("PBKDF2 failed");
    }
    return out;
}

bool PinRecord::matches(std::span<const uint8_t> pin) const
{
    const Bytes candidate = hash(pin);
    return candidate.size() == hash_.size()
        && CRYPTO_memcmp(candidate.data(), hash_.data(), hash_.size()) == 0;
}

PinRecord::Check PinRecord::verify(std::span<const uint8_t> pin)
{
    if (blocked()) {
        return Check::Blocked;
    }
    if (matches(pin)) {
        triesLeft_ = maxTries_;
        return Check::Ok;
    }
    --triesLeft_;
    return Check::Wrong;
}

nlohmann::json PinRecord::toJson() const
{
    return { { "salt", toHexUpper(salt_) }, { "hash", toHexUpper(hash_) },
        { "iterations", iterations_ }, { "maxTries", maxTries_ }, { "triesLeft", triesLeft_ } };
}

PinRecord PinRecord::fromJson(const nlohmann::json& j)
{
    PinRecord pin;
    pin.salt_ = fromHex(j.at("salt").get<std::string>());
    pin.hash_ = fromHex(j.at("hash").get<std::string>());
    pin.iterations_ = j.at("iterations").get<uint32_t>();
    pin.maxTries_ = j.at("maxTries").get<uint8_t>();
    pin.triesLeft_ = j.at("triesLeft").get<uint8_t>();
    if (pin.hash_.size() != HASH_SIZE || pin.iterations_ == 0 || pin.maxTries_ == 0
        || pin.maxTries_ > 15 || pin.triesLeft_ > pin.maxTries_) {
        throw std::runtime_error("bad PIN record in state");
    }
    return pin;
}

} // namespace tokenbridge::vtoken
