#pragma once

#include "core/Bytes.hpp"

#include <cstdint>
#include <span>

#include <nlohmann/json_fwd.hpp>

namespace tokenbridge::vtoken
{

// PIN references (VERIFY P2), as on Rutoken.
inline constexpr uint8_t PIN_ADMIN = 0x01;
inline constexpr uint8_t PIN_USER = 0x02;

inline constexpr size_t PIN_MIN_LENGTH = 6;
inline constexpr size_t PIN_MAX_LENGTH = 32;

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
    void unblock() { triesLeft_ = maxTries_; }
    // Whether `pin` is this PIN, without counting anything (factory checks at start-up).
    bool matches(std::span<const uint8_t> pin) const;
    // The FKN credential shares this counter (docs/fkn.md "One PIN, one counter").
    void setTriesLeft(uint8_t tries) { triesLeft_ = tries < maxTries_ ? tries : maxTries_; }

    uint8_t triesLeft() const { return triesLeft_; }
    uint8_t maxTries() const { return maxTries_; }
    bool blocked() const { return triesLeft_ == 0; }

    nlohmann::json toJson() const;
    static PinRecord fromJson(const nlohmann::json& json);

private:
    Bytes hash(std::span<const uint8_t> pin) const;

    Bytes salt_;
    Bytes hash_;
    uint32_t iterations_ = 0;
    uint8_t maxTries_ = 10;
    uint8_t triesLeft_ = 10;
};

} // namespace tokenbridge::vtoken
