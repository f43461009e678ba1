#include "Pkcs11Module.hpp"

#include "CkrError.hpp"
#include "core/Error.hpp"
#include "core/Log.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>

namespace tokenbridge::modes::active
{

namespace
{

    // Weak: a module stays loaded while someone uses it and is finalized after the last user.
    // An expired entry means its last user is finalizing it right now: load() waits for the
    // entry to go, so it never initializes a module that is about to be finalized.
    struct Registry
    {
        std::mutex mutex;
        std::condition_variable changed;
        std::map<std::string, std::weak_ptr<Pkcs11Module>> modules;
    };

    // Never destroyed: modules held by other statics (commands' loaded module list) are released
    // at exit after this function's statics would be gone, and their deleter needs the registry.
    Registry& registry()
    {
        static Registry* const instance = new Registry;
        return *instance;
    }

} // namespace

std::string paddedText(const unsigned char* text, std::size_t size)
{
    std::string result(reinterpret_cast<const char*>(text), size);
    const auto end = result.find_last_not_of(std::string_view(" \0", 2));
    result.erase(end == std::string::npos ? 0 : end + 1);
    return result;
}

void Pkcs11Module::LibraryCloser::operator()(void* handle) const noexcept
{
    dlclose(handle);
}

std::shared_ptr<Pkcs11Module> Pkcs11Module::load(const std::string& path)
{
    auto& shared = registry();
    std::unique_lock lock(shared.mutex);
    for (auto found = shared.modules.find(path); found != shared.modules.end();
         found = shared.modules.find(path)) {
        if (auto existing = found->second.lock()) {
            return existing;
        }
        shared.changed.wait(lock);
    }
    std::shared_ptr<Pkcs11Module> module(new Pkcs11Module(path), [](Pkcs11Module* dying) {
        auto& owner = registry();
        {
            const std::lock_guard guard(owner.mutex);
            owner.modules.erase(dying->_path);
            delete dying;
        }
        owner.changed.notify_all();
    });
    shared.modules.emplace(path, module);
    return module;
}

Pkcs11Module::Pkcs11Module(std::string path) : _path(std::move(path))
{
    // RTLD_LOCAL keeps the module's own symbols (some bundle an OpenSSL) out of our namespace.
    _library.reset(dlopen(_path.c_str(), RTLD_NOW | RTLD_LOCAL));
    if (!_library) {
        const char* reason = dlerror();
        throw FatalError("cannot load PKCS#11 module " + _path + ": "
            + (reason != nullptr ? reason : "unknown error"));
    }
    using GetFunctionList = CK_RV (*)(CK_FUNCTION_LIST_PTR_PTR);
    auto* getFunctionList =
        reinterpret_cast<GetFunctionList>(dlsym(_library.get(), "C_GetFunctionList"));
    if (getFunctionList == nullptr) {
        throw FatalError(_path + " is not a PKCS#11 module (no C_GetFunctionList)");
    }
    checkCkr("C_GetFunctionList", getFunctionList(&_functions));
    if (_functions == nullptr) {
        throw FatalError(_path + ": C_GetFunctionList returned no function list");
    }
    auto* getExtended = reinterpret_cast<rt::CK_C_EX_GetFunctionListExtended>(
        dlsym(_library.get(), rt::GET_FUNCTION_LIST_EXTENDED));
    if (getExtended != nullptr && getExtended(&_extension) != CKR_OK) {
        _extension = nullptr;
    }
    // The host calls modules from worker threads; let the module use its own OS locking.
    CK_C_INITIALIZE_ARGS args {};
    args.flags = CKF_OS_LOCKING_OK;
    const CK_RV rv = _functions->C_Initialize(&args);
    if (rv == CKR_CRYPTOKI_ALREADY_INITIALIZED) {
        log::info("PKCS#11 module " + _path + " was already initialized in this process");
    } else {
        checkCkr("C_Initialize", rv);
        _finalize = true;
    }
}

Pkcs11Module::~Pkcs11Module()
{
    if (_finalize) {
        _functions->C_Finalize(nullptr);
    }
}

ModuleInfo Pkcs11Module::info() const
{
    CK_INFO raw {};
    checkCkr("C_GetInfo", _functions->C_GetInfo(&raw));
    return { _path, paddedText(raw.manufacturerID), paddedText(raw.libraryDescription),
        raw.cryptokiVersion, raw.libraryVersion };
}

std::vector<CK_SLOT_ID> Pkcs11Module::slotsWithToken() const
{
    // The count can grow between the two calls (a token plugged in): retry on BUFFER_TOO_SMALL.
    for (;;) {
        CK_ULONG count = 0;
        checkCkr("C_GetSlotList", _functions->C_GetSlotList(CK_TRUE, nullptr, &count));
        std::vector<CK_SLOT_ID> slots(count);
        const CK_RV rv = _functions->C_GetSlotList(CK_TRUE, slots.data(), &count);
        if (rv == CKR_BUFFER_TOO_SMALL) {
            continue;
        }
        checkCkr("C_GetSlotList", rv);
        slots.resize(count);
        return slots;
    }
}

std::vector<CK_MECHANISM_TYPE> Pkcs11Module::mechanisms(CK_SLOT_ID slot) const
{
    CK_ULONG count = 0;
    checkCkr("C_GetMechanismList", _functions->C_GetMechanismList(slot, nullptr, &count));
    std::vector<CK_MECHANISM_TYPE> result(count);
    checkCkr("C_GetMechanismList", _functions->C_GetMechanismList(slot, result.data(), &count));
    result.resize(count);
    return result;
}

bool Pkcs11Module::supportsMechanism(CK_SLOT_ID slot, CK_MECHANISM_TYPE mechanism) const
{
    const auto list = mechanisms(slot);
    return std::find(list.begin(), list.end(), mechanism) != list.end();
}

} // namespace tokenbridge::modes::active
