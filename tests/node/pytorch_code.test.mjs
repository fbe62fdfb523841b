// The JS API on PyTorch code: summarize(text, {from, inputShape}) detects or is told the format,
// takes the input shape PyTorch code does not carry (channels first, batch left out), reads it
// from the snippet's summary(...) call otherwise, and reports bad options as data.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { checkMessage, checkSummary, load } from './learnable.mjs';

let calc;
before(async () => {
  calc = await load();
});

const cnn = [
  'import torch',
  'import torch.nn as nn',
  '',
  'model = nn.Sequential(',
  '    nn.Conv2d(3, 32, 3, padding=1),',
  '    nn.BatchNorm2d(32),',
  '    nn.ReLU(),',
  '    nn.MaxPool2d(2),',
  '    nn.Flatten(),',
  '    nn.Linear(32 * 16 * 16, 10),',
  ')',
].join('\n');

// The whole schema, buffers included (learnable.mjs), on a PyTorch summary.
const checkTorchSummary = (s, where) => checkSummary(s, where, 'pytorch');

test('PyTorch code with inputShape: PyTorch names, shapes, counts and buffers', () => {
  const s = checkTorchSummary(calc.summarize(cnn, { inputShape: [3, 32, 32] }), 'cnn');
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.warnings, []);
  assert.deepEqual(s.input_shape, [3, 32, 32]);
  assert.deepEqual(s.layers.map((l) => [l.name, l.type]), [['0', 'Conv2d'], ['1', 'BatchNorm2d'], ['2', 'ReLU'],
    ['3', 'MaxPool2d'], ['4', 'Flatten'], ['5', 'Linear']]);
  assert.deepEqual(s.layers[0].output_shape, [32, 32, 32]);
  assert.equal(s.layers[0].formula, '3*288 + 32 = 896');
  assert.deepEqual(s.layers[0].weights.map((w) => [w.name, w.shape]), [['weight', [32, 3, 3, 3]], ['bias', [32]]]);
  assert.equal(s.layers[1].params, 64);
  assert.equal(s.layers[1].buffers, 65);
  assert.deepEqual(s.layers[4].output_shape, [8192]);
  assert.equal(s.total, 896 + 64 + 81930);
  assert.equal(s.trainable, s.total);
});

test('from: "pytorch-code" names the format; detection gives the same answer', () => {
  const named = calc.summarize(cnn, { from: 'pytorch-code', inputShape: [3, 32, 32] });
  const detected = calc.summarize(cnn, { inputShape: [3, 32, 32] });
  assert.deepEqual(named, detected);
});

test('without an input shape the modules are read and one error says how to give it', () => {
  const s = checkTorchSummary(calc.summarize(cnn), 'no shape');
  assert.equal(s.input_shape, null);
  assert.equal(s.layers.length, 6);
  assert.equal(s.errors[0].message, 'PyTorch code does not carry the input shape: give it with --input-shape 3,32,32, '
    + 'or call summary(model, (3, 32, 32)) in the snippet');
  assert.equal(s.errors[0].line, 4);
  assert.equal(s.layers[0].status, 'error');
});

test("the snippet's summary(model, ...) gives the input shape", () => {
  const s = checkTorchSummary(calc.summarize(`${cnn}\nfrom torchsummary import summary\nsummary(model, (3, 32, 32))\n`),
    'summary');
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.input_shape, [3, 32, 32]);
  assert.equal(s.total, 896 + 64 + 81930);
  const info = calc.summarize(`${cnn}\nfrom torchinfo import summary\nsummary(model, input_size=(16, 3, 32, 32))\n`);
  assert.deepEqual(info.input_shape, [3, 32, 32]);
});

test('inputShape also sets the input of Keras code, in Keras\' layout', () => {
  const s = calc.summarize('model = Sequential([Conv2D(32, (3, 3), padding="same"), Flatten(), Dense(10)])',
    { inputShape: [32, 32, 3] });
  assert.equal(s.framework, 'keras');
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.input_shape, [32, 32, 3]);
  assert.equal(s.layers[0].params, 896);
});

