// Cross-check against PyTorch: every case in tests/reference/torch_cases.json (471 nn.Sequential
// models run by torch 1.13; see that folder's README) is imported from its Python code with its
// input shape and must match module by module: class, name, parameter count, trainable count
// (torch_435/436 freeze a single bias), buffer count, parameter and buffer names with their
// shapes, output shape, and the totals. A
// case PyTorch rejects must fail on the same module, with a message that names the problem.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "core/calculator.h"
#include "core/json_reader.h"
#include "core/pytorch_code.h"
#include "reference_cases.h"

using namespace learnable;

namespace {

using learnable::testing::count;
using learnable::testing::shape_of;

const std::vector<Json>& cases() { return learnable::testing::reference_cases("torch_cases.json"); }

using Named = std::vector<std::pair<std::string, Shape>>;

// [["weight", [4, 50]], ...], sorted: PyTorch's order need not be Learnable's.
Named named_shapes(const Json& list) {
  Named out;
  for (const Json& pair : list.items) out.emplace_back(pair.items[0].text, shape_of(pair.items[1]));
  std::sort(out.begin(), out.end());
  return out;
}

Named weights_of(const LayerResult& r, bool buffers) {
  Named out;
  for (const Weight& w : r.weights)
    if (w.buffer == buffers) out.emplace_back(w.name, w.shape);
  std::sort(out.begin(), out.end());
  return out;
}

std::string named_text(const Named& list) {
  std::string out;
  for (const auto& [name, shape] : list) out += (out.empty() ? "" : ", ") + name + " " + shape_torch(shape);
  return "[" + out + "]";
}

class torch_reference : public ::testing::TestWithParam<size_t> {};

TEST_P(torch_reference, matches_pytorch) {
  const Json& c = cases()[GetParam()];
  const std::string code = c.find("code")->text;
  SCOPED_TRACE("\n" + code);
  PytorchOptions options;
  options.input_shape = shape_of(*c.find("input_shape"));
  ImportResult imported = import_pytorch_code(code, options);
  for (const ImportMessage& e : imported.errors) ADD_FAILURE() << "import error line " << e.where.line << ": " << e.message;
  for (const ImportMessage& w : imported.warnings) ADD_FAILURE() << "import warning line " << w.where.line << ": " << w.message;
  Calculator calc(imported.model);
  EXPECT_EQ(calc.model().framework, Framework::PyTorch);
  ASSERT_TRUE(calc.model().input_shape.has_value());
  EXPECT_EQ(*calc.model().input_shape, shape_of(*c.find("input_shape")));

  const auto& expected = c.find("modules")->items;
  const Json* error = c.find("error");
  size_t failing = error ? static_cast<size_t>(count(*error, "module_index")) : expected.size();
  ASSERT_EQ(failing, expected.size()) << "the JSON lists the modules before the one PyTorch rejects";
  ASSERT_GE(calc.results().size(), expected.size() + (error ? 1 : 0));
  if (!error) {
    ASSERT_EQ(calc.results().size(), expected.size());
  }
  for (size_t i = 0; i < expected.size(); ++i) {
    const Json& want = expected[i];
    const LayerResult& got = calc.results()[i];
    const Layer& layer = calc.model().layers[i];
    SCOPED_TRACE("module " + want.find("name")->text + " (" + want.find("module")->text + ")");
    // A module Learnable cannot compute fails the case here; the modules after it wait on it.
    ASSERT_TRUE(got.ok()) << layer.type << ": " << got.error;
    EXPECT_EQ(layer.type, want.find("module")->text);
    EXPECT_EQ(layer.name, want.find("name")->text);
    EXPECT_EQ(got.params, count(want, "params"));
    EXPECT_EQ(got.trainable, count(want, "trainable"));
    EXPECT_EQ(got.non_trainable, count(want, "params") - count(want, "trainable"));
    EXPECT_EQ(got.buffers, count(want, "buffers"));
    EXPECT_EQ(named_text(weights_of(got, false)), named_text(named_shapes(*want.find("parameters"))));
    EXPECT_EQ(named_text(weights_of(got, true)), named_text(named_shapes(*want.find("buffer_list"))));
    const Json* output = want.find("output_shape");
    if (output && !output->is_null()) {
      EXPECT_EQ(shape_torch(got.output_shape), shape_torch(shape_of(*output)));
    }
  }
  if (error) {
    const LayerResult& got = calc.results()[failing];
    SCOPED_TRACE("PyTorch rejects module " + std::to_string(failing) + " (" + calc.model().layers[failing].type + ", " +
                 error->find("stage")->text + "): " + error->find("message")->text);
    EXPECT_EQ(got.status, LayerStatus::Error) << "Learnable computes it: " << shape_torch(got.output_shape);
    EXPECT_FALSE(got.error.empty());
    EXPECT_EQ(got.error.find("unknown module"), std::string::npos) << got.error;
  }
  EXPECT_EQ(calc.totals().params, count(c, "total"));
  EXPECT_EQ(calc.totals().trainable, count(c, "trainable"));
  EXPECT_EQ(calc.totals().buffers, count(c, "buffers"));
}

std::string case_name(const ::testing::TestParamInfo<size_t>& info) { return cases()[info.param].find("id")->text; }

std::vector<size_t> case_indices() {
  std::vector<size_t> indices;
  for (size_t i = 0; i < cases().size(); ++i) indices.push_back(i);
  return indices;
}

TEST(torch_reference_data, has_every_case) {
  EXPECT_GE(cases().size(), 471u);
  size_t errors = 0;
  for (const Json& c : cases()) errors += c.find("error") != nullptr;
  EXPECT_GE(errors, 33u);
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(cases, torch_reference, ::testing::ValuesIn(case_indices()), case_name);
