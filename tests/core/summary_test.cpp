// Summaries: a layer's error points at its argument in the pasted text, with a caret excerpt.
#include <gtest/gtest.h>

#include "core/keras_code.h"
#include "core/summary.h"

using namespace learnable;

TEST(summary, layer_errors_have_line_column_and_excerpt) {
  ImportResult imported = import_keras_code(
      "model = Sequential([\n"
      "    Conv2D(32, 3, input_shape=(8, 8, 3)),\n"
      "    Conv2D(filters=0, kernel_size=3),\n"
      "])\n");
  Calculator calc(imported.model);
  std::vector<ImportMessage> errors = model_errors(calc, imported);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].where.line, 3);
  EXPECT_EQ(errors[0].where.column, 12);
  EXPECT_EQ(errors[0].layer, "conv2d_1");
  EXPECT_EQ(errors[0].excerpt, "    Conv2D(filters=0, kernel_size=3),\n           ^");
  EXPECT_NE(summary_json(calc, imported).find("\"excerpt\":\"    Conv2D(filters=0"), std::string::npos);
}
