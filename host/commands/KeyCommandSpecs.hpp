#pragma once

#include "Commands.hpp"
#include "SignStreams.hpp"

#include "protocol/CommandTable.hpp"

namespace tokenbridge::modes
{
class KeyService;
}

namespace tokenbridge::commands
{

protocol::CommandSpec listCertificatesCommand(const Services& services);
protocol::CommandSpec listKeysCommand(modes::KeyService& keys);
protocol::CommandSpec getKeyInfoCommand(modes::KeyService& keys);
protocol::CommandSpec generateKeyPairCommand(modes::KeyService& keys);
protocol::CommandSpec createCsrCommand(modes::KeyService& keys);
protocol::CommandSpec importCertificateCommand(modes::KeyService& keys);
protocol::CommandSpec deleteCertificateCommand(modes::KeyService& keys);
protocol::CommandSpec deleteKeyCommand(modes::KeyService& keys);
protocol::CommandSpec exportKeyCommand(modes::KeyService& keys);
protocol::CommandSpec signCommand(modes::KeyService& keys, SignStreams& streams);
protocol::CommandSpec signAppendCommand(SignStreams& streams);
protocol::CommandSpec signFinishCommand(modes::KeyService& keys, SignStreams& streams);
protocol::CommandSpec verifyCommand();

} // namespace tokenbridge::commands
