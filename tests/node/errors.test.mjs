// Every error path of the JS API: faults come back as data in the answer (at their line, column,
// layer and argument), never as a thrown exception or an aborted module.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { checkMessage, checkModelAnswer, checkSummary, load } from './learnable.mjs';

let calc;
before(async () => {
  calc = await load();
});

const code = (...lines) => ['model = Sequential([', ...lines.map((l) => `    ${l},`), '])'].join('\n');

test('a bad argument fails its layer; earlier layers keep their numbers, later ones wait', () => {
  const s = checkSummary(calc.summarize(code('Input(shape=(8, 8, 1))', 'Conv2D(4, 3, name="a")',
    'Conv2D(0, 3, name="b")', 'Flatten(name="c")', 'Dense(2, name="d")')));
  assert.deepEqual(s.layers.map((l) => [l.name, l.status]), [['a', 'ok'], ['b', 'error'], ['c', 'waiting'], ['d', 'waiting']]);
  assert.equal(s.layers[0].formula, '1*36 + 4 = 40');
  assert.equal(s.total, 40);
  const b = s.layers[1];
  assert.equal(b.error, 'filters must be a positive integer, got 0');
  assert.equal(b.error_argument, 'filters');
  assert.match(s.layers[2].error, /waiting on b/);
  assert.equal(s.layers[2].error_argument, null);
  assert.equal(s.errors.length, 1);
  assert.deepEqual([s.errors[0].line, s.errors[0].layer], [4, 'b']);
  assert.match(s.errors[0].message, /filters must be a positive integer/);
});

