// The export formats and the printouts of other tools: Keras 3's model.summary() (a rich table,
// laid out as rich lays it out), torchinfo's summary() and a LaTeX booktabs table. The code
// exports are in export_code.cpp.
#include "core/export.h"

#include <array>
#include <cmath>
#include <cstdio>

#include "core/keras_json.h"
#include "core/summary.h"
#include "core/text.h"

namespace learnable {

namespace {

// Width in columns: one per code point (the tables hold no wide characters).
size_t width_of(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string repeat(std::string_view piece, size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

std::string pad_right(std::string s, size_t width) {
  size_t w = width_of(s);
  if (w < width) s.append(width - w, ' ');
  return s;
}

std::string pad_left(const std::string& s, size_t width) {
  size_t w = width_of(s);
  return w < width ? std::string(width - w, ' ') + s : s;
}

// The first `width` columns of s.
std::string first_columns(std::string_view s, size_t width) {
  size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == width) break;
      ++n;
    }
  }
  return std::string(s.substr(0, i));
}

const ExportFormat kAllFormats[] = {ExportFormat::Table,     ExportFormat::Json,       ExportFormat::Markdown,
                                    ExportFormat::Csv,       ExportFormat::KerasSummary, ExportFormat::Torchinfo,
                                    ExportFormat::Latex,     ExportFormat::KerasCode,  ExportFormat::KerasJson,
                                    ExportFormat::PytorchCode};

std::string refusal(ExportFormat format, Framework framework) {
  const bool keras_only = !export_applies(format, Framework::PyTorch);
  Framework wanted = keras_only ? Framework::Keras : Framework::PyTorch;
  return cat({export_format_name(format), " is for ", framework_title(wanted), " models, and this model follows ",
              framework_title(framework), (framework == Framework::Keras ? "'" : "'s"),
              " conventions; convert the model to ", framework_title(wanted),
              " first, or use ",
              (framework == Framework::Keras ? "keras-summary, keras-code or keras-json" : "torchinfo or pytorch-code")});
}

// ---------------------------------------------------------------------------------------------
// Keras 3: keras/src/utils/summary_utils.py prints a rich.table.Table(width=line_length,
// show_lines=True) whose three columns have fixed widths from positions [0.45, 0.80, 1.0].

// Python's round(): halves go to the even neighbour.
int64_t python_round(double x) {
  double r = std::nearbyint(x);  // the default rounding mode rounds halves to even
  return static_cast<int64_t>(r);
}

// rich's column widths: each fixed width plus its padding, then rich.ratio_reduce() takes the
// excess over the table's inner width from the columns in turn.
std::array<size_t, 3> keras_column_widths(int line_length) {
  const double positions[3] = {0.45, 0.80, 1.0};
  std::array<int64_t, 3> widths{};
  int64_t current = 0;
  for (int i = 0; i < 3; ++i) {
    int64_t width = static_cast<int64_t>(positions[i] * line_length) - current;
    current += width;
    widths[i] = width + 2;  // padding (0, 1)
  }
  int64_t inner = line_length - 4;  // the two outer edges and two separators
  int64_t excess = widths[0] + widths[1] + widths[2] - inner;
  if (excess > 0) {
    int64_t remaining = excess;
    int64_t ratio_left = 3;
    for (int i = 0; i < 3; ++i) {
      int64_t share = std::min(widths[i], python_round(static_cast<double>(remaining) / static_cast<double>(ratio_left)));
      widths[i] -= share;
      remaining -= share;
      --ratio_left;
    }
  }
  std::array<size_t, 3> out{};
  for (int i = 0; i < 3; ++i) out[i] = static_cast<size_t>(std::max<int64_t>(widths[i], 3));
  return out;
}

// rich's wrapping of a cell: words fill lines; a word longer than the line stands alone and is
// cut with an ellipsis (the columns' default overflow).
std::vector<std::string> wrap_cell(const std::string& text, size_t width) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start <= text.size()) {
    size_t space = text.find(' ', start);
    if (space == std::string::npos) space = text.size();
    if (space > start) words.push_back(text.substr(start, space - start));
    start = space + 1;
  }
  std::vector<std::string> lines;
  std::string line;
  for (const std::string& word : words) {
    if (!line.empty() && width_of(line) + 1 + width_of(word) <= width) {
      line += " " + word;
      continue;
    }
    if (!line.empty()) lines.push_back(line);
    line = word;
    if (width_of(line) > width) {
      lines.push_back(first_columns(line, width - 1) + "\xE2\x80\xA6");  // …
      line.clear();
    }
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

// Keras' readable_memory_size(): 1024 per unit, always two decimals ("0.00 B", "10.48 MB").
std::string keras_memory_size(int64_t bytes) {
  static const char* units[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  double size = static_cast<double>(bytes);
  int unit = 0;
  while (unit < 5 && size / 1024.0 >= 1.0) {
    size /= 1024.0;
    ++unit;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f %s", size, units[unit]);
  return buf;
}

std::string status_cell(const LayerResult& r, Framework framework) {
  return r.ok() ? shape_text(r.output_shape, framework) : status_name(r.status);
}

// ---------------------------------------------------------------------------------------------
// torchinfo: formatting.py pads the layer column to 40 (more for long names, to a multiple of
// 5) and the others to 25, each followed by a space, and strips the line's end.

std::string torch_shape(const Shape& shape, int64_t batch) {
  std::string out = cat({"[", batch});
  for (int64_t d : shape) out += d == kUnknown ? std::string(", ?") : cat({", ", d});
  return cat({out, "]"});
}

std::string torchinfo_row(const std::string& name, const std::string& shape, const std::string& params, size_t name_width) {
  std::string line = cat({pad_right(name, name_width), " ", pad_right(shape, 25), " ", params});
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return cat({line, "\n"});
}

// ---------------------------------------------------------------------------------------------
// LaTeX

std::string latex_text(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    std::string_view rest = s.substr(i);
    auto starts = [&](std::string_view utf8) { return rest.substr(0, utf8.size()) == utf8; };
    struct Mapping {
      std::string_view utf8, latex;
    };
    static const Mapping kUnicode[] = {
        {"\xC3\x97", "$\\times$"},     {"\xE2\x88\x92", "$-$"},       {"\xE2\x80\xA6", "\\ldots{}"},
        {"\xE2\x86\x92", "$\\to$"},    {"\xE2\x89\xA4", "$\\le$"},    {"\xE2\x89\xA5", "$\\ge$"},
        {"\xC2\xB7", "$\\cdot$"},      {"\xE2\x80\x9C", "``"},         {"\xE2\x80\x9D", "''"},
        {"\xE2\x80\x98", "`"},         {"\xE2\x80\x99", "'"},          {"\xE2\x80\x93", "--"},
        {"\xE2\x80\x94", "---"}};
    bool mapped = false;
    for (const Mapping& m : kUnicode)
      if (starts(m.utf8)) {
        out += m.latex;
        i += m.utf8.size() - 1;
        mapped = true;
        break;
      }
    if (mapped) continue;
    switch (c) {
      case '\\': out += "\\textbackslash{}"; break;
      case '&': case '%': case '$': case '#': case '_': case '{': case '}':
        out += '\\';
        out += c;
        break;
      case '~': out += "\\textasciitilde{}"; break;
      case '^': out += "\\textasciicircum{}"; break;
      case '<': out += "\\textless{}"; break;
      case '>': out += "\\textgreater{}"; break;
      default: out += c;
    }
  }
  return out;
}

// "3*288 + 32 = 896" is arithmetic and goes in math mode with × for *; a sentence stays text.
std::string latex_formula(const std::string& formula) {
  bool arithmetic = !formula.empty();
  for (char c : formula) arithmetic &= (c >= '0' && c <= '9') || c == ' ' || c == '*' || c == '+' || c == '=' || c == '(' || c == ')' || c == '-';
  if (!arithmetic) return latex_text(formula);
  std::string out = "$";
  for (char c : formula) out += c == '*' ? std::string(" \\times ") : std::string(1, c);
  // "3 \times 288" reads better than "3  \times  288" when the formula had spaces already.
  std::string tidy;
  for (char c : out)
    if (!(c == ' ' && !tidy.empty() && tidy.back() == ' ')) tidy += c;
  return cat({tidy, "$"});
}

}  // namespace

const std::vector<ExportFormat>& export_formats() {
  static const std::vector<ExportFormat> all(std::begin(kAllFormats), std::end(kAllFormats));
  return all;
}

const char* export_format_name(ExportFormat format) {
  switch (format) {
    case ExportFormat::Table: return "table";
    case ExportFormat::Json: return "json";
    case ExportFormat::Markdown: return "markdown";
    case ExportFormat::Csv: return "csv";
    case ExportFormat::KerasSummary: return "keras-summary";
    case ExportFormat::Torchinfo: return "torchinfo";
    case ExportFormat::Latex: return "latex";
    case ExportFormat::KerasCode: return "keras-code";
    case ExportFormat::KerasJson: return "keras-json";
    case ExportFormat::PytorchCode: return "pytorch-code";
  }
  return "table";
}

bool parse_export_format(std::string_view name, ExportFormat& out) {
  for (ExportFormat f : kAllFormats)
    if (name == export_format_name(f)) {
      out = f;
      return true;
    }
  return false;
}

bool export_applies(ExportFormat format, Framework framework) {
  switch (format) {
    case ExportFormat::KerasSummary:
    case ExportFormat::KerasCode:
    case ExportFormat::KerasJson: return framework == Framework::Keras;
    case ExportFormat::Torchinfo:
    case ExportFormat::PytorchCode: return framework == Framework::PyTorch;
    default: return true;
  }
}

ExportResult export_model(const Calculator& calc, const ImportResult& imported, ExportFormat format) {
  Framework framework = calc.model().framework;
  if (!export_applies(format, framework)) return {"", refusal(format, framework)};
  switch (format) {
    case ExportFormat::Table: return {summary_table(calc, imported), ""};
    case ExportFormat::Json: return {summary_json(calc, imported) + "\n", ""};
    case ExportFormat::Markdown: return {summary_markdown(calc, imported), ""};
    case ExportFormat::Csv: return {summary_csv(calc, imported), ""};
    case ExportFormat::KerasSummary: return {summary_keras_text(calc), ""};
    case ExportFormat::Torchinfo: return {summary_torchinfo_text(calc), ""};
    case ExportFormat::Latex: return {summary_latex(calc), ""};
    case ExportFormat::KerasCode: return keras_code(calc.model());
    case ExportFormat::KerasJson: return {keras_json(calc.model()) + "\n", ""};
    case ExportFormat::PytorchCode: return pytorch_code(calc.model());
  }
  return {"", "unknown export format"};
}

std::string summary_keras_text(const Calculator& calc, int line_length) {
  const Model& model = calc.model();
  std::array<size_t, 3> w = keras_column_widths(std::max(line_length, 20));
  auto rule = [&](const char* left, const char* fill, const char* join, const char* right) {
    return cat({left, repeat(fill, w[0]), join, repeat(fill, w[1]), join, repeat(fill, w[2]), right, "\n"});
  };
  // One table row: each cell wrapped to its column (less the padding), the count right-aligned.
  auto row = [&](const std::array<std::string, 3>& cells, const char* bar) {
    std::array<std::vector<std::string>, 3> lines;
    size_t height = 1;
    for (size_t c = 0; c < 3; ++c) {
      lines[c] = wrap_cell(cells[c], w[c] - 2);
      height = std::max(height, lines[c].size());
    }
    std::string out;
    for (size_t k = 0; k < height; ++k) {
      out += bar;
      for (size_t c = 0; c < 3; ++c) {
        std::string text = k < lines[c].size() ? lines[c][k] : "";
        out += cat({" ", (c == 2 ? pad_left(text, w[c] - 2) : pad_right(text, w[c] - 2)), " ", bar});
      }
      out += "\n";
    }
    return out;
  };

  std::string out = "Model: \"sequential\"\n";
  out += rule("\xE2\x94\x8F", "\xE2\x94\x81", "\xE2\x94\xB3", "\xE2\x94\x93");  // ┏━┳┓
  out += row({"Layer (type)", "Output Shape", "Param #"}, "\xE2\x94\x83");    // ┃
  out += rule("\xE2\x94\xA1", "\xE2\x94\x81", "\xE2\x95\x87", "\xE2\x94\xA9");  // ┡━╇┩
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const LayerResult& r = calc.results()[i];
    if (i) out += rule("\xE2\x94\x9C", "\xE2\x94\x80", "\xE2\x94\xBC", "\xE2\x94\xA4");  // ├─┼┤
    out += row({cat({model.layers[i].name, " (", model.layers[i].type, ")"}), status_cell(r, Framework::Keras),
                r.ok() ? with_commas(r.params) : "-"},
               "\xE2\x94\x82");  // │
  }
  out += rule("\xE2\x94\x94", "\xE2\x94\x80", "\xE2\x94\xB4", "\xE2\x94\x98");  // └─┴┘
  const Totals& t = calc.totals();
  if (t.overflow) return cat({out, " Total params: too large to count exactly\n"});
  out += cat({" Total params: ", with_commas(t.params), " (", keras_memory_size(t.trainable * 4 + t.non_trainable * 4), ")\n"});
  out += cat({" Trainable params: ", with_commas(t.trainable), " (", keras_memory_size(t.trainable * 4), ")\n"});
  out += cat({" Non-trainable params: ", with_commas(t.non_trainable), " (", keras_memory_size(t.non_trainable * 4), ")\n"});
  return out;
}

