// The value reader (python_value.h) that the app's fields, the layer registry's defaults and the
// layers' examples go through: it agrees with the code importers' reader (parse_define) on good
// and bad values, names the column of each fault, and reads calls with their arguments.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/keras_code.h"
#include "core/layer_type.h"
#include "core/python_value.h"

using namespace learnable;

namespace {

std::string read_error(std::string_view text) {
  Value v;
  std::string message;
  EXPECT_FALSE(read_python_value(text, v, message)) << text << " read as " << v.to_python();
  return message;
}

Value read_ok(std::string_view text) {
  Value v;
  std::string message;
  EXPECT_TRUE(read_python_value(text, v, message)) << text << ": " << message;
  return v;
}

std::string repeat(std::string_view s, int n) {
  std::string out;
  for (int k = 0; k < n; ++k) out += s;
  return out;
}

}  // namespace

TEST(python_value, agrees_with_parse_define) {
  const std::vector<std::string> corpus = {
      // read
      "32", "-1", "+3", "0", "0.5", "1e-3", "1E5", ".5", "1.", "1./255", "1_000", "0x1F", "0o17", "0b101",
      "9223372036854775807", "-9223372036854775807 - 1", "2**40", "2**62", "-2**2", "2**3**2", "2**0", "0**0",
      "0**5", "(-1)**3", "1**1000000000000000000", "(-1)**1000000000000000001", "(3, 3)", "(3,)", "()",
      "[1, 2]", "[]", "[1, [2, (3,)]]", "(1, 2,)", "((32))", "((1, 2))", "'same'", "\"same\"", "'a' 'b'",
      "r'\\d'", "'a\\nb'", "\xE2\x80\x98same\xE2\x80\x99", "\xE2\x80\x9Csame\"", "'''triple'''", "\"\"\"x\"\"\"", "u'x'", "'é'", "None", "True", "False", "not True",
      "(None, 8)", "1 + 2 * 3", "(1 + 2) * 3", "7 // 2", "-7 // 2", "7 % -3", "-7 % 3", "7 / 2", "1 / 4",
      "2 * 0.5", "1.5 + 1", "10 - 3 - 2", "2 * 3 // 4", "(3, 3) + (1,)", "[1] * 3", "(2,) * 2", "[1] * 64",
      "  32  ", "3 # three", "(tf.nn.relu, 3)", "(f(1), 2)", "(f( 1 ,  2 ),)", "[tf.float32]", "- - 3",
      "-(3)", "-3.5", "2 ** -0", "100 // 7 % 3", "(1 + f(),)", "((1 + f()),)", "(-x.y, 1)",
      "(" + repeat("(", 14) + "1" + repeat(")", 14) + ")", repeat("-", 50) + "1", "1" + repeat("+1", 80),
      // refused
      "", "(3,", "[1, 2", "(3 3)", "[1 2]", "'same", "\"same", "same", "relu", "tf.nn.relu", "f()",
      "HeNormal(seed=1)", "2**64", "2**63", "(-2)**63", "9223372036854775808", "99999999999999999999",
      "-9223372036854775808", "-9223372036854775807 - 2", "3 * 4611686018427387904", "1/0", "1//0", "1%0",
      "1 / 0.0", "2**-1", "3.5 // 1", "1.5 % 1", "2.0 ** 2", "1 +", "* 3", ")", "(3))", "3 3", "{}",
      "{'a': 1}", "x[0]", "a if b else c", "lambda: 0", "1 == 1", "1 < 2", "3 & 1", "~1", "'a' + 1",
      "(1, 2) + [3]", "[1] * 65", "[1] * -1", "2 * (3,)", "$", "3 $", "é", "\xE2\x80\x98same",
      "(x, 1)", "[1, y]", "1; 2", "a = 1", "f(*a)", "not 3", "-'a'", "(1, 2)[0]", "'a'.upper()",
      "(" + repeat("(", 30) + "1" + repeat(")", 30) + ")", repeat("-", 120) + "1", "1" + repeat("+1", 120),
      "[" + repeat("[", 30) + repeat("]", 30) + "]"};
  for (const std::string& text : corpus) {
    Value mine;
    std::string mine_message;
    bool mine_ok = read_python_value(text, mine, mine_message);
    Define theirs;
    std::string their_message;
    bool their_ok = parse_define("value=" + text, theirs, their_message);
    EXPECT_EQ(mine_ok, their_ok) << text << ": " << (mine_ok ? their_message : mine_message);
    if (mine_ok && their_ok) {
      EXPECT_EQ(mine, theirs.value) << text;
      EXPECT_EQ(mine.to_python(), theirs.value.to_python()) << text;
    }
  }
}

