// Summaries of a computed model in the formats the command line prints and the JS API returns:
// Keras-style table, the JSON schema (a public contract), Markdown and CSV. Pure functions on
// the core's results; no I/O.
#pragma once

#include <string>

#include "core/calculator.h"
#include "core/import_report.h"

namespace learnable {

// Every fault of the model in one list: import errors first, then each failing layer's error
// (at its argument's line and column when it came from text).
std::vector<ImportMessage> model_errors(const Calculator& calc, const ImportResult& imported);

// A list of messages as the schema writes them: [{"line","column","layer","message","excerpt"}].
std::string messages_json(const std::vector<ImportMessage>& messages);

std::string summary_json(const Calculator& calc, const ImportResult& imported);
std::string summary_table(const Calculator& calc, const ImportResult& imported);
std::string summary_markdown(const Calculator& calc, const ImportResult& imported);
std::string summary_csv(const Calculator& calc, const ImportResult& imported);

}  // namespace learnable
