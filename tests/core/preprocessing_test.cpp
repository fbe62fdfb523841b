// Image preprocessing and augmentation layers: shapes, no parameters, errors naming arguments,
// and TensorFlow's image classification tutorial, which starts with Rescaling.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "core/keras_code.h"
#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

TEST(rescaling, keeps_shape_and_learns_nothing) {
  LayerResult r = run(layer("Rescaling", {{"scale", f(1.0 / 255)}}), {180, 180, 3});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output_shape, (Shape{180, 180, 3}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(r.formula, "Rescaling only computes x*0.00392157 + 0 for each of the 180\xC3\x97" "180\xC3\x97" "3 values: no learnable parameters");
  EXPECT_EQ(run(layer("Rescaling", {{"scale", s("big")}}), {4}).error_argument, "scale");
  EXPECT_EQ(run(layer("Rescaling"), {4}).error_argument, "scale");
}

TEST(resizing, changes_rows_and_cols) {
  LayerResult r = run(layer("Resizing", {{"height", i(224)}, {"width", i(200)}}), {180, 180, 3});
  EXPECT_EQ(r.output_shape, (Shape{224, 200, 3}));
  EXPECT_EQ(r.params, 0);
  EXPECT_EQ(run(layer("Resizing", {{"height", i(0)}, {"width", i(200)}}), {180, 180, 3}).error_argument, "height");
  EXPECT_EQ(run(layer("Resizing", {{"height", i(8)}, {"width", i(8)}, {"interpolation", s("cubic")}}), {180, 180, 3}).error_argument, "interpolation");
  EXPECT_EQ(run(layer("Resizing", {{"height", i(8)}, {"width", i(8)}}), {784}).status, LayerStatus::Error);
}

TEST(crops, center_and_random) {
  EXPECT_EQ(run(layer("CenterCrop", {{"height", i(160)}, {"width", i(150)}}), {180, 180, 3}).output_shape, (Shape{160, 150, 3}));
  EXPECT_EQ(run(layer("RandomCrop", {{"height", i(160)}, {"width", i(150)}}), {180, 180, 3}).output_shape, (Shape{160, 150, 3}));
  EXPECT_EQ(run(layer("CenterCrop", {{"height", i(-1)}, {"width", i(150)}}), {180, 180, 3}).error_argument, "height");
}

TEST(augmentation, keeps_shape) {
  EXPECT_EQ(run(layer("RandomFlip", {{"mode", s("horizontal")}}), {180, 180, 3}).output_shape, (Shape{180, 180, 3}));
  EXPECT_EQ(run(layer("RandomFlip", {{"mode", s("sideways")}}), {180, 180, 3}).error_argument, "mode");
  EXPECT_EQ(run(layer("RandomRotation", {{"factor", f(0.1)}}), {180, 180, 3}).params, 0);
  EXPECT_EQ(run(layer("RandomZoom", {{"height_factor", f(0.1)}}), {180, 180, 3}).output_shape, (Shape{180, 180, 3}));
  EXPECT_EQ(run(layer("RandomTranslation", {{"height_factor", f(0.1)}, {"width_factor", f(0.1)}}), {180, 180, 3}).params, 0);
  EXPECT_EQ(run(layer("RandomContrast", {{"factor", f(0.2)}}), {180, 180, 3}).params, 0);
  EXPECT_EQ(run(layer("RandomRotation"), {180, 180, 3}).error_argument, "factor");
}

TEST(preprocessing, tf_image_classification_tutorial) {
  std::ifstream in(std::string(LEARNABLE_TEST_DATA) + "/data/keras/tf_image_classification.py");
  std::string code((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ImportResult imported = import_keras_code(code);
  ASSERT_TRUE(imported.errors.empty()) << imported.errors[0].message;
  Calculator c(imported.model);
  ASSERT_TRUE(c.all_resolved());
  EXPECT_EQ(c.model().layers[0].type, "Rescaling");
  EXPECT_EQ(c.results()[0].output_shape, (Shape{180, 180, 3}));
  EXPECT_EQ(c.results()[1].formula, "3*144 + 16 = 448");
  EXPECT_EQ(c.results()[8].formula, "30976*128 + 128 = 3965056");
  EXPECT_EQ(c.totals().params, 3989285);
}
