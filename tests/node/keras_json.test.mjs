// Keras JSON through the JS API: summarize() detects it (or takes options.from), reads tfjs'
// own model.toJSON() and Keras 3's to_json(), and reports problems at their JSON path, line and
// column; modelFromCode() turns it into a model document.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { checkModelAnswer, checkSummary, data, load } from './learnable.mjs';

let calc;
before(async () => {
  calc = await load();
});

const cases = JSON.parse(readFileSync(fileURLToPath(new URL('../reference/keras_json_cases.json', import.meta.url)), 'utf8'));

test('every tfjs reference case gives tfjs\' numbers, whichever way tfjs wrote it', () => {
  for (const c of cases) {
    const s = checkSummary(calc.summarize(c.keras_json), c.id);
    assert.deepEqual(s.errors, [], c.id);
    assert.deepEqual(s.warnings, [], c.id);
    assert.deepEqual(s.input_shape, c.input_shape, c.id);
    assert.deepEqual(s.layers.map((l) => [l.type, l.output_shape, l.params, l.trainable, l.non_trainable]),
      c.layers.map((l) => [l.type, l.output_shape, l.params, l.trainable, l.non_trainable]), c.id);
    assert.equal(s.total, c.total, c.id);
  }
});

test('a model tfjs builds here, summarized from model.toJSON()', async (t) => {
  let tf;
  try {
    for (const k of ['log', 'warn']) {
      const orig = console[k];
      console[k] = (...a) => { if (!/tfjs-node|^=+$/.test(String(a[0] ?? '').trim())) orig(...a); };
    }
    tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
  } catch {
    t.skip('@tensorflow/tfjs is not installed (npm ci --prefix tests)');
    return;
  }
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 10, activation: 'softmax', trainable: false }));
  const s = checkSummary(calc.summarize(model.toJSON()));
  assert.deepEqual(s.errors, []);
  assert.equal(s.total, model.countParams());
  assert.deepEqual(s.layers.map((l) => l.params), model.layers.map((l) => l.countParams()));
  assert.equal(s.non_trainable, 13530);  // the frozen Dense: 13*13*8*10 + 10
  model.dispose();
});

test('Keras 3 to_json() is detected; names, DTypePolicy and the frozen layer come through', () => {
  const text = data('keras_json/keras3_functional_chain.json');
  const s = checkSummary(calc.summarize(text));
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.layers.map((l) => l.name), ['hidden', 'dropout', 'digits']);
  assert.equal(s.total, 101770);
  assert.equal(s.non_trainable, 1290);
  assert.equal(s.layers[0].formula, '784*128 + 128 = 100480');
  assert.deepEqual(checkSummary(calc.summarize(text, { from: 'keras-json' })), s);
  assert.deepEqual(checkSummary(calc.summarize(text, { from: 'detect' })), s);
});

test('options.from forces a format, and a format that does not exist is an error', () => {
  const text = data('keras_json/keras3_cnn.json');
  const forced = checkSummary(calc.summarize(text, { from: 'keras-code' }));
  assert.equal(forced.total, 0);
  assert.ok(forced.errors.length > 0);
  for (const from of ['yaml', 3, ['json'], true]) {
    const bad = checkSummary(calc.summarize(text, { from }));
    assert.equal(bad.errors.length, 1, String(from));
    assert.match(bad.errors[0].message, /^options\.from must be "keras-code", "keras-json", "pytorch-code", "json" or "detect"/);
    assert.deepEqual(bad.layers, []);
  }
  const code = 'model = Sequential([Input(shape=(4,)), Dense(2)])';
  assert.equal(checkSummary(calc.summarize(code, { from: 'keras-code' })).total, 10);
  const asJson = checkSummary(calc.summarize(code, { from: 'keras-json' }));
  assert.match(asJson.errors[0].message, /^not valid JSON/);
  const doc = JSON.stringify({ learnable: 1, framework: 'keras', input_shape: [4], layers: [{ type: 'Dense', args: { units: 2 } }] });
  assert.equal(checkSummary(calc.summarize(doc)).total, 10);
  assert.equal(checkSummary(calc.summarize(doc, { from: 'json' })).total, 10);
  const torch = calc.summarize('model = nn.Sequential(nn.Linear(4, 2))');  // PyTorch's schema: pytorch_code.test.mjs
  assert.equal(torch.framework, 'pytorch');
  assert.match(torch.errors[0].message, /PyTorch/);  // read as PyTorch: it gives no input shape
});

test('problems in Keras JSON carry their JSON path, line, column and caret', () => {
  const text = data('keras_json/keras3_built_custom_layer.json');
  const s = checkSummary(calc.summarize(text));
  const e = s.errors[0];
  assert.match(e.message, /^layers\[1\]\.class_name: Scale is not a layer type Learnable knows/);
  assert.equal(s.errors.length, 1, 'reported once, by the importer');
  assert.equal(e.layer, 'scale');
  assert.equal(e.line, 1);
  assert.equal(e.column, text.indexOf('"Scale"') + 1);
  assert.match(e.excerpt, /"class_name": "Scale"[^\n]*\n +\^$/);
  assert.deepEqual(s.layers.map((l) => l.status), ['ok', 'error', 'waiting']);
  assert.equal(s.layers[0].params, 136);
});

test('modelFromCode turns Keras JSON into a model document that counts the same', () => {
  const text = data('keras_json/keras3_text_classifier.json');
  const answer = checkModelAnswer(calc.modelFromCode(text), 'modelFromCode');
  assert.deepEqual(answer.errors, []);
  assert.deepEqual(answer.model.input_shape, [100]);
  assert.deepEqual(answer.model.layers.map((l) => l.type), ['Embedding', 'Bidirectional', 'GRU', 'Dense']);
  assert.equal(answer.model.layers[1].layer.type, 'LSTM');
  assert.equal(answer.model.layers[1].backward_layer, undefined);  // Keras 3's mirrored copy is dropped
  assert.equal(checkSummary(calc.summarizeModel(answer.model)).total, 668785);
});
