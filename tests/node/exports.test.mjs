// exportModel() and exportFormats() through the JS API: each format of the tutorial's model, from
// its code and from its model document; the Keras code it writes reads back to the same counts;
// a format for the other framework, and bad arguments, come back as errors, never exceptions.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { checkMessage, load } from './learnable.mjs';

let calc;
before(async () => {
  calc = await load();
});

const tutorialCode = () => calc.preset('tutorial').code;
const torchModel = {
  learnable: 1, framework: 'pytorch', input_shape: [784],
  layers: [{ type: 'Linear', name: '0', args: { in_features: 784, out_features: 128 } },
    { type: 'Dropout', name: '1', args: { p: 0.2 } },
    { type: 'Linear', name: '2', args: { in_features: 128, out_features: 10 } }],
};

function checkAnswer(a, where) {
  assert.deepEqual(Object.keys(a), ['text', 'format', 'framework', 'errors', 'warnings'], where);
  a.errors.forEach((m, i) => checkMessage(m, `${where}.errors[${i}]`));
  a.warnings.forEach((m, i) => checkMessage(m, `${where}.warnings[${i}]`));
  return a;
}

test('exportFormats lists every format and its frameworks', () => {
  const formats = calc.exportFormats();
  assert.deepEqual(formats.map((f) => f.name), ['table', 'json', 'markdown', 'csv', 'keras-summary', 'torchinfo',
    'latex', 'keras-code', 'keras-json', 'pytorch-code']);
  const by = Object.fromEntries(formats.map((f) => [f.name, f.frameworks]));
  assert.deepEqual(by['keras-code'], ['keras']);
  assert.deepEqual(by['pytorch-code'], ['pytorch']);
  assert.deepEqual(by.latex, ['keras', 'pytorch']);
});

test("the tutorial as Keras 3's model.summary()", () => {
  const a = checkAnswer(calc.exportModel(tutorialCode(), 'keras-summary'), 'keras-summary');
  assert.equal(a.format, 'keras-summary');
  assert.equal(a.framework, 'keras');
  assert.deepEqual([a.errors, a.warnings], [[], []]);
  const lines = a.text.split('\n');
  assert.equal(lines[0], 'Model: "sequential"');
  assert.equal(lines[2], '┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃');
  assert.equal(lines[4], '│ Conv1 (Conv2D)                  │ (None, 32, 32, 32)     │           896 │');
  assert.ok(a.text.endsWith(' Total params: 2,747,722 (10.48 MB)\n Trainable params: 2,747,722 (10.48 MB)\n'
    + ' Non-trainable params: 0 (0.00 B)\n'));
});

test('the tutorial as LaTeX, from its model document', () => {
  const { model } = calc.preset('tutorial');
  const a = checkAnswer(calc.exportModel(model, 'latex'), 'latex');
  assert.ok(a.text.includes('\\begin{tabular}{llrl}\n\\toprule\n'));
  assert.ok(a.text.includes('Conv1 (Conv2D) & (None, 32, 32, 32) & 896 & $3 \\times 288 + 32 = 896$ \\\\\n'));
  assert.ok(a.text.includes('Total params & & 2,747,722 & \\\\\n'));
  assert.equal(calc.exportModel(JSON.stringify(model), 'latex').text, a.text, 'the document as JSON text');
});

test('Keras code reads back to the same model', () => {
  const a = checkAnswer(calc.exportModel(tutorialCode(), 'keras-code'), 'keras-code');
  assert.ok(a.text.startsWith('import keras\nfrom keras import layers\n\nmodel = keras.Sequential([\n'
    + '    keras.Input(shape=(32, 32, 3)),\n'
    + "    layers.Conv2D(32, (3, 3), padding='same', activation='relu', name='Conv1'),\n"), a.text);
  const before = calc.summarize(tutorialCode());
  const after = calc.summarize(a.text);
  assert.deepEqual(after.errors, []);
  assert.deepEqual(after.layers.map((l) => [l.name, l.type, l.output_shape, l.params, l.formula]),
    before.layers.map((l) => [l.name, l.type, l.output_shape, l.params, l.formula]));
});

test('Keras JSON, and code with defines', () => {
  const a = checkAnswer(calc.exportModel('model = Sequential([Input((N,)), Dense(10)])', 'keras-json',
    { defines: { N: 784 } }), 'keras-json');
  assert.deepEqual(a.errors, []);
  const json = JSON.parse(a.text);
  assert.equal(json.class_name, 'Sequential');
  assert.equal(calc.summarize(a.text).total, 7850);
});

test('a PyTorch model: torchinfo and PyTorch code; Keras formats refused', () => {
  const info = checkAnswer(calc.exportModel(torchModel, 'torchinfo'), 'torchinfo');
  assert.equal(info.framework, 'pytorch');
  assert.ok(info.text.includes('├─Linear: 1-1                            [1, 128]                  100,480\n'), info.text);
  assert.ok(info.text.includes('Total params: 101,770\n'));
  const code = checkAnswer(calc.exportModel(torchModel, 'pytorch-code'), 'pytorch-code');
  assert.ok(code.text.startsWith('import torch\nimport torch.nn as nn\n\n# Input: (N, 784), N being the batch size\n'
    + 'model = nn.Sequential(\n    nn.Linear(784, 128),\n    nn.Dropout(0.2),\n'), code.text);
  assert.ok(code.text.includes('\nprint(model(torch.randn(2, 784)).shape)  # torch.Size([2, 10])\n'), code.text);
  const refused = checkAnswer(calc.exportModel(torchModel, 'keras-code'), 'refused');
  assert.equal(refused.text, null);
  assert.match(refused.errors[0].message, /^exportModel: keras-code is for Keras models, and this model follows PyTorch's conventions/);
  assert.equal(calc.exportModel(tutorialCode(), 'pytorch-code').text, null);
});

test('a model with errors is still exported, its errors listed', () => {
  const a = checkAnswer(calc.exportModel('model = Sequential([Input((4,)), Dense(8), Conv2D(4, 3)])', 'keras-code'), 'errors');
  assert.ok(a.text.includes('    layers.Conv2D(4, 3),\n'));
  assert.equal(a.errors.length, 1);
  assert.equal(a.errors[0].layer, 'conv2d');
});

test('bad arguments are errors, never exceptions', () => {
  for (const [args, pattern] of [
    [[tutorialCode(), 'yaml'], /^exportModel: format must be one of table, json, .*, got "yaml"$/],
    [[tutorialCode()], /^exportModel: format must be one of .*, got undefined$/],
    [[tutorialCode(), 3], /got a number$/],
    [[undefined, 'latex'], /^exportModel: model is missing/],
    [[42, 'latex'], /^exportModel: model must be a model document/],
    [[tutorialCode(), 'latex', { from: 'yaml' }], /^options\.from must be/],
  ]) {
    const a = checkAnswer(calc.exportModel(...args), String(args[1]));
    assert.equal(a.text, null, String(args));
    assert.ok(a.errors.some((m) => pattern.test(m.message)), `${args}: ${JSON.stringify(a.errors)}`);
  }
  const cyclic = {};
  cyclic.self = cyclic;
  assert.equal(calc.exportModel(cyclic, 'latex').text, null);
  const warned = checkAnswer(calc.exportModel(calc.preset('tutorial').model, 'csv', { defines: { N: 1 } }), 'options');
  assert.match(warned.warnings[0].message, /options \(defines, from\) are for a model given as code/);
});
