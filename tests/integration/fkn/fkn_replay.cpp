// Replays recorded command APDUs (hex, one a line) raw to the card in a PC/SC reader with
// SCardTransmit, as an attacker with a sniffer's capture would. Prints "OBJECTS <hex>" (the
// token's object list, 80 48 00 00) before and after, and "<command> -> <response>" per line.
//   fkn_replay READER FILE
#include <PCSC/winscard.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace
{

using Bytes = std::vector<unsigned char>;

struct ContextCloser
{
    void operator()(SCARDCONTEXT* context) const
    {
        SCardReleaseContext(*context);
        delete context;
    }
};
struct CardCloser
{
    void operator()(SCARDHANDLE* card) const
    {
        SCardDisconnect(*card, SCARD_LEAVE_CARD);
        delete card;
    }
};

Bytes fromHex(const std::string& hex)
{
    Bytes out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<unsigned char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    return out;
}

std::string toHex(const Bytes& bytes)
{
    std::string out;
    char buffer[3];
    for (unsigned char b : bytes) {
        std::snprintf(buffer, sizeof buffer, "%02X", b);
        out += buffer;
    }
    return out;
}

Bytes transmit(SCARDHANDLE card, DWORD protocol, const Bytes& command)
{
    Bytes response(65538);
    DWORD length = static_cast<DWORD>(response.size());
    const SCARD_IO_REQUEST* pci = protocol == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
    const LONG rc = SCardTransmit(card, pci, command.data(), static_cast<DWORD>(command.size()),
        nullptr, response.data(), &length);
    if (rc != SCARD_S_SUCCESS) {
        std::fprintf(stderr, "SCardTransmit: 0x%lX\n", static_cast<unsigned long>(rc));
        return {};
    }
    response.resize(length);
    return response;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: fkn_replay READER FILE\n");
        return 2;
    }
    std::unique_ptr<SCARDCONTEXT, ContextCloser> context(new SCARDCONTEXT {});
    if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, context.get())
        != SCARD_S_SUCCESS) {
        std::fprintf(stderr, "no pcscd\n");
        return 1;
    }
    std::unique_ptr<SCARDHANDLE, CardCloser> card(new SCARDHANDLE {});
    DWORD protocol = 0;
    if (SCardConnect(*context, argv[1], SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
            card.get(), &protocol)
        != SCARD_S_SUCCESS) {
        std::fprintf(stderr, "cannot connect to %s\n", argv[1]);
        return 1;
    }
    const Bytes listObjects { 0x80, 0x48, 0x00, 0x00, 0x00, 0x00, 0x00 };
    std::printf("OBJECTS %s\n", toHex(transmit(*card, protocol, listObjects)).c_str());
    std::ifstream file(argv[2]);
    std::string line;
    while (std::getline(file, line)) {
        if (line.empty()) {
            continue;
        }
        const Bytes command = fromHex(line);
        std::printf("%s -> %s\n", toHex(command).c_str(),
            toHex(transmit(*card, protocol, command)).c_str());
    }
    std::printf("OBJECTS %s\n", toHex(transmit(*card, protocol, listObjects)).c_str());
    return 0;
}
