#pragma once

#include "core/Bytes.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tokenbridge::vtoken
{

enum class Connection { Contact, Nfc };

// Interface bits (token-info tags 86/87), rtpkcs11ecp INTERFACE_TYPE_*.
inline constexpr uint8_t IF_USB = 0x01;
inline constexpr uint8_t IF_BT = 0x02;
inline constexpr uint8_t IF_ISO = 0x08;
inline constexpr uint8_t IF_NFC_B = 0x20;

inline constexpr uint8_t FEATURE_CORE = 0x01;
inline constexpr uint8_t FEATURE_FKN = 0x02;

inline constexpr uint32_t FLAG_FKN = 0x10;
inline constexpr uint32_t FLAG_FLASH = 0x80;

// One row of docs/vtoken.md's model table.
struct Model
{
    std::string_view id;
    std::string_view atrContact;
    // Empty when the model has no contactless interface. "PUPI" and "TCK" are placeholders
    // filled per card (see atrFor).
    std::string_view atrNfc;
    uint8_t tokenType;
    uint8_t hwMajor, hwMinor, fwMajor, fwMinor;
    uint8_t features;
    uint32_t flags;
    uint8_t contactInterface; // current interface over the contact connection
    uint8_t supportedInterfaces;
    std::string_view name; // reported only when fwMajor >= 32
    uint32_t totalMemory;

    bool hasNfc() const { return !atrNfc.empty(); }
};

std::span<const Model> modelCatalog();
const Model* findModel(std::string_view id);

// The ATR the card presents: the contactless template gets its PUPI (the serial, big-endian)
// and its TCK (XOR of T0..last historical byte). Throws std::invalid_argument for Nfc on a
// model without a contactless interface.
Bytes atrFor(const Model& model, Connection connection, uint32_t serial);

} // namespace tokenbridge::vtoken
