// The vendor information (docs/vtoken.md "Vendor information"): what Aktiv's library learns from
// a real Rutoken through the card's own proprietary commands, which here only
// libvtoken-pkcs11.so sends. --hide-token-info leaves it alone: a real card answers its vendor's
// library whatever it answers to our GET DATA.
#include "TokenInfo.hpp"

#include "Card.hpp"
#include "CardError.hpp"
#include "StatusWords.hpp"
#include "Tlv.hpp"

#include <algorithm>

namespace tokenbridge::vtoken
{

namespace
{

    std::span<const uint8_t> ascii(std::string_view s)
    {
        return { reinterpret_cast<const uint8_t*>(s.data()), s.size() };
    }

    // 80 30 00 01: the token-info fields, then the PIN limits the card enforces.
    Bytes vendorInfo(const Card& card)
    {
        const CardState& state = card.state();
        Bytes out = tokenInfoFields(card);
        appendTlv(out, 0x8B, Bytes { state.userPin.maxTries(), state.adminPin.maxTries() });
        appendTlv(out, 0x8C,
            Bytes { static_cast<uint8_t>(PIN_MIN_LENGTH), static_cast<uint8_t>(PIN_MAX_LENGTH) });
        return out;
    }

    // 80 30 00 02: whether each PIN still is the factory PIN (two PBKDF2 runs, hence an object of
    // its own that the module reads only for the extended token info).
    Bytes pinState(const Card& card)
    {
        const CardState& state = card.state();
        uint8_t changed = 0;
        changed |= state.adminPin.matches(ascii(FACTORY_ADMIN_PIN)) ? 0 : 0x01;
        changed |= state.userPin.matches(ascii(FACTORY_USER_PIN)) ? 0 : 0x02;
        Bytes out;
        appendTlv(out, 0x80, Bytes { changed });
        return out;
    }

    struct VendorObject
    {
        uint8_t p2;
        Bytes (*answer)(const Card&);
    };

    constexpr VendorObject VENDOR_OBJECTS[] = {
        { 0x01, vendorInfo },
        { 0x02, pinState },
    };

    ResponseApdu getVendorData(Card& card, const CommandApdu& apdu)
    {
        const auto object = std::ranges::find(VENDOR_OBJECTS, apdu.p2, &VendorObject::p2);
        if (apdu.p1 != 0x00 || object == std::end(VENDOR_OBJECTS)) {
            throw CardError(sw::DATA_NOT_FOUND);
        }
        return ResponseApdu { object->answer(card), sw::OK };
    }

} // namespace

void addVendorInfoCommands(CommandTable& table)
{
    table.add({ 0x80, 0x30, getVendorData, false });
}

} // namespace tokenbridge::vtoken
