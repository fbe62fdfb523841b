// The classroom's two questions through the JS API: explainTotal(model, reported) names why a
// framework printed another total (here the Keras-vs-PyTorch LSTM of the tutorial-like text
// model), and checkQuizAnswer(model, layerIndex, answer) judges a student's count.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { checkMessage, load } from './learnable.mjs';

let calc;
before(async () => {
  calc = await load();
});

const textModel = `model = Sequential([
    Input(shape=(100,)),
    Embedding(10000, 64),
    LSTM(64),
    Dense(1, activation="sigmoid"),
])`;

// PyTorch's count of the same network: nn.LSTM has two bias vectors per gate (bias_ih, bias_hh).
const pytorchTotal = 10000 * 64 + 4 * (64 * 64 + 64 * 64 + 64 + 64) + 64 + 1;
const kerasTotal = 10000 * 64 + 4 * (64 * 64 + 64 * 64 + 64) + 64 + 1;

function checkAnswer(answer, keys, where) {
  assert.deepEqual(Object.keys(answer), keys, where);
  answer.errors.forEach((m) => checkMessage(m, where));
  answer.warnings.forEach((m) => checkMessage(m, where));
}

const explainKeys = ['causes', 'total', 'reported', 'errors', 'warnings'];
const quizKeys = ['correct', 'expected', 'step', 'hint', 'reveal', 'mistake', 'step_index', 'formula', 'explanation',
  'errors', 'warnings'];

test("the LSTM model reported with PyTorch's total: the framework convention comes first", () => {
  assert.equal(calc.summarize(textModel, { framework: 'pytorch' }).total, pytorchTotal);
  const { model, errors } = calc.modelFromCode(textModel);
  assert.deepEqual(errors, []);
  for (const [given, reported] of [[model, pytorchTotal], [JSON.stringify(model), '673,345'], [textModel, pytorchTotal]]) {
    const answer = calc.explainTotal(given, reported);
    checkAnswer(answer, explainKeys, 'explainTotal');
    assert.deepEqual(answer.errors, []);
    assert.equal(answer.total, kerasTotal);
    assert.equal(answer.reported, pytorchTotal);
    const [first] = answer.causes;
    assert.deepEqual(Object.keys(first), ['title', 'detail', 'total', 'matches', 'id']);
    assert.equal(first.id, 'framework');
    assert.equal(first.title, "PyTorch's conventions");
    assert.equal(first.total, pytorchTotal);
    assert.equal(first.matches, true);
    assert.match(first.detail, /bias_ih and bias_hh/);
    assert.match(first.detail, /673,345/);
    assert.ok(answer.causes.slice(1).every((c) => !c.matches), JSON.stringify(answer.causes));
  }
});

test('the same model reported with its own total says so', () => {
  const answer = calc.explainTotal(textModel, kerasTotal);
  assert.equal(answer.causes[0].id, 'same');
  assert.equal(answer.causes[0].matches, true);
});

test('explainTotal: bad arguments are errors, never exceptions', () => {
  const { model } = calc.modelFromCode(textModel);
  const cyclic = {};
  cyclic.self = cyclic;
  for (const [given, reported, pattern] of [[model, -1, /reported must be a non-negative whole number/],
    [model, 'lots', /reported must be/], [model, undefined, /reported is missing/], [model, NaN, /NaN/],
    [undefined, 5, /explainTotal: model/], [cyclic, 5, /cannot be written as JSON/]]) {
    const answer = calc.explainTotal(given, reported);
    checkAnswer(answer, explainKeys, String(reported));
    assert.match(answer.errors[0].message, pattern);
    assert.deepEqual(answer.causes, []);
  }
});

test("checkQuizAnswer: PyTorch's LSTM count in a Keras model names the biases", () => {
  const { model } = calc.modelFromCode(textModel);
  const lstm = 4 * (64 * 64 + 64 * 64 + 64);
  const right = calc.checkQuizAnswer(model, 1, lstm);
  checkAnswer(right, quizKeys, 'right');
  assert.equal(right.correct, true);
  assert.equal(right.expected, lstm);

  const wrong = calc.checkQuizAnswer(model, 'lstm', 4 * (64 * 64 + 64 * 64 + 64 + 64));
  checkAnswer(wrong, quizKeys, 'wrong');
  assert.equal(wrong.correct, false);
  assert.equal(wrong.step, 'biases');
  assert.equal(wrong.mistake, 'other_framework');
  assert.match(wrong.hint, /PyTorch/);
  assert.ok(!wrong.hint.includes(String(lstm)), wrong.hint);
  assert.match(wrong.explanation[wrong.step_index], /^Biases:/);
  assert.ok(wrong.reveal.startsWith(wrong.formula), wrong.reveal);

  const missing = calc.checkQuizAnswer(model, 7, 1);
  checkAnswer(missing, quizKeys, 'missing');
  assert.equal(missing.correct, false);
  assert.equal(missing.expected, null);
  assert.match(missing.errors[0].message, /no layer 7/);
});