test('absurd values: a kernel larger than its input, 2**40 units, the wrong rank', () => {
  const kernel = checkSummary(calc.summarize(code('Input(shape=(3, 3, 1))', 'Conv2D(4, (7, 7))')));
  assert.equal(kernel.layers[0].error_argument, 'kernel_size');
  assert.match(kernel.layers[0].error, /window of 7 is larger than the input's 3 with padding 'valid'.*3 - 7 \+ 1 = -3/);

  const huge = checkSummary(calc.summarize(code('Input(shape=(1024,))', 'Dense(2**40)', 'Dense(2**40)')));
  assert.equal(huge.layers[0].status, 'ok');
  assert.equal(huge.layers[1].status, 'error');
  assert.match(huge.layers[1].error, /too large to count exactly/);

  const rank = checkSummary(calc.summarize(code('Input(shape=(784,))', 'Conv2D(32, 3)')));
  assert.match(rank.layers[0].error, /Conv2D needs input of shape \(batch, rows, cols, channels\).*\(None, 784\)/);

  for (const filters of ['-3', '2.5', '"many"', 'None']) {
    const s = checkSummary(calc.summarize(code('Input(shape=(8, 8, 1))', `Conv2D(${filters}, 3)`)));
    assert.equal(s.layers[0].status, 'error', filters);
    assert.equal(s.layers[0].error_argument, 'filters', filters);
  }
});

test('an unknown layer type suggests the right one', () => {
  const s = checkSummary(calc.summarize(code('Input(shape=(8, 8, 3))', 'Conv2d(8, 3)', 'Flatten()')));
  assert.equal(s.layers[0].error,
    "unknown layer type 'Conv2d'; it is a PyTorch module and this model follows Keras' conventions; did you mean Conv2D?");
  assert.equal(s.layers[1].status, 'waiting');
  assert.equal(s.errors[0].line, 3);
  const fromJson = checkSummary(calc.summarizeModel({ input_shape: [4], layers: [{ type: 'dense', args: { units: 2 } }] }));
  assert.match(fromJson.layers[0].error, /unknown layer type 'dense'; did you mean Dense\?/);
});

test('a model without an input shape says how to give one', () => {
  const s = checkSummary(calc.summarize(code('Dense(10)')));
  assert.equal(s.layers[0].error_argument, 'input_shape');
  assert.match(s.layers[0].error, /no input shape/);
});

test('syntax errors carry line, column and an excerpt with a caret', () => {
  const cases = [
    [code('Input(shape=(4,))', 'Dense(10,, activation="relu")'), 3, 14, /unexpected ','/],
    [code('Input(shape=(4,))', 'Dense(10 activation="relu")'), 3, 14, /expected ',' or '\)'/],
    ['model = Sequential([Dense(4, input_shape=(4,)), Dense(2) Dense(3)])', 1, 58, /expected ',' or '\]' but found 'Dense'/],
  ];
  for (const [text, line, column, message] of cases) {
    const s = checkSummary(calc.summarize(text));
    assert.ok(s.errors.length > 0, text);
    const [e] = s.errors;
    assert.deepEqual([e.line, e.column], [line, column], `${text}: ${JSON.stringify(e)}`);
    assert.match(e.message, message);
    const [excerptLine, caret] = e.excerpt.split('\n');
    assert.equal(excerptLine, text.split('\n')[line - 1]);
    assert.equal(caret, ' '.repeat(column - 1) + '^');
  }
});

test('empty and blank input say no model was found', () => {
  for (const text of ['', '   \n\n', '# just a comment\n', 'import tensorflow as tf\n']) {
    const s = checkSummary(calc.summarize(text));
    assert.equal(s.layers.length, 0);
    assert.match(s.errors[0].message, /no Keras Sequential model found/, JSON.stringify(text));
  }
});

const nonStrings = [
  ['a number', 42], ['an object', { code: 'x' }], ['an array', ['model']], ['null', null], ['undefined', undefined],
  ['a boolean', true], ['a function', () => 'model'], ['a BigInt', 10n], ['a symbol', Symbol('x')],
  ['an object', new String('model = Sequential([])')],
];

test('text that is not a string is an error in the schema, for every function taking code', () => {
  for (const [what, value] of nonStrings) {
    const s = checkSummary(calc.summarize(value));
    const expected = what === 'undefined' ? /summarize: text is missing/ : new RegExp(`summarize: text must be Keras code as a string, got ${what}$`);
    assert.match(s.errors[0].message, expected, what);
    const m = checkModelAnswer(calc.modelFromCode(value), what);
    assert.match(m.errors[0].message, /^modelFromCode: text/, what);
    assert.deepEqual(m.model.layers, []);
  }
});

test('options of the wrong shape and bad defines are errors naming the option', () => {
  const text = code('Input(shape=(SIZE,))', 'Dense(2)');
  for (const options of [42, 'defines', [1], true]) {
    const s = checkSummary(calc.summarize(text, options));
    assert.match(s.errors[0].message, /summarize: options must be an object such as \{defines: \{IMG_SIZE: 32\}\}/);
  }
  const cyclic = { defines: {} };
  cyclic.defines.self = cyclic;
  assert.match(calc.summarize(text, cyclic).errors[0].message, /options must be an object.*cannot be written as JSON/);
  const s = checkSummary(calc.summarize(text, { defines: { SIZE: null, 'not a name': 1, X: { a: 1 }, Y: '(1,', Z: NaN } }));
  const messages = s.errors.map((e) => e.message);
  assert.match(messages[0], /^options\.defines\.SIZE must be a number/);
  assert.match(messages[1], /^options\.defines\.not a name: 'not a name' is not a valid Python name/);
  assert.match(messages[2], /^options\.defines\.X must be a number/);
  assert.match(messages[3], /^options\.defines\.Y: the '\(' opened here is never closed/);
  assert.match(messages[4], /^options\.defines\.Z must be a number/);
  assert.deepEqual(s.undefined_names, ['SIZE']);
  assert.match(calc.summarize(text, { defines: [1] }).errors[0].message, /options\.defines must be an object/);
  const warned = checkSummary(calc.summarize(text, { defines: { SIZE: 4 }, format: 'markdown', defnes: {} }));
  assert.equal(warned.total, 10);
  assert.match(warned.warnings[0].message, /options\.format: summarize always answers with the JSON schema/);
  assert.match(warned.warnings[1].message, /options\.defnes is not an option/);
  assert.deepEqual(calc.summarize(text, { defines: { SIZE: 4 }, format: 'json' }).warnings, []);
});

test('huge input is refused without being read', () => {
  const long = 'x'.repeat(9 * 1024 * 1024);
  const s = checkSummary(calc.summarize(long));
  assert.match(s.errors[0].message, /^summarize: text is too long \(9,437,184 characters\); Learnable reads at most 8 MB$/);
  const wide = 'é'.repeat(5 * 1024 * 1024); // fits in characters, not in UTF-8 bytes
  assert.match(calc.summarize(wide).errors[0].message, /too long \(10,485,760 bytes of UTF-8\)/);
  assert.match(calc.summarizeModel(long).errors[0].message, /too long/);
  assert.match(calc.summarizeModel({ layers: [], note: long }).errors[0].message, /too large|too long/);
  assert.match(calc.decodeShareFragment(long).errors[0].message, /too long/);
  assert.match(calc.modelFromCode(long).errors[0].message, /too long/);
  // Under the limit, the importer's own budget still answers quickly.
  const many = code('Input(shape=(4,))', ...Array(20000).fill('Dense(4)'));
  const big = calc.summarize(many);
  assert.equal(big.layers.length, 20000);
  assert.equal(big.total, 20000 * 20);
});

test('a bad model document names the JSON path; garbage JSON gives line and column', () => {
  const s = checkSummary(calc.summarizeModel({
    input_shape: [32, 32, 3],
    layers: [{ type: 'Conv2D', args: { filters: 8, kernel_size: 3 } }, { args: {} }, { type: 'Dense', args: { units: { x: 1 } } }, 7],
  }));
  const messages = s.errors.map((e) => e.message);
  assert.match(messages[0], /^layers\[1\]\.type: every layer needs a "type"/);
  assert.match(messages[1], /^layers\[2\]\.args\.units: expected a value/);
  assert.match(messages[2], /^layers\[3\]: expected a layer object/);
  assert.equal(s.layers[0].formula, '3*72 + 8 = 224', 'what could be read still counts');

  assert.match(calc.summarizeModel({ input_shape: [0], layers: [] }).errors[0].message, /^input_shape: expected an array of positive integers/);
  assert.match(calc.summarizeModel({ layers: {} }).errors[0].message, /^layers: expected an array of layers/);
  assert.match(calc.summarizeModel([]).errors[0].message, /^\$: expected a model object/);

  for (const [text, line, column] of [['{"layers": [', 1, 13], ['{\n  "layers": [}\n', 2, 14], ['nonsense', 1, 1], ['', 1, 1]]) {
    const g = checkSummary(calc.summarizeModel(text));
    assert.deepEqual([g.errors[0].line, g.errors[0].column], [line, column], JSON.stringify(text));
    assert.match(g.errors[0].excerpt, /\^$/);
  }
  const nested = '['.repeat(100000);
  assert.ok(calc.summarizeModel(nested).errors.length > 0, 'deep nesting is refused, not a stack overflow');
});

test('model documents of the wrong type, or that cannot be written as JSON', () => {
  const cyclic = { layers: [] };
  cyclic.self = cyclic;
  const throwing = { toJSON() { throw new Error('no'); } };
  const getter = { get layers() { throw new Error('no'); } };
  for (const model of [cyclic, throwing, getter, { n: 1n }]) {
    checkSummary(calc.summarizeModel(model));
    assert.match(calc.summarizeModel(model).errors[0].message, /summarizeModel: model cannot be written as JSON/);
    assert.match(calc.encodeShareFragment(model).errors[0].message, /encodeShareFragment: model cannot be written as JSON/);
    assert.match(calc.summaryMarkdown(model).errors[0].message, /summaryMarkdown: model cannot be written as JSON/);
  }
  for (const model of [42, true, undefined, null, () => 1, Symbol('m')]) {
    const s = checkSummary(calc.summarizeModel(model));
    assert.match(s.errors[0].message, /^summarizeModel: model (must be a model document|is missing)/, String(model));
  }
});

test('bad share links say what is wrong with them', () => {
  const cases = [
    ['', /does not hold a model/], ['#', /does not hold a model/], ['#x=1.abc', /does not hold a model/],
    ['#m=abc', /no version/], ['#m=2.abc', /version 2, which this Learnable does not know/],
    ['#m=1.a$b', /damaged/], ['#m=1.eyJ', /in the link's model/], ['#m=1.', /in the link's model/],
    ['#m=1.' + Buffer.from('{"layers":[{"type":7}]}').toString('base64url'), /in the link's model: layers\[0\]\.type/],
  ];
  for (const [fragment, message] of cases) {
    const a = checkModelAnswer(calc.decodeShareFragment(fragment), fragment);
    assert.match(a.errors[0].message, message, fragment);
  }
  for (const value of [42, null, undefined, {}, ['#m=1.']]) {
    assert.match(calc.decodeShareFragment(value).errors[0].message, /^decodeShareFragment: fragment/);
  }
  const refused = calc.encodeShareFragment('{"layers": 3}');
  assert.equal(refused.fragment, null);
  assert.match(refused.errors[0].message, /layers: expected an array/);
});

test('unknown presets list the known ones', () => {
  for (const id of ['vgg19', '', 'TUTORIAL']) {
    const a = checkModelAnswer(calc.preset(id), id);
    assert.equal(a.id, null);
    assert.match(a.errors[0].message, /no preset .*; the presets are tutorial, lenet5, vgg16, text_lstm, mobilenet_block/);
  }
  assert.match(calc.preset(3).errors[0].message, /preset: id must be a preset id as a string/);
  assert.match(calc.preset().errors[0].message, /preset: id is missing/);
});

test('wrong argument counts never throw', () => {
  checkSummary(calc.summarize());
  checkSummary(calc.summarize('model = Sequential([Dense(2, input_shape=(3,))])', {}, 'extra', 4, 5));
  assert.equal(calc.summarize('model = Sequential([Dense(2, input_shape=(3,))])', undefined, 1).total, 8);
  assert.ok(Array.isArray(calc.layerTypes('unexpected')));
  assert.ok(Array.isArray(calc.presets(1, 2)));
  checkSummary(calc.summarizeModel());
  for (const f of ['summaryMarkdown', 'summaryCsv', 'summaryTable', 'encodeShareFragment', 'decodeShareFragment', 'modelFromCode']) {
    const a = calc[f]();
    assert.match(a.errors[0].message, new RegExp(`^${f}: \\w+ is missing`), f);
    a.errors.forEach((m) => checkMessage(m, f));
  }
});

test('the module keeps working after every fault above', () => {
  assert.equal(calc.summarize(calc.preset('tutorial').code).total, 2747722);
});
