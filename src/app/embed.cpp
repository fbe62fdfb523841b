// The embed view: embed.html (a copy of index.html) in an iframe of a tutorial page. The model
// comes from the link's fragment (as share links carry it) or from the host page's messages;
// nothing is saved in the browser, so an embed never touches the app's own autosave. The whole
// model shows with minimal chrome (no menus or toolbar: the layers, the selected layer and the
// totals), or with ?layer=<name> just that layer's editor, worked formula and explanation.
//
// Messages (window.postMessage, version 1; browser.cpp checks their shape):
// ?quiz=every (or selected) opens it in quiz mode.
//
//   host -> embed  {learnable: 1, type: "setModel", model: <document or its JSON text>, id}
//                  {learnable: 1, type: "getModel", id}
//                  {learnable: 1, type: "selectLayer", layer: "<name>"}
//   embed -> host  {learnable: 1, type: "ready"} once it takes messages,
//                  {learnable: 1, type: "model", id, model, summary} in answer to setModel and
//                  getModel, {learnable: 1, type: "changed", model, summary} after each edit
//                  made in the embed, {learnable: 1, type: "error", id, errors} when setModel's
//                  model cannot be read (the embed keeps its model).
// summary is the JS API's summary schema (summarize()); model the model document.
#include <string>

#include "app/app.h"
#include "app/editing.h"
#include "app/platform.h"
#include "app/widgets.h"
#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/model_json.h"
#include "core/presets.h"
#include "core/share_link.h"
#include "core/summary.h"
#include "imgui.h"

namespace learnable::app {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A query value with %XX and '+' decoded.
std::string url_decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      out += ch;
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

// The value of `key` in a query string ("layer=Conv1&x=2"), decoded; empty when absent.
std::string query_value(std::string_view query, std::string_view key) {
  size_t at = 0;
  while (at <= query.size()) {
    size_t end = query.find('&', at);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(at, end - at);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) == key) return eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1));
    at = end + 1;
  }
  return {};
}

bool ends_with(std::string_view text, std::string_view end) {
  return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

std::string html_attribute(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else if (c == '<') out += "&lt;";
    else out += c;
  }
  return out;
}

}  // namespace

bool App::start_embed() {
  const std::string path = platform::url_path();
  const std::string query = platform::url_query();
  if (!ends_with(path, "/embed.html") && query.find("embed") == std::string::npos) return false;
  embed_ = true;
  embed_layer_ = query_value(query, "layer");
  apply_theme();
  // The model of the link, kept in the address (a reload of the iframe shows it again).
  std::string fragment = platform::url_fragment();
  ImportResult read;
  if (fragment.rfind("m=", 0) == 0) read = decode_share_fragment(fragment);
  if (!read.model.layers.empty() || read.model.input_shape) {
    doc_.reset(std::move(read.model));
  } else {
    doc_.reset(preset_model("tutorial"));
    if (!fragment.empty()) load_error_ = "This embed's link does not hold a model Learnable can read" +
                                         (read.errors.empty() ? std::string() : ": " + read.errors[0].message);
  }
  if (!embed_layer_.empty())
    for (size_t i = 0; i < doc_.size(); ++i)
      if (doc_.layer(i).name == embed_layer_) doc_.select(i);
  // ?quiz=every or ?quiz=selected: a quiz in the page (the counts hidden until answered).
  const std::string quiz = query_value(query, "quiz");
  if (quiz == "every" || quiz == "selected") set_quiz(quiz == "every" ? QuizScope::Every : QuizScope::Selected);
  host_revision_ = doc_.revision();
  platform::listen_to_host();
  platform::post_to_host(R"({"learnable":1,"type":"ready"})");
  return true;
}

void App::reply_to_host(const char* type, const std::string& id_json) {
  std::string message = std::string(R"({"learnable":1,"type":")") + type + "\"";
  if (!id_json.empty()) message += ",\"id\":" + id_json;
  message += ",\"model\":" + model_to_json(doc_.model()) + ",\"summary\":" + summary_json(doc_.calc(), ImportResult{}) + "}";
  platform::post_to_host(message);
  host_revision_ = doc_.revision();
}

void App::tell_host_of_changes() {
  if (host_revision_ != doc_.revision()) reply_to_host("changed", "");
}

