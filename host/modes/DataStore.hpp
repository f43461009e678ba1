#pragma once

#include "core/Bytes.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tokenbridge::modes
{

// Data objects (docs/protocol-objects.md "Data objects"): named byte strings on a token, public
// or private (readable only with the PIN), as PKCS#11 CKO_DATA objects show them.
inline constexpr std::size_t MAX_DATA_SIZE = 32 * 1024;
inline constexpr std::size_t MAX_DATA_NAME = 64;
// CKA_APPLICATION of the objects tokenbridge writes (others keep theirs).
inline constexpr std::string_view DATA_APPLICATION = "tokenbridge";

struct DataObject
{
    std::string name; // CKA_LABEL
    bool isPrivate = false; // CKA_PRIVATE
    std::string application; // CKA_APPLICATION
    Bytes value; // CKA_VALUE
};

// The data objects of one token through one path (PKCS#11, the FKN channel). The PIN, when an
// operation needs it, was given to the constructor.
class DataStore
{
public:
    virtual ~DataStore() = default;
    // The public objects, and the private ones too when the store has the PIN.
    virtual std::vector<DataObject> list() = 0;
    // Never leaves a half-written object: the new object is created whole before an older one
    // of the same name is removed, so a failure keeps the old one.
    virtual void write(const DataObject& object) = 0;
    // Every object of that name (the PIN is needed: token objects change only when logged in);
    // false when there was none.
    virtual bool remove(const std::string& name) = 0;
};

} // namespace tokenbridge::modes
