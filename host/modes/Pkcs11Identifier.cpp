#include "Pkcs11Identifier.hpp"

#include "core/Log.hpp"
#include "modes/active/ModuleSet.hpp"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <limits>

namespace tokenbridge::modes
{

namespace
{

    namespace rt = active::rt;

    // The token type for a library that leaves the deprecated field unset, from the token class.
    struct ClassType
    {
        CK_ULONG tokenClass;
        CK_ULONG tokenType;
    };

    constexpr ClassType CLASS_TYPES[] = {
        { rt::TOKEN_CLASS_S, rt::TOKEN_TYPE_RUTOKEN },
        { rt::TOKEN_CLASS_ECP, rt::TOKEN_TYPE_RUTOKEN_ECP },
        { rt::TOKEN_CLASS_LITE, rt::TOKEN_TYPE_RUTOKEN_LITE },
    };

    uint8_t tokenTypeOf(const active::VendorToken& token)
    {
        if (token.tokenType != 0 && token.tokenType < rt::TOKEN_TYPE_UNKNOWN) {
            return static_cast<uint8_t>(token.tokenType);
        }
        for (const auto& entry : CLASS_TYPES) {
            if (token.tokenClass == entry.tokenClass) {
                return static_cast<uint8_t>(entry.tokenType);
            }
        }
        return static_cast<uint8_t>(rt::TOKEN_TYPE_UNKNOWN);
    }

    // CK_TOKEN_INFO.serialNumber as Aktiv's apps read it: hex digits, padded.
    std::optional<uint64_t> hexSerial(const std::string& text)
    {
        if (text.empty() || text.size() > 16
            || text.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
            return std::nullopt;
        }
        return std::stoull(text, nullptr, 16);
    }

    std::optional<uint32_t> serialOf(const active::VendorToken& token)
    {
        uint64_t serial = 0;
        for (const auto byte : token.serial) {
            serial = (serial << 8) | byte;
        }
        if (serial == 0) {
            serial = hexSerial(token.serialText).value_or(0);
        }
        if (serial == 0 || serial > std::numeric_limits<uint32_t>::max()) {
            return std::nullopt;
        }
        return static_cast<uint32_t>(serial);
    }

    uint32_t clamped(CK_ULONG value)
    {
        return static_cast<uint32_t>(
            std::min<CK_ULONG>(value, std::numeric_limits<uint32_t>::max()));
    }

    // Interface bits above 0xFF are not Aktiv's (INTERFACE_TYPE_* fit one byte).
    uint8_t interfaceBits(CK_ULONG value)
    {
        return static_cast<uint8_t>(value & 0xFF);
    }

    constexpr std::size_t MODEL_NAME_MAX = 64; // as the token-info object's tag 88

} // namespace

std::optional<devices::TokenInfo> toTokenInfo(const active::VendorToken& token)
{
    const auto serial = serialOf(token);
    if (!serial) {
        return std::nullopt;
    }
    devices::TokenInfo info;
    info.tokenType = tokenTypeOf(token);
    info.hardware = { token.hardwareVersion.major, token.hardwareVersion.minor };
    info.firmware = { token.firmwareVersion.major, token.firmwareVersion.minor };
    info.serial = *serial;
    info.flags = clamped(token.flags);
    info.features =
        static_cast<uint8_t>((token.gostKeyGeneration ? devices::FEATURE_CRYPTO_CORE : 0)
            | ((token.flags & rt::TOKEN_FLAGS_SUPPORT_FKN) != 0 ? devices::FEATURE_FKN : 0));
    info.currentInterface = interfaceBits(token.currentInterface);
    info.supportedInterfaces = interfaceBits(token.supportedInterfaces);
    auto name = token.modelName;
    while (!name.empty() && (name.back() == 0 || name.back() == ' ')) {
        name.pop_back(); // a fixed-size, padded attribute
    }
    if (name.size() <= MODEL_NAME_MAX && devices::isCleanUtf8(name)) {
        info.modelName.assign(name.begin(), name.end());
    }
    info.totalMemory = clamped(token.totalMemory);
    info.freeMemory = clamped(token.freeMemory);
    return info;
}

Pkcs11Identifier::Pkcs11Identifier(std::shared_ptr<active::ModuleSet> modules) :
    _modules(std::move(modules))
{
}

std::optional<devices::TokenInfo> Pkcs11Identifier::describe(const std::string& reader)
{
    try {
        const auto token = _modules->describe(reader);
        if (!token) {
            return std::nullopt;
        }
        auto info = toTokenInfo(*token);
        if (!info) {
            log::warn("the PKCS#11 library gives the token in " + reader
                + " no 32-bit serial; identifying it without the library");
        }
        return info;
    } catch (const std::exception& error) {
        log::warn("identifying the token in " + reader + " through PKCS#11: " + error.what());
    }
    return std::nullopt;
}

} // namespace tokenbridge::modes