void App::poll_host() {
  std::string text;
  while (platform::take_host_message(text)) {
    JsonParse parsed = parse_json(text);
    if (!parsed.ok || parsed.value.kind != Json::Kind::Object) continue;
    const Json& message = parsed.value;
    const Json* type = message.find("type");
    const Json* id = message.find("id");
    std::string id_json = id ? text.substr(id->offset, id->end - id->offset) : std::string("null");
    if (!type || type->kind != Json::Kind::String) continue;
    if (type->text == "getModel") {
      reply_to_host("model", id_json);
    } else if (type->text == "selectLayer") {
      const Json* layer = message.find("layer");
      for (size_t i = 0; layer && i < doc_.size(); ++i)
        if (doc_.layer(i).name == layer->text) {
          doc_.select(i);
          if (!embed_layer_.empty()) embed_layer_ = layer->text;
          scroll_to_selected_ = true;
        }
    } else if (type->text == "setModel") {
      const Json* model = message.find("model");
      if (!model) continue;
      ImportResult read = model_from_json(model->kind == Json::Kind::String
                                              ? std::string_view(model->text)
                                              : std::string_view(text).substr(model->offset, model->end - model->offset));
      if (read.model.layers.empty() && !read.errors.empty()) {
        platform::post_to_host(R"({"learnable":1,"type":"error","id":)" + id_json + ",\"errors\":" +
                               messages_json(read.errors) + "}");
        continue;
      }
      std::optional<size_t> selection;
      for (size_t i = 0; !embed_layer_.empty() && i < read.model.layers.size(); ++i)
        if (read.model.layers[i].name == embed_layer_) selection = i;
      doc_.load(std::move(read.model), "model from the page", selection ? selection : std::optional<size_t>(0));
      after_external_change();
      load_error_.clear();
      reply_to_host("model", id_json);
    }
  }
}

void App::frame_embed() {
  poll_host();
  begin_page_window(false, ImVec2(10, 8));
  const Palette& pal = palette();
  if (!load_error_.empty()) text_colored_wrapped(pal.error, load_error_);

  if (embed_layer_.empty()) {
    draw_workspace();
  } else {
    std::optional<size_t> index;
    for (size_t i = 0; i < doc_.size(); ++i)
      if (doc_.layer(i).name == embed_layer_) index = i;
    if (!index) {
      std::string names;
      for (size_t i = 0; i < doc_.size(); ++i) names += (names.empty() ? "" : ", ") + doc_.layer(i).name;
      text_colored_wrapped(pal.error, "This model has no layer named \"" + embed_layer_ + "\"" +
                                          (names.empty() ? std::string(".") : "; its layers are " + names + "."));
    } else {
      if (doc_.selected() != index) doc_.select(index);
      // Where the layer sits: its place and what it reads.
      const LayerResult& r = doc_.result(*index);
      std::string place = "Layer " + std::to_string(*index + 1) + " of " + std::to_string(doc_.size());
      if (r.ok() || r.status == LayerStatus::Error)
        place += ", reading " + learnable::shape_text(r.input_shape, doc_.model().framework);
      text_dim(place.c_str());
      ImGui::BeginChild("##inspector", ImVec2(0, 0), ImGuiChildFlags_Border);
      draw_inspector();
      ImGui::EndChild();
    }
  }
  ImGui::End();
  draw_toast();
}

// The <iframe> that shows this model (or only the selected layer) in another page.
std::string App::embed_snippet(bool one_layer) const {
  std::string base = platform::page_url();
  size_t query = base.find('?');
  if (query != std::string::npos) base.resize(query);
  base.resize(base.rfind('/') + 1);
  std::string src = base + "embed.html";
  std::string title = "Learnable: the model's parameters";
  if (one_layer && doc_.selected()) {
    const std::string& name = doc_.layer(*doc_.selected()).name;
    src += "?layer=" + url_encode(name);
    title = "Learnable: the parameters of " + name;
  }
  src += "#" + encode_share_fragment(doc_.model());
  return "<iframe src=\"" + html_attribute(src) + "\" title=\"" + html_attribute(title) + "\" width=\"100%\" height=\"" +
         (one_layer ? "560" : "640") + "\" style=\"border: 0\" loading=\"lazy\"></iframe>";
}

}  // namespace learnable::app
