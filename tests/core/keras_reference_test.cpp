// Cross-check against Keras: every case in tests/reference/keras_cases.json (generated with
// TensorFlow.js, or Keras' documented formulas where tfjs differs from Keras; see that folder's
// README) is imported from its Python code and must match per layer: type, output shape, total,
// trainable and non-trainable counts, and the model's totals.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "reference_cases.h"
#include "core/calculator.h"
#include "core/json_reader.h"
#include "core/keras_code.h"

using namespace learnable;

namespace {

using learnable::testing::count;
using learnable::testing::shape_of;

const std::vector<Json>& cases() { return learnable::testing::reference_cases("keras_cases.json"); }

class keras_reference : public ::testing::TestWithParam<size_t> {};

TEST_P(keras_reference, matches_keras) {
  const Json& c = cases()[GetParam()];
  const std::string code = c.find("code")->text;
  SCOPED_TRACE("\n" + code);
  ImportResult imported = import_keras_code(code);
  for (const ImportMessage& e : imported.errors) ADD_FAILURE() << "import error line " << e.where.line << ": " << e.message;
  Calculator calc(imported.model);
  ASSERT_TRUE(imported.model.input_shape.has_value());
  EXPECT_EQ(*imported.model.input_shape, shape_of(*c.find("input_shape")));
  const auto& expected = c.find("layers")->items;
  ASSERT_EQ(calc.results().size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Json& want = expected[i];
    const LayerResult& got = calc.results()[i];
    SCOPED_TRACE("layer " + std::to_string(i + 1) + " " + want.find("type")->text + " (" + want.find("source")->text + ")");
    ASSERT_TRUE(got.ok()) << got.error;
    EXPECT_EQ(calc.model().layers[i].type, want.find("type")->text);
    EXPECT_EQ(got.output_shape, shape_of(*want.find("output_shape")));
    EXPECT_EQ(got.params, count(want, "params"));
    EXPECT_EQ(got.trainable, count(want, "trainable"));
    EXPECT_EQ(got.non_trainable, count(want, "non_trainable"));
  }
  EXPECT_EQ(calc.totals().params, count(c, "total"));
  EXPECT_EQ(calc.totals().trainable, count(c, "trainable"));
  EXPECT_EQ(calc.totals().non_trainable, count(c, "non_trainable"));
}

std::string case_name(const ::testing::TestParamInfo<size_t>& info) { return cases()[info.param].find("id")->text; }

std::vector<size_t> case_indices() {
  std::vector<size_t> indices;
  for (size_t i = 0; i < cases().size(); ++i) indices.push_back(i);
  return indices;
}

TEST(keras_reference_data, has_at_least_200_cases) { EXPECT_GE(cases().size(), 200u); }

}  // namespace

INSTANTIATE_TEST_SUITE_P(cases, keras_reference, ::testing::ValuesIn(case_indices()), case_name);
