// The JSON reader: values, exact integers, escapes, and errors with line and column.
#include <gtest/gtest.h>

#include "core/json_reader.h"
#include "core/json_writer.h"

using namespace learnable;

TEST(json_reader, reads_values) {
  JsonParse p = parse_json(R"({"a": [1, -2, 3.5, true, false, null], "b": "x\"y\u00d7", "c": {}})");
  ASSERT_TRUE(p.ok) << p.error;
  const Json* a = p.value.find("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->items.size(), 6u);
  EXPECT_TRUE(a->items[0].is_integer);
  EXPECT_EQ(a->items[1].integer, -2);
  EXPECT_FALSE(a->items[2].is_integer);
  EXPECT_EQ(a->items[2].number, 3.5);
  EXPECT_TRUE(a->items[3].boolean);
  EXPECT_TRUE(a->items[5].is_null());
  EXPECT_EQ(p.value.find("b")->text, "x\"y\xC3\x97");
  EXPECT_EQ(p.value.find("missing"), nullptr);
}

TEST(json_reader, large_integers_stay_exact) {
  JsonParse p = parse_json("[138357544, 9223372036854775807]");
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.value.items[0].integer, 138357544);
  EXPECT_EQ(p.value.items[1].integer, INT64_MAX);
}

TEST(json_reader, errors_have_line_and_column) {
  JsonParse p = parse_json("{\n  \"a\": [1,\n  2,,]\n}");
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.where.line, 3);
  EXPECT_EQ(p.where.column, 5);
  EXPECT_FALSE(parse_json("").ok);
  EXPECT_FALSE(parse_json("[1] x").ok);
  EXPECT_FALSE(parse_json("\"never closed").ok);
}

TEST(json_reader, deep_nesting_is_refused_not_a_crash) {
  std::string deep(100000, '[');
  JsonParse p = parse_json(deep);
  EXPECT_FALSE(p.ok);
  EXPECT_NE(p.error.find("nested too deeply"), std::string::npos);
}

TEST(json_writer, invalid_utf8_becomes_replacement_characters) {
  EXPECT_EQ(json_quote("a\xC3\x97" "b"), "\"a\xC3\x97" "b\"");
  EXPECT_EQ(json_quote("\xC1\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(json_quote("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(json_quote("\xF5\x80\x80\x80").find("\xEF\xBF\xBD"), 1u);
  EXPECT_EQ(json_quote("q\"\\\n\x01"), "\"q\\\"\\\\\\n\\u0001\"");
}

TEST(json_reader, values_know_their_line_column_and_byte_offset) {
  const std::string text = "{\n  \"a\": [1, \"\xC3\x97\", {\"b\": null}]\n}";
  JsonParse p = parse_json(text);
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.value.offset, 0u);
  const Json& a = *p.value.find("a");
  EXPECT_EQ(a.where.line, 2);
  EXPECT_EQ(a.where.column, 8);
  EXPECT_EQ(text[a.offset], '[');
  EXPECT_EQ(a.items[0].offset, a.offset + 1);
  EXPECT_EQ(text[a.items[1].offset], '"');
  const Json& inner = a.items[2];
  EXPECT_EQ(text.substr(inner.find("b")->offset, 4), "null");
  // Columns count characters (the × is two bytes), offsets count bytes.
  EXPECT_EQ(inner.where.column, 17);
  EXPECT_EQ(inner.offset, text.find('{', 1));
}

TEST(json_reader, values_know_where_they_end) {
  const std::string text = " {\"model\": {\"layers\": [1, \"]\"]}, \"n\": -2.5e3 } ";
  JsonParse p = parse_json(text);
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(text.substr(p.value.offset, p.value.end - p.value.offset), text.substr(1, text.size() - 2));
  const Json& model = *p.value.find("model");
  EXPECT_EQ(text.substr(model.offset, model.end - model.offset), "{\"layers\": [1, \"]\"]}");
  const Json& n = *p.value.find("n");
  EXPECT_EQ(text.substr(n.offset, n.end - n.offset), "-2.5e3");
  const Json& s = model.find("layers")->items[1];
  EXPECT_EQ(text.substr(s.offset, s.end - s.offset), "\"]\"");
}

TEST(json_reader, errors_know_their_byte_offset) {
  JsonParse p = parse_json("[1,\n 2 3]");
  ASSERT_FALSE(p.ok);
  EXPECT_EQ(p.where.line, 2);
  EXPECT_EQ(p.where.column, 4);
  EXPECT_EQ(p.offset, 7u);
}
