// Format detection and dispatch to the importers. Detection reads as little as it can: the
// first character, the keys of a JSON object's top level, or a few words of PyTorch.
#include "core/model_import.h"

#include <algorithm>

#include "core/keras_json.h"
#include "core/model_json.h"
#include "core/pytorch_code.h"
#include "core/text.h"

namespace learnable {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The keys of the object opening at s[i] decide: "learnable" is Learnable's own document; Keras
// writes "class_name" and "config", tfjs' model.json "modelTopology", converters "model_config".
// A broken object with none of them is read as Keras JSON, which reports where it breaks.
SourceFormat json_format(std::string_view s, size_t i) {
  bool layers = false;
  int depth = 0;
  for (++i; i < s.size();) {
    char c = s[i];
    if (c == '"') {
      size_t start = ++i;
      while (i < s.size() && s[i] != '"') i += s[i] == '\\' ? 2 : 1;
      if (i >= s.size()) break;
      std::string_view key = s.substr(start, i - start);
      ++i;
      if (depth > 0) continue;
      size_t k = i;
      while (k < s.size() && is_space(s[k])) ++k;
      if (k >= s.size() || s[k] != ':') continue;
      if (key == "learnable") return SourceFormat::ModelJson;
      if (key == "class_name" || key == "config" || key == "modelTopology" || key == "model_config")
        return SourceFormat::KerasJson;
      layers |= key == "layers";
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) break;
      --depth;
    }
    ++i;
  }
  return layers ? SourceFormat::ModelJson : SourceFormat::KerasJson;
}

constexpr std::string_view kPytorchMarks[] = {"nn.Sequential(", "torch.nn", "nn.Module", "import torch", "from torch"};

size_t pytorch_mark(std::string_view text) {
  size_t first = std::string_view::npos;
  for (std::string_view mark : kPytorchMarks) first = std::min(first, text.find(mark));
  return first;
}

// The model document's reader names each fault's JSON path; the caret excerpts are added here
// (for the first faults: a document is often one long line).
ImportResult import_model_document(std::string_view text) {
  if (text.size() > kMaxImportBytes) {
    ImportResult refused;
    refused.errors.push_back({{1, 1},
                              cat({"the text has ", with_commas(static_cast<int64_t>(text.size())),
                                   " bytes; Learnable reads at most ", kMaxImportBytes / (1024 * 1024), " MB"}),
                              "", ""});
    return refused;
  }
  ImportResult result = model_from_json(text);
  int excerpts = 0;
  for (auto* list : {&result.errors, &result.warnings})
    for (ImportMessage& m : *list)
      if (m.excerpt.empty() && m.where.line > 0 && excerpts++ < 20) m.excerpt = caret_excerpt(text, m.where);
  return result;
}

}  // namespace

SourceFormat detect_format(std::string_view text) {
  size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < text.size() && is_space(text[i])) ++i;
  if (i < text.size() && text[i] == '{') return json_format(text, i);
  if (pytorch_mark(text) != std::string_view::npos && text.find("keras") == std::string_view::npos)
    return SourceFormat::PytorchCode;
  return SourceFormat::KerasCode;
}

bool parse_source_format(std::string_view name, SourceFormat& out) {
  for (SourceFormat f : {SourceFormat::Detect, SourceFormat::KerasCode, SourceFormat::KerasJson,
                         SourceFormat::PytorchCode, SourceFormat::ModelJson})
    if (name == source_format_name(f)) {
      out = f;
      return true;
    }
  return false;
}

const char* source_format_name(SourceFormat format) {
  switch (format) {
    case SourceFormat::Detect: return "detect";
    case SourceFormat::KerasCode: return "keras-code";
    case SourceFormat::KerasJson: return "keras-json";
    case SourceFormat::PytorchCode: return "pytorch-code";
    case SourceFormat::ModelJson: return "json";
  }
  return "detect";
}

ImportResult import_model(std::string_view text, SourceFormat format, const std::vector<Define>& defines,
                          const std::optional<Shape>& input_shape) {
  if (format == SourceFormat::Detect) format = detect_format(text);
  if (format == SourceFormat::PytorchCode) return import_pytorch_code(text, {input_shape, defines});
  ImportResult result;
  switch (format) {
    case SourceFormat::Detect:
    case SourceFormat::PytorchCode:
    case SourceFormat::KerasCode: result = import_keras_code(text, defines); break;
    case SourceFormat::KerasJson: result = import_keras_json(text); break;
    case SourceFormat::ModelJson: result = import_model_document(text); break;
  }
  if (input_shape) {  // the caller's input shape wins over the text's, as a define does
    if (result.model.input_shape && *result.model.input_shape != *input_shape)
      result.warnings.push_back({{}, cat({"the text gives the input shape ",
                                          shape_text(*result.model.input_shape, result.model.framework),
                                          "; using the given input shape ",
                                          shape_text(*input_shape, result.model.framework)}),
                                 "", ""});
    result.model.input_shape = input_shape;
  }
  if (format == SourceFormat::KerasCode || format == SourceFormat::Detect) return result;
  if (!defines.empty()) {
    std::string names;
    for (const Define& d : defines) names += cat({(names.empty() ? "" : ", "), d.name});
    result.warnings.push_back({{}, cat({"defines give values to names in Python code; ",
                                        (format == SourceFormat::KerasJson ? "Keras JSON" : "a model document"),
                                        " has none, so ", names, (defines.size() == 1 ? " is" : " are"), " not used"}),
                               "", ""});
  }
  return result;
}

}  // namespace learnable
