#pragma once

#include "Pkcs11.hpp"
#include "RtPkcs11.hpp"

#include <memory>
#include <string>
#include <vector>

namespace tokenbridge::modes::active
{

struct ModuleInfo
{
    std::string path;
    std::string manufacturer;
    std::string description;
    CK_VERSION cryptokiVersion {};
    CK_VERSION libraryVersion {};
};

// One loaded PKCS#11 library: dlopen + C_GetFunctionList + C_Initialize(CKF_OS_LOCKING_OK) on
// construction, C_Finalize + dlclose on destruction. A module must be initialized once per
// process, so get modules through load(), which shares one instance per path.
class Pkcs11Module
{
public:
    // Shared instance for `path` (a new one if none is alive). FatalError if the file cannot be
    // loaded or is not a PKCS#11 module (the message names the path and dlerror()).
    static std::shared_ptr<Pkcs11Module> load(const std::string& path);

    ~Pkcs11Module();
    Pkcs11Module(const Pkcs11Module&) = delete;
    Pkcs11Module& operator=(const Pkcs11Module&) = delete;

    [[nodiscard]] CK_FUNCTION_LIST* api() const noexcept { return _functions; }
    // Aktiv's extended function list (RtPkcs11.hpp), or null for a module without it (OpenSC,
    // SoftHSM2, CryptoPro's).
    [[nodiscard]] const rt::CK_FUNCTION_LIST_EXTENDED* extension() const noexcept
    {
        return _extension;
    }
    [[nodiscard]] const std::string& path() const noexcept { return _path; }
    [[nodiscard]] ModuleInfo info() const;
    // Slots that currently hold a token.
    [[nodiscard]] std::vector<CK_SLOT_ID> slotsWithToken() const;
    [[nodiscard]] std::vector<CK_MECHANISM_TYPE> mechanisms(CK_SLOT_ID slot) const;
    [[nodiscard]] bool supportsMechanism(CK_SLOT_ID slot, CK_MECHANISM_TYPE mechanism) const;

private:
    explicit Pkcs11Module(std::string path);

    struct LibraryCloser
    {
        void operator()(void* handle) const noexcept;
    };

    std::string _path;
    std::unique_ptr<void, LibraryCloser> _library;
    CK_FUNCTION_LIST* _functions = nullptr;
    rt::CK_FUNCTION_LIST_EXTENDED* _extension = nullptr;
    // False when someone else in the process had initialized the module: then it is theirs to
    // finalize.
    bool _finalize = false;
};

// Space-padded, not NUL-terminated Cryptoki text fields -> trimmed std::string.
std::string paddedText(const unsigned char* text, std::size_t size);

template <std::size_t N> std::string paddedText(const unsigned char (&text)[N])
{
    return paddedText(text, N);
}

} // namespace tokenbridge::modes::active