TEST(python_value, reads_python_values) {
  EXPECT_EQ(read_ok("2**40"), Value::of_int(int64_t{1} << 40));
  EXPECT_EQ(read_ok("(3, 3)"), Value::tuple_of_ints({3, 3}));
  EXPECT_EQ(read_ok("(64,)"), Value::tuple_of_ints({64}));
  EXPECT_EQ(read_ok("(64)"), Value::of_int(64));
  EXPECT_EQ(read_ok("[1, 2]"), Value::list({Value::of_int(1), Value::of_int(2)}));
  EXPECT_EQ(read_ok("'same'"), Value::of_string("same"));
  EXPECT_EQ(read_ok("\"same\""), Value::of_string("same"));
  EXPECT_EQ(read_ok("None"), Value::none());
  EXPECT_EQ(read_ok("True"), Value::of_bool(true));
  EXPECT_EQ(read_ok("-1"), Value::of_int(-1));
  EXPECT_EQ(read_ok("0.5"), Value::of_float(0.5));
  EXPECT_EQ(read_ok("1e-3"), Value::of_float(1e-3));
  EXPECT_EQ(read_ok("1 + 2 * 3 ** 2"), Value::of_int(19));
  EXPECT_EQ(read_ok("-7 // 2"), Value::of_int(-4));
  EXPECT_EQ(read_ok("7 / 2"), Value::of_float(3.5));
  EXPECT_EQ(read_ok("(None, 8)").to_python(), "(None, 8)");
  EXPECT_EQ(read_ok("(2,) * 3"), Value::tuple_of_ints({2, 2, 2}));
  EXPECT_EQ(read_ok("\xE2\x80\x98same\xE2\x80\x99"), Value::of_string("same"));  // smart quotes
}

TEST(python_value, messages_name_the_column) {
  EXPECT_EQ(read_error("(3,"), "the '(' at column 1 is never closed");
  EXPECT_EQ(read_error("(3 3)"), "expected ',' or ')' but found '3' at column 4");
  EXPECT_EQ(read_error("[1, 2"), "the '[' at column 1 is never closed");
  EXPECT_EQ(read_error("2**64"), "2**64 at column 1 is too large for 64 bits");
  EXPECT_EQ(read_error("1 + 1//0"), "division by zero in 1//0 at column 5");
  EXPECT_EQ(read_error("2**-1"), "2**-1 at column 1 is a negative power, not a whole number");
  EXPECT_EQ(read_error("99999999999999999999"), "the number 99999999999999999999 at column 1 is too large for 64 bits");
  EXPECT_EQ(read_error("relu"), "relu at column 1 is a name, not a value; a string needs quotes: 'relu'");
  EXPECT_EQ(read_error("(1, x)"), "x at column 5 is a name, not a value; a string needs quotes: 'x'");
  EXPECT_EQ(read_error("'same"), "the string at column 1 is never closed");
  EXPECT_EQ(read_error("3 $"), "unexpected character '$' at column 3");
  EXPECT_EQ(read_error("'é' $"), "unexpected character '$' at column 5");  // columns count characters
  EXPECT_EQ(read_error("3 3"), "unexpected '3' at column 3");
  EXPECT_EQ(read_error("1 +"), "the text ends at column 4 in the middle of an expression");
  EXPECT_EQ(read_error("(1,\n x)"), "x at line 2, column 2 is a name, not a value; a string needs quotes: 'x'");
  EXPECT_EQ(read_error("tf.nn.relu"), "the value must be a number, a string or a tuple of numbers");
  EXPECT_EQ(read_error("Dense(10"), "the '(' at column 6 is never closed");
  EXPECT_EQ(read_error(repeat("(", 30) + "1" + repeat(")", 30)),
            "brackets and operators are nested too deeply to read at column 21");
}

