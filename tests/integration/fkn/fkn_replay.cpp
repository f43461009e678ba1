// Replays recorded command APDUs (hex, one a line) raw to the card in a PC/SC reader, as an
// attacker with a sniffer's capture would. Prints "OBJECTS <hex>" (the token's object list,
// 80 48 00 00) before and after, and "<command> -> <response>" per line (upper-case hex; an empty
// response when the exchange failed, with the reason on stderr).
//   fkn_replay READER FILE
#include "pcsc/Card.hpp"
#include "core/Bytes.hpp"
#include "core/Error.hpp"

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

namespace
{

using namespace tokenbridge;

Bytes transmit(pcsc::Card& card, const Bytes& command)
{
    try {
        return card.transmitRaw(command).encode();
    } catch (const Error& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return {};
    }
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: fkn_replay READER FILE\n");
        return 2;
    }
    std::unique_ptr<pcsc::Card> card;
    try {
        card = std::make_unique<pcsc::Card>(std::make_shared<pcsc::Context>(), argv[1]);
    } catch (const Error& error) {
        std::fprintf(stderr, "cannot connect to %s: %s\n", argv[1], error.what());
        return 1;
    }
    const Bytes listObjects { 0x80, 0x48, 0x00, 0x00, 0x00, 0x00, 0x00 };
    std::printf("OBJECTS %s\n", toHexUpper(transmit(*card, listObjects)).c_str());
    std::ifstream file(argv[2]);
    std::string line;
    while (std::getline(file, line)) {
        if (line.empty()) {
            continue;
        }
        const Bytes command = fromHex(line);
        std::printf("%s -> %s\n", toHexUpper(command).c_str(),
            toHexUpper(transmit(*card, command)).c_str());
    }
    std::printf("OBJECTS %s\n", toHexUpper(transmit(*card, listObjects)).c_str());
    return 0;
}
