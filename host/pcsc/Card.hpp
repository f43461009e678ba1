#pragma once

#include "core/Apdu.hpp"
#include "Context.hpp"

#include <memory>
#include <span>
#include <string>

namespace tokenbridge::pcsc
{

// A shared (T0|T1) connection to the card in one reader; disconnects (leaving the card as it
// is) on destruction. Not thread-safe: one thread uses a Card at a time.
class Card
{
public:
    // Holds an SCardBeginTransaction; ends it on destruction.
    class Transaction
    {
    public:
        ~Transaction();
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;

    private:
        friend class Card;
        explicit Transaction(SCARDHANDLE handle);
        SCARDHANDLE _handle;
    };

    // Throws RetryableError(TOKEN_REMOVED) if the reader is empty or gone, (BUSY) if another
    // application holds the card exclusively, (PCSC_UNAVAILABLE) without pcscd.
    Card(std::shared_ptr<const Context> context, std::string reader);
    ~Card();
    Card(const Card&) = delete;
    Card& operator=(const Card&) = delete;

    [[nodiscard]] const std::string& reader() const noexcept { return _reader; }
    [[nodiscard]] Bytes atr() const;
    // Blocks while another connection holds a transaction on the card.
    [[nodiscard]] Transaction beginTransaction();

    // Sends the command; follows 61xx with GET RESPONSE (data concatenated) and resends once
    // with the exact Le on 6Cxx. Any other status word is returned for the caller to judge.
    ResponseApdu transmit(const CommandApdu& command);
    // One exchange, no status word handling.
    ResponseApdu transmitRaw(std::span<const uint8_t> command);

private:
    ResponseApdu transmitFixingLe(const CommandApdu& command);

    std::shared_ptr<const Context> _context;
    std::string _reader;
    SCARDHANDLE _handle = 0;
    DWORD _protocol = 0;
};

} // namespace tokenbridge::pcsc
