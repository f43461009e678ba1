#pragma once

#include "core/Bytes.hpp"

namespace tokenbridge::vtoken
{

class Card;

// The card's facts of docs/vtoken.md "Token information" as TLV fields (tags 80..8A): the whole
// token-info object, and the first part of the vendor information.
Bytes tokenInfoFields(const Card& card);

} // namespace tokenbridge::vtoken
