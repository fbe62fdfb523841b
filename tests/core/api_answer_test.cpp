// The app reads the formats module's answers (modelFromCode, exportModel, convertModel) back into
// core types: what the module wrote must come back the same, and an answer that cannot be read
// becomes an error the app can show.
#include "core/api_answer.h"
#include "core/api_call.h"

#include <gtest/gtest.h>

#include "core/convert.h"
#include "core/js_api.h"
#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/keras_code.h"
#include "core/model_json.h"
#include "core/summary.h"

using namespace learnable;

namespace {

// What the page hands the app: the answer with its model document as a JSON string.
std::string answer_with_model(const Model& model, const std::string& rest) {
  return "{\"model\":" + json_quote(model_to_json(model)) + rest + "}";
}

}  // namespace

TEST(api_answer, an_import_comes_back_with_its_model_messages_and_names) {
  ImportResult imported = import_keras_code(
      "model = Sequential([\n"
      "  Conv2D(32, (3, 3), input_shape=(IMG, IMG, 3)),\n"
      "  Dense(10, activation=relu),\n"
      "  Frobnicate(3),\n"
      "])\n");
  ASSERT_FALSE(imported.errors.empty());
  ASSERT_FALSE(imported.undefined_names.empty());
  std::string names = "[";
  for (size_t i = 0; i < imported.undefined_names.size(); ++i)
    names += (i ? "," : "") + json_quote(imported.undefined_names[i]);
  names += "]";
  ApiAnswer answer = read_api_answer(answer_with_model(
      imported.model, ",\"errors\":" + messages_json(imported.errors) + ",\"warnings\":" +
                          messages_json(imported.warnings) + ",\"undefined_names\":" + names));
  EXPECT_EQ(model_to_json(answer.imported.model), model_to_json(imported.model));
  EXPECT_EQ(answer.imported.undefined_names, imported.undefined_names);
  ASSERT_EQ(answer.imported.errors.size(), imported.errors.size());
  for (size_t i = 0; i < imported.errors.size(); ++i) {
    EXPECT_EQ(answer.imported.errors[i].message, imported.errors[i].message);
    EXPECT_EQ(answer.imported.errors[i].excerpt, imported.errors[i].excerpt);
    EXPECT_EQ(answer.imported.errors[i].layer, imported.errors[i].layer);
    EXPECT_EQ(answer.imported.errors[i].where.line, imported.errors[i].where.line);
    EXPECT_EQ(answer.imported.errors[i].where.column, imported.errors[i].where.column);
  }
  ASSERT_EQ(answer.imported.warnings.size(), imported.warnings.size());
  EXPECT_FALSE(answer.has_text);
}

TEST(api_answer, an_export_gives_its_text_or_says_there_is_none) {
  Model model = import_keras_code("model = Sequential([Dense(4, input_shape=(3,))])").model;
  ApiAnswer written = read_api_answer(
      api_export_model(js_string(model_to_json(model)), js_string("keras-code"), js_undefined()));
  EXPECT_TRUE(written.has_text);
  EXPECT_NE(written.text.find("layers.Dense(4"), std::string::npos) << written.text;
  EXPECT_TRUE(written.imported.errors.empty());
  ApiAnswer refused = read_api_answer(
      api_export_model(js_string(model_to_json(model)), js_string("pytorch-code"), js_undefined()));
  EXPECT_FALSE(refused.has_text);
  EXPECT_FALSE(refused.imported.errors.empty());
}

TEST(api_answer, a_conversion_keeps_notes_origin_and_what_was_left_out) {
  Model model = import_keras_code(
                    "model = Sequential([Conv2D(8, 3, padding='same', input_shape=(16, 16, 3)),"
                    " LSTM(4), Dense(2)])")
                    .model;
  Conversion converted = convert_model(model, Framework::PyTorch);
  ASSERT_FALSE(converted.notes.empty());
  auto indices = [](const std::vector<size_t>& list) {
    std::string s = "[";
    for (size_t i = 0; i < list.size(); ++i) s += (i ? "," : "") + std::to_string(list[i]);
    return s + "]";
  };
  ApiAnswer answer = read_api_answer(answer_with_model(
      converted.model, ",\"notes\":" + messages_json(converted.notes) + ",\"origin\":" + indices(converted.origin) +
                           ",\"left_out\":" + indices(converted.left_out) + ",\"errors\":[],\"warnings\":[]"));
  EXPECT_EQ(model_to_json(answer.imported.model), model_to_json(converted.model));
  EXPECT_EQ(answer.imported.model.framework, Framework::PyTorch);
  EXPECT_EQ(answer.origin, converted.origin);
  EXPECT_EQ(answer.left_out, converted.left_out);
  ASSERT_EQ(answer.notes.size(), converted.notes.size());
  EXPECT_EQ(answer.notes[0].message, converted.notes[0].message);
}

