// The learnable command line tool: reads a Keras model (a file, standard input or a preset),
// prints its summary with every layer's worked formula, and exits 0 when every layer resolved,
// 1 when the model has errors and 2 for usage errors.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/calculator.h"
#include "core/convert.h"
#include "core/export.h"
#include "core/keras_code.h"
#include "core/layer_docs.h"
#include "core/layer_type.h"
#include "core/model_import.h"
#include "core/presets.h"
#include "core/summary.h"

namespace {

using namespace learnable;

const char* kUsage =
    "usage: learnable summary [--format FORMAT] [--define NAME=VALUE]...\n"
    "                         [--from keras-code|keras-json|pytorch-code|json] [--framework keras|pytorch]\n"
    "                         [--input-shape DIMS] [--preset NAME] [FILE|-]\n"
    "       learnable layers     list the layer types Learnable counts\n"
    "       learnable formulas   a Markdown table: each layer type's typical use and formula\n"
    "       learnable presets    list the preset models\n"
    "\n"
    "Reads a Keras Sequential model written as Python code (from FILE, or standard input when\n"
    "FILE is - or absent) and prints each layer's output shape, parameter count and the worked\n"
    "formula behind it. --define gives a value to a name the code uses but never defines,\n"
    "e.g. --define IMG_SIZE=32. Keras JSON (model.to_json()), PyTorch code (nn.Sequential) and\n"
    "Learnable's model document are read too: the format is detected, or named with --from.\n"
    "--input-shape 3,32,32 gives the model's input without the batch, in the framework's layout\n"
    "(channels first for PyTorch, Keras' own for Keras); PyTorch code needs it unless the code\n"
    "calls summary(model, (3, 32, 32)). --framework counts the model the other framework's way\n"
    "(Keras <-> PyTorch layers, layout and counting rules); what changes on the way is printed\n"
    "as warnings. Exit status: 0 all layers resolved, 1 the model has errors, 2 usage errors.\n"
    "\n"
    "FORMAT is one of:\n"
    "  table          Keras' model.summary() with each layer's formula (the default)\n"
    "  json           the summary schema: every number, formula, error and warning\n"
    "  markdown, csv  the table for documents and spreadsheets\n"
    "  keras-summary  exactly what Keras 3's model.summary() prints (Keras models)\n"
    "  torchinfo      what torchinfo's summary() prints (PyTorch models)\n"
    "  latex          a booktabs table for papers and slides\n"
    "  keras-code     the model as Keras code (Keras models)\n"
    "  keras-json     the model as Keras 3's model.to_json() writes it (Keras models)\n"
    "  pytorch-code   the model as PyTorch code (PyTorch models)\n";

// "3,32,32" -> {3, 32, 32}; nullopt unless every part is a positive integer.
std::optional<Shape> parse_dims(const std::string& text) {
  Shape dims;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (part.empty() || part.size() > 18 || part.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    int64_t dim = std::stoll(part);
    if (dim <= 0) return std::nullopt;
    dims.push_back(dim);
    if (comma == std::string::npos) return dims;
    start = comma + 1;
  }
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "learnable: %s\n\n%s", message.c_str(), kUsage);
  return 2;
}

void print_messages(const char* kind, const std::vector<ImportMessage>& messages, const std::string& file) {
  for (const ImportMessage& m : messages) {
    std::string where = m.where.line > 0 ? "line " + std::to_string(m.where.line) + ", col " + std::to_string(m.where.column) + ": " : "";
    std::string layer = m.layer.empty() ? "" : m.layer + ": ";
    std::fprintf(stderr, "%s: %s: %s%s%s\n", file.c_str(), kind, where.c_str(), layer.c_str(), m.message.c_str());
    if (!m.excerpt.empty()) {
      std::istringstream lines(m.excerpt);
      std::string line;
      while (std::getline(lines, line)) std::fprintf(stderr, "    %s\n", line.c_str());
    }
  }
}

int list_layers() {
  std::string group;
  for (const LayerType& t : layer_types()) {
    if (!t.alias_of.empty()) continue;
    if (t.group != group) {
      group = t.group;
      std::printf("%s\n", group.c_str());
    }
    std::string aliases;
    for (const LayerType& other : layer_types())
      if (other.alias_of == t.name) aliases += (aliases.empty() ? " (also " : ", ") + other.name;
    if (!aliases.empty()) aliases += ")";
    std::printf("  %-26s %s%s\n", t.name.c_str(), t.summary.c_str(), aliases.c_str());
  }
  return 0;
}

int list_presets() {
  for (const Preset& p : presets()) std::printf("%-16s %s\n", p.id.c_str(), p.title.c_str());
  return 0;
}

