#include "KeyCommands.hpp"

#include "KeyCommandSpecs.hpp"

#include <memory>

namespace tokenbridge::commands
{

void addKeyCommands(protocol::CommandTable& table, const Services& services)
{
    // Shared by sign/signAppend/signFinish; lives as long as the table's handlers.
    const auto streams = std::make_shared<SignStreams>();
    table.add(listCertificatesCommand(services));
    table.add(listKeysCommand(services.keys));
    table.add(getKeyInfoCommand(services.keys));
    table.add(generateKeyPairCommand(services.keys));
    table.add(createCsrCommand(services.keys));
    table.add(importCertificateCommand(services.keys));
    table.add(deleteCertificateCommand(services.keys));
    table.add(deleteKeyCommand(services.keys));
    table.add(exportKeyCommand(services.keys));
    auto sign = signCommand(services.keys, *streams);
    auto append = signAppendCommand(*streams);
    auto finish = signFinishCommand(services.keys, *streams);
    // Each handler holds a reference on the registry.
    for (auto* spec : { &sign, &append, &finish }) {
        spec->handler = [streams, handler = std::move(spec->handler)](
                            const protocol::CommandContext& context) { return handler(context); };
        table.add(std::move(*spec));
    }
    table.add(verifyCommand());
}

} // namespace tokenbridge::commands
