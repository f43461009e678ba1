#include "Cli.hpp"

#include "core/Log.hpp"
#include "security/ProcessHardening.hpp"

#include <exception>
#include <string>

int main(int argc, char** argv)
{
    tokenbridge::log::initFromEnvironment();
    if (const auto problem = tokenbridge::security::hardenProcess(); !problem.empty()) {
        tokenbridge::log::warn("process hardening: " + problem);
    }
    try {
        return tokenbridge::app::run(argc, argv);
    } catch (const std::exception& error) {
        tokenbridge::log::error(std::string("fatal: ") + error.what());
    } catch (...) {
        tokenbridge::log::error("fatal: unknown exception");
    }
    return tokenbridge::app::EXIT_FAILED;
}
