// Benchmarks behind the README's figures: importing and summarising a 10,000-layer snippet, and
// recomputing after one edit in a 1,000-layer model (targets: 20 ms and 100 µs, native).
#include <benchmark/benchmark.h>

#include <string>

#include "core/calculator.h"
#include "core/keras_code.h"
#include "core/summary.h"

namespace {

using namespace learnable;

// A long but realistic stack: conv blocks with batch norm, activation and dropout.
std::string long_snippet(int layers) {
  std::string code = "model = tf.keras.Sequential([\n    tf.keras.Input(shape=(32, 32, 16)),\n";
  const char* block[] = {
      "    tf.keras.layers.Conv2D(16, (3, 3), padding='same', use_bias=False),\n",
      "    tf.keras.layers.BatchNormalization(),\n",
      "    tf.keras.layers.ReLU(),\n",
      "    tf.keras.layers.Dropout(0.1),\n",
  };
  for (int i = 0; i < layers; ++i) code += block[i % 4];
  return code + "])\n";
}

Model dense_model(int layers) {
  Model m;
  m.input_shape = Shape{64};
  for (int i = 0; i < layers; ++i) {
    Layer l;
    l.type = i % 2 ? "Dense" : "BatchNormalization";
    if (l.type == "Dense") l.set_arg("units", Value::of_int(64));
    m.layers.push_back(l);
  }
  return m;
}

void BM_import_and_json_10000_layers(benchmark::State& state) {
  std::string code = long_snippet(10000);
  for (auto _ : state) {
    ImportResult imported = import_keras_code(code);
    Calculator calc(std::move(imported.model));
    std::string json = summary_json(calc, imported);
    benchmark::DoNotOptimize(json);
  }
  state.SetLabel(std::to_string(code.size() / 1024) + " KB of code");
}
BENCHMARK(BM_import_and_json_10000_layers)->Unit(benchmark::kMillisecond);

void BM_import_and_compute_10000_layers(benchmark::State& state) {
  std::string code = long_snippet(10000);
  for (auto _ : state) {
    ImportResult imported = import_keras_code(code);
    Calculator calc(std::move(imported.model));
    benchmark::DoNotOptimize(calc.totals());
  }
}
BENCHMARK(BM_import_and_compute_10000_layers)->Unit(benchmark::kMillisecond);

void BM_import_and_table_10000_layers(benchmark::State& state) {
  std::string code = long_snippet(10000);
  for (auto _ : state) {
    ImportResult imported = import_keras_code(code);
    Calculator calc(std::move(imported.model));
    std::string table = summary_table(calc, imported);
    benchmark::DoNotOptimize(table);
  }
}
BENCHMARK(BM_import_and_table_10000_layers)->Unit(benchmark::kMillisecond);

void BM_import_only_10000_layers(benchmark::State& state) {
  std::string code = long_snippet(10000);
  for (auto _ : state) {
    ImportResult imported = import_keras_code(code);
    benchmark::DoNotOptimize(imported);
  }
}
BENCHMARK(BM_import_only_10000_layers)->Unit(benchmark::kMillisecond);

// Editing units of the Dense layer at `index` in a 1,000-layer model: the edited layer and the
// one after it change; the rest keep their input shapes and are not recomputed.
void edit_one_layer(benchmark::State& state, size_t index) {
  Calculator calc(dense_model(1000));
  Layer a = calc.model().layers[index];
  Layer b = a;
  b.set_arg("units", Value::of_int(65));
  bool flip = false;
  for (auto _ : state) {
    calc.set_layer(index, flip ? a : b);
    flip = !flip;
    benchmark::DoNotOptimize(calc.totals());
  }
}
void BM_edit_one_layer_of_1000_middle(benchmark::State& state) { edit_one_layer(state, 501); }
void BM_edit_one_layer_of_1000_first(benchmark::State& state) { edit_one_layer(state, 1); }
BENCHMARK(BM_edit_one_layer_of_1000_middle)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_edit_one_layer_of_1000_first)->Unit(benchmark::kMicrosecond);

// Worst case: a change of input shape reaches every one of the 1,000 layers.
void BM_recompute_all_1000_layers(benchmark::State& state) {
  Calculator calc(dense_model(1000));
  bool flip = false;
  for (auto _ : state) {
    calc.set_input_shape(Shape{flip ? 64 : 65});
    flip = !flip;
    benchmark::DoNotOptimize(calc.totals());
  }
}
BENCHMARK(BM_recompute_all_1000_layers)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
