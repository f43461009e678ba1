#pragma once

#include "core/Bytes.hpp"

#include <cstdint>
#include <span>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace tokenbridge::vtoken
{

// PIN references (VERIFY P2), as on Rutoken.
inline constexpr uint8_t PIN_ADMIN = 0x01;
inline constexpr uint8_t PIN_USER = 0x02;

inline constexpr size_t PIN_MIN_LENGTH = 6;
inline constexpr size_t PIN_MAX_LENGTH = 32;

// The PINs a card leaves the factory with.
inline constexpr std::string_view FACTORY_ADMIN_PIN = "87654321";
inline constexpr std::string_view FACTORY_USER_PIN = "12345678";

// One PIN as the card keeps it: a salted PBKDF2-HMAC-SHA256 hash and its retry counter. The
// PIN itself is never stored.
class PinRecord
{
public:
    PinRecord() = default;
    PinRecord(std::span<const uint8_t> pin, uint8_t maxTries);

    enum class Check { Ok, Wrong, Blocked };
    // Counts a wrong PIN and resets the counter on a right one.
    Check verify(std::span<const uint8_t> pin);
    // A new PIN with a fresh salt; resets the counter.
    void set(std::span<const uint8_t> pin);
    void unblock() { _triesLeft = _maxTries; }
    // Whether `pin` is this PIN, without counting anything (factory checks at start-up).
    bool matches(std::span<const uint8_t> pin) const;
    // The FKN credential shares this counter (docs/fkn.md "One PIN, one counter").
    void setTriesLeft(uint8_t tries) { _triesLeft = tries < _maxTries ? tries : _maxTries; }

    uint8_t triesLeft() const { return _triesLeft; }
    uint8_t maxTries() const { return _maxTries; }
    bool blocked() const { return _triesLeft == 0; }

    nlohmann::json toJson() const;
    static PinRecord fromJson(const nlohmann::json& json);

private:
    Bytes hash(std::span<const uint8_t> pin) const;

    Bytes _salt;
    Bytes _hash;
    uint32_t _iterations = 0;
    uint8_t _maxTries = 10;
    uint8_t _triesLeft = 10;
};

} // namespace tokenbridge::vtoken
