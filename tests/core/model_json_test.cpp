// The model document: round trips exactly, and bad documents report their JSON path.
#include <gtest/gtest.h>

#include "core/keras_code.h"
#include "core/model_json.h"
#include "core/presets.h"
#include "test_util.h"

using namespace learnable;
using namespace learnable::testing;

TEST(model_json, round_trips_every_preset) {
  for (const Preset& p : presets()) {
    Model original = import_keras_code(preset_code(p.id)).model;
    std::string json = model_to_json(original);
    ImportResult back = model_from_json(json);
    EXPECT_TRUE(back.errors.empty()) << p.id;
    EXPECT_EQ(model_to_json(back.model), json) << p.id;
    EXPECT_EQ(Calculator(back.model).totals().params, Calculator(original).totals().params) << p.id;
  }
}

TEST(model_json, keeps_value_kinds) {
  Model m;
  m.input_shape = Shape{kUnknown, 8};
  Layer l = layer("Dense", {{"units", i(4)}, {"activation", Value::expr("tf.nn.relu")}});
  l.set_arg("kernel_initializer", Value::list({Value::of_float(0.5), Value::of_float(1.0), none(), b(true)}));
  m.layers.push_back(l);
  m.layers.push_back(wrap("TimeDistributed", layer("Dense", {{"units", i(2)}})));
  std::string json = model_to_json(m);
  EXPECT_NE(json.find("{\"expr\":\"tf.nn.relu\"}"), std::string::npos) << json;
  EXPECT_NE(json.find("{\"list\":[0.5,1.0,null,true]}"), std::string::npos) << json;
  EXPECT_NE(json.find("\"input_shape\":[null,8]"), std::string::npos) << json;
  ImportResult back = model_from_json(json);
  ASSERT_TRUE(back.errors.empty());
  EXPECT_EQ(model_to_json(back.model), json);
  EXPECT_EQ(back.model.layers[1].inner.size(), 1u);
}

TEST(model_json, errors_name_the_path) {
  ImportResult r = model_from_json(R"({"learnable":1,"input_shape":[32,32,3],"layers":[{"type":"Dense","args":{"units":4}},{"args":{}},{"type":"Dense","args":{"units":{"x":1}}}]})");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].message.rfind("layers[1].type:", 0), 0u) << r.errors[0].message;
  EXPECT_EQ(r.errors[1].message.rfind("layers[2].args.units:", 0), 0u) << r.errors[1].message;
  EXPECT_EQ(r.model.layers.size(), 2u);
  EXPECT_FALSE(model_from_json("{").errors.empty());
  EXPECT_FALSE(model_from_json("[]").errors.empty());
  EXPECT_FALSE(model_from_json(R"({"layers":[],"input_shape":[0]})").errors.empty());
}
