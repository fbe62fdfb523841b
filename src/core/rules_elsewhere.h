// Layer rules that run in another WebAssembly module. The page's app links PyTorch's tables but
// not its rules (lazy_rule in layer_type.h); compute_elsewhere sends the layer, its input and
// whether to explain as JSON through the call the app installs, and answer_rule_request, in the
// JS API's module, runs the registry's own rule and sends its result back. A fault travels as
// data and is raised again on this side, so the calculator cannot tell where a rule ran.
#pragma once

#include <string>
#include <string_view>

#include "core/framework.h"
#include "core/model.h"

namespace learnable {

// What became of a request sent to the module that has the rules.
enum class RuleReply {
  Answered,     // `answer` holds the rule's result or its fault
  Loading,      // the module is on its way: the layer is LayerStatus::Loading until it is in
  Unavailable,  // it will not come (offline, blocked): `answer` says why, and the layer fails
};
using RuleCall = RuleReply (*)(const std::string& request, std::string& answer);
void set_rule_call(RuleCall call);

// The other end: the registry's rule for the request's layer, as JSON.
std::string answer_rule_request(std::string_view request);

// Whether a layer of `model` (or a layer a wrapper holds) has its rule elsewhere in this build.
bool needs_rules_elsewhere(const Model& model);

// What a layer says while its rules load, and when they could not (`why`).
std::string rules_loading_message(Framework framework);
std::string rules_unavailable_message(Framework framework, std::string_view why);

}  // namespace learnable
