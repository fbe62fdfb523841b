// The Export menu (toolbar and File menu): the model in each format the core writes, copied to
// the clipboard or downloaded as a file. A format for the other framework (PyTorch code of a
// Keras model) is shown disabled, with the reason.
#include "app/app.h"
#include "app/platform.h"
#include "app/widgets.h"
#include "core/api_answer.h"
#include "core/export.h"
#include "core/json_writer.h"
#include "core/model_json.h"
#include "imgui.h"

namespace learnable::app {

namespace {

struct ExportEntry {
  ExportFormat format;
  const char* label;
  const char* file;  // the download's name
  const char* mime;
  const char* copied;  // the toast after a copy
};

// The summary printout is the model's own framework's: Keras 3's model.summary() or torchinfo's.
std::vector<ExportEntry> entries(Framework framework) {
  const bool torch = framework == Framework::PyTorch;
  return {
      {ExportFormat::Markdown, "Markdown table", "model_summary.md", "text/markdown", "Table copied as Markdown"},
      {torch ? ExportFormat::Torchinfo : ExportFormat::KerasSummary,
       torch ? "torchinfo summary()" : "Keras model.summary()", "model_summary.txt", "text/plain",
       torch ? "torchinfo's summary copied" : "Keras' model.summary() copied"},
      {ExportFormat::Latex, "LaTeX table (booktabs)", "model_summary.tex", "application/x-tex", "LaTeX table copied"},
      {ExportFormat::Csv, "CSV", "model_summary.csv", "text/csv", "Table copied as CSV"},
      {ExportFormat::Json, "JSON (Learnable's summary)", "model_summary.json", "application/json", "Summary copied as JSON"},
      {ExportFormat::KerasCode, "Keras code", "model_keras.py", "text/x-python", "Keras code copied"},
      {ExportFormat::KerasJson, "Keras JSON (model.to_json())", "model.json", "application/json", "Keras JSON copied"},
      {ExportFormat::PytorchCode, "PyTorch code", "model_pytorch.py", "text/x-python", "PyTorch code copied"},
  };
}

}  // namespace

// Asks the formats module for the model in `format`; take_export() copies or saves its text.
void App::export_as(ExportFormat format, bool download) {
  export_format_ = format;
  export_download_ = download;
  export_ticket_ = platform::formats_call(
      "exportModel", "[" + json_quote(model_to_json(doc_.model())) + "," + json_quote(export_format_name(format)) + "]");
  if (!platform::formats_loaded()) toast("Loading Learnable's exports...");
}

void App::take_export(const ApiAnswer& answer) {
  if (!answer.has_text) {
    toast(answer.imported.errors.empty() ? std::string("Nothing to export") : answer.imported.errors[0].message);
    return;
  }
  for (const ExportEntry& e : entries(doc_.model().framework)) {
    if (e.format != export_format_) continue;
    if (export_download_) {
      platform::download_text(e.file, e.mime, answer.text);
      toast(std::string("Saved ") + e.file);
    } else {
      platform::copy_text(answer.text);
      toast(e.copied);
    }
    return;
  }
}

// One row per format: its name, then Copy and Download. Recorded for the tests as
// "export:copy:<format>" and "export:download:<format>" (keras-code, latex, ...).
void App::draw_export_menu() {
  const Framework framework = doc_.model().framework;
  if (ImGui::IsWindowAppearing()) platform::formats_call("", "[]");  // the exports start downloading as the menu opens
  text_dim("Export this model");
  ImGui::Separator();
  if (!ImGui::BeginTable("##exports", 3, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoSavedSettings)) return;
  ImGui::TableSetupColumn("format", ImGuiTableColumnFlags_WidthFixed, 220);
  for (const ExportEntry& e : entries(framework)) {
    const char* name = export_format_name(e.format);
    const bool applies = export_applies(e.format, framework);
    ImGui::PushID(name);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    if (applies) {
      ImGui::TextUnformatted(e.label);
    } else {
      text_dim(e.label);
      ImGui::SetItemTooltip("This model follows %s conventions; %s is written for %s models",
                            framework == Framework::Keras ? "Keras'" : "PyTorch's", e.label,
                            framework == Framework::Keras ? "PyTorch" : "Keras");
    }
    ImGui::BeginDisabled(!applies);
    ImGui::TableNextColumn();
    if (ImGui::SmallButton("Copy")) {
      export_as(e.format, false);
      ImGui::CloseCurrentPopup();
    }
    note_rect(std::string("export:copy:") + name);
    ImGui::TableNextColumn();
    if (ImGui::SmallButton("Download")) {
      export_as(e.format, true);
      ImGui::CloseCurrentPopup();
    }
    note_rect(std::string("export:download:") + name);
    ImGui::EndDisabled();
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace learnable::app
