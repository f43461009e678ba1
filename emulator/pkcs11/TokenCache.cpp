// What the module keeps of a card between calls (issue 18: APDUs per signature). Aktiv's library
// identifies a token once per insertion and keeps its objects while it is used; here the vendor
// information lives as long as the card connection (a removal or reset ends the connection, which
// CardLink::probe notices with SCardStatus), the objects as long as the application holds a
// session on the slot. Another application's changes meanwhile are seen when the last session
// closes; this module's own drop what was kept at once.
#include "Token.hpp"

#include <algorithm>

namespace tokenbridge::vtoken::pkcs11
{

std::optional<TokenData> Token::info(bool fresh)
{
    _link.probe();
    if (!fresh && _info && _link.connected() && _infoOn == _link.losses()) {
        return _info;
    }
    _info = readInfo();
    _infoOn = _link.losses(); // after the exchange: it may have connected anew
    return _info;
}

void Token::holdObjects(bool on)
{
    _holding = on;
    if (!on) {
        dropKept();
    }
}

void Token::dropKept()
{
    _listed.reset();
    _kept.clear();
}

void Token::checkKept()
{
    _link.probe();
    if (!_link.connected() || _keptOn != _link.losses()) {
        dropKept();
        _keptOn = _link.losses();
    }
}

std::vector<CardObject> Token::objects()
{
    if (!_holding) {
        dropKept();
    }
    checkKept();
    if (!_listed) {
        auto refs = listObjects();
        if (!refs) {
            return fileObjects();
        }
        _listed = std::move(*refs);
    }
    const auto refs = *_listed; // object() may drop what was kept
    std::vector<CardObject> out;
    for (const auto ref : refs) {
        out.push_back(object(ref));
    }
    if (!_holding) {
        dropKept();
    }
    return out;
}

CardObject Token::object(uint8_t ref)
{
    checkKept();
    if (const auto kept = _kept.find(ref); kept != _kept.end()) {
        return kept->second;
    }
    auto read = readObject(ref);
    if (_holding) {
        checkKept(); // the read may have connected anew
        _kept[ref] = read;
    }
    return read;
}

} // namespace tokenbridge::vtoken::pkcs11
