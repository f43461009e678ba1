// The card's PIN management and random numbers (docs/vtoken.md "PINs", "Token information"),
// as C_SetPIN, C_InitPIN and C_GenerateRandom send them.
#include "Token.hpp"

#include "SecretApdu.hpp"

#include <algorithm>

namespace tokenbridge::vtoken::pkcs11
{

void Token::changePin(uint8_t reference, ByteView oldPin, ByteView newPin)
{
    SecretApdu change(0x00, 0x24, 0x00, reference, 4 + oldPin.size() + newPin.size());
    change.appendTlv(0x81, oldPin);
    change.appendTlv(0x82, newPin);
    expectOk(change.command());
}

void Token::setUserPin(ByteView newPin)
{
    SecretApdu reset(0x00, 0x2C, 0x02, 0x02, newPin.size());
    reset.append(newPin);
    expectOk(reset.command());
}

Bytes Token::random(size_t length)
{
    Bytes out;
    while (out.size() < length) {
        // GET CHALLENGE: at most what a short Le asks for per command.
        const size_t chunk = std::min(length - out.size(), CommandApdu::SHORT_MAX_LE);
        const Bytes part = expectOk({ 0x00, 0x84, 0x00, 0x00, {}, chunk });
        if (part.size() != chunk) {
            throw CkrFailure { CKR_DEVICE_ERROR };
        }
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

} // namespace tokenbridge::vtoken::pkcs11
