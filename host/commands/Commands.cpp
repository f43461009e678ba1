#include "Commands.hpp"

namespace tokenbridge::commands
{

namespace
{

    using AddCommands = void (*)(protocol::CommandTable&, const Services&);

    // version, listDevices, getDeviceInfo | listCertificates, listKeys, getKeyInfo |
    // generateKeyPair | createCsr, importCertificate, deleteCertificate | deleteKey, exportKey |
    // sign, signAppend, signFinish, verify | authenticate | encrypt, decrypt | enhance |
    // rawSign, getPublicKey, getKeyByCertificate, setKeyLabel, setCertificateLabel | listData,
    // readData, writeData, deleteData | changePin, unblockUserPin.
    constexpr AddCommands GROUPS[] = { addDeviceCommands, addKeyListCommands,
        addKeyGenerationCommands, addCertificateCommands, addKeyAdminCommands, addSignCommands,
        addAuthCommands, addCryptCommands, addLongTermCommands, addKeyObjectCommands,
        addDataCommands, addPinCommands };

} // namespace

protocol::CommandTable makeCommandTable(const Services& services)
{
    protocol::CommandTable table;
    for (const auto add : GROUPS) {
        add(table, services);
    }
    return table;
}

} // namespace tokenbridge::commands
