#include "core/Error.hpp"
#include "security/PinBuffer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <new>
#include <string>
#include <unistd.h>

using tokenbridge::security::PinBuffer;

namespace
{

bool contains(const unsigned char* memory, size_t size, std::string_view needle)
{
    return std::search(memory, memory + size, needle.begin(), needle.end()) != memory + size;
}

std::string tempFile(const std::string& content)
{
    char path[] = "/tmp/tb-pin-XXXXXX";
    const int fd = ::mkstemp(path);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(::write(fd, content.data(), content.size()), ssize_t(content.size()));
    ::close(fd);
    return path;
}

} // namespace

TEST(PinBuffer, holdsThePin)
{
    PinBuffer pin;
    pin.assign(std::string_view("12345678"));
    EXPECT_EQ(pin.view(), "12345678");
    EXPECT_EQ(pin.size(), 8U);
    pin.append('9');
    EXPECT_EQ(pin.view(), "123456789");
    pin.truncate(4);
    EXPECT_EQ(pin.view(), "1234");
}

TEST(PinBuffer, destructionWipesTheMemory)
{
    alignas(PinBuffer) unsigned char storage[sizeof(PinBuffer)];
    auto* pin = new (storage) PinBuffer();
    pin->assign(std::string_view("S3cretPIN-4711"));
    ASSERT_TRUE(contains(storage, sizeof(storage), "S3cretPIN-4711"));
    pin->~PinBuffer();
    EXPECT_FALSE(contains(storage, sizeof(storage), "S3cretPIN-4711"));
    EXPECT_FALSE(contains(storage, sizeof(storage), "4711"));
}

TEST(PinBuffer, clearTruncateAndReassignWipe)
{
    alignas(PinBuffer) unsigned char storage[sizeof(PinBuffer)];
    auto* pin = new (storage) PinBuffer();
    pin->assign(std::string_view("first-long-pin"));
    pin->assign(std::string_view("2nd"));
    EXPECT_FALSE(contains(storage, sizeof(storage), "long-pin"));
    pin->assign(std::string_view("abcdefgh"));
    pin->truncate(3);
    EXPECT_FALSE(contains(storage, sizeof(storage), "defgh"));
    pin->clear();
    EXPECT_FALSE(contains(storage, sizeof(storage), "abc"));
    EXPECT_TRUE(pin->empty());
    pin->~PinBuffer();
}

TEST(PinBuffer, tooLongIsPinInvalidAndLeavesItEmpty)
{
    PinBuffer pin;
    const std::string tooLong(PinBuffer::CAPACITY + 1, '7');
    try {
        pin.assign(tooLong);
        FAIL() << "no exception";
    } catch (const tokenbridge::UserActionError& error) {
        EXPECT_EQ(error.code(), tokenbridge::ErrorCode::PIN_INVALID);
        EXPECT_EQ(std::string(error.what()).find("777"), std::string::npos);
    }
    EXPECT_TRUE(pin.empty());
}

TEST(PinBuffer, readsAPinFileDroppingOneLineEnding)
{
    struct Case
    {
        std::string content;
        std::string pin;
    };
    const Case cases[] = { { "12345678", "12345678" }, { "12345678\n", "12345678" },
        { "12345678\r\n", "12345678" }, { "pass word\n\n", "pass word\n" } };
    for (const auto& c : cases) {
        const auto path = tempFile(c.content);
        PinBuffer pin;
        tokenbridge::security::readPinFile(path.c_str(), pin);
        EXPECT_EQ(pin.view(), c.pin);
        std::remove(path.c_str());
    }
}

TEST(PinBuffer, pinFileErrorsNeverQuoteTheContent)
{
    PinBuffer pin;
    const auto empty = tempFile("\n");
    EXPECT_THROW(
        tokenbridge::security::readPinFile(empty.c_str(), pin), tokenbridge::UserActionError);
    std::remove(empty.c_str());
    const auto huge = tempFile(std::string(1000, '5'));
    try {
        tokenbridge::security::readPinFile(huge.c_str(), pin);
        FAIL() << "no exception";
    } catch (const tokenbridge::Error& error) {
        EXPECT_EQ(error.code(), tokenbridge::ErrorCode::PIN_INVALID);
        EXPECT_EQ(std::string(error.what()).find("5555"), std::string::npos);
    }
    EXPECT_TRUE(pin.empty());
    std::remove(huge.c_str());
    EXPECT_THROW(
        tokenbridge::security::readPinFile("/nonexistent/pin", pin), tokenbridge::RequestError);
}
