// vtoken: one virtual Rutoken on a vpcd slot (docs/vtoken.md).
#include "Card.hpp"
#include "FknCredential.hpp"
#include "Model.hpp"
#include "Options.hpp"
#include "Runner.hpp"

#include <optional>
#include "StateStore.hpp"

#include <openssl/rand.h>

#include <cstdio>
#include <exception>
#include <iostream>

using namespace tokenbridge;
using namespace tokenbridge::vtoken;

namespace
{

void listModels()
{
    for (const auto& model : modelCatalog()) {
        std::cout << model.id << " " << model.atrContact;
        if (model.hasNfc()) {
            std::cout << " nfc:" << model.atrNfc;
        }
        std::cout << "\n";
    }
}

uint32_t randomSerial()
{
    uint32_t serial = 0;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof serial) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    return serial;
}

int play(const Options& options)
{
    const Model* model = findModel(options.model);
    if (model == nullptr) {
        std::cerr << "vtoken: unknown model " << options.model << " (see --list-models)\n";
        return 2;
    }
    if (options.nfc && !model->hasNfc()) {
        std::cerr << "vtoken: model " << model->id << " has no contactless interface\n";
        return 2;
    }
    StateStore store(options.stateDir);
    store.crashDuringWrite(options.crashDuringWrite);
    if (!store.lock()) {
        std::cerr << "vtoken: state " << options.stateDir << " is in use by another vtoken\n";
        return 2;
    }
    std::optional<tokenbridge::fkn::CurveId> fknCurve;
    if (!options.fknCurve.empty() && !(fknCurve = fknCurveFromName(options.fknCurve))) {
        std::cerr << "vtoken: unknown --fkn-curve " << options.fknCurve << "\n";
        return 2;
    }
    auto state = store.load();
    if (!state) {
        state = CardState::factory(std::string(model->id), options.serial.value_or(randomSerial()),
            options.maxRetries, fknCurve.value_or(DEFAULT_FKN_CURVE));
        store.save(*state);
    } else if (state->modelId != model->id) {
        std::cerr << "vtoken: state " << options.stateDir << " belongs to a " << state->modelId
                  << ", not a " << model->id << "\n";
        return 2;
    }
    switch (prepareFknCredential(*state, fknCurve)) {
    case FknPreparation::Changed:
        store.save(*state);
        break;
    case FknPreparation::Refused:
        std::cerr << "vtoken: --fkn-curve needs an FKN model whose user PIN is the factory PIN\n";
        return 2;
    case FknPreparation::Unchanged:
        break;
    }
    Log log(options.logFile);
    Card card(*model, options.nfc ? Connection::Nfc : Connection::Contact, std::move(*state),
        [&store](const CardState& s) { store.save(s); });
    card.hideTokenInfo(options.hideTokenInfo);
    char serial[16];
    std::snprintf(serial, sizeof serial, "%08X", card.state().serial);
    log.line("model " + std::string(model->id) + (options.nfc ? " (nfc)" : "") + ", serial "
        + serial + ", port " + std::to_string(options.port) + ", state " + options.stateDir
        + (options.hideTokenInfo ? ", token-info object hidden" : ""));
    VpcdLink link(options.host, options.port);
    std::optional<Log> apduLog;
    if (!options.apduLogFile.empty()) {
        apduLog.emplace(options.apduLogFile);
    }
    Runner runner(card, link, log, options.apduDelayMs, apduLog ? &*apduLog : nullptr);
    runner.pullAtApdu(options.pullAfterApdus);
    runner.faultFile(options.faultFile);
    runner.tamperSmResponse(options.tamperSmResponse);
    std::optional<Log> apduRecord;
    if (!options.apduRecordFile.empty()) {
        apduRecord.emplace(options.apduRecordFile);
        runner.apduRecord(&*apduRecord);
    }
    return runner.run();
}

} // namespace

int main(int argc, char** argv)
{
    try {
        const Options options = parseOptions(argc, argv);
        if (options.help) {
            std::cout << usage();
            return 0;
        }
        if (options.listModels) {
            listModels();
            return 0;
        }
        return play(options);
    } catch (const std::invalid_argument& e) {
        std::cerr << "vtoken: " << e.what() << "\n" << usage();
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "vtoken: " << e.what() << "\n";
        return 1;
    }
}
