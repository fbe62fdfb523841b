// The inspector: the selected layer's name and type (a menu that turns it into another type in
// place), its result and formula, an editor for every argument of its type (driven by the core's
// ArgSpec list, so a new layer type needs no UI code), and the core's step-by-step explanation.
// Every keystroke is one edit through the Document, so the table, the totals and every later
// layer update in the same frame.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/editing.h"
#include "app/platform.h"
#include "app/widgets.h"
#include "core/calculator.h"
#include "core/layer_type.h"
#include "imgui.h"
#include "imgui_internal.h"

namespace learnable::app {

namespace {

const char* const kActivations[] = {"linear", "relu", "sigmoid", "softmax", "tanh", "elu", "selu", "gelu",
                                    "swish", "silu", "softplus", "softsign", "relu6", "leaky_relu",
                                    "hard_sigmoid", "exponential", "mish", "log_softmax"};

// State shared by the argument editors of one layer (and of the layer it wraps).
struct Editing {
  uint64_t& session;         // merge key: bumped whenever a field is activated
  std::string& error_key;    // the field holding text that is not a value
  std::string& error_text;
  const LayerResult& result;
  std::string prefix;        // "" or "layer." inside a wrapper (as the core names its faults)
  ImFont* mono = nullptr;
};

void track_activation(Editing& ed, const std::string& key) {
  if (ImGui::IsItemActivated()) ++ed.session;
  if (ImGui::IsItemDeactivated() && ed.error_key == key) ed.error_key.clear();
}

const ImGuiInputTextFlags kFieldFlags = ImGuiInputTextFlags_NoUndoRedo | ImGuiInputTextFlags_AutoSelectAll;

// An integer field with − and + buttons. Returns true with `out` set when the user changed it to
// a readable value (None when emptied).
bool int_field(Editing& ed, const char* id, const Value& current, Value& out, float width, const std::string& key,
               bool buttons) {
  std::string text = value_text(current);
  bool bad = ed.error_key == key;
  if (bad) ImGui::PushStyleColor(ImGuiCol_Border, palette().error);
  ImGui::SetNextItemWidth(width);
  bool changed = input_text(id, text, kFieldFlags, "None");
  if (bad) ImGui::PopStyleColor();
  note_rect("arg:" + key);
  track_activation(ed, key);
  bool result = false;
  if (changed) {
    std::string message;
    int64_t n = 0;
    size_t first = text.find_first_not_of(' ');
    if (first == std::string::npos) {
      out = Value::none();
      result = true;
      if (ed.error_key == key) ed.error_key.clear();
    } else {
      std::string expr = text;
      std::replace(expr.begin(), expr.end(), '^', '~');  // 2^40 means a power here, not Python's xor
      size_t caret;
      while ((caret = expr.find('~')) != std::string::npos) expr.replace(caret, 1, "**");
      if (parse_integer(expr, n, message)) {
        out = Value::of_int(n);
        result = true;
        if (ed.error_key == key) ed.error_key.clear();
      } else {
        ed.error_key = key;
        ed.error_text = message;
      }
    }
  }
  if (buttons) {
    int64_t base = current.kind == Value::Kind::Int ? current.integer : 0;
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(2, 0));
    ImGui::SameLine(0, 3);
    float side = ImGui::GetFrameHeight();
    if (ImGui::Button(("−##" + key).c_str(), ImVec2(side, side))) {
      out = Value::of_int(base - 1);
      result = true;
    }
    note_rect("arg:" + key + ":minus");
    track_activation(ed, key + ":minus");
    ImGui::SameLine();
    if (ImGui::Button(("+##" + key).c_str(), ImVec2(side, side))) {
      out = Value::of_int(base + 1);
      result = true;
    }
    note_rect("arg:" + key + ":plus");
    track_activation(ed, key + ":plus");
    ImGui::PopStyleVar();
  }
  return result;
}

// A field for any Python value; `expressions` keeps unreadable text as an expression.
bool value_field(Editing& ed, const char* id, const Value& current, Value& out, const std::string& key, bool expressions,
                 const char* hint = "None") {
  std::string text = value_text(current);
  bool bad = ed.error_key == key;
  if (bad) ImGui::PushStyleColor(ImGuiCol_Border, palette().error);
  bool changed = input_text(id, text, kFieldFlags, hint);
  if (bad) ImGui::PopStyleColor();
  note_rect("arg:" + key);
  track_activation(ed, key);
  if (!changed) return false;
  std::string message;
  if (parse_value(text, out, message, expressions)) {
    if (ed.error_key == key) ed.error_key.clear();
    return true;
  }
  ed.error_key = key;
  ed.error_text = message;
  return false;
}

bool choice_combo(Editing& ed, const char* id, const std::string& preview, const std::vector<std::string>& options,
                  std::string& chosen, const std::string& key, float leave = 0) {
  bool result = false;
  ImGui::SetNextItemWidth(std::min(220.0f, ImGui::GetContentRegionAvail().x - leave));
  bool open = ImGui::BeginCombo(id, preview.c_str());
  note_rect("arg:" + key);
  track_activation(ed, key);
  if (!open) return false;
  for (const std::string& option : options) {
    bool selected = option == preview;
    if (ImGui::Selectable(option.c_str(), selected)) {
      chosen = option;
      result = true;
      ++ed.session;
    }
    note_rect("option:" + option);
    if (selected) ImGui::SetItemDefaultFocus();
  }
  ImGui::EndCombo();
  return result;
}

// "same for all" beside a tuple's fields, shortened to "same" when the panel is narrow.
const char* same_label(float avail, int rank) {
  float full = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize("same for all").x + 10;
  return avail - full - float(rank) * 48 >= 0 ? "same for all" : "same";
}

float same_width(float avail, int rank) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(same_label(avail, rank)).x + 10;
}

