// The generated reference sets in tests/reference/ (keras_cases.json from TensorFlow.js,
// keras_json_cases.json, torch_cases.json from PyTorch): each file read once per test binary,
// and the small readers the tests use on a case.
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "core/json_reader.h"
#include "core/shape.h"

namespace learnable::testing {

// A file under tests/, read whole ("" when it is missing).
inline std::string read_test_file(const std::string& relative) {
  std::ifstream in(std::string(LEARNABLE_TEST_DATA) + "/" + relative, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The cases of tests/reference/<file>; empty when it cannot be read (the tests then check a
// minimum count, so a missing file fails them).
inline const std::vector<Json>& reference_cases(const std::string& file) {
  static std::map<std::string, std::vector<Json>> loaded;
  auto it = loaded.find(file);
  if (it == loaded.end()) {
    JsonParse parsed = parse_json(read_test_file("reference/" + file));
    it = loaded.emplace(file, parsed.ok ? parsed.value.items : std::vector<Json>{}).first;
  }
  return it->second;
}

// [32, 32, 3] or [null, 10] -> the shape (null is an unknown dimension).
inline Shape shape_of(const Json& j) {
  Shape s;
  for (const Json& d : j.items) s.push_back(d.is_null() ? kUnknown : d.integer);
  return s;
}

// The integer under `key`, -1 when it is absent.
inline int64_t count(const Json& j, const char* key) {
  const Json* v = j.find(key);
  return v ? v->integer : -1;
}

}  // namespace learnable::testing
