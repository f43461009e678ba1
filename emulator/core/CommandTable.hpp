#pragma once

#include "core/Apdu.hpp"

#include <cstdint>
#include <vector>

namespace tokenbridge::vtoken
{

class Card;

using CommandHandler = ResponseApdu (*)(Card& card, const CommandApdu& apdu);

struct Command
{
    uint8_t cla;
    uint8_t ins;
    CommandHandler handler;
    // Whether the command may change the persistent state: the dispatcher then rolls the state
    // back if the handler fails before committing.
    bool mutates;
};

// INS -> handler. Command groups (files, PINs, info; later keys, SESPAKE) each add their rows.
class CommandTable
{
public:
    void add(Command command) { _commands.push_back(command); }
    const Command* find(uint8_t cla, uint8_t ins) const;
    bool knowsClass(uint8_t cla) const;

private:
    std::vector<Command> _commands;
};

void addFileCommands(CommandTable& table);
void addPinCommands(CommandTable& table);
void addInfoCommands(CommandTable& table);
void addVendorInfoCommands(CommandTable& table);
void addKeyCommands(CommandTable& table);
void addFknCommands(CommandTable& table);
void addKeyAgreementCommands(CommandTable& table);

// Every command group of this card OS.
CommandTable standardCommands();

} // namespace tokenbridge::vtoken
