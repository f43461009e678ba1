#pragma once

#include "CardLink.hpp"
#include "Objects.hpp"

#include <map>
#include <vector>

namespace tokenbridge::vtoken::pkcs11
{

// The PKCS#11 objects (certificates, data objects) of a storage-only token, Rutoken S and Lite:
// their card has no object commands (6D00), so the module keeps each object in a file, as a
// vendor's library keeps them in a token's file system (docs/vtoken.md "PKCS#11 module").
//   DF 5000 (read always, write user PIN)
//   EF 5000/5001, the index: n, then n pairs [reference, object FID low byte]; written with
//     one UPDATE BINARY, which the card applies atomically: the commit point of every change
//   EF 5000/51xx, one object: the fields READ OBJECT would answer (91 01 02, the Cx fields)
// A pull between two steps leaves the old index or the new one; an object file no index names
// is deleted when its FID is taken again. Errors are CkrFailure (card status words mapped as
// for the object commands), CardGone when the card went away.
class FileObjects
{
public:
    explicit FileObjects(CardLink& link) : _link(link) { }

    std::vector<CardObject> list();
    CardObject read(uint8_t ref);
    uint8_t create(const std::map<uint8_t, Bytes>& attributes);
    // Replaces the given fields, keeps the others.
    void update(uint8_t ref, const std::map<uint8_t, Bytes>& attributes);
    void remove(uint8_t ref);

private:
    CardLink& _link;
};

} // namespace tokenbridge::vtoken::pkcs11
