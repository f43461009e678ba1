// Signs a file through the chunked `sign` protocol (stream start, signAppend, signFinish) with the
// host's own command table and dispatcher in this process, as the CLI channel with a PIN file:
// native messaging has no PIN channel of its own yet. Prints one JSON line: bytes, chunks,
// seconds, peakRssKiB (VmHWM of this process). Writes the DER CMS to --out.
//
//   passive_stream_sign --pin-file F --device ID --key KEYID --in FILE --chunk BYTES --out SIG
#include "app/Host.hpp"
#include "core/Bytes.hpp"
#include "devices/DeviceService.hpp"
#include "protocol/Dispatcher.hpp"
#include "security/PinBuffer.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

using namespace tokenbridge;

namespace
{

long peakRssKiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) {
            return std::stol(line.substr(6));
        }
    }
    return -1;
}

nlohmann::json call(const protocol::Dispatcher& dispatcher, const security::PinBuffer& pin,
    const std::string& command, nlohmann::json params)
{
    auto response = dispatcher.dispatch(
        { { "id", 1 }, { "command", command }, { "params", std::move(params) } },
        { protocol::Channel::Cli, &pin });
    if (!response.contains("result")) {
        throw std::runtime_error(command + ": " + response.dump());
    }
    return response["result"];
}

} // namespace

int main(int argc, char** argv)
{
    std::map<std::string, std::string> args;
    for (int i = 1; i + 1 < argc; i += 2) {
        args[argv[i]] = argv[i + 1];
    }
    for (const char* required : { "--pin-file", "--device", "--key", "--in", "--chunk", "--out" }) {
        if (!args.contains(required)) {
            std::cerr << "missing " << required << "\n";
            return 2;
        }
    }
    try {
        security::PinBuffer pin;
        security::readPinFile(args["--pin-file"].c_str(), pin);
        app::Host host; // the composition root of the host executable
        const auto& dispatcher = host.dispatcher;

        const auto started = std::chrono::steady_clock::now();
        const auto stream = call(dispatcher, pin, "sign",
            { { "deviceId", args["--device"] }, { "keyId", args["--key"] },
                { "stream", "start" } });
        const auto streamId = stream["streamId"].get<std::string>();
        std::ifstream input(args["--in"], std::ios::binary);
        Bytes buffer(std::stoul(args["--chunk"]));
        std::uint64_t chunks = 0;
        std::uint64_t offset = 0;
        while (input) {
            input.read(reinterpret_cast<char*>(buffer.data()),
                static_cast<std::streamsize>(buffer.size()));
            const auto got = static_cast<std::size_t>(input.gcount());
            if (got == 0) {
                break;
            }
            call(dispatcher, pin, "signAppend",
                { { "streamId", streamId }, { "offset", offset },
                    { "data", toBase64(ByteView(buffer).first(got)) } });
            ++chunks;
            offset += got;
        }
        const auto finished = call(dispatcher, pin, "signFinish", { { "streamId", streamId } });
        const auto cms = fromBase64(finished["cms"].get<std::string>());
        std::ofstream(args["--out"], std::ios::binary)
            .write(reinterpret_cast<const char*>(cms.data()),
                static_cast<std::streamsize>(cms.size()));
        const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
        std::cout << nlohmann::json {
            { "bytes", finished["size"] }, { "chunks", chunks }, { "seconds", seconds.count() },
            { "peakRssKiB", peakRssKiB() }
        }.dump() << "\n";
        return 0;
    } catch (const std::exception& error) {
        std::cerr << "passive_stream_sign: " << error.what() << "\n";
        return 1;
    }
}