bool is_wrapper_type(const LayerType& t) {
  for (const ArgSpec& a : t.args)
    if (a.kind == ArgKind::Wrapped) return true;
  return false;
}

bool edit_layer_args(Editing& ed, Layer& layer, const LayerType& type, bool counted_only);

// One row of the arguments table: the name, its editor, and what is wrong with it.
bool edit_arg(Editing& ed, Layer& layer, const ArgSpec& spec, size_t wrapped_index) {
  const Palette& pal = palette();
  const std::string key = ed.prefix + spec.name;
  const Value* given = layer.find_arg(spec.name);
  const Value& current = given ? *given : spec.default_value;
  bool at_fault = !ed.result.ok() && ed.result.status == LayerStatus::Error &&
                  (ed.result.error_argument == key || (ed.prefix.empty() && ed.result.error_argument.rfind(key + ".", 0) == 0));

  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  ImGui::AlignTextToFramePadding();
  const ImVec4& label_color = at_fault ? pal.error : (given || spec.kind == ArgKind::Wrapped) ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : pal.text_dim;
  ImGui::TextColored(label_color, "%s", spec.name.c_str());
  if (ImGui::BeginItemTooltip()) {
    ImGui::Text("%s%s", spec.name.c_str(), spec.required ? " (required)" : "");
    if (!spec.required && spec.kind != ArgKind::Wrapped)
      ImGui::TextDisabled("Default: %s", spec.default_value.is_none() ? "None" : spec.default_value.to_python().c_str());
    ImGui::TextDisabled(spec.counted ? "Changes the output shape or the count" : "Does not change the count");
    ImGui::EndTooltip();
  }

  ImGui::TableSetColumnIndex(1);
  ImGui::PushID(spec.name.c_str());
  bool changed = false;
  Value out;
  bool erase = false;
  float avail = ImGui::GetContentRegionAvail().x;
  float reset_w = given && spec.kind != ArgKind::Wrapped && !spec.required ? ImGui::GetFrameHeight() + 4 : 0;
  if (at_fault) ImGui::PushStyleColor(ImGuiCol_Border, pal.error);
  switch (spec.kind) {
    case ArgKind::Int:
      changed = int_field(ed, "##v", current, out, std::min(140.0f, avail - reset_w - ImGui::GetFrameHeight() * 2 - 10), key, true);
      break;
    case ArgKind::Ints: {
      int rank = std::max(1, spec.rank);
      bool tuple = current.is_sequence();
      if (tuple) rank = static_cast<int>(current.items.size());
      if (!tuple) {
        changed = int_field(ed, "##v", current, out, std::min(110.0f, avail * 0.4f), key, true);
      } else {
        float times_w = ImGui::CalcTextSize("×").x + 8;
        float w = std::min(80.0f, (avail - reset_w - same_width(avail, rank) - times_w * float(rank - 1)) / float(rank) - 1);
        for (int k = 0; k < rank; ++k) {
          if (k) {
            ImGui::SameLine(0, 4);
            ImGui::TextDisabled("×");
            ImGui::SameLine(0, 4);
          }
          Value item;
          std::string item_key = k == 0 ? key : key + "[" + std::to_string(k) + "]";
          ImGui::PushID(k);
          if (int_field(ed, "##v", current.items[k], item, std::max(40.0f, w), item_key, false)) {
            out = current;
            out.items[k] = item.is_none() ? Value::of_int(0) : item;
            changed = true;
          }
          ImGui::PopID();
        }
      }
      if (rank > 1 || tuple) {
        ImGui::SameLine(0, 10);
        bool same = !tuple;
        ImGui::BeginDisabled(current.is_none());
        if (ImGui::Checkbox(same_label(avail, rank), &same)) {
          ++ed.session;
          if (same) {
            out = current.items.empty() ? Value::of_int(1) : current.items[0];
          } else {
            std::vector<Value> items(static_cast<size_t>(std::max(1, spec.rank)), current);
            out = Value::tuple(items);
          }
          changed = true;
        }
        note_rect("arg:" + key + ":same");
        ImGui::EndDisabled();
      }
      break;
    }
    case ArgKind::Choice: {
      std::string preview = current.kind == Value::Kind::String ? current.text : current.is_none() ? "None" : current.to_python();
      std::string chosen;
      if (choice_combo(ed, "##v", preview, spec.choices, chosen, key, reset_w)) {
        out = Value::of_string(chosen);
        changed = true;
      }
      break;
    }
    case ArgKind::Bool: {
      bool b = current.kind == Value::Kind::Bool ? current.boolean : false;
      if (ImGui::Checkbox(b ? "True##v" : "False##v", &b)) {
        out = Value::of_bool(b);
        changed = true;
        ++ed.session;
      }
      note_rect("arg:" + key);
      break;
    }
    case ArgKind::Activation: {
      std::string preview = current.is_none() ? "None (linear)" : current.kind == Value::Kind::String ? current.text : current.to_python();
      std::vector<std::string> options = {"None (linear)"};
      for (const char* a : kActivations) options.push_back(a);
      if (current.kind == Value::Kind::Expr) options.push_back(current.text);
      std::string chosen;
      if (choice_combo(ed, "##v", preview, options, chosen, key, reset_w)) {
        if (chosen == options[0]) erase = true;
        else out = current.kind == Value::Kind::Expr && chosen == current.text ? current : Value::of_string(chosen);
        changed = true;
      }
      break;
    }
    case ArgKind::Float:
    case ArgKind::IntList:
      ImGui::PushItemWidth(avail - reset_w);
      changed = value_field(ed, "##v", current, out, key, false);
      ImGui::PopItemWidth();
      break;
    case ArgKind::Any:
      ImGui::PushItemWidth(avail - reset_w);
      changed = value_field(ed, "##v", current, out, key, true);
      ImGui::PopItemWidth();
      break;
    case ArgKind::Wrapped: {
      bool has = wrapped_index < layer.inner.size();
      std::vector<std::string> options;
      if (!spec.required) options.push_back("None");
      for (const LayerType& t : layer_types())
        if (t.alias_of.empty() && !is_wrapper_type(t) && t.name != "InputLayer" &&
            (layer.type != "Bidirectional" || t.group == "Recurrent"))
          options.push_back(t.name);
      std::string chosen;
      if (choice_combo(ed, "##type", has ? layer.inner[wrapped_index].type : "None", options, chosen, key)) {
        if (chosen == "None") {
          if (has) layer.inner.erase(layer.inner.begin() + static_cast<std::ptrdiff_t>(wrapped_index));
        } else {
          Layer fresh = new_layer(chosen);
          if (has) {
            fresh.name = layer.inner[wrapped_index].name;
            if (fresh.name.empty() || fresh.name == keras_snake_case(layer.inner[wrapped_index].type))
              fresh.name = keras_snake_case(chosen);
            layer.inner[wrapped_index] = fresh;
          } else {
            fresh.name = keras_snake_case(chosen);
            layer.inner.resize(wrapped_index + 1);
            layer.inner[wrapped_index] = fresh;
          }
        }
        if (at_fault) ImGui::PopStyleColor();
        ImGui::PopID();
        return true;
      }
      break;
    }
  }
  if (at_fault) ImGui::PopStyleColor();
  if (reset_w > 0) {
    ImGui::SameLine(0, 4);
    if (ImGui::Button("↺", ImVec2(ImGui::GetFrameHeight(), 0))) {
      erase = true;
      changed = true;
      ++ed.session;
    }
    note_rect("arg:" + key + ":reset");
    ImGui::SetItemTooltip("Back to the default (%s)", spec.default_value.is_none() ? "None" : spec.default_value.to_python().c_str());
  }
  if (at_fault) text_colored_wrapped(pal.error, ed.result.error);
  if (ed.error_key.rfind(key, 0) == 0 && !ed.error_text.empty() &&
      (ed.error_key.size() == key.size() || ed.error_key[key.size()] == '['))
    text_colored_wrapped(pal.error, ed.error_text);
  ImGui::PopID();

  if (spec.kind == ArgKind::Wrapped && wrapped_index < layer.inner.size()) {
    Layer& inner = layer.inner[wrapped_index];
    const LayerType* inner_type = find_layer_type(inner.type);
    if (inner_type) {
      Editing nested{ed.session, ed.error_key, ed.error_text, ed.result, ed.prefix + spec.name + ".", ed.mono};
      ImGui::PushID(static_cast<int>(wrapped_index) + 1000);
      ImGui::Indent();
      bool inner_changed = edit_layer_args(nested, inner, *inner_type, true);
      ImGui::Unindent();
      ImGui::PopID();
      if (inner_changed) return true;
    }
  }

  if (!changed) return false;
  if (erase || (out.is_none() && (spec.default_value.is_none() || spec.required))) layer.erase_arg(spec.name);
  else if (out.is_none()) layer.erase_arg(spec.name);
  else layer.set_arg(spec.name, out);
  return true;
}

