// The layers pane: the input shape, the table of layers (only the visible rows are drawn, so a
// 1,000-layer model costs what 30 rows do), drag to reorder, a context menu per row, and the
// bar chart of parameters per layer.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "app/editing.h"
#include "app/platform.h"
#include "app/widgets.h"
#include "imgui.h"
#include "imgui_internal.h"

namespace learnable::app {

void App::draw_input_shape() {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Input shape");
  ImGui::SameLine();
  std::string text = shape_text(doc_.model().input_shape);
  ImGui::SetNextItemWidth(std::min(200.0f, ImGui::GetContentRegionAvail().x * 0.4f));
  bool has_error = !input_error_.empty();
  if (has_error) ImGui::PushStyleColor(ImGuiCol_Border, palette().error);
  bool changed = input_text("##input-shape", text, ImGuiInputTextFlags_NoUndoRedo | ImGuiInputTextFlags_AutoSelectAll, "e.g. 32, 32, 3");
  if (has_error) ImGui::PopStyleColor();
  note_rect("arg:input_shape");
  if (ImGui::IsItemActivated()) ++edit_session_;
  if (ImGui::IsItemDeactivated()) input_error_.clear();
  ImGui::SetItemTooltip("Dimensions without the batch: rows, columns, channels for images; None for a free length");
  if (changed) {
    std::optional<Shape> shape;
    if (parse_shape(text, shape, input_error_)) {
      input_error_.clear();
      doc_.set_input_shape(shape, edit_session_);
    }
  }
  ImGui::SameLine();
  if (has_error) {
    ImGui::TextColored(palette().error, "%s", input_error_.c_str());
  } else if (doc_.model().input_shape) {
    text_dim(("→ " + learnable::shape_text(*doc_.model().input_shape, doc_.model().framework)).c_str());
  } else {
    ImGui::TextColored(palette().error, "no input shape");
  }
}

void App::draw_row_context_menu(size_t index) {
  if (!ImGui::BeginPopupContextItem("##row-menu")) return;
  doc_.select(index);
  if (ImGui::BeginMenu("Insert above")) {
    draw_add_layer_menu(index);
    ImGui::EndMenu();
  }
  note_rect("menu:Insert above");
  if (ImGui::BeginMenu("Insert below")) {
    draw_add_layer_menu(index + 1);
    ImGui::EndMenu();
  }
  note_rect("menu:Insert below");
  ImGui::Separator();
  if (ImGui::MenuItem("Duplicate")) duplicate_selected();
  note_rect("menu:Duplicate");
  if (ImGui::MenuItem("Rename")) focus_name_ = true;
  note_rect("menu:Rename");
  if (ImGui::MenuItem("Move up", nullptr, false, index > 0)) move_selected(-1);
  note_rect("menu:Move up");
  if (ImGui::MenuItem("Move down", nullptr, false, index + 1 < doc_.size())) move_selected(+1);
  note_rect("menu:Move down");
  if (ImGui::MenuItem("Copy formula")) copy_formula();
  note_rect("menu:Copy formula");
  ImGui::Separator();
  if (ImGui::MenuItem("Delete")) delete_selected();
  note_rect("menu:Delete");
  ImGui::EndPopup();
}

// 896, 18.5K, 2.62M: short enough to stand above a bar.
static std::string compact_count(int64_t n) {
  char text[32];
  if (n < 10000) std::snprintf(text, sizeof text, "%lld", static_cast<long long>(n));
  else if (n < 1000000) std::snprintf(text, sizeof text, "%.1fK", double(n) / 1e3);
  else if (n < 1000000000) std::snprintf(text, sizeof text, "%.2fM", double(n) / 1e6);
  else std::snprintf(text, sizeof text, "%.2fB", double(n) / 1e9);
  return text;
}

static std::string status_words(const LayerResult& r) {
  if (r.status == LayerStatus::Ok) return "";
  return r.error;
}

void App::draw_table(float height) {
  // Columns are sized to the whole model's contents (not just the rows on screen), once per
  // change; the formula takes the rest. A user's resize lasts until the contents change.
  if (column_widths_revision_ != doc_.revision()) {
    // Measuring every string of a 1,000-layer model on each keystroke is the slow part of an
    // edit: only the longest few of each column (by bytes) are measured.
    std::vector<std::string> names, types, shapes, formulas;
    int64_t largest = 0;
    for (size_t i = 0; i < doc_.size(); ++i) {
      const LayerResult& r = doc_.result(i);
      names.push_back(doc_.layer(i).name);
      types.push_back(doc_.layer(i).type);
      if (r.ok()) {
        largest = std::max(largest, r.params);
        shapes.push_back(learnable::shape_text(r.output_shape, doc_.model().framework));
      }
      formulas.push_back(quiz_hides(i) ? std::string("Quiz: how many parameters?") : r.formula);
    }
    auto widest = [](const std::vector<std::string>& texts, const char* header) {
      size_t longest = 0;
      for (const std::string& t : texts) longest = std::max(longest, t.size());
      float w = ImGui::CalcTextSize(header).x;
      for (const std::string& t : texts)
        if (t.size() + 4 >= longest) w = std::max(w, ImGui::CalcTextSize(t.c_str()).x);
      return w;
    };
    float unit = ImGui::GetFontSize();
    widths_[0] = ImGui::CalcTextSize(std::to_string(std::max<size_t>(doc_.size(), 9)).c_str()).x;
    widths_[1] = std::min(widest(names, "Name"), unit * 11);
    widths_[2] = std::min(widest(types, "Type"), unit * 10);
    widths_[3] = std::min(widest(shapes, "Output shape"), unit * 12);
    widths_[4] = std::max(ImGui::CalcTextSize("Params").x, ImGui::CalcTextSize(with_commas(largest).c_str()).x);
    widths_[5] = std::min(widest(formulas, "Formula"), unit * 40);
    column_widths_revision_ = doc_.revision();
  }
  // Too narrow for every column and a readable formula: scroll sideways instead of squeezing.
  const ImGuiStyle& style = ImGui::GetStyle();
  float needed = style.CellPadding.x * 12 + ImGui::GetFontSize() * 9;
  for (int c = 0; c < 5; ++c) needed += widths_[c];
  bool scroll_x = needed > ImGui::GetContentRegionAvail().x;

  const int columns = 6;
  ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                          ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit |
                          ImGuiTableFlags_NoSavedSettings | ImGuiTableFlags_PadOuterX;
  if (scroll_x) flags |= ImGuiTableFlags_ScrollX;
  if (!ImGui::BeginTable("##layers-table", columns, flags, ImVec2(0, height))) return;
  // Every column but the formula fits its visible contents; the formula takes the rest.
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoResize, widths_[0]);
  ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthFixed, widths_[1]);
  ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthFixed, widths_[2]);
  ImGui::TableSetupColumn("Output shape", ImGuiTableColumnFlags_WidthFixed, widths_[3]);
  ImGui::TableSetupColumn("Params", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoResize, widths_[4]);
  if (scroll_x) ImGui::TableSetupColumn("Formula", ImGuiTableColumnFlags_WidthFixed, widths_[5]);
  else ImGui::TableSetupColumn("Formula", ImGuiTableColumnFlags_WidthStretch);
  for (int c = 0; c < 5; ++c)
    if (applied_widths_[c] != widths_[c]) {
      ImGui::TableSetColumnWidth(c, widths_[c]);
      applied_widths_[c] = widths_[c];
    }
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (int c = 0; c < columns; ++c) {
    ImGui::TableSetColumnIndex(c);
    const char* name = ImGui::TableGetColumnName(c);
    if (c == 4) {  // right-align the numbers' header with the numbers
      float w = ImGui::CalcTextSize(name).x;
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - w);
    }
    ImGui::TableHeader(name);
  }

  const Palette& pal = palette();
  std::optional<size_t> selected = doc_.selected();
  float row_height = ImGui::GetFrameHeight();
  ImGuiListClipper clipper;
  int count = static_cast<int>(doc_.size());
  clipper.Begin(count, row_height + ImGui::GetStyle().CellPadding.y * 2);
  if (scroll_to_selected_ && selected) clipper.IncludeItemByIndex(static_cast<int>(*selected));
  std::optional<std::pair<size_t, size_t>> move;  // applied after the loop, not mid-iteration
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      size_t i = static_cast<size_t>(row);
      const Layer& layer = doc_.layer(i);
      const LayerResult& r = doc_.result(i);
      ImGui::TableNextRow(ImGuiTableRowFlags_None, row_height);
      if (r.status == LayerStatus::Error)
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(pal.error_bg));
      ImGui::PushID(static_cast<int>(layer.id));
      ImGui::TableSetColumnIndex(0);
      bool is_selected = selected == i;
      if (ImGui::Selectable("##row", is_selected,
                            ImGuiSelectableFlags_SpanAllColumns |
                                ImGuiSelectableFlags_SelectOnClick | ImGuiSelectableFlags_AllowDoubleClick,
                            ImVec2(0, row_height))) {
        doc_.select(i);
        doc_.break_merge();
        if (ImGui::IsMouseDoubleClicked(0)) focus_name_ = true;
      }
      {
        // The visible part of the row: it spans every column (some maybe scrolled out of view)
        // and may be partly under the frozen header.
        ImRect clip = ImGui::GetCurrentWindow()->InnerClipRect;
        clip.ClipWith(ImGui::GetCurrentTable()->Bg2ClipRectForDrawCmd);
        ImRect visible(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        visible.ClipWith(clip);
        note_rect("row:" + std::to_string(i), visible.Min, visible.Max);
      }
      if (ImGui::IsItemActivated()) ++edit_session_;
      if (is_selected && scroll_to_selected_) {
        ImGui::SetScrollHereY(0.5f);
        scroll_to_selected_ = false;
      }
      // Drag to reorder: the row follows the pointer one place at a time.
      if (ImGui::IsItemActive() && !ImGui::IsItemHovered() && !move) {
        float dy = ImGui::GetIO().MousePos.y - (ImGui::GetItemRectMin().y + ImGui::GetItemRectMax().y) * 0.5f;
        if (std::fabs(dy) > row_height * 0.6f) {
          if (dy < 0 && i > 0) move = std::make_pair(i, i - 1);
          if (dy > 0 && i + 1 < doc_.size()) move = std::make_pair(i, i + 1);
        }
      }
      if (ImGui::IsItemActive() && ImGui::IsMouseDragging(0)) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeNS);
      draw_row_context_menu(i);
      const bool hidden = quiz_hides(i);
      if (ImGui::IsItemHovered(ImGuiHoveredFlags_ForTooltip | ImGuiHoveredFlags_DelayNormal) && !ImGui::IsItemActive() &&
          !r.formula.empty() && !hidden) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
        ImGui::Text("%s (%s)", layer.name.c_str(), layer.type.c_str());
        if (r.ok()) {
          ImGui::TextUnformatted(r.formula.c_str());
        } else {
          ImGui::PushStyleColor(ImGuiCol_Text, r.status == LayerStatus::Error ? pal.error : pal.text_dim);
          ImGui::TextUnformatted(r.error.c_str());
          ImGui::PopStyleColor();
        }
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }

      ImGui::SameLine(0, 0);
      char number[24];
      std::snprintf(number, sizeof number, "%zu", i + 1);
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(number).x);
      ImGui::AlignTextToFramePadding();
      ImGui::TextColored(pal.text_dim, "%s", number);

      ImGui::TableSetColumnIndex(1);
      ImGui::AlignTextToFramePadding();
      text_ellipsis(layer.name, ImGui::GetContentRegionAvail().x);
      ImGui::TableSetColumnIndex(2);
      ImGui::AlignTextToFramePadding();
      text_ellipsis(layer.type, ImGui::GetContentRegionAvail().x, &pal.text_dim);
      ImGui::TableSetColumnIndex(3);
      ImGui::AlignTextToFramePadding();
      if (r.ok()) text_ellipsis(learnable::shape_text(r.output_shape, doc_.model().framework), ImGui::GetContentRegionAvail().x);
      else text_dim("—");
      ImGui::TableSetColumnIndex(4);
      ImGui::AlignTextToFramePadding();
      std::string params = hidden && r.ok() ? std::string("?") : r.ok() ? with_commas(r.params) : std::string("—");
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(params.c_str()).x));
      if (r.ok()) ImGui::TextUnformatted(params.c_str());
      else text_dim(params.c_str());
      ImGui::TableSetColumnIndex(5);
      ImGui::AlignTextToFramePadding();
      if (r.status == LayerStatus::Ok && hidden) {
        text_ellipsis("Quiz: how many parameters?", ImGui::GetContentRegionAvail().x, &pal.text_dim);
      } else if (r.status == LayerStatus::Ok) {
        text_ellipsis(r.formula, ImGui::GetContentRegionAvail().x, r.params == 0 ? &pal.text_dim : nullptr);
      } else if (r.status == LayerStatus::Error) {
        text_ellipsis("✗ " + status_words(r), ImGui::GetContentRegionAvail().x, &pal.error);
      } else {
        text_ellipsis("… " + status_words(r), ImGui::GetContentRegionAvail().x, &pal.text_dim);
      }
      ImGui::PopID();
    }
  }
  scroll_to_selected_ = false;
  ImGui::EndTable();
  if (count == 0) {  // the empty state, across the whole table
    ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    ImVec2 back = ImGui::GetCursorScreenPos();
    float pad = ImGui::GetFontSize() * 1.5f;
    ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + row_height * 2.5f));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + (max.x - min.x) - pad * 2);
    ImGui::TextUnformatted("No layers yet.");
    ImGui::TextColored(pal.text_dim, "Add one with “+ Add layer”, pick a model from the Presets menu, or paste "
                                     "a Keras or PyTorch model with “Import model…”.");
    ImGui::PopTextWrapPos();
    ImGui::SetCursorScreenPos(back);
  }
  if (move) {
    doc_.move_layer(move->first, move->second, edit_session_);
    ImGui::ResetMouseDragDelta();
  }
}