TEST(python_value, reads_calls_with_their_arguments) {
  PythonCall call;
  std::string message;
  ASSERT_TRUE(read_python_call("layers.Conv2D(32, (3, 3), padding='same', activation=tf.nn.relu, name=conv)", call, message))
      << message;
  EXPECT_EQ(call.name, "layers.Conv2D");
  ASSERT_EQ(call.args.size(), 5u);
  EXPECT_EQ(call.args[0].keyword, "");
  EXPECT_EQ(call.args[0].value, Value::of_int(32));
  EXPECT_EQ(call.args[1].value, Value::tuple_of_ints({3, 3}));
  EXPECT_EQ(call.args[2].keyword, "padding");
  EXPECT_EQ(call.args[2].value, Value::of_string("same"));
  EXPECT_EQ(call.args[3].value, Value::expr("tf.nn.relu"));
  EXPECT_EQ(call.args[3].name, "tf.nn.relu");
  EXPECT_TRUE(call.args[3].problem.empty());  // a dotted name is kept as an expression
  EXPECT_EQ(call.args[4].name, "conv");
  EXPECT_FALSE(call.args[4].problem.empty());  // a bare name is not a value

  ASSERT_TRUE(read_python_call("Bidirectional(LSTM(32,  return_sequences=True), merge_mode='sum')", call, message));
  ASSERT_EQ(call.args.size(), 2u);
  ASSERT_EQ(call.args[0].call.size(), 1u);
  EXPECT_EQ(call.args[0].call[0].name, "LSTM");
  EXPECT_EQ(call.args[0].call[0].args[1].value, Value::of_bool(true));
  EXPECT_EQ(call.args[0].value, Value::expr("LSTM(32, return_sequences=True)"));
  EXPECT_TRUE(call.args[1].call.empty());

  EXPECT_FALSE(read_python_call("32", call, message));
  EXPECT_EQ(message, "expected a call such as Dense(10)");
  EXPECT_FALSE(read_python_call("Dense(10,, 3)", call, message));
  EXPECT_EQ(message, "unexpected ',' at column 10");
  EXPECT_FALSE(read_python_call("Dense(*units)", call, message));
  EXPECT_EQ(message, "*args and **kwargs are not read at column 7");
}

TEST(python_value, defines_split_as_parse_define_does) {
  for (const char* text : {"IMG_SIZE=32", "n = 2*16", "SHAPE=(28, 28, 1)", "IMG_SIZE", "=32", "1X=3", "A-B=3", "A=",
                           "A=foo", " X=1", "act='relu'"}) {
    Define mine, theirs;
    std::string mine_message, their_message;
    bool mine_ok = read_python_define(text, mine, mine_message);
    EXPECT_EQ(mine_ok, parse_define(text, theirs, their_message)) << text;
    if (mine_ok) {
      EXPECT_EQ(mine.name, theirs.name);
      EXPECT_EQ(mine.value, theirs.value);
    } else if (mine_message.find(':') == std::string::npos) {
      EXPECT_EQ(mine_message, their_message) << text;  // the name's faults are worded the same
    }
  }
  Define d;
  std::string message;
  EXPECT_FALSE(read_python_define("SIZE=(28, 28", d, message));
  EXPECT_EQ(message, "SIZE: the '(' at column 1 is never closed");
}

// The registry's defaults and example inputs are Python literals read by this reader: each reads
// as a value (a default that did not would be kept as its text, an expression).
TEST(python_value, every_registry_default_reads) {
  size_t checked = 0;
  for (Framework framework : {Framework::Keras, Framework::PyTorch})
    for (const LayerType& t : layer_types(framework))
      for (const ArgSpec& a : t.args) {
        EXPECT_NE(a.default_value.kind, Value::Kind::Expr) << t.name << "." << a.name << " = " << a.default_value.text;
        ++checked;
      }
  EXPECT_GT(checked, 700u);
  const LayerType* conv = find_layer_type("Conv2D");
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(conv->find_arg("strides")->default_value, Value::tuple_of_ints({1, 1}));
  EXPECT_EQ(conv->find_arg("padding")->default_value, Value::of_string("valid"));
  EXPECT_EQ(conv->find_arg("use_bias")->default_value, Value::of_bool(true));
  EXPECT_EQ(conv->example_input, (Shape{32, 32, 3}));
}
