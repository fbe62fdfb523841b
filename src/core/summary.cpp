// The summary formats. The table follows Keras' model.summary() (Layer (type), Output Shape,
// Param #) with a Formula column added; the JSON is the schema every interface shares.
#include "core/summary.h"

#include <algorithm>
#include <array>

#include "core/json_writer.h"
#include "core/layer_type.h"
#include "core/text.h"

namespace learnable {

namespace {

size_t display_width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string pad(std::string s, size_t width) {
  size_t w = display_width(s);
  if (w < width) s.append(width - w, ' ');
  return s;
}

SourceLocation error_location(const Layer& layer, const LayerResult& r) {
  std::string argument = r.error_argument;
  if (argument.rfind("layer.", 0) == 0 && !layer.inner.empty()) {
    std::string inner_arg = argument.substr(6);
    for (const Argument& a : layer.inner[0].args)
      if (a.name == inner_arg && a.where.line > 0) return a.where;
    if (layer.inner[0].where.line > 0) return layer.inner[0].where;
  }
  if (argument == "frozen")  // the statement that froze the parameter the error names
    for (const FrozenWeight& f : layer.frozen)
      if (f.where.line > 0 && r.error.find(cat({"'", f.name, "'"})) != std::string::npos) return f.where;
  for (const Argument& a : layer.args)
    if (a.name == argument && a.where.line > 0) return a.where;
  return layer.where;
}

std::string output_cell(const LayerResult& r) {
  return r.ok() ? shape_keras(r.output_shape) : status_name(r.status);
}

std::string params_cell(const LayerResult& r) { return r.ok() ? with_commas(r.params) : "-"; }

std::string sized(int64_t count, int64_t bytes) { return cat({with_commas(count), " (", human_bytes(bytes), ")"}); }

}  // namespace

std::vector<ImportMessage> model_errors(const Calculator& calc, const ImportResult& imported) {
  std::vector<ImportMessage> all = imported.errors;
  const auto& layers = calc.model().layers;
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerResult& r = calc.results()[i];
    if (r.status != LayerStatus::Error) continue;
    SourceLocation where = error_location(layers[i], r);
    // A type the importer already reported (Keras JSON: with its JSON path) is not reported again.
    if (!find_layer_type(layers[i].type, calc.model().framework) &&
        std::any_of(imported.errors.begin(), imported.errors.end(), [&](const ImportMessage& e) {
          return e.layer == layers[i].name && e.where.line == where.line && e.where.column == where.column;
        }))
      continue;
    std::string message = r.error;
    // "frozen" and "shares" are not arguments: their messages say what they are about.
    bool argument = !r.error_argument.empty() && r.error_argument != "frozen" && r.error_argument != "shares";
    if (argument && r.error.rfind(r.error_argument, 0) != 0 && r.error.find(cat({"'", r.error_argument, "'"})) == std::string::npos)
      message = cat({r.error_argument, ": ", r.error});
    all.push_back({where, message, caret_excerpt(imported.source, where), layers[i].name});
  }
  return all;
}

std::string messages_json(const std::vector<ImportMessage>& list) {
  std::string s = "[";
  for (size_t k = 0; k < list.size(); ++k) {
    const ImportMessage& m = list[k];
    s += cat({(k ? "," : ""), "{\"line\":", (m.where.line > 0 ? std::to_string(m.where.line) : "null"),
              ",\"column\":", (m.where.line > 0 ? std::to_string(m.where.column) : "null"),
              ",\"layer\":", (m.layer.empty() ? std::string("null") : json_quote(m.layer)),
              ",\"message\":", json_quote(m.message), ",\"excerpt\":", json_quote(m.excerpt), "}"});
  }
  return cat({s, "]"});
}

std::string summary_json(const Calculator& calc, const ImportResult& imported) {
  const Model& model = calc.model();
  // PyTorch models also list each module's buffers (BatchNorm's running statistics).
  const bool torch = model.framework == Framework::PyTorch;
  std::string out = cat({"{\"framework\":", json_quote(framework_name(model.framework)), ",\"input_shape\":"});
  out += model.input_shape ? shape_json(*model.input_shape) : "null";
  out += ",\"layers\":[";
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const Layer& layer = model.layers[i];
    const LayerResult& r = calc.results()[i];
    if (i) out += ",";
    out += cat({"{\"id\":", layer.id, ",\"name\":", json_quote(layer.name),
                ",\"type\":", json_quote(layer.type), ",\"output_shape\":",
                (r.ok() ? shape_json(r.output_shape) : "null")});
    out += cat({",\"params\":", r.params, ",\"trainable\":", r.trainable,
                ",\"non_trainable\":", r.non_trainable, ",\"bytes\":", r.bytes});
    if (torch) out += cat({",\"buffers\":", r.buffers});
    out += cat({",\"formula\":", json_quote(r.formula), ",\"explanation\":["});
    std::vector<std::string> steps = calc.explanation(i);
    for (size_t k = 0; k < steps.size(); ++k) out += (k ? "," : "") + json_quote(steps[k]);
    out += "],\"weights\":[";
    for (size_t k = 0; k < r.weights.size(); ++k) {
      const Weight& w = r.weights[k];
      out += cat({(k ? "," : ""), "{\"name\":", json_quote(w.name), ",\"shape\":", shape_json(w.shape),
                  ",\"count\":", w.count, ",\"trainable\":", (w.trainable ? "true" : "false")});
      if (torch) out += cat({",\"buffer\":", (w.buffer ? "true" : "false")});
      out += "}";
    }
    out += cat({"],\"status\":\"", std::string(status_name(r.status)), "\",\"error\":"});
    out += r.ok() ? "null" : json_quote(r.error);
    out += cat({",\"error_argument\":", (r.error_argument.empty() ? std::string("null") : json_quote(r.error_argument))});
    out += "}";
  }
  const Totals& t = calc.totals();
  out += cat({"],\"total\":", t.params, ",\"trainable\":", t.trainable,
              ",\"non_trainable\":", t.non_trainable, ",\"bytes\":", t.bytes});
  if (torch) out += cat({",\"buffers\":", t.buffers});
  out += cat({",\"errors\":", messages_json(model_errors(calc, imported))});
  out += cat({",\"warnings\":", messages_json(imported.warnings)});
  out += ",\"undefined_names\":[";
  for (size_t k = 0; k < imported.undefined_names.size(); ++k) out += (k ? "," : "") + json_quote(imported.undefined_names[k]);
  out += "]}";
  return out;
}

