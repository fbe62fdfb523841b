// Presets, share links and round trips of the model document, and the module itself: loaded
// twice (two instances, and the factory read again) each instance answers on its own.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { checkModelAnswer, checkSummary, data, freshFactory, load } from './learnable.mjs';

let calc;
before(async () => {
  calc = await load();
});

const presetTotals = { tutorial: 2747722, lenet5: 61706, vgg16: 138357544 };

test('presets: the five models, VGG16 at 138,357,544', () => {
  assert.deepEqual(calc.presets().map((p) => p.id), ['tutorial', 'lenet5', 'vgg16', 'text_lstm', 'mobilenet_block']);
  for (const { id, title, code } of calc.presets()) {
    const p = checkModelAnswer(calc.preset(id), id);
    assert.deepEqual([p.id, p.title, p.code], [id, title, code]);
    assert.deepEqual([p.errors, p.warnings, p.undefined_names], [[], [], []], id);
    const fromCode = checkSummary(calc.summarize(code), id);
    const fromModel = checkSummary(calc.summarizeModel(p.model), id);
    assert.ok(fromCode.layers.every((l) => l.status === 'ok'), id);
    assert.equal(fromModel.total, fromCode.total, id);
    if (presetTotals[id]) assert.equal(fromCode.total, presetTotals[id], id);
  }
  const vgg = calc.summarizeModel(calc.preset('vgg16').model);
  assert.equal(vgg.trainable, 138357544);
  assert.equal(vgg.layers.find((l) => l.name === 'fc1').formula, '25088*4096 + 4096 = 102764544');
});

test('model -> share fragment -> model is exact, for every preset and a hand-made model', () => {
  const models = calc.presets().map((p) => calc.preset(p.id).model);
  models.push({
    learnable: 1, framework: 'keras', input_shape: [null, 8],
    layers: [
      { type: 'Bidirectional', name: 'bi', args: { merge_mode: 'sum' }, layer: { type: 'LSTM', args: { units: 4, return_sequences: true } } },
      { type: 'Dense', name: 'ünïcödé ×→²', args: { units: 3, activation: { expr: 'tf.nn.relu' }, kernel_initializer: { list: [0.5, null, true] } } },
    ],
  });
  for (const model of models) {
    const encoded = calc.encodeShareFragment(model);
    assert.deepEqual(Object.keys(encoded), ['fragment', 'errors', 'warnings']);
    assert.deepEqual(encoded.errors, []);
    assert.match(encoded.fragment, /^m=1\.[A-Za-z0-9_-]+$/, 'URL-safe, versioned');
    for (const fragment of [encoded.fragment, `#${encoded.fragment}`]) {
      const decoded = checkModelAnswer(calc.decodeShareFragment(fragment), fragment.slice(0, 20));
      assert.deepEqual(decoded.errors, []);
      assert.deepEqual(decoded.model, model);
      assert.deepEqual(calc.summarizeModel(decoded.model), calc.summarizeModel(model));
    }
    assert.equal(calc.encodeShareFragment(JSON.stringify(model)).fragment, encoded.fragment, 'object or text, same link');
  }
  const bi = calc.summarizeModel(models.at(-1));
  assert.equal(bi.layers[0].formula, '2*4*(8*4 + 4*4 + 4) = 416');
});

test('code -> model document -> summary gives the same numbers as summarizing the code', () => {
  const files = readdirSync(fileURLToPath(new URL('../data/keras/', import.meta.url))).filter((f) => f.endsWith('.py'));
  assert.ok(files.includes('tutorial_as_published.py'));
  for (const name of files) {
    const text = data(`keras/${name}`);
    const direct = calc.summarize(text);
    const viaModel = calc.summarizeModel(calc.modelFromCode(text).model);
    assert.equal(viaModel.total, direct.total, name);
    assert.deepEqual(viaModel.layers.map((l) => l.output_shape), direct.layers.map((l) => l.output_shape), name);
  }
});

test('loaded twice: two instances from one factory answer independently', async () => {
  const second = await load();
  assert.notEqual(second, calc);
  const a = calc.summarize(calc.preset('tutorial').code);
  const b = second.summarize(second.preset('vgg16').code);
  assert.equal(a.total, 2747722);
  assert.equal(b.total, 138357544);
  assert.equal(calc.summarize(calc.preset('tutorial').code).total, 2747722, 'the first is untouched by the second');
});

test('loaded twice: the factory read again from disk gives a working module', async () => {
  const Again = freshFactory();
  const [x, y] = await Promise.all([Again(), Again()]);
  assert.equal(x.summarize(x.preset('lenet5').code).total, 61706);
  assert.equal(y.summarizeModel(calc.preset('tutorial').model).total, 2747722);
  assert.equal(calc.layerTypes().length, y.layerTypes().length);
});
