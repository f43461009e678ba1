#pragma once

#include "Commands.hpp"

namespace tokenbridge::commands
{

// listCertificates, listKeys, generateKeyPair, createCsr, importCertificate, sign (+ signAppend,
// signFinish for streamed documents), verify, getKeyInfo, deleteKey, deleteCertificate,
// exportKey (CLI only); docs/protocol-keys.md.
void addKeyCommands(protocol::CommandTable& table, const Services& services);

} // namespace tokenbridge::commands
