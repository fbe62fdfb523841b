// The JS API called by name from C++, with its arguments as one JSON array, as the page's glue
// would pass them: the app's offline build, which has its formats linked in (one file, no
// learnable.js to fetch), answers platform::formats_call() through this.
#pragma once

#include <string>
#include <string_view>

namespace learnable {

// api_call("exportModel", R"([{"learnable": 1, ...}, "latex"])") -> exportModel's answer (JSON).
// Functions: summarize, summarizeModel, modelFromCode, convertModel, exportModel, explainTotal,
// checkQuizAnswer. An unknown
// function or arguments that are not a JSON array give an answer with one error.
std::string api_call(std::string_view function, std::string_view args_json);

}  // namespace learnable
