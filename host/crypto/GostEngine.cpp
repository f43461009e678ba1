#include "GostEngine.hpp"

#include "OpenSsl.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>

#include <mutex>
#include <string>

namespace tokenbridge::crypto
{

namespace
{

    using EnginePtr = OpenSslPtr<ENGINE, [](ENGINE* e) { ENGINE_free(e); }>;

    // "ENGINESDIR: \"/usr/lib/x86_64-linux-gnu/engines-3\"" -> the directory.
    std::string enginesDir()
    {
        std::string text = OpenSSL_version(OPENSSL_ENGINES_DIR);
        const auto first = text.find('"');
        const auto last = text.rfind('"');
        if (first == std::string::npos || last <= first) {
            return {};
        }
        return text.substr(first + 1, last - first - 1);
    }

    EnginePtr loadByPath()
    {
        EnginePtr engine(ENGINE_by_id("dynamic"));
        if (!engine) {
            return {};
        }
        const std::string path = enginesDir() + "/gost.so";
        if (ENGINE_ctrl_cmd_string(engine.get(), "SO_PATH", path.c_str(), 0) != 1
            || ENGINE_ctrl_cmd_string(engine.get(), "LOAD", nullptr, 0) != 1) {
            return {};
        }
        return engine;
    }

    ENGINE* load()
    {
        EnginePtr engine(ENGINE_by_id("gost"));
        if (!engine) {
            ERR_clear_error();
            engine = loadByPath();
        }
        if (!engine) {
            throw FatalError(
                "the OpenSSL gost engine is not available (install libengine-gost-openssl): "
                + takeOpenSslError());
        }
        check(ENGINE_init(engine.get()), "ENGINE_init(gost)");
        check(ENGINE_set_default(engine.get(), ENGINE_METHOD_ALL), "ENGINE_set_default(gost)");
        // The functional reference from ENGINE_init keeps it alive for the life of the process.
        ENGINE* initialized = engine.get();
        return initialized;
    }

} // namespace

ENGINE* ensureGostEngine()
{
    static std::once_flag once;
    static ENGINE* engine = nullptr;
    // call_once lets a later call retry if this one throws.
    std::call_once(once, [] { engine = load(); });
    return engine;
}

} // namespace tokenbridge::crypto