std::string summary_torchinfo_text(const Calculator& calc) {
  const Model& model = calc.model();
  std::vector<std::array<std::string, 3>> rows;
  const LayerResult* last = calc.results().empty() ? nullptr : &calc.results().back();
  rows.push_back({"Sequential", (last && last->ok()) ? torch_shape(last->output_shape, 1) : std::string("--"), "--"});
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const LayerResult& r = calc.results()[i];
    std::string params = "--";
    if (r.ok() && r.params > 0) params = r.trainable > 0 ? with_commas(r.params) : cat({"(", with_commas(r.params), ")"});
    rows.push_back({cat({"\xE2\x94\x9C\xE2\x94\x80", model.layers[i].type, ": 1-", i + 1}),  // ├─
                    r.ok() ? torch_shape(r.output_shape, 1) : status_cell(r, Framework::PyTorch), params});
  }
  // set_layer_name_width(): the longest title plus its depth indent, rounded up to fives.
  size_t name_width = 40;
  size_t longest = 0;
  for (size_t i = 0; i < model.layers.size(); ++i)
    longest = std::max(longest, width_of(cat({model.layers[i].type, ": 1-", i + 1})) + 6);
  if (longest >= name_width) name_width = (longest + 4) / 5 * 5;
  const std::string divider = cat({std::string(name_width + 50, '='), "\n"});

  std::string out = divider;
  out += torchinfo_row("Layer (type:depth-idx)", "Output Shape", "Param #", name_width);
  out += divider;
  for (const auto& r : rows) out += torchinfo_row(r[0], r[1], r[2], name_width);
  out += divider;
  const Totals& t = calc.totals();
  if (t.overflow) {
    out += "Total params: too large to count exactly\n";
  } else {
    out += cat({"Total params: ", with_commas(t.params), "\n"});
    out += cat({"Trainable params: ", with_commas(t.trainable), "\n"});
    out += cat({"Non-trainable params: ", with_commas(t.params - t.trainable), "\n"});
    out += cat({"Buffers (not parameters): ", with_commas(t.buffers), "\n"});
  }
  out += divider;
  return out;
}