// Two columns: the argument names, as wide as the longest (up to 40% of the panel), and editors.
bool begin_args_table(const char* id, const LayerType& type) {
  if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_NoSavedSettings)) return false;
  float label = ImGui::CalcTextSize("trainable").x;
  for (const ArgSpec& spec : type.args) label = std::max(label, ImGui::CalcTextSize(spec.name.c_str()).x);
  label = std::min(label, ImGui::GetContentRegionAvail().x * 0.34f);
  ImGui::TableSetupColumn("argument", ImGuiTableColumnFlags_WidthFixed, label);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  return true;
}

// The arguments that change the count first; the rest under "More arguments".
bool edit_layer_args(Editing& ed, Layer& layer, const LayerType& type, bool nested) {
  bool changed = false;
  size_t wrapped = 0;
  if (begin_args_table("##counted", type)) {
    for (const ArgSpec& spec : type.args) {
      bool is_wrapped = spec.kind == ArgKind::Wrapped;
      if (!spec.counted && !is_wrapped && !spec.required) continue;
      changed |= edit_arg(ed, layer, spec, is_wrapped ? wrapped : 0);
      if (is_wrapped) ++wrapped;
      if (changed) break;
    }
    if (!nested && !changed) {
      // trainable is common to every layer and moves counts between trainable and non-trainable.
      ArgSpec trainable;
      trainable.name = "trainable";
      trainable.kind = ArgKind::Bool;
      trainable.default_value = Value::of_bool(true);
      trainable.counted = true;
      changed |= edit_arg(ed, layer, trainable, 0);
    }
    ImGui::EndTable();
  }
  if (changed) return true;
  size_t others = 0;
  for (const ArgSpec& spec : type.args) others += !spec.counted && spec.kind != ArgKind::Wrapped && !spec.required;
  if (others == 0) return false;
  char title[64];
  std::snprintf(title, sizeof title, "More arguments (%zu)###more", others);
  ImGui::PushStyleColor(ImGuiCol_Text, palette().text_dim);
  bool open = ImGui::TreeNodeEx(title, ImGuiTreeNodeFlags_SpanAvailWidth);
  ImGui::PopStyleColor();
  note_rect(nested ? "button:More arguments (wrapped)" : "button:More arguments");
  if (open) {
    if (begin_args_table("##others", type)) {
      for (const ArgSpec& spec : type.args) {
        if (spec.counted || spec.kind == ArgKind::Wrapped || spec.required) continue;
        if (edit_arg(ed, layer, spec, 0)) {
          changed = true;
          break;
        }
      }
      ImGui::EndTable();
    }
    ImGui::TreePop();
  }
  return changed;
}

