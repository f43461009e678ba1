// GENERATED from spec/protocol.json by scripts/gen-protocol.mjs: do not edit. Change the JSON
// and run `node scripts/gen-protocol.mjs`; CTest spec.generated_files fails while this file
// differs from what the generator writes.
#pragma once

#include "CommandRules.hpp"

// clang-format off
namespace tokenbridge::protocol
{

// Every command of the protocol, in the order of the spec. A command of a CommandTable without
// a rule here cannot be served: the Dispatcher's constructor refuses the table.
inline constexpr CommandRule COMMAND_RULES[] = {
    { "version", OriginRule::Optional, PinRule::Never, std::nullopt },
    { "listDevices", OriginRule::Required, PinRule::Never, std::nullopt },
    { "getDeviceInfo", OriginRule::Required, PinRule::Never, std::nullopt },
    { "listCertificates", OriginRule::Required, PinRule::Optional, std::nullopt },
    { "listKeys", OriginRule::Required, PinRule::Optional, std::nullopt },
    { "getKeyInfo", OriginRule::Required, PinRule::Optional, std::nullopt },
    { "verify", OriginRule::Required, PinRule::Never, std::nullopt },
    { "sign", OriginRule::Required, PinRule::UnlessStream, std::nullopt },
    { "signAppend", OriginRule::Required, PinRule::Never, std::nullopt },
    { "signFinish", OriginRule::Required, PinRule::Always, std::nullopt },
    { "digest", OriginRule::Required, PinRule::Never, std::nullopt },
    { "enhance", OriginRule::Required, PinRule::Never, std::nullopt },
    { "generateKeyPair", OriginRule::Required, PinRule::Always, std::nullopt },
    { "createCsr", OriginRule::Required, PinRule::Always, std::nullopt },
    { "importCertificate", OriginRule::Required, PinRule::Always, std::nullopt },
    { "deleteCertificate", OriginRule::Required, PinRule::Always, std::nullopt },
    { "deleteKey", OriginRule::Required, PinRule::Always, std::nullopt },
    { "authenticate", OriginRule::Everywhere, PinRule::Always, std::nullopt },
    { "encrypt", OriginRule::Required, PinRule::Never, std::nullopt },
    { "decrypt", OriginRule::Required, PinRule::Always, std::nullopt },
    { "rawSign", OriginRule::Required, PinRule::Always, std::nullopt },
    { "getPublicKey", OriginRule::Required, PinRule::Optional, std::nullopt },
    { "getKeyByCertificate", OriginRule::Required, PinRule::Optional, std::nullopt },
    { "setKeyLabel", OriginRule::Required, PinRule::Always, std::nullopt },
    { "setCertificateLabel", OriginRule::Required, PinRule::Always, std::nullopt },
    { "listData", OriginRule::Required, PinRule::Optional, std::nullopt },
    { "readData", OriginRule::Required, PinRule::Optional, std::nullopt },
    { "writeData", OriginRule::Required, PinRule::Always, std::nullopt },
    { "deleteData", OriginRule::Required, PinRule::Always, std::nullopt },
    { "changePin", OriginRule::Required, PinRule::Always, std::nullopt, true },
    { "unblockUserPin", OriginRule::Required, PinRule::Always, std::nullopt, true },
    { "exportKey", OriginRule::Optional, PinRule::Always,
        ChannelRefusal { ErrorCode::NOT_EXPORTABLE,
            "keys are exported only through the tokenbridge-host command line" } },
    { "importContainer", OriginRule::Optional, PinRule::Always,
        ChannelRefusal { ErrorCode::UNKNOWN_COMMAND,
            "containers are imported only through the tokenbridge-host command line" } },
};

} // namespace tokenbridge::protocol
// clang-format on