test('modelFromCode takes the same options', () => {
  const a = calc.modelFromCode(cnn, { inputShape: [3, 32, 32] });
  assert.equal(a.model.framework, 'pytorch');
  assert.deepEqual(a.model.input_shape, [3, 32, 32]);
  assert.deepEqual(a.errors, []);
  assert.equal(a.model.layers[0].type, 'Conv2d');
});

test('a bad inputShape is an error in the answer, and nothing is read', () => {
  for (const [bad, got] of [[[3, 0, 32], '[3, 0, 32]'], [[3, -1], '[3, -1]'], ['3,32,32', '"3,32,32"'], [[3, 2.5], '[3, 2.5]'],
    [[], '[]'], [{ c: 3 }, 'an object']]) {
    const s = calc.summarize(cnn, { inputShape: bad });
    assert.equal(s.layers.length, 0, JSON.stringify(bad));
    assert.equal(s.errors.length, 1, JSON.stringify(bad));
    assert.equal(s.errors[0].message, `options.inputShape must be an array of positive integers such as [3, 32, 32] `
      + `(channels first for PyTorch, Keras' own layout for Keras), got ${got}`);
  }
  assert.deepEqual(calc.summarize(cnn, { inputShape: null }).input_shape, null);
});

test('an unknown module is an error on that module; the rest is kept', () => {
  const s = checkTorchSummary(calc.summarize('import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 4), '
    + 'nn.Frobnicate(), nn.Linear(4, 2))\n', { inputShape: [4] }), 'unknown');
  assert.deepEqual(s.layers.map((l) => l.status), ['ok', 'error', 'waiting']);
  assert.match(s.layers[1].error, /^unknown module 'Frobnicate'/);
  assert.equal(s.layers[0].params, 20);
});

test('a parameter frozen alone: its weight is not trainable, the split adds up, buffers stay apart', () => {
  const s = checkTorchSummary(calc.summarize(`${cnn}\nmodel[0].bias.requires_grad_(False)\nmodel[1].weight.requires_grad = False\n`,
                                             { inputShape: [3, 32, 32] }), 'frozen');
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.warnings, []);
  assert.deepEqual(s.layers[0].weights.map((w) => [w.name, w.trainable]), [['weight', true], ['bias', false]]);
  assert.deepEqual(s.layers[1].weights.map((w) => [w.name, w.trainable, w.buffer]), [['weight', false, false],
    ['bias', true, false], ['running_mean', false, true], ['running_var', false, true], ['num_batches_tracked', false, true]]);
  assert.equal(s.non_trainable, 32 + 32);
  assert.equal(s.buffers, 65);
  const unknown = checkTorchSummary(calc.summarize(`${cnn}\nmodel[0].bais.requires_grad_(False)\n`, { inputShape: [3, 32, 32] }),
                                    'unknown');
  assert.equal(unknown.errors.length, 1);
  assert.equal(unknown.errors[0].line, 12);
  assert.match(unknown.errors[0].message, /Conv2d has no parameter 'bais'; its parameters are weight, bias/);
});

test('the schema check catches buffers that do not add up', () => {
  const s = calc.summarize(cnn, { inputShape: [3, 32, 32] });
  checkTorchSummary(structuredClone(s), 'as given');
  const total = structuredClone(s);
  total.buffers += 1;
  assert.throws(() => checkTorchSummary(total, 'total'), /layers add up to buffers/);
  const layer = structuredClone(s);
  layer.layers[1].weights[2].count += 1;
  assert.throws(() => checkTorchSummary(layer, 'layer'), /count = product of shape/);
  const weight = structuredClone(s);
  weight.layers[1].buffers -= 1;
  assert.throws(() => checkTorchSummary(weight, 'weight'), /buffer weights add up to buffers/);
  const missing = structuredClone(s);
  delete missing.layers[0].buffers;
  assert.throws(() => checkTorchSummary(missing, 'missing'));
});
