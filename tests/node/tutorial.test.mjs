// The tutorial's model through the JS API: every worked formula, the totals, and the snippet as
// the tutorial published it (closing `])` missing, IMG_SIZE never defined).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { checkSummary, data, load } from './learnable.mjs';

let calc;
before(async () => {
  calc = await load();
});

const tutorialFormulas = [
  ['Conv1', 'Conv2D', [32, 32, 32], 896, '3*288 + 32 = 896'],
  ['Conv2', 'Conv2D', [32, 32, 64], 18496, '32*576 + 64 = 18496'],
  ['Conv3', 'Conv2D', [32, 32, 128], 73856, '64*1152 + 128 = 73856'],
  ['Conv4', 'Conv2D', [32, 32, 256], 33024, '128*256 + 256 = 33024'],
  ['Flatten', 'Flatten', [262144], 0, 'Flatten only reshapes 32×32×256 into 262144 values: no learnable parameters'],
  ['Output', 'Dense', [10], 2621450, '262144*10 + 10 = 2621450'],
];

function checkTutorial(s) {
  checkSummary(s, 'tutorial');
  assert.deepEqual(s.input_shape, [32, 32, 3]);
  assert.deepEqual(s.layers.map((l) => [l.name, l.type, l.output_shape, l.params, l.formula]), tutorialFormulas);
  assert.ok(s.layers.every((l) => l.status === 'ok'));
  assert.equal(s.total, 2747722);
  assert.equal(s.trainable, 2747722);
  assert.equal(s.non_trainable, 0);
  assert.equal(s.bytes, 10990888);
  assert.deepEqual([s.errors, s.warnings, s.undefined_names], [[], [], []]);
}

test('the tutorial preset, summarized from its code', () => {
  checkTutorial(calc.summarize(calc.preset('tutorial').code));
});

test('the tutorial preset, summarized from its model document, as an object and as text', () => {
  const { model } = calc.preset('tutorial');
  checkTutorial(calc.summarizeModel(model));
  checkTutorial(calc.summarizeModel(JSON.stringify(model)));
});

test('the worked steps of Conv1 follow the tutorial', () => {
  const conv1 = calc.summarize(calc.preset('tutorial').code).layers[0];
  assert.deepEqual(conv1.weights, [
    { name: 'kernel', shape: [3, 3, 3, 32], count: 864, trainable: true },
    { name: 'bias', shape: [32], count: 32, trainable: true },
  ]);
  const steps = conv1.explanation.join('\n');
  assert.match(steps, /3 input channels/);
  assert.match(steps, /32 × 9 = 288/);
  assert.match(steps, /3 × 288 = 864/);
  assert.match(steps, /864 \+ 32 = 896/);
});

test('the snippet as published: the missing `])` is a warning at its line and column', () => {
  const s = checkSummary(calc.summarize(data('keras/tutorial_as_published.py')));
  assert.equal(s.warnings.length, 1);
  const [w] = s.warnings;
  assert.deepEqual([w.line, w.column], [2, 30]);
  assert.match(w.message, /never closed/);
  assert.match(w.excerpt, /tf\.keras\.Sequential\(\[\n +\^$/);
});

test('the snippet as published: IMG_SIZE undefined is an error and an undefined name', () => {
  const s = checkSummary(calc.summarize(data('keras/tutorial_as_published.py')));
  assert.deepEqual(s.undefined_names, ['IMG_SIZE']);
  const undefinedName = s.errors.find((e) => /IMG_SIZE is not defined/.test(e.message));
  assert.ok(undefinedName, JSON.stringify(s.errors));
  assert.equal(undefinedName.line, 3);
  assert.ok(undefinedName.column > 1);
  assert.match(undefinedName.excerpt, /IMG_SIZE/);
  assert.equal(s.total, 0);
  assert.equal(s.layers[0].status, 'error');
  assert.deepEqual(s.layers.slice(1).map((l) => l.status), ['waiting', 'waiting', 'waiting']);
});

test('the snippet as published resolves once IMG_SIZE is defined', () => {
  for (const value of [32, '32', '16 * 2']) {
    const s = checkSummary(calc.summarize(data('keras/tutorial_as_published.py'), { defines: { IMG_SIZE: value } }));
    assert.deepEqual(s.errors, [], `IMG_SIZE: ${value}`);
    assert.deepEqual(s.undefined_names, []);
    assert.equal(s.warnings.length, 1, 'the missing bracket is still reported');
    assert.deepEqual(s.input_shape, [32, 32, 3]);
    assert.deepEqual(s.layers.map((l) => l.formula), tutorialFormulas.slice(0, 4).map((row) => row[4]));
    assert.equal(s.total, 896 + 18496 + 73856 + 33024);
  }
});

test('modelFromCode gives the model document the page edits', () => {
  const a = calc.modelFromCode(data('keras/tutorial_as_published.py'), { defines: { IMG_SIZE: 32 } });
  assert.deepEqual(Object.keys(a), ['model', 'errors', 'warnings', 'undefined_names']);
  assert.deepEqual(a.errors, []);
  assert.equal(a.warnings.length, 1);
  assert.deepEqual(a.model.input_shape, [32, 32, 3]);
  assert.deepEqual(a.model.layers.map((l) => l.name), ['Conv1', 'Conv2', 'Conv3', 'Conv4']);
  assert.deepEqual(a.model.layers[0].args.kernel_size, [3, 3]);
  assert.equal(a.model.layers[0].args.filters, 32);
  assert.equal(calc.summarizeModel(a.model).total, 126272);

  const missing = calc.modelFromCode(data('keras/tutorial_as_published.py'));
  assert.deepEqual(missing.undefined_names, ['IMG_SIZE']);
  assert.match(missing.errors[0].message, /IMG_SIZE is not defined/);
});
