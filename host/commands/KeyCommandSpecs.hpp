#pragma once

#include "SignStreams.hpp"

#include "protocol/CommandTable.hpp"

namespace tokenbridge::devices
{
class DeviceService;
}

namespace tokenbridge::commands
{

protocol::CommandSpec listCertificatesCommand(devices::DeviceService& service);
protocol::CommandSpec listKeysCommand(devices::DeviceService& service);
protocol::CommandSpec getKeyInfoCommand(devices::DeviceService& service);
protocol::CommandSpec generateKeyPairCommand(devices::DeviceService& service);
protocol::CommandSpec createCsrCommand(devices::DeviceService& service);
protocol::CommandSpec importCertificateCommand(devices::DeviceService& service);
protocol::CommandSpec deleteCertificateCommand(devices::DeviceService& service);
protocol::CommandSpec deleteKeyCommand(devices::DeviceService& service);
protocol::CommandSpec exportKeyCommand(devices::DeviceService& service);
protocol::CommandSpec signCommand(devices::DeviceService& service, SignStreams& streams);
protocol::CommandSpec signAppendCommand(SignStreams& streams);
protocol::CommandSpec signFinishCommand(devices::DeviceService& service, SignStreams& streams);
protocol::CommandSpec verifyCommand();

} // namespace tokenbridge::commands
