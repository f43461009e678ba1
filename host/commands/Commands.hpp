#pragma once

#include "protocol/CommandTable.hpp"

namespace tokenbridge::devices
{
class DeviceService;
}
namespace tokenbridge::modes
{
class KeyService;
}
namespace tokenbridge::net
{
struct HostConfig;
}

namespace tokenbridge::commands
{

class SignStreams;

// What the handlers use, created once per process at the composition roots (app/Host.hpp); it
// must outlive the table's handlers.
struct Services
{
    devices::DeviceService& devices;
    modes::KeyService& keys;
    SignStreams& streams; // documents being signed in chunks (sign / signAppend / signFinish)
    // timestampServers of /etc/tokenbridge/host.json and the user's file; null: none listed.
    const net::HostConfig* hostConfig = nullptr;
};

// Every protocol command; docs/protocol.md documents each one, spec/protocol.json gives its rules.
protocol::CommandTable makeCommandTable(const Services& services);

// One group of commands each, one file each: a new command goes into its group's file.
void addDeviceCommands(protocol::CommandTable& table, const Services& services);
void addKeyListCommands(protocol::CommandTable& table, const Services& services);
void addKeyGenerationCommands(protocol::CommandTable& table, const Services& services);
void addCertificateCommands(protocol::CommandTable& table, const Services& services);
void addKeyAdminCommands(protocol::CommandTable& table, const Services& services);
void addSignCommands(protocol::CommandTable& table, const Services& services);
void addAuthCommands(protocol::CommandTable& table, const Services& services);
void addCryptCommands(protocol::CommandTable& table, const Services& services);
void addLongTermCommands(protocol::CommandTable& table, const Services& services);
// rawSign, getPublicKey, getKeyByCertificate, setKeyLabel, setCertificateLabel.
void addKeyObjectCommands(protocol::CommandTable& table, const Services& services);
// listData, readData, writeData, deleteData.
void addDataCommands(protocol::CommandTable& table, const Services& services);
void addPinCommands(protocol::CommandTable& table, const Services& services);

} // namespace tokenbridge::commands
