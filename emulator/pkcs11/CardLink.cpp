#include "CardLink.hpp"

namespace tokenbridge::vtoken::pkcs11
{

CardLink::CardLink(SCARDCONTEXT context, std::string reader) :
    context_(context), reader_(std::move(reader))
{
}

CardLink::~CardLink()
{
    disconnect();
}

void CardLink::connect()
{
    if (card_ != 0) {
        return;
    }
    const LONG rc = SCardConnect(context_, reader_.c_str(), SCARD_SHARE_SHARED,
        SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card_, &protocol_);
    if (rc != SCARD_S_SUCCESS) {
        card_ = 0;
        throw CardGone {};
    }
}

void CardLink::disconnect()
{
    if (card_ != 0) {
        SCardDisconnect(card_, SCARD_LEAVE_CARD);
        card_ = 0;
    }
}

CardResponse CardLink::transmit(const Bytes& command)
{
    // A reset or removal invalidates the handle: reconnect once, then give up.
    for (int attempt = 0; attempt < 2; ++attempt) {
        connect();
        LONG rc = SCardBeginTransaction(card_);
        if (rc == SCARD_S_SUCCESS) {
            Bytes buffer(65538);
            DWORD length = static_cast<DWORD>(buffer.size());
            const SCARD_IO_REQUEST* pci =
                protocol_ == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
            rc = SCardTransmit(card_, pci, command.data(), static_cast<DWORD>(command.size()),
                nullptr, buffer.data(), &length);
            SCardEndTransaction(card_, SCARD_LEAVE_CARD);
            // vpcd answers a pulled card with success and no status word (docs/vtoken.md).
            if (rc == SCARD_S_SUCCESS && length >= 2) {
                buffer.resize(length);
                CardResponse response;
                response.sw = static_cast<uint16_t>((buffer[length - 2] << 8) | buffer[length - 1]);
                buffer.resize(length - 2);
                response.data = std::move(buffer);
                return response;
            }
            if (rc == SCARD_S_SUCCESS) {
                disconnect();
                throw CardGone {};
            }
        }
        disconnect();
        // SCARD_W_REMOVED_CARD: the handle predates a pull and re-insertion; a fresh connect
        // tells whether the card is back (it throws CardGone if not).
        if (rc != SCARD_W_RESET_CARD && rc != SCARD_E_INVALID_HANDLE
            && rc != SCARD_W_REMOVED_CARD) {
            throw CardGone {};
        }
    }
    throw CardGone {};
}

Bytes apdu(uint8_t cla, uint8_t ins, uint8_t p1, uint8_t p2, const Bytes& data, bool expectData)
{
    Bytes out { cla, ins, p1, p2 };
    const bool extended = data.size() > 255 || expectData;
    if (!data.empty()) {
        if (extended) {
            out.insert(out.end(),
                { 0x00, static_cast<uint8_t>(data.size() >> 8),
                    static_cast<uint8_t>(data.size()) });
        } else {
            out.push_back(static_cast<uint8_t>(data.size()));
        }
        out.insert(out.end(), data.begin(), data.end());
    }
    if (expectData) {
        // Extended Le 0000 = up to 65536 bytes.
        if (data.empty()) {
            out.push_back(0x00);
        }
        out.insert(out.end(), { 0x00, 0x00 });
    }
    return out;
}

} // namespace tokenbridge::vtoken::pkcs11