TEST(api_answer, what_cannot_be_read_is_an_error_not_a_crash) {
  for (std::string bad : {"", "[]", "{", "{\"model\": 3, \"errors\": {}}", "null"}) {
    ApiAnswer answer = read_api_answer(bad);
    EXPECT_TRUE(answer.imported.model.layers.empty()) << bad;
    if (bad.rfind("{\"model\"", 0) != 0) {
      ASSERT_EQ(answer.imported.errors.size(), 1u) << bad;
      EXPECT_NE(answer.imported.errors[0].message.find("cannot read"), std::string::npos);
    }
  }
  // A module that did not load answers with its reason only.
  ApiAnswer failed = read_api_answer(
      R"({"errors":[{"line":null,"column":null,"layer":null,"excerpt":"","message":"learnable.js did not load"}],"warnings":[]})");
  ASSERT_EQ(failed.imported.errors.size(), 1u);
  EXPECT_EQ(failed.imported.errors[0].message, "learnable.js did not load");
  EXPECT_EQ(failed.imported.errors[0].where.line, 0);
}

TEST(api_answer, the_model_may_be_the_document_itself_as_the_api_writes_it) {
  Model model = import_keras_code("model = Sequential([Dense(4, input_shape=(3,)), Dense(2)])").model;
  ApiAnswer answer = read_api_answer(api_model_from_code(js_string(model_to_json(model)), js_undefined()));
  EXPECT_TRUE(answer.imported.errors.empty());
  EXPECT_EQ(model_to_json(answer.imported.model), model_to_json(model));
  ApiAnswer converted = read_api_answer(api_convert_model(js_string(model_to_json(model)), js_string("pytorch")));
  EXPECT_EQ(converted.imported.model.framework, Framework::PyTorch);
  EXPECT_EQ(converted.origin.size(), converted.imported.model.layers.size());
}

// The offline app calls the API by name in-process: the same answers as the page's glue gets.
TEST(api_call, calls_the_api_by_name_with_json_arguments) {
  const std::string code = "model = Sequential([Conv2D(32, (3, 3), input_shape=(IMG, IMG, 3))])";
  std::string direct = api_model_from_code(js_string(code), js_value("object", R"({"defines":{"IMG":"32"}})"));
  std::string called = api_call("modelFromCode", "[" + json_quote(code) + R"(,{"defines":{"IMG":"32"}}])");
  EXPECT_EQ(called, direct);
  ApiAnswer answer = read_api_answer(called);
  ASSERT_EQ(answer.imported.model.layers.size(), 1u);
  Model model = answer.imported.model;
  ApiAnswer latex = read_api_answer(api_call("exportModel", "[" + json_quote(model_to_json(model)) + ",\"latex\"]"));
  EXPECT_TRUE(latex.has_text);
  EXPECT_NE(latex.text.find("$3 \\times 288 + 32 = 896$"), std::string::npos) << latex.text;
  ApiAnswer converted = read_api_answer(api_call("convertModel", "[" + model_to_json(model) + ",\"pytorch\"]"));
  EXPECT_EQ(converted.imported.model.framework, Framework::PyTorch);
  // Arguments of the wrong type are the API's own errors; a wrong call is one error.
  EXPECT_FALSE(read_api_answer(api_call("exportModel", "[3, null]")).imported.errors.empty());
  ApiAnswer unknown = read_api_answer(api_call("launchMissiles", "[]"));
  ASSERT_EQ(unknown.imported.errors.size(), 1u);
  EXPECT_NE(unknown.imported.errors[0].message.find("no function launchMissiles"), std::string::npos);
  EXPECT_EQ(read_api_answer(api_call("summarize", "{")).imported.errors.size(), 1u);
}

// The classroom's answers: a quiz verdict and the causes of a different total.
TEST(api_answer, a_quiz_verdict_and_the_causes_of_a_total_come_back) {
  Model model = import_keras_code(
                    "model = Sequential([Conv2D(32, (3, 3), padding='same', input_shape=(32, 32, 3)), Flatten(), "
                    "Dense(10)])")
                    .model;
  const std::string doc = model_to_json(model);
  ApiAnswer wrong = read_api_answer(api_call("checkQuizAnswer", "[" + doc + ",0,864]"));
  ASSERT_TRUE(wrong.has_quiz);
  EXPECT_FALSE(wrong.quiz.correct);
  EXPECT_EQ(wrong.quiz.expected, 896);
  EXPECT_EQ(wrong.quiz.step, "biases");
  EXPECT_FALSE(wrong.quiz.hint.empty());
  EXPECT_EQ(wrong.quiz.hint.find("896"), std::string::npos) << "the hint gives the answer away";
  EXPECT_EQ(wrong.quiz.formula, "3*288 + 32 = 896");
  ASSERT_GE(wrong.quiz.step_index, 0);
  ASSERT_LT(static_cast<size_t>(wrong.quiz.step_index), wrong.quiz.explanation.size());
  ApiAnswer right = read_api_answer(api_call("checkQuizAnswer", "[" + doc + ",0,896]"));
  EXPECT_TRUE(right.has_quiz && right.quiz.correct);
  EXPECT_FALSE(read_api_answer(api_call("summarizeModel", "[" + doc + "]")).has_quiz);

  // 32768*10 + 10 = 327690 after Flatten; GlobalAveragePooling2D would give 32*10 + 10 = 330.
  ApiAnswer causes = read_api_answer(api_call("explainTotal", "[" + doc + ",\"1,226\"]"));
  ASSERT_FALSE(causes.causes.empty());
  EXPECT_TRUE(causes.causes[0].matches) << causes.causes[0].title;
  EXPECT_EQ(causes.causes[0].total, 1226);
  EXPECT_FALSE(causes.causes[0].title.empty());
  EXPECT_FALSE(causes.causes[0].detail.empty());
}