// The layer's type beside its name: a button opening every type, grouped as the Add layer menu
// groups them, each with what it would count on this layer's input. Returns the type chosen.
std::string type_menu(const Layer& layer, const std::optional<Shape>& input, Framework framework) {
  const Palette& pal = palette();
  // Beside the name, centred on its taller field, when it fits; below it in a narrow panel.
  std::string label = layer.type + "  ▾###type";
  float name_h = ImGui::GetItemRectSize().y;
  float width = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
  float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + 10 + width <= right) {
    ImGui::SameLine(0, 10);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + std::max(0.0f, (name_h - ImGui::GetFrameHeight()) * 0.5f));
  }
  ImVec4 tint = pal.accent;
  ImGui::PushStyleColor(ImGuiCol_Text, pal.accent);
  tint.w = 0.10f;
  ImGui::PushStyleColor(ImGuiCol_Button, tint);
  tint.w = 0.18f;
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, tint);
  tint.w = 0.26f;
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, tint);
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0);
  bool pressed = ImGui::Button(label.c_str());
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(4);
  note_rect("button:Layer type");
  ImGui::SetItemTooltip("Change the layer type: the arguments the new type also takes keep their values");
  if (pressed) ImGui::OpenPopup("##type-menu");
  std::vector<std::string> groups;
  for (const LayerType& t : layer_types(framework))
    if (std::find(groups.begin(), groups.end(), t.group) == groups.end()) groups.push_back(t.group);
  // Below the button, or above it when the window is too short for the list of groups there.
  const ImGuiStyle& style = ImGui::GetStyle();
  float rows = float(groups.size() + 1);
  float menu_h = rows * ImGui::GetTextLineHeight() + (rows - 1) * style.ItemSpacing.y + style.WindowPadding.y * 2;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  float bottom = viewport->Pos.y + viewport->Size.y;
  if (ImGui::GetItemRectMax().y + 2 + menu_h > bottom && ImGui::GetItemRectMin().y - viewport->Pos.y > bottom - ImGui::GetItemRectMax().y)
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y - 2), ImGuiCond_Always, ImVec2(0, 1));
  else
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y + 2));
  std::string chosen;
  if (!ImGui::BeginPopup("##type-menu")) return chosen;
  ImGui::TextDisabled("Change the type to");
  for (const std::string& g : groups) {
    bool open = ImGui::BeginMenu(g.c_str());
    note_rect("menu:" + g);
    if (!open) continue;
    for (const LayerType& t : layer_types(framework)) {
      if (t.group != g || !t.alias_of.empty() || t.name == "InputLayer") continue;
      // What the layer would be as this type, counted on its input (when that is known).
      std::string count;
      std::string outcome;
      if (input && t.name != layer.type) {
        LayerResult r = compute_layer(with_type(layer, t.name, framework), *input, false, framework);
        count = r.ok() ? with_commas(r.params) : "✗";
        outcome = r.ok() ? "Here: " + with_commas(r.params) + " params, output " + shape_text(r.output_shape, framework)
                         : "Here: " + r.error;
      }
      bool picked = ImGui::MenuItem(t.name.c_str(), count.empty() ? nullptr : count.c_str(), t.name == layer.type);
      note_rect("menu:" + t.name);
      if (ImGui::BeginItemTooltip()) {
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
        if (!t.summary.empty()) {
          std::string summary = t.summary + ".";
          if (summary[0] >= 'a' && summary[0] <= 'z') summary[0] = static_cast<char>(summary[0] - 'a' + 'A');
          ImGui::TextUnformatted(summary.c_str());
        }
        if (!outcome.empty()) text_colored_wrapped(count == "✗" ? pal.error : pal.text_dim, outcome);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
      if (picked && t.name != layer.type) chosen = t.name;
    }
    ImGui::EndMenu();
  }
  ImGui::EndPopup();
  return chosen;
}

}  // namespace

