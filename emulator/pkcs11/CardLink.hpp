#pragma once

#include <PCSC/winscard.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tokenbridge::vtoken::pkcs11
{

using Bytes = std::vector<uint8_t>;

struct CardResponse
{
    Bytes data;
    uint16_t sw = 0;
};

// One PC/SC connection to the card in a reader, as a vendor module keeps it. Every APDU runs in
// its own PC/SC transaction, so other applications (the host's passive path) interleave safely.
class CardLink
{
public:
    CardLink(SCARDCONTEXT context, std::string reader);
    ~CardLink();
    CardLink(const CardLink&) = delete;
    CardLink& operator=(const CardLink&) = delete;

    // Throws CardGone when the card is absent or vanished mid-command.
    CardResponse transmit(const Bytes& apdu);
    const std::string& reader() const { return reader_; }

private:
    void connect();
    void disconnect();

    SCARDCONTEXT context_;
    std::string reader_;
    SCARDHANDLE card_ = 0;
    DWORD protocol_ = 0;
};

struct CardGone
{
};

// APDU builder: extended length whenever data or Le need it.
Bytes apdu(uint8_t cla, uint8_t ins, uint8_t p1, uint8_t p2, const Bytes& data = {},
    bool expectData = false);

} // namespace tokenbridge::vtoken::pkcs11
