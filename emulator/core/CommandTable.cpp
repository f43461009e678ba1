#include "CommandTable.hpp"

namespace tokenbridge::vtoken
{

const Command* CommandTable::find(uint8_t cla, uint8_t ins) const
{
    for (const auto& command : _commands) {
        if (command.cla == cla && command.ins == ins) {
            return &command;
        }
    }
    return nullptr;
}

bool CommandTable::knowsClass(uint8_t cla) const
{
    for (const auto& command : _commands) {
        if (command.cla == cla) {
            return true;
        }
    }
    return cla == 0x00 || cla == 0x80;
}

CommandTable standardCommands()
{
    CommandTable table;
    addFileCommands(table);
    addPinCommands(table);
    addInfoCommands(table);
    addVendorInfoCommands(table);
    addKeyCommands(table);
    addFknCommands(table);
    addKeyAgreementCommands(table);
    return table;
}

} // namespace tokenbridge::vtoken