void App::draw_inspector() {
  const Palette& pal = palette();
  if (!doc_.selected() || *doc_.selected() >= doc_.size()) {
    ImGui::Spacing();
    if (doc_.size() == 0) {
      ImGui::TextWrapped("This model has no layers yet.");
      ImGui::Spacing();
      text_colored_wrapped(pal.text_dim, "Add one with “+ Add layer”, open a preset from the Presets menu, or paste a "
                                         "Keras or PyTorch model with “Import model…”.");
    } else {
      text_colored_wrapped(pal.text_dim, "Select a layer in the table to edit it and see how its parameters are counted.");
    }
    return;
  }
  size_t index = *doc_.selected();
  const Layer& layer = doc_.layer(index);
  const LayerResult& r = doc_.result(index);
  const Framework framework = doc_.model().framework;
  const LayerType* type = find_layer_type(layer.type, framework);
  ImGui::PushID(static_cast<int>(layer.id));

  // Header: the layer's name (editable), its type and what the type does.
  {
    std::string name = layer.name;
    if (fonts_.large) ImGui::PushFont(fonts_.large);
    ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0);
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x * 0.7f, std::max(80.0f, ImGui::CalcTextSize(name.c_str()).x + 28)));
    bool changed = input_text("##name", name, ImGuiInputTextFlags_NoUndoRedo | ImGuiInputTextFlags_AutoSelectAll, "name");
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    if (fonts_.large) ImGui::PopFont();
    note_rect("arg:name");
    if (focus_name_) {
      focus_text_field(ImGui::GetItemID());
      focus_name_ = false;
    }
    if (ImGui::IsItemActivated()) ++edit_session_;
    ImGui::SetItemTooltip("Rename the layer (F2)");
    if (changed && !name.empty()) doc_.rename_layer(index, name, edit_session_);
    std::optional<Shape> input;
    if (index == 0) input = doc_.model().input_shape;
    else if (doc_.result(index - 1).ok()) input = doc_.result(index - 1).output_shape;
    std::string new_type = type_menu(layer, input, framework);
    if (!new_type.empty()) {
      doc_.change_layer_type(index, new_type);
      type = find_layer_type(layer.type, framework);  // `layer` is the changed one now
      ++edit_session_;
      drop_active_edit();
      arg_error_key_.clear();
      arg_error_.clear();
      platform::announce("Changed " + layer.name + " to " + layer.type);
    }
    if (type && !type->summary.empty()) {
      std::string summary = type->summary;
      if (summary[0] >= 'a' && summary[0] <= 'z') summary[0] = static_cast<char>(summary[0] - 'a' + 'A');
      text_colored_wrapped(pal.text_dim, summary + ".");
    }
    for (size_t j = 0; j < doc_.size(); ++j)
      if (j != index && doc_.layer(j).name == layer.name) {
        text_colored_wrapped(pal.warning, "⚠ Layer " + std::to_string(j + 1) + std::string(framework == Framework::PyTorch ? " has the same name; nn.Sequential needs each name once."
                                                                                                    : " has the same name; Keras needs each name once."));
        break;
      }
  }

  // The result: shape, count, size, and the formula in large type (in quiz mode, the student's
  // answer instead, until it is right or revealed).
  const bool hidden = quiz_hides(index);
  ImGui::Spacing();
  if (r.ok()) {
    // Label and value pairs that wrap as a unit.
    auto stat = [&](const char* label, const std::string& value, bool first) {
      float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(value.c_str()).x;
      if (!first) same_line_if_fits(w, 18);
      ImGui::TextDisabled("%s", label);
      ImGui::SameLine();
      ImGui::TextUnformatted(value.c_str());
    };
    stat("Output", learnable::shape_text(r.output_shape, framework), true);
    if (!hidden) {
      stat("Params", with_commas(r.params), false);
      if (r.non_trainable > 0) stat("Non-trainable", with_commas(r.non_trainable), false);
      if (r.buffers > 0) stat("Buffers", with_commas(r.buffers), false);
      stat("Size", human_bytes(r.bytes), false);
    }
  }

  if (hidden) {  // quiz mode: the student's turn (classroom.cpp)
    draw_quiz(index);
    ImGui::Spacing();
    ImGui::SeparatorText("Arguments");
    if (type) {
      Layer edited = layer;
      Editing ed{edit_session_, arg_error_key_, arg_error_, r, "", fonts_.mono};
      if (edit_layer_args(ed, edited, *type, false)) doc_.set_layer(index, std::move(edited), edit_session_);
    }
    ImGui::PopID();
    return;
  }

  ImGui::PushStyleColor(ImGuiCol_ChildBg, r.status == LayerStatus::Error ? pal.error_bg : ImGui::GetStyleColorVec4(ImGuiCol_WindowBg));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12, 10));
  ImGui::BeginChild("##formula", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_AlwaysUseWindowPadding);
  float copy_w = ImGui::CalcTextSize("Copy formula").x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x - copy_w - 8);
  if (r.status == LayerStatus::Ok) {
    if (fonts_.large) ImGui::PushFont(fonts_.large);
    ImGui::TextUnformatted(r.formula.c_str());
    if (fonts_.large) ImGui::PopFont();
  } else if (r.status == LayerStatus::Error) {
    ImGui::PushStyleColor(ImGuiCol_Text, pal.error);
    ImGui::TextUnformatted(("✗ " + r.error).c_str());
    ImGui::PopStyleColor();
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, pal.text_dim);
    ImGui::TextUnformatted(("… " + r.error).c_str());
    ImGui::PopStyleColor();
  }
  note_rect("formula");
  ImGui::PopTextWrapPos();
  ImGui::SameLine(ImGui::GetContentRegionMax().x - copy_w);
  if (ImGui::Button("Copy formula")) copy_formula();
  note_rect("button:Copy formula");
  ImGui::EndChild();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  // What the last Keras <-> PyTorch conversion changed in this layer.
  const std::vector<std::string> notes = conversion_notes(index);
  if (!notes.empty()) {
    ImGui::Spacing();
    ImGui::TextUnformatted(("What the conversion to " + std::string(framework_title(framework)) + " changed here:").c_str());
    for (const std::string& note : notes) text_colored_wrapped(pal.text_dim, "• " + note);
    note_rect("conversion-notes");
  }

  if (!r.ok() && r.status == LayerStatus::Waiting) {
    for (size_t j = 0; j < doc_.size(); ++j)
      if (doc_.layer(j).name == r.waiting_on) {
        if (ImGui::SmallButton(("Go to " + r.waiting_on).c_str())) {
          doc_.select(j);
          scroll_to_selected_ = true;
        }
        note_rect("button:Go to");
        break;
      }
  }

  // PyTorch: each parameter frozen on its own (model[i].bias.requires_grad_(False)).
  if (framework == Framework::PyTorch && r.ok() && layer.shares.empty()) {
    bool any = false;
    for (const Weight& w : r.weights) any = any || !w.buffer;
    if (any) {
      ImGui::Spacing();
      ImGui::SeparatorText("Parameters");
      const Value* whole = layer.find_arg("trainable");
      const bool layer_frozen = whole && whole->kind == Value::Kind::Bool && !whole->boolean;
      if (layer_frozen) text_dim("trainable=False freezes all of them.");
      ImGui::BeginDisabled(layer_frozen);
      for (const Weight& w : r.weights) {
        if (w.buffer) continue;
        bool trainable = !layer.is_frozen(w.name);
        std::string dims;
        for (int64_t d : w.shape) dims += (dims.empty() ? "" : ", ") + std::to_string(d);
        std::string label = w.name + " (" + dims + "): " + with_commas(w.count) +
                            (trainable ? ", trainable" : ", frozen") + "###freeze-" + w.name;
        if (ImGui::Checkbox(label.c_str(), &trainable)) {
          Layer edited = layer;
          if (trainable) {
            edited.frozen.erase(std::remove_if(edited.frozen.begin(), edited.frozen.end(),
                                               [&](const FrozenWeight& f) { return f.name == w.name; }),
                                edited.frozen.end());
          } else {
            edited.frozen.push_back({w.name, {}});
          }
          doc_.set_layer(index, std::move(edited));
          break;  // `layer` and `r` are the changed ones now
        }
        note_rect("freeze:" + w.name);
        ImGui::SetItemTooltip("PyTorch: model[%zu].%s.requires_grad_(%s)", index, w.name.c_str(), trainable ? "False" : "True");
      }
      ImGui::EndDisabled();
    }
  }

  ImGui::Spacing();
  ImGui::SeparatorText("Arguments");
  if (!type) {
    text_colored_wrapped(pal.error, "Learnable does not know the layer type " + layer.type + ".");
  } else {
    Layer edited = layer;
    Editing ed{edit_session_, arg_error_key_, arg_error_, r, "", fonts_.mono};
    if (edit_layer_args(ed, edited, *type, false)) doc_.set_layer(index, std::move(edited), edit_session_);
  }

  ImGui::Spacing();
  ImGui::SeparatorText("How it is counted");
  draw_explanation(index);
  ImGui::PopID();
}