std::string summary_table(const Calculator& calc, const ImportResult& imported) {
  const Model& model = calc.model();
  std::vector<std::array<std::string, 4>> rows;
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const LayerResult& r = calc.results()[i];
    rows.push_back({cat({" ", model.layers[i].name, " (", model.layers[i].type, ")"}), output_cell(r), params_cell(r), r.formula});
  }
  std::array<std::string, 4> header = {" Layer (type)", "Output Shape", "Param #", "Formula"};
  std::array<size_t, 4> width = {29, 26, 10, 0};
  for (const auto& row : rows)
    for (size_t c = 0; c < 3; ++c) width[c] = std::max(width[c], display_width(row[c]) + 2);
  size_t formula_width = display_width(header[3]);
  for (const auto& row : rows) formula_width = std::max(formula_width, display_width(row[3]));
  size_t line_width = width[0] + width[1] + width[2] + formula_width + 1;

  std::string out = "Model: \"sequential\"\n";
  out += cat({std::string(line_width, '_'), "\n"});
  out += cat({pad(header[0], width[0]), pad(header[1], width[1]), pad(header[2], width[2]), header[3], "\n"});
  out += cat({std::string(line_width, '='), "\n"});
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    out += cat({pad(row[0], width[0]), pad(row[1], width[1]), pad(row[2], width[2]), row[3], "\n"});
    if (i + 1 < rows.size()) out += "\n";
  }
  const Totals& t = calc.totals();
  out += cat({std::string(line_width, '='), "\n"});
  out += cat({"Total params: ", sized(t.params, t.bytes), "\n"});
  out += cat({"Trainable params: ", sized(t.trainable, t.trainable * 4), "\n"});
  out += cat({"Non-trainable params: ", sized(t.non_trainable, t.non_trainable * 4), "\n"});
  out += cat({std::string(line_width, '_'), "\n"});
  return out;
}

std::string summary_markdown(const Calculator& calc, const ImportResult& imported) {
  auto cell = [](std::string s) {
    std::string out;
    for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
  };
  const Model& model = calc.model();
  std::string out = "| # | Layer (type) | Output Shape | Param # | Formula |\n|---:|---|---|---:|---|\n";
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const LayerResult& r = calc.results()[i];
    out += cat({"| ", i + 1, " | ", cell(model.layers[i].name), " (", model.layers[i].type, ") | ",
                cell(output_cell(r)), " | ", params_cell(r), " | ", cell(r.formula), " |\n"});
  }
  const Totals& t = calc.totals();
  out += cat({"\n**Total params:** ", sized(t.params, t.bytes), "  \n"});
  out += cat({"**Trainable params:** ", sized(t.trainable, t.trainable * 4), "  \n"});
  out += cat({"**Non-trainable params:** ", sized(t.non_trainable, t.non_trainable * 4), "\n"});
  return out;
}

std::string summary_csv(const Calculator& calc, const ImportResult& imported) {
  auto field = [](const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return cat({out, "\""});
  };
  const Model& model = calc.model();
  std::string out = "index,name,type,output_shape,params,trainable,non_trainable,bytes,formula,error\n";
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const LayerResult& r = calc.results()[i];
    out += cat({i + 1, ",", field(model.layers[i].name), ",", field(model.layers[i].type), ",",
                field(r.ok() ? shape_keras(r.output_shape) : ""), ",", r.params, ",",
                r.trainable, ",", r.non_trainable, ",", r.bytes, ",",
                field(r.formula), ",", field(r.ok() ? "" : r.error), "\n"});
  }
  const Totals& t = calc.totals();
  out += cat({",total,,,", t.params, ",", t.trainable, ",",
              t.non_trainable, ",", t.bytes, ",,\n"});
  return out;
}

}  // namespace learnable
