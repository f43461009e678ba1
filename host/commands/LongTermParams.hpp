#pragma once

#include "cades/LongTermSigner.hpp"
#include "net/HostConfig.hpp"
#include "protocol/CommandTable.hpp"

#include <optional>

namespace tokenbridge::commands
{

// The long-term parameters of sign, signFinish and enhance (docs/protocol-keys.md "Long-term
// signatures"): signatureType, tsaUrl, tsaPolicy, ocspUrl, certificates. Checked before anything
// else happens: a wrong value or a URL the network guard refuses (native messaging: a page's URL
// must be https and public unless listed in the host configuration) is INVALID_PARAMS, and no
// token, PIN or server has been touched. nullopt for cades-bes.
std::optional<cades::LongTermOptions> longTermOptions(
    const protocol::CommandContext& context, const net::HostConfig& config);

// The params' schema entries, appended to a command's.
void addLongTermParams(std::vector<protocol::ParamSpec>& schema);

} // namespace tokenbridge::commands
