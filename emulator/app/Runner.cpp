#include "Runner.hpp"

#include <poll.h>

#include <cerrno>
#include <cstdio>
#include <set>
#include <span>

namespace tokenbridge::vtoken
{

namespace
{

    constexpr int RECONNECT_MS = 100;

    // Commands whose bodies carry PINs: only their header is ever logged (and no command's body
    // is).
    const std::set<uint8_t> PIN_INS = { 0x20, 0x24, 0x2C };

    std::string describe(const std::vector<uint8_t>& apdu, const Bytes& response)
    {
        char text[96];
        const unsigned sw = response.size() >= 2
            ? (static_cast<unsigned>(response[response.size() - 2]) << 8 | response.back())
            : 0;
        std::snprintf(text, sizeof text,
            "apdu %02X %02X %02X %02X (%zu bytes%s) -> %zu bytes, SW %04X", apdu[0], apdu[1],
            apdu[2], apdu[3], apdu.size(), PIN_INS.contains(apdu[1]) ? ", PIN" : "",
            response.size() - 2, sw);
        return text;
    }

    // "> command" / "< response" lines; a PIN command shows its header only.
    void logExchange(Log& log, const std::vector<uint8_t>& apdu, const Bytes& response)
    {
        const bool pin = apdu.size() >= 4 && PIN_INS.contains(apdu[1]);
        const auto shown = pin ? std::span(apdu).first(4) : std::span(apdu);
        log.line("> " + toHexUpper(shown) + (pin ? " <PIN body withheld>" : ""));
        log.line("< " + toHexUpper(response));
    }

} // namespace

Runner::Runner(Card& card, VpcdLink& link, Log& log, unsigned apduDelayMs, Log* apduLog) :
    _card(card), _link(link), _log(log), _apduLog(apduLog), _apduDelayMs(apduDelayMs)
{
}

void Runner::remove(const char* why)
{
    if (_link.connected()) {
        _link.close();
        _log.line(std::string("card removed: ") + why);
    }
    _card.powerOff();
}

bool Runner::apply(const std::vector<Signal>& signals)
{
    for (Signal signal : signals) {
        switch (signal) {
        case Signal::Remove:
            _inserted = false;
            remove("SIGUSR1");
            break;
        case Signal::Insert:
            _inserted = true;
            break;
        case Signal::Stop:
            _stopping = true;
            remove("stopping");
            break;
        }
    }
    return !_stopping;
}

void Runner::onApdu(const std::vector<uint8_t>& apdu)
{
    if (_apduDelayMs > 0 && !apply(_signals.wait(static_cast<int>(_apduDelayMs)))) {
        return;
    }
    if (!_link.connected()) {
        return; // pulled mid-command: no answer, as with a real token
    }
    if (faultHere()) {
        char what[64];
        std::snprintf(what, sizeof what, "fault at APDU #%u (%02X %02X %02X %02X), no answer",
            _apdus, apdu[0], apdu[1], apdu.size() > 2 ? apdu[2] : 0, apdu.size() > 3 ? apdu[3] : 0);
        // Logged before the link goes down, so a test that sees the host's error sees this too.
        _log.line(std::string("card removed: ") + what);
        _inserted = false;
        _link.close();
        _card.powerOff();
        return;
    }
    Bytes response = _card.process(apdu);
    if (_tamper.apply(apdu, response)) {
        _log.line("test hook: tampered with this protected response");
    }
    if (_apduRecord != nullptr) {
        _apduRecord->line("> " + toHexUpper(apdu));
        _apduRecord->line("< " + toHexUpper(response));
    }
    _log.line(describe(apdu, response));
    if (_apduLog != nullptr) {
        logExchange(*_apduLog, apdu, response);
    }
    if (!_link.writeFrame(response)) {
        remove("vpcd closed the connection");
    }
}

bool Runner::faultHere()
{
    if (!_faultFile.empty()) {
        std::FILE* file = std::fopen(_faultFile.c_str(), "r");
        if (file != nullptr) {
            unsigned n = 0;
            if (std::fscanf(file, "%u", &n) == 1) {
                _pullAtApdu = n;
                _apdus = 0;
            }
            std::fclose(file);
            std::remove(_faultFile.c_str());
        }
    }
    return _pullAtApdu != 0 && ++_apdus == _pullAtApdu;
}

void Runner::onFrame(const std::vector<uint8_t>& frame)
{
    if (frame.size() > 1) {
        onApdu(frame);
        return;
    }
    if (frame.empty()) {
        return;
    }
    switch (frame[0]) {
    case 0x00:
        _card.powerOff();
        break;
    case 0x01:
        _card.powerOn();
        break;
    case 0x02:
        _card.reset();
        break;
    case 0x04:
        if (!_link.writeFrame(_card.atr())) {
            remove("vpcd closed the connection");
        }
        break;
    default:
        _log.line("unknown control byte ignored");
    }
}

int Runner::run()
{
    bool announcedWait = false;
    while (!_stopping) {
        if (_inserted && !_link.connected()) {
            if (_link.connect()) {
                _log.line("card inserted");
                announcedWait = false;
                _card.powerOff();
            } else {
                if (!announcedWait) {
                    _log.line("vpcd not listening yet, retrying");
                    announcedWait = true;
                }
                apply(_signals.wait(RECONNECT_MS));
                continue;
            }
        }
        pollfd fds[2] = { { _signals.fd(), POLLIN, 0 }, { _link.fd(), POLLIN, 0 } };
        const nfds_t count = _link.connected() ? 2 : 1;
        if (::poll(fds, count, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            _log.line("poll failed");
            return 1;
        }
        if (fds[0].revents != 0 && !apply(_signals.wait(0))) {
            break;
        }
        if (count == 2 && _link.connected() && fds[1].revents != 0) {
            const auto frame = _link.readFrame();
            if (!frame) {
                remove("vpcd closed the connection");
                apply(_signals.wait(RECONNECT_MS)); // pcscd restarting: do not spin
                continue;
            }
            onFrame(*frame);
        }
    }
    _log.line("stopped");
    return 0;
}

} // namespace tokenbridge::vtoken