std::string summary_latex(const Calculator& calc) {
  const Model& model = calc.model();
  const bool torch = model.framework == Framework::PyTorch;
  std::string out = cat({"% ", framework_title(model.framework),
                         " model, parameters counted by Learnable. Needs \\usepackage{booktabs}.\n"});
  out += "\\begin{tabular}{llrl}\n\\toprule\n";
  out += cat({(torch ? "Module" : "Layer"), " (type) & Output shape & Param \\# & Formula \\\\\n\\midrule\n"});
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const Layer& layer = model.layers[i];
    const LayerResult& r = calc.results()[i];
    out += cat({latex_text(layer.name), " (", latex_text(layer.type), ") & ", latex_text(status_cell(r, model.framework)), " & ",
                (r.ok() ? with_commas(r.params) : std::string("--")), " & ",
                (r.ok() ? latex_formula(r.formula) : latex_text(r.error)), " \\\\\n"});
  }
  out += "\\midrule\n";
  const Totals& t = calc.totals();
  if (t.overflow) {
    out += "Total params & & \\multicolumn{2}{l}{too large to count exactly} \\\\\n";
  } else {
    out += cat({"Total params & & ", with_commas(t.params), " & \\\\\n"});
    out += cat({"Trainable params & & ", with_commas(t.trainable), " & \\\\\n"});
    out += cat({"Non-trainable params & & ", with_commas(t.non_trainable), " & \\\\\n"});
    if (torch && t.buffers > 0) out += cat({"Buffers (not parameters) & & ", with_commas(t.buffers), " & \\\\\n"});
  }
  out += "\\bottomrule\n\\end{tabular}\n";
  return out;
}

}  // namespace learnable
