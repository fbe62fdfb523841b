// Layer rules that run in another WebAssembly module. The page's app links PyTorch's tables but
// not its rules (torch_rule in layer_type.h); compute_elsewhere sends the layer, its input and
// whether to explain as JSON through the call the app installs, and answer_rule_request, in the
// JS API's module, runs the registry's own rule and sends its result back. A fault travels as
// data and is raised again on this side, so the calculator cannot tell where a rule ran.
#pragma once

#include <string>
#include <string_view>

#include "core/framework.h"
#include "core/model.h"

namespace learnable {

// Sends `request` to the module that has the rules and puts its answer in `answer`; false when
// that module is not there yet (the layer then fails with rules_loading_message).
using RuleCall = bool (*)(const std::string& request, std::string& answer);
void set_rule_call(RuleCall call);

// The other end: the registry's rule for the request's layer, as JSON.
std::string answer_rule_request(std::string_view request);

// Whether a layer of `model` (or a layer a wrapper holds) has its rule elsewhere in this build.
bool needs_rules_elsewhere(const Model& model);

// The fault of a layer whose rules have not come (yet, or at all: the page may be offline).
std::string rules_loading_message(Framework framework);

}  // namespace learnable
