#pragma once

#include "core/Apdu.hpp"

#include <openssl/crypto.h>
#include <stdexcept>

namespace tokenbridge::vtoken::pkcs11
{

// A command APDU that carries PINs (VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER): its
// data is reserved once at its final size, so no reallocation leaves a copy in freed memory,
// and wiped when the object goes, however the exchange ended. CardLink wipes the encoding it
// sends. Callers pass the PINs as views of the application's own buffers: the module makes no
// other copy.
class SecretApdu
{
public:
    SecretApdu(uint8_t cla, uint8_t ins, uint8_t p1, uint8_t p2, size_t size) :
        _command { cla, ins, p1, p2, {}, std::nullopt }
    {
        _command.data.reserve(size);
    }
    ~SecretApdu() { OPENSSL_cleanse(_command.data.data(), _command.data.capacity()); }
    SecretApdu(const SecretApdu&) = delete;
    SecretApdu& operator=(const SecretApdu&) = delete;

    void append(ByteView bytes)
    {
        if (_command.data.size() + bytes.size() > _command.data.capacity()) {
            throw std::logic_error("SecretApdu: more data than reserved");
        }
        _command.data.insert(_command.data.end(), bytes.begin(), bytes.end());
    }
    // Tag, one length byte (PINs are at most 32 bytes), value.
    void appendTlv(uint8_t tag, ByteView value)
    {
        const uint8_t head[] = { tag, static_cast<uint8_t>(value.size()) };
        append(head);
        append(value);
    }

    [[nodiscard]] const CommandApdu& command() const noexcept { return _command; }

private:
    CommandApdu _command;
};

} // namespace tokenbridge::vtoken::pkcs11
