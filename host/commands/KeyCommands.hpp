#pragma once

#include "protocol/CommandTable.hpp"

namespace tokenbridge::devices
{
class DeviceService;
}

namespace tokenbridge::commands
{

// listCertificates, listKeys, generateKeyPair, createCsr, importCertificate, sign (+ signAppend,
// signFinish for streamed documents), verify, getKeyInfo, deleteKey, deleteCertificate,
// exportKey (CLI only); docs/protocol-keys.md. The service must outlive the handlers.
void addKeyCommands(protocol::CommandTable& table, devices::DeviceService& service);

} // namespace tokenbridge::commands
