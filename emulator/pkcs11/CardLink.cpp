#include "CardLink.hpp"

#include <openssl/crypto.h>

#include "pcsc/ScardError.hpp"
#include "core/Error.hpp"

#include <algorithm>

namespace tokenbridge::vtoken::pkcs11
{

namespace
{

    // The handle predates a reset, or a pull and re-insertion: a new connection tells whether
    // the card is back. Anything else means the card is gone for this command.
    constexpr LONG STALE_HANDLE[] = { SCARD_W_RESET_CARD, SCARD_E_INVALID_HANDLE,
        SCARD_W_REMOVED_CARD };

    bool staleHandle(const Error& error)
    {
        const auto code = pcsc::scardCode(error);
        return code && std::ranges::find(STALE_HANDLE, *code) != std::end(STALE_HANDLE);
    }

    // A status query that fails with one of these: the card the handle was made to is gone
    // (removed, reset, powered off, its reader or pcscd gone). Others (another application's
    // exclusive use) say nothing about the card.
    constexpr LONG CARD_LOST[] = { SCARD_W_RESET_CARD, SCARD_E_INVALID_HANDLE, SCARD_W_REMOVED_CARD,
        SCARD_E_NO_SMARTCARD, SCARD_W_UNPOWERED_CARD, SCARD_E_READER_UNAVAILABLE,
        SCARD_E_NO_SERVICE };

} // namespace

CardLink::CardLink(std::shared_ptr<const pcsc::Context> context, std::string reader) :
    _context(std::move(context)), _reader(std::move(reader))
{
}

void CardLink::connect()
{
    if (_card) {
        return;
    }
    try {
        _card.emplace(_context, _reader);
    } catch (const Error&) {
        throw CardGone {};
    }
}

ResponseApdu CardLink::transmit(const CommandApdu& command)
{
    ResponseApdu response;
    transaction([&](const Exchange& exchange) { response = exchange(command); });
    return response;
}

void CardLink::transaction(const std::function<void(const Exchange&)>& work)
{
    // A reset or removal invalidates the handle: reconnect once, then give up.
    for (int attempt = 0; attempt < 2; ++attempt) {
        connect();
        int exchanged = 0;
        try {
            const auto transaction = _card->beginTransaction();
            work([&](const CommandApdu& command) {
                // The encoding may carry a PIN (SecretApdu): wiped however the exchange ends.
                auto encoded = command.encode();
                struct WipeOnExit
                {
                    Bytes& bytes;
                    ~WipeOnExit() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
                } wipe { encoded };
                auto response = _card->transmitRaw(encoded);
                ++exchanged;
                return response;
            });
            return;
        } catch (const Error& error) {
            // The transaction has ended (the card may be gone): disconnect. vpcd answers a
            // pulled card with success and no status word, which Card reports as an error
            // without a SCARD code: gone, not retried (the command may have run). Nor is
            // anything retried once a command went through.
            lose();
            if (exchanged > 0 || !staleHandle(error)) {
                throw CardGone {};
            }
        }
    }
    throw CardGone {};
}

Bytes CardLink::atr()
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        connect();
        try {
            return _card->atr();
        } catch (const Error& error) {
            lose();
            if (!staleHandle(error)) {
                throw CardGone {};
            }
        }
    }
    throw CardGone {};
}

void CardLink::lose()
{
    _card.reset();
    ++_losses;
}

void CardLink::probe()
{
    if (!_card) {
        return;
    }
    try {
        (void)_card->atr();
    } catch (const Error& error) {
        const auto code = pcsc::scardCode(error);
        if (code && std::ranges::find(CARD_LOST, *code) != std::end(CARD_LOST)) {
            lose();
        }
    }
}

CommandApdu apdu(
    uint8_t cla, uint8_t ins, uint8_t p1, uint8_t p2, const Bytes& data, bool expectData)
{
    CommandApdu command { cla, ins, p1, p2, data, std::nullopt };
    if (expectData) {
        command.le = CommandApdu::EXTENDED_MAX_LE; // encoded as the extended Le 0000
    }
    return command;
}

} // namespace tokenbridge::vtoken::pkcs11
