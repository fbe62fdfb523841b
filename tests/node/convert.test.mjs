// Keras and PyTorch side by side through the JS API: summarize(text, {framework}) counts a model
// the other framework's way, convertModel(model, framework) hands back the converted model
// document with its notes, and a model converted there and back counts the same again.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { checkMessage, checkSummary, load } from './learnable.mjs';

let calc;

// A PyTorch summary adds `buffers` to the schema (BatchNorm's running statistics); checkSummary
// checks them with the rest.
const torchSummary = (answer, where) => checkSummary(answer, where, 'pytorch');

before(async () => {
  calc = await load();
});

const lstm = `model = Sequential([
    Input(shape=(10, 32)),
    LSTM(64),
    Dense(1, activation="sigmoid"),
])`;

test('summarize with {framework: "pytorch"}: the tutorial keeps 2,747,722, channels first', () => {
  const code = calc.preset('tutorial').code;
  const torch = torchSummary(calc.summarize(code, { framework: 'pytorch' }), 'tutorial as PyTorch');
  assert.equal(torch.framework, 'pytorch');
  assert.deepEqual(torch.input_shape, [3, 32, 32]);
  assert.equal(torch.total, 2747722);
  assert.deepEqual(torch.errors, []);
  assert.deepEqual(torch.layers.map((l) => l.type).filter((t) => t !== 'ReLU' && t !== 'Softmax'),
                   ['Conv2d', 'Conv2d', 'Conv2d', 'Conv2d', 'Flatten', 'Linear']);
  const flatten = torch.warnings.find((w) => w.layer === 'Flatten');
  assert.ok(flatten && flatten.message.includes('channel by channel'), JSON.stringify(torch.warnings));
  assert.equal(flatten.line, 9);

  const keras = checkSummary(calc.summarize(code, { framework: 'keras' }), 'tutorial as Keras');
  assert.equal(keras.framework, 'keras');
  assert.deepEqual(keras.warnings, []);
});

test('summarize: an LSTM gains PyTorch\'s second bias vector per gate, 4*64 = 256 more', () => {
  const keras = checkSummary(calc.summarize(lstm), 'lstm');
  const torch = torchSummary(calc.summarize(lstm, { framework: 'pytorch' }), 'lstm as PyTorch');
  assert.equal(keras.layers[0].params, 24832);
  assert.equal(torch.layers[0].params, 25088);
  assert.equal(torch.layers[0].type, 'LSTM');
  assert.ok(torch.warnings.some((w) => w.message.includes('4*64 = 256 more parameters (Keras: 24,832; PyTorch: 25,088)')),
            JSON.stringify(torch.warnings));
});

test('summarize: a framework that is not keras or pytorch is an error', () => {
  const answer = checkSummary(calc.summarize(lstm, { framework: 'tensorflow' }), 'bad framework');
  assert.ok(answer.errors.some((e) => e.message.includes('options.framework must be "keras" or "pytorch"')),
            JSON.stringify(answer.errors));
});

test('convertModel: there and back, with notes and where each layer came from', () => {
  const model = calc.preset('mobilenet_block').model;
  const there = calc.convertModel(model, 'pytorch');
  assert.deepEqual(Object.keys(there), ['model', 'notes', 'origin', 'left_out', 'errors', 'warnings']);
  assert.deepEqual(there.errors, []);
  assert.equal(there.model.framework, 'pytorch');
  for (const [i, n] of there.notes.entries()) checkMessage(n, `note ${i}`);
  assert.ok(there.notes.some((n) => n.message.includes('as buffers')), JSON.stringify(there.notes));
  assert.equal(there.origin.length, there.model.layers.length);
  assert.deepEqual(there.left_out, []);

  const keras = checkSummary(calc.summarizeModel(model), 'mobilenet block');
  const torch = torchSummary(calc.summarizeModel(there.model), 'mobilenet block as PyTorch');
  // BatchNormalization's moving statistics: non-trainable parameters in Keras, buffers in PyTorch.
  assert.equal(torch.total, keras.total - keras.non_trainable);
  assert.equal(torch.trainable, keras.trainable);

  const back = calc.convertModel(there.model, 'keras');
  assert.equal(back.model.framework, 'keras');
  const again = checkSummary(calc.summarizeModel(back.model), 'there and back');
  assert.equal(again.total, keras.total);
  assert.equal(again.non_trainable, keras.non_trainable);
});

test('convertModel reads code too, and names what it left out', () => {
  const answer = calc.convertModel('model = Sequential([Input(shape=(8,)), RepeatVector(4), LSTM(2)])', 'pytorch');
  assert.deepEqual(answer.errors, []);
  assert.deepEqual(answer.left_out, [0]);
  assert.deepEqual(answer.model.layers.map((l) => l.type), ['LSTM']);
  assert.ok(answer.notes.some((n) => n.layer === 'repeat_vector' && n.message.includes('RepeatVector')),
            JSON.stringify(answer.notes));
});

test('convertModel: bad arguments come back as errors, never as exceptions', () => {
  for (const [model, framework, expected] of [
    [undefined, 'pytorch', 'convertModel: model is missing'],
    [calc.preset('tutorial').model, 'jax', 'convertModel: framework must be "keras" or "pytorch", got "jax"'],
    [calc.preset('tutorial').model, 3, 'convertModel: framework must be "keras" or "pytorch", got a number'],
    [{ learnable: 1, layers: 'no' }, 'pytorch', 'layers'],
  ]) {
    const answer = calc.convertModel(model, framework);
    assert.ok(answer.errors.length > 0, JSON.stringify(answer));
    assert.ok(answer.errors.some((e) => e.message.includes(expected)), `${expected}: ${JSON.stringify(answer.errors)}`);
  }
});
