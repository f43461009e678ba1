#include "KeyCommands.hpp"

#include "KeyCommandSpecs.hpp"

#include <memory>

namespace tokenbridge::commands
{

void addKeyCommands(protocol::CommandTable& table, devices::DeviceService& service)
{
    // Shared by sign/signAppend/signFinish; lives as long as the table's handlers.
    const auto streams = std::make_shared<SignStreams>();
    table.add(listCertificatesCommand(service));
    table.add(listKeysCommand(service));
    table.add(getKeyInfoCommand(service));
    table.add(generateKeyPairCommand(service));
    table.add(createCsrCommand(service));
    table.add(importCertificateCommand(service));
    table.add(deleteCertificateCommand(service));
    table.add(deleteKeyCommand(service));
    table.add(exportKeyCommand(service));
    auto sign = signCommand(service, *streams);
    auto append = signAppendCommand(*streams);
    auto finish = signFinishCommand(service, *streams);
    // Each handler holds a reference on the registry.
    for (auto* spec : { &sign, &append, &finish }) {
        spec->handler = [streams, handler = std::move(spec->handler)](
                            const protocol::CommandContext& context) { return handler(context); };
        table.add(std::move(*spec));
    }
    table.add(verifyCommand());
}

} // namespace tokenbridge::commands
