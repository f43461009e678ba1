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
    card_(card), link_(link), log_(log), apduLog_(apduLog), apduDelayMs_(apduDelayMs)
{
}

void Runner::remove(const char* why)
{
    if (link_.connected()) {
        link_.close();
        log_.line(std::string("card removed: ") + why);
    }
    card_.powerOff();
}

bool Runner::apply(const std::vector<Signal>& signals)
{
    for (Signal signal : signals) {
        switch (signal) {
        case Signal::Remove:
            inserted_ = false;
            remove("SIGUSR1");
            break;
        case Signal::Insert:
            inserted_ = true;
            break;
        case Signal::Stop:
            stopping_ = true;
            remove("stopping");
            break;
        }
    }
    return !stopping_;
}

void Runner::onApdu(const std::vector<uint8_t>& apdu)
{
    if (apduDelayMs_ > 0 && !apply(signals_.wait(static_cast<int>(apduDelayMs_)))) {
        return;
    }
    if (!link_.connected()) {
        return; // pulled mid-command: no answer, as with a real token
    }
    if (faultHere()) {
        char what[64];
        std::snprintf(what, sizeof what, "fault at APDU #%u (%02X %02X %02X %02X), no answer",
            apdus_, apdu[0], apdu[1], apdu.size() > 2 ? apdu[2] : 0, apdu.size() > 3 ? apdu[3] : 0);
        // Logged before the link goes down, so a test that sees the host's error sees this too.
        log_.line(std::string("card removed: ") + what);
        inserted_ = false;
        link_.close();
        card_.powerOff();
        return;
    }
    Bytes response = card_.process(apdu);
    if (tamper_.apply(apdu, response)) {
        log_.line("test hook: tampered with this protected response");
    }
    if (apduRecord_ != nullptr) {
        apduRecord_->line("> " + toHexUpper(apdu));
        apduRecord_->line("< " + toHexUpper(response));
    }
    log_.line(describe(apdu, response));
    if (apduLog_ != nullptr) {
        logExchange(*apduLog_, apdu, response);
    }
    if (!link_.writeFrame(response)) {
        remove("vpcd closed the connection");
    }
}

bool Runner::faultHere()
{
    if (!faultFile_.empty()) {
        std::FILE* file = std::fopen(faultFile_.c_str(), "r");
        if (file != nullptr) {
            unsigned n = 0;
            if (std::fscanf(file, "%u", &n) == 1) {
                pullAtApdu_ = n;
                apdus_ = 0;
            }
            std::fclose(file);
            std::remove(faultFile_.c_str());
        }
    }
    return pullAtApdu_ != 0 && ++apdus_ == pullAtApdu_;
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
        card_.powerOff();
        break;
    case 0x01:
        card_.powerOn();
        break;
    case 0x02:
        card_.reset();
        break;
    case 0x04:
        if (!link_.writeFrame(card_.atr())) {
            remove("vpcd closed the connection");
        }
        break;
    default:
        log_.line("unknown control byte ignored");
    }
}

int Runner::run()
{
    bool announcedWait = false;
    while (!stopping_) {
        if (inserted_ && !link_.connected()) {
            if (link_.connect()) {
                log_.line("card inserted");
                announcedWait = false;
                card_.powerOff();
            } else {
                if (!announcedWait) {
                    log_.line("vpcd not listening yet, retrying");
                    announcedWait = true;
                }
                apply(signals_.wait(RECONNECT_MS));
                continue;
            }
        }
        pollfd fds[2] = { { signals_.fd(), POLLIN, 0 }, { link_.fd(), POLLIN, 0 } };
        const nfds_t count = link_.connected() ? 2 : 1;
        if (::poll(fds, count, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            log_.line("poll failed");
            return 1;
        }
        if (fds[0].revents != 0 && !apply(signals_.wait(0))) {
            break;
        }
        if (count == 2 && link_.connected() && fds[1].revents != 0) {
            const auto frame = link_.readFrame();
            if (!frame) {
                remove("vpcd closed the connection");
                apply(signals_.wait(RECONNECT_MS)); // pcscd restarting: do not spin
                continue;
            }
            onFrame(*frame);
        }
    }
    log_.line("stopped");
    return 0;
}

} // namespace tokenbridge::vtoken