void App::draw_chart(float height) {
  const Palette& pal = palette();
  size_t n = doc_.size();
  ImGui::BeginChild("##chart", ImVec2(0, height), ImGuiChildFlags_None, ImGuiWindowFlags_NoScrollbar);
  text_dim(log_chart_ ? "Parameters per layer (log scale)" : "Parameters per layer");
  ImGui::SameLine();
  float checkbox_w = ImGui::GetFrameHeight() + ImGui::CalcTextSize("log scale").x + ImGui::GetStyle().ItemInnerSpacing.x;
  ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - checkbox_w);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(3, 1));
  ImGui::Checkbox("log scale", &log_chart_);
  ImGui::PopStyleVar();
  note_rect("button:log scale");

  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 size = ImGui::GetContentRegionAvail();
  if (size.y < 20 || n == 0) {
    ImGui::EndChild();
    return;
  }
  ImGui::InvisibleButton("##bars", size);
  note_rect("chart");
  bool hovered = ImGui::IsItemHovered();
  bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float slot_w = size.x / static_cast<float>(n);
  const float line = ImGui::GetTextLineHeight();
  const bool labels = slot_w >= 48 && size.y > line * 4;  // names under the bars, counts above
  const float base = origin.y + size.y - 1 - (labels ? line + 2 : 0);
  if (labels) size.y -= line * 2 + 4;
  draw->AddLine(ImVec2(origin.x, base), ImVec2(origin.x + size.x, base), ImGui::GetColorU32(ImGuiCol_Separator));

  int64_t max_params = 1;
  for (const LayerResult& r : doc_.calc().results())
    if (r.ok()) max_params = std::max(max_params, r.params);
  const float slot = size.x / static_cast<float>(n);
  const float gap = slot >= 6 ? std::min(6.0f, slot * 0.25f) : 0.0f;
  const float bar_w = std::min(56.0f, slot - gap);
  auto height_of = [&](int64_t p) {
    if (p <= 0) return 0.0f;
    double f = log_chart_ ? std::log10(1.0 + double(p)) / std::log10(1.0 + double(max_params)) : double(p) / double(max_params);
    return std::max(2.0f, float(f) * (size.y - 6));
  };
  std::optional<size_t> hover;
  if (hovered) {
    float fx = (ImGui::GetIO().MousePos.x - origin.x) / slot;
    if (fx >= 0 && fx < float(n)) hover = static_cast<size_t>(fx);
  }
  size_t first = 0, last = n;
  for (size_t i = first; i < last; ++i) {
    const LayerResult& r = doc_.result(i);
    float x = origin.x + slot * float(i) + (slot - bar_w) * 0.5f;
    if (r.status != LayerStatus::Ok) {
      ImU32 c = ImGui::GetColorU32(r.status == LayerStatus::Error ? pal.error : pal.text_dim);
      draw->AddRectFilled(ImVec2(x, base - 3), ImVec2(x + std::max(bar_w, 1.0f), base), c);
      continue;
    }
    float h = height_of(r.params);
    bool sel = doc_.selected() == i;
    if (labels) {
      const Layer& l = doc_.layer(i);
      float cx = origin.x + slot * (float(i) + 0.5f);
      ImVec2 name_size = ImGui::CalcTextSize(l.name.c_str());
      float nx = std::max(origin.x + slot * float(i) + 2, cx - name_size.x * 0.5f);
      ImGui::RenderTextEllipsis(draw, ImVec2(nx, base + 2), ImVec2(origin.x + slot * float(i + 1) - 2, base + 2 + line),
                                origin.x + slot * float(i + 1) - 2, origin.x + slot * float(i + 1) - 2, l.name.c_str(), nullptr, nullptr);
      std::string count = compact_count(r.params);
      ImVec2 count_size = ImGui::CalcTextSize(count.c_str());
      if (count_size.x < slot - 4)
        draw->AddText(ImVec2(cx - count_size.x * 0.5f, base - h - line - 1), ImGui::GetColorU32(sel ? ImGuiCol_Text : ImGuiCol_TextDisabled), count.c_str());
    }
    ImVec4 color = sel ? pal.bar_selected : pal.bar;
    if (hover == i && !sel) color.w = std::min(1.0f, color.w + 0.25f);
    if (h > 0) draw->AddRectFilled(ImVec2(x, base - h), ImVec2(x + std::max(bar_w, 1.0f), base), ImGui::GetColorU32(color), bar_w > 6 ? 2.0f : 0.0f, ImDrawFlags_RoundCornersTop);
    if (n <= 200) note_rect("bar:" + std::to_string(i), ImVec2(x, base - std::max(h, 4.0f)), ImVec2(x + std::max(bar_w, 1.0f), base));
  }
  if (hover) {
    const Layer& l = doc_.layer(*hover);
    const LayerResult& r = doc_.result(*hover);
    ImGui::BeginTooltip();
    ImGui::Text("%s (%s)", l.name.c_str(), l.type.c_str());
    if (r.ok()) ImGui::Text("%s params", with_commas(r.params).c_str());
    else ImGui::TextColored(r.status == LayerStatus::Error ? pal.error : pal.text_dim, "%s", r.error.c_str());
    ImGui::EndTooltip();
    if (clicked) {
      doc_.select(*hover);
      doc_.break_merge();
      scroll_to_selected_ = true;
    }
  }
  ImGui::EndChild();
}

}  // namespace learnable::app
