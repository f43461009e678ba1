#include "ActiveDataStore.hpp"

#include "Session.hpp"

#include "core/Error.hpp"
#include "security/PinBuffer.hpp"

#include <optional>

namespace tokenbridge::modes::active
{

namespace
{

    bool hasPin(const security::PinBuffer* pin)
    {
        return pin != nullptr && !pin->empty();
    }

    // A session, logged in when there is a PIN (private objects are visible only then).
    struct DataSession
    {
        DataSession(const TokenLocation& location, const security::PinBuffer* pin, bool readWrite) :
            session(location.module, location.slot, readWrite)
        {
            if (hasPin(pin)) {
                login.emplace(session, pin->bytes());
            }
        }
        Session session;
        std::optional<Login> login;
    };

    std::vector<CK_OBJECT_HANDLE> dataObjects(Session& session, const std::string* name)
    {
        AttributeTemplate filter;
        filter.addUlong(CKA_CLASS, CKO_DATA);
        if (name != nullptr) {
            filter.addText(CKA_LABEL, *name);
        }
        return session.findObjects(filter);
    }

    std::string text(const std::optional<Bytes>& value)
    {
        return value ? std::string(value->begin(), value->end()) : std::string();
    }

} // namespace

ActiveDataStore::ActiveDataStore(TokenLocation location, const security::PinBuffer* pin) :
    _location(std::move(location)), _pin(pin)
{
}

std::vector<DataObject> ActiveDataStore::list()
{
    DataSession call(_location, _pin, false);
    std::vector<DataObject> out;
    for (const auto handle : dataObjects(call.session, nullptr)) {
        DataObject object;
        object.name = text(call.session.attribute(handle, CKA_LABEL));
        object.isPrivate = call.session.boolAttribute(handle, CKA_PRIVATE).value_or(false);
        object.application = text(call.session.attribute(handle, CKA_APPLICATION));
        object.value = call.session.attribute(handle, CKA_VALUE).value_or(Bytes {});
        out.push_back(std::move(object));
    }
    return out;
}

void ActiveDataStore::write(const DataObject& object)
{
    if (!hasPin(_pin)) {
        throw UserActionError(ErrorCode::PIN_REQUIRED, "writing a data object needs the PIN");
    }
    DataSession call(_location, _pin, true);
    const auto older = dataObjects(call.session, &object.name);
    AttributeTemplate values;
    values.addUlong(CKA_CLASS, CKO_DATA)
        .addBool(CKA_TOKEN, true)
        .addBool(CKA_PRIVATE, object.isPrivate)
        .addText(CKA_LABEL, object.name)
        .addText(CKA_APPLICATION, object.application)
        .add(CKA_VALUE, object.value);
    // The new object first: if it cannot be made (no memory left, token pulled) the old one stays.
    call.session.createObject(values);
    for (const auto handle : older) {
        call.session.destroyObject(handle);
    }
}

bool ActiveDataStore::remove(const std::string& name)
{
    if (!hasPin(_pin)) {
        throw UserActionError(ErrorCode::PIN_REQUIRED, "deleting a data object needs the PIN");
    }
    DataSession call(_location, _pin, true);
    const auto found = dataObjects(call.session, &name);
    for (const auto handle : found) {
        call.session.destroyObject(handle);
    }
    return !found.empty();
}

} // namespace tokenbridge::modes::active
