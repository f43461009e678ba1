#include "ModuleState.hpp"

#include "core/Error.hpp"

#include <algorithm>
#include <new>

namespace tokenbridge::vtoken::pkcs11
{

ModuleState& state()
{
    // Never destroyed: an application may call C_Finalize from its own exit-time destructors,
    // after this library's statics would be gone. Built in static storage rather than on the
    // heap, so that after C_Finalize (which frees every member's memory) and dlclose nothing of
    // ours is left allocated (LeakSanitizer would rightly report it).
    alignas(ModuleState) static unsigned char storage[sizeof(ModuleState)];
    static ModuleState* instance = new (storage) ModuleState;
    return *instance;
}

Slot& ModuleState::slot(CK_SLOT_ID id)
{
    if (id >= slots.size()) {
        throw CkrFailure { CKR_SLOT_ID_INVALID };
    }
    return slots[id];
}

SessionState& ModuleState::session(CK_SESSION_HANDLE handle)
{
    auto it = sessions.find(handle);
    if (it != sessions.end()) {
        checkCard(it->second.slot);
        it = sessions.find(handle);
    }
    if (it == sessions.end()) {
        throw CkrFailure { CKR_SESSION_HANDLE_INVALID };
    }
    return it->second;
}

void ModuleState::checkCard(CK_SLOT_ID id)
{
    Slot& checked = slot(id);
    if (checked.checkedInCall == calls) {
        return;
    }
    checked.checkedInCall = calls;
    const uint64_t now = checked.token->connection();
    if (now != checked.connection) {
        closeSessions(id);
        checked.connection = now;
    }
}

void ModuleState::closeSessions(CK_SLOT_ID id)
{
    std::erase_if(sessions, [id](const auto& entry) { return entry.second.slot == id; });
    slot(id).token->holdObjects(false);
    slot(id).loggedIn.reset();
}

HashLibrary& ModuleState::hashLibrary()
{
    if (!hashes) {
        hashes = std::make_unique<HashLibrary>();
    }
    return *hashes;
}

void ModuleState::refreshReaders()
{
    std::vector<std::string> readers;
    try {
        readers = context->readerNames(); // empty without readers
    } catch (const Error&) {
        throw CkrFailure { CKR_DEVICE_ERROR };
    }
    for (const auto& reader : readers) {
        const bool known = std::ranges::any_of(
            slots, [&](const Slot& slot) { return slot.token->reader() == reader; });
        if (!known) {
            Slot added;
            added.token = std::make_unique<Token>(context, reader);
            slots.push_back(std::move(added));
        }
    }
}

CK_OBJECT_HANDLE makeHandle(CK_SLOT_ID slot, uint8_t ref, Part part)
{
    return ((slot + 1) << 16) | (CK_OBJECT_HANDLE { ref } << 2)
        | static_cast<CK_OBJECT_HANDLE>(part);
}

std::optional<HandleParts> splitHandle(CK_OBJECT_HANDLE handle)
{
    const CK_SLOT_ID slotPlusOne = handle >> 16;
    const auto part = static_cast<uint8_t>(handle & 3);
    if (slotPlusOne == 0) {
        return std::nullopt;
    }
    return HandleParts { slotPlusOne - 1, static_cast<uint8_t>((handle >> 2) & 0xFF),
        static_cast<Part>(part) };
}

} // namespace tokenbridge::vtoken::pkcs11
