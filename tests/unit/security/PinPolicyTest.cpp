#include "core/Error.hpp"
#include "security/PinBuffer.hpp"
#include "security/PinPolicy.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace tokenbridge;
using security::PinPolicy;

namespace
{

ErrorCode codeFor(
    const std::string& text, const PinPolicy& policy, nlohmann::json* details = nullptr)
{
    security::PinBuffer pin;
    pin.assign(std::span<const char>(text.data(), text.size()));
    try {
        security::checkNewPin(pin, policy);
        return ErrorCode::INTERNAL_ERROR; // accepted
    } catch (const UserActionError& error) {
        if (details) {
            *details = error.details();
        }
        EXPECT_EQ(std::string(error.what()).find(text), std::string::npos) << "the PIN is quoted";
        return error.code();
    }
}

} // namespace

TEST(PinPolicy, lengthsOutsideThePolicyArePinInvalidWithTheLimits)
{
    const PinPolicy policy = security::RUTOKEN_PIN_POLICY;
    nlohmann::json details;
    EXPECT_EQ(codeFor("12345", policy, &details), ErrorCode::PIN_INVALID);
    EXPECT_EQ(details["reason"], "too-short");
    EXPECT_EQ(details["param"], "newPin");
    EXPECT_EQ(details["minLength"], 6);
    EXPECT_EQ(details["maxLength"], 32);
    EXPECT_EQ(codeFor(std::string(33, '7'), policy, &details), ErrorCode::PIN_INVALID);
    EXPECT_EQ(details["reason"], "too-long");
    EXPECT_EQ(codeFor("123456", policy), ErrorCode::INTERNAL_ERROR);
    EXPECT_EQ(codeFor(std::string(32, '7'), policy), ErrorCode::INTERNAL_ERROR);
    // A module's own policy.
    EXPECT_EQ(codeFor("1234", { 4, 8 }), ErrorCode::INTERNAL_ERROR);
    EXPECT_EQ(codeFor("123456789", { 4, 8 }), ErrorCode::PIN_INVALID);
}
