#pragma once

#include "core/Bytes.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace tokenbridge::cades
{

// One POST or GET (empty body) to a URL the caller has already let through its network rule;
// returns the body of a 2xx answer, throws net::HttpError otherwise. Commands build it over
// net::httpPost with the network guard's route; tests may put anything behind it.
using Fetch =
    std::function<Bytes(const std::string& url, std::string_view contentType, ByteView body)>;

} // namespace tokenbridge::cades
