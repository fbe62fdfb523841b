// Text pieces: cat() writes each piece as `+` and std::to_string would.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "core/text.h"

using namespace learnable;

TEST(text, cat_joins_text_and_counts) {
  std::string name = "Conv1";
  std::string_view unit = "filters";
  EXPECT_EQ(cat({"Weights: ", int64_t{3}, " × ", 288, " = ", size_t{864}, "."}), "Weights: 3 × 288 = 864.");
  EXPECT_EQ(cat({name, ' ', unit, '!'}), "Conv1 filters!");
  EXPECT_EQ(cat({}), "");
}

TEST(text, counts_are_written_as_to_string_writes_them) {
  for (int64_t n : {int64_t{0}, int64_t{-1}, int64_t{7}, int64_t{-138357544}, std::numeric_limits<int64_t>::max(),
                    std::numeric_limits<int64_t>::min()})
    EXPECT_EQ(cat({n}), std::to_string(n));
  EXPECT_EQ(cat({static_cast<unsigned char>(200)}), "200");
}