// Why the explanation of a layer that is not counted is missing, and what will bring it.
std::string App::not_counted_why(const LayerResult& r) const {
  if (r.status == LayerStatus::Error) return "Fix the error above to see how this layer's parameters are counted.";
  if (r.status == LayerStatus::Loading) return "The steps appear as soon as this layer's rules are in.";
  for (size_t j = 0; j < doc_.size(); ++j)
    if (doc_.layer(j).name == r.waiting_on && doc_.result(j).status == LayerStatus::Loading)
      return "This layer's input comes from " + r.waiting_on + ", whose rules are loading; it is counted as soon as they are in.";
  return "This layer's input comes from a layer with an error; fix that one first.";
}

void App::draw_explanation(size_t index) {
  if (explained_revision_ != doc_.revision() || explained_index_ != index) {
    explanation_ = doc_.calc().explanation(index);
    explained_revision_ = doc_.revision();
    explained_index_ = index;
  }
  const LayerResult& r = doc_.result(index);
  if (!r.ok()) {
    text_colored_wrapped(r.status == LayerStatus::Error ? palette().error : palette().text_dim, not_counted_why(r));
    return;
  }
  if (ImGui::BeginTable("##steps", 2, ImGuiTableFlags_NoSavedSettings)) {
    ImGui::TableSetupColumn("n", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("00.").x);
    ImGui::TableSetupColumn("step", ImGuiTableColumnFlags_WidthStretch);
    int step = 1;
    for (const std::string& line : explanation_) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextColored(palette().text_dim, "%d.", step++);
      ImGui::TableSetColumnIndex(1);
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(line.c_str());
      ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
  }
  note_rect("explanation");
}

}  // namespace learnable::app