int summary(int argc, char** argv) {
  ExportFormat format = ExportFormat::Table;
  std::string file;
  std::string preset;
  std::vector<Define> defines;
  SourceFormat from = SourceFormat::Detect;
  std::optional<Framework> framework;
  std::optional<Shape> input_shape;
  bool have_file = false;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char* option) -> std::string {
      std::string prefix = std::string(option) + "=";
      if (arg.rfind(prefix, 0) == 0) return arg.substr(prefix.size());
      if (i + 1 >= argc) throw std::string(std::string(option) + " needs a value");
      return argv[++i];
    };
    try {
      if (arg == "--format" || arg.rfind("--format=", 0) == 0) {
        std::string name = value("--format");
        if (!parse_export_format(name, format)) {
          std::string names;
          for (ExportFormat f : export_formats()) names += std::string(names.empty() ? "" : ", ") + export_format_name(f);
          return usage_error("unknown format '" + name + "'; use " + names);
        }
      } else if (arg == "--define" || arg == "-D" || arg.rfind("--define=", 0) == 0) {
        std::string text = arg == "-D" ? (i + 1 < argc ? argv[++i] : "") : value("--define");
        Define d;
        std::string message;
        if (!parse_define(text, d, message)) return usage_error("--define " + text + ": " + message);
        defines.push_back(d);
      } else if (arg == "--from" || arg.rfind("--from=", 0) == 0) {
        std::string name = value("--from");
        if (!parse_source_format(name, from))
          return usage_error("unknown input format '" + name + "'; use keras-code, keras-json, pytorch-code, json or detect");
      } else if (arg == "--framework" || arg.rfind("--framework=", 0) == 0) {
        std::string name = value("--framework");
        Framework f;
        if (!parse_framework(name, f)) return usage_error("unknown framework '" + name + "'; use keras or pytorch");
        framework = f;
      } else if (arg == "--input-shape" || arg.rfind("--input-shape=", 0) == 0) {
        std::string dims = value("--input-shape");
        input_shape = parse_dims(dims);
        if (!input_shape)
          return usage_error("--input-shape " + dims + ": expected positive integers separated by commas, such as 3,32,32");
      } else if (arg == "--preset" || arg.rfind("--preset=", 0) == 0) {
        preset = value("--preset");
        if (!find_preset(preset)) return usage_error("unknown preset '" + preset + "'; see 'learnable presets'");
      } else if (arg == "-h" || arg == "--help") {
        std::printf("%s", kUsage);
        return 0;
      } else if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
        return usage_error("unknown option '" + arg + "'");
      } else {
        if (have_file) return usage_error("more than one input file given");
        file = arg;
        have_file = true;
      }
    } catch (const std::string& message) {
      return usage_error(message);
    }
  }
  if (have_file && !preset.empty()) return usage_error("give either a file or --preset, not both");

  std::string text;
  std::string label = "<stdin>";
  if (!preset.empty()) {
    text = std::string(preset_code(preset));
    label = "preset " + preset;
  } else if (have_file && file != "-") {
    std::ifstream in(file, std::ios::binary);
    if (!in) return usage_error("cannot read '" + file + "': " + std::strerror(errno));
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    label = file;
  } else {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }

  ImportResult imported = import_model(text, from, defines, input_shape);
  if (framework && *framework != imported.model.framework) {
    Conversion converted = convert_model(imported.model, *framework);
    imported.model = std::move(converted.model);
    imported.warnings.insert(imported.warnings.end(), converted.notes.begin(), converted.notes.end());
  }
  Calculator calc(std::move(imported.model));
  std::vector<ImportMessage> errors = model_errors(calc, imported);
  bool failed = !errors.empty() || !calc.all_resolved();

  ExportResult exported = export_model(calc, imported, format);
  if (!exported.ok()) {
    std::fprintf(stderr, "learnable: %s\n", exported.error.c_str());
    return 2;
  }
  if (format != ExportFormat::Json) {
    print_messages("warning", imported.warnings, label);
    print_messages("error", errors, label);
  }
  std::printf("%s", exported.text.c_str());
  return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage_error("no command given");
  std::string command = argv[1];
  if (command == "summary") return summary(argc, argv);
  if (command == "layers") return list_layers();
  if (command == "presets") return list_presets();
  if (command == "formulas") {
    std::printf("%s", formula_table_markdown().c_str());
    return 0;
  }
  if (command == "-h" || command == "--help" || command == "help") {
    std::printf("%s", kUsage);
    return 0;
  }
  return usage_error("unknown command '" + command + "'");
}
