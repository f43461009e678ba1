#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace tokenbridge::devices
{

struct Version
{
    uint8_t major = 0;
    uint8_t minor = 0;
    auto operator<=>(const Version&) const = default;
};

// Interface bits as rtpkcs11ecp's INTERFACE_TYPE_* (see docs/vtoken.md, tag 86/87).
inline constexpr uint8_t INTERFACE_USB = 0x01;
inline constexpr uint8_t INTERFACE_BT = 0x02;
inline constexpr uint8_t INTERFACE_ISO = 0x08;
inline constexpr uint8_t INTERFACE_NFC_B = 0x20;
inline constexpr uint8_t INTERFACE_NFC_A = 0x80;

inline constexpr uint8_t FEATURE_CRYPTO_CORE = 0x01;
inline constexpr uint8_t FEATURE_FKN = 0x02;

inline constexpr uint32_t TOKEN_FLAG_SUPPORT_FKN = 0x10;
inline constexpr uint32_t TOKEN_FLAG_HAS_FLASH_DRIVE = 0x80;
inline constexpr uint32_t TOKEN_FLAG_HAS_BUTTON = 0x200;

// The token-info object a token answers to GET DATA 00 CA 01 81 (docs/vtoken.md).
struct TokenInfo
{
    uint8_t tokenType = 0xFF;
    Version hardware;
    Version firmware;
    uint32_t serial = 0;
    uint32_t flags = 0;
    uint8_t features = 0;
    uint8_t currentInterface = 0;
    uint8_t supportedInterfaces = 0;
    std::string modelName; // empty unless firmware major >= 32
    uint32_t totalMemory = 0;
    uint32_t freeMemory = 0;
};

// Strict UTF-8 without control characters: what a model name from a token (tag 88 or the vendor
// library's CKA_VENDOR_MODEL_NAME) must be before it may end up in JSON.
bool isCleanUtf8(std::span<const uint8_t> bytes);

// Throws RequestError-free CARD_ERROR (tokenbridge::Error) on malformed TLV; never reads out of
// bounds whatever the card sends.
TokenInfo parseTokenInfo(std::span<const uint8_t> data);

} // namespace tokenbridge::devices
