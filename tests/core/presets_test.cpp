// The preset models: each preset's model document (what the app opens) is the model its Keras
// code builds (what the command line and the JS API read), and both count what Keras prints.
#include <gtest/gtest.h>

#include <string>

#include "core/calculator.h"
#include "core/keras_code.h"
#include "core/model_json.h"
#include "core/presets.h"

using namespace learnable;

namespace {

// Layers compared by what they are (type, name, arguments, wrapped layers), not by where they
// were read from.
void expect_same_layer(const Layer& document, const Layer& code, const std::string& where) {
  EXPECT_EQ(document.type, code.type) << where;
  EXPECT_EQ(document.name, code.name) << where;
  ASSERT_EQ(document.args.size(), code.args.size()) << where;
  for (size_t k = 0; k < code.args.size(); ++k) {
    EXPECT_EQ(document.args[k].name, code.args[k].name) << where;
    EXPECT_EQ(document.args[k].value, code.args[k].value) << where << "." << code.args[k].name;
  }
  ASSERT_EQ(document.inner.size(), code.inner.size()) << where;
  for (size_t k = 0; k < code.inner.size(); ++k) expect_same_layer(document.inner[k], code.inner[k], where + ".inner");
}

}  // namespace

TEST(presets, each_document_is_the_model_its_code_builds) {
  ASSERT_EQ(presets().size(), 5u);
  for (const Preset& p : presets()) {
    ASSERT_FALSE(preset_code(p.id).empty()) << p.id << " has no code";
    ImportResult code = import_keras_code(preset_code(p.id));
    ImportResult document = model_from_json(p.model);
    EXPECT_TRUE(code.errors.empty() && code.warnings.empty()) << p.id;
    EXPECT_TRUE(document.errors.empty() && document.warnings.empty()) << p.id;
    EXPECT_EQ(document.model.framework, code.model.framework) << p.id;
    EXPECT_EQ(document.model.input_shape, code.model.input_shape) << p.id;
    ASSERT_EQ(document.model.layers.size(), code.model.layers.size()) << p.id;
    for (size_t k = 0; k < code.model.layers.size(); ++k)
      expect_same_layer(document.model.layers[k], code.model.layers[k], p.id + "[" + std::to_string(k) + "]");
    EXPECT_EQ(Calculator(document.model).totals().params, Calculator(code.model).totals().params) << p.id;
  }
}

TEST(presets, vgg16_counts_what_keras_prints) {
  const Preset* vgg16 = find_preset("vgg16");
  ASSERT_NE(vgg16, nullptr);
  Calculator calc(model_from_json(vgg16->model).model);
  EXPECT_EQ(calc.totals().params, 138357544);
  EXPECT_EQ(calc.totals().trainable, 138357544);
  EXPECT_EQ(find_preset("nope"), nullptr);
}

TEST(presets, an_unknown_id_has_no_code) { EXPECT_TRUE(preset_code("vgg17").empty()); }
