#pragma once

#include "core/Apdu.hpp"
#include "pcsc/Card.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace tokenbridge::vtoken::pkcs11
{

// One PC/SC connection to the card in a reader, as a vendor module keeps it: made when first
// needed, dropped when the card goes. Every APDU runs in its own PC/SC transaction, so other
// applications (the host's passive path) interleave safely.
class CardLink
{
public:
    CardLink(std::shared_ptr<const pcsc::Context> context, std::string reader);

    // One exchange, the status word left to the caller (vtoken answers no 61xx / 6Cxx). Throws
    // CardGone when the card is absent or vanished mid-command; never a pcsc error.
    ResponseApdu transmit(const CommandApdu& command);

    using Exchange = std::function<ResponseApdu(const CommandApdu&)>;
    // Several exchanges in one PC/SC transaction, so that no other application's SELECT comes
    // between a SELECT and its READ BINARY. `work` may run twice (a stale handle before its
    // first exchange), so it must start from nothing each time. Throws CardGone as transmit.
    void transaction(const std::function<void(const Exchange&)>& work);
    // The card's ATR; CardGone without a card.
    Bytes atr();
    const std::string& reader() const { return _reader; }

    // How many times the connection to the card was lost (removed, reset, a failed exchange).
    // The card's PIN state lives as long as one connection does.
    uint64_t losses() const { return _losses; }
    bool connected() const { return _card.has_value(); }
    // Asks PC/SC whether the connection still reaches the card it was made to (SCardStatus, no
    // APDU, no transaction); loses it if not. Nothing to ask while not connected.
    void probe();

private:
    void connect();
    void lose();

    std::shared_ptr<const pcsc::Context> _context;
    std::string _reader;
    std::optional<pcsc::Card> _card; // empty while not connected
    uint64_t _losses = 0;
};

struct CardGone
{
};

// A command of the module. With expectData, Le is the extended maximum (the answer may exceed
// 256 bytes): such a command is always encoded extended, as is one with over 255 bytes of data.
CommandApdu apdu(uint8_t cla, uint8_t ins, uint8_t p1, uint8_t p2, const Bytes& data = {},
    bool expectData = false);

} // namespace tokenbridge::vtoken::pkcs11
