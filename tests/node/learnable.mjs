// Loads the JS API module (build/web/learnable.js, or $LEARNABLE_JS) for the node tests, and the
// checks of the JSON schema they share. Run with `node --no-experimental-fetch --test`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const modulePath = process.env.LEARNABLE_JS ?? fileURLToPath(new URL('../../build/web/learnable.js', import.meta.url));

// A fresh instance of the module (the factory `Learnable`).
export async function load() {
  const Learnable = require(modulePath);
  return Learnable();
}

// The factory read again from disk, as a second <script> or a second bundle would.
export function freshFactory() {
  delete require.cache[require.resolve(modulePath)];
  return require(modulePath);
}

export function data(name) {
  return readFileSync(fileURLToPath(new URL(`../data/${name}`, import.meta.url)), 'utf8');
}

const isInt = (v) => Number.isInteger(v);
const isDim = (v) => v === null || (isInt(v) && v > 0);

export function checkMessage(m, where) {
  assert.deepEqual(Object.keys(m), ['line', 'column', 'layer', 'message', 'excerpt'], where);
  assert.ok(m.line === null || (isInt(m.line) && m.line > 0), `${where}: line ${m.line}`);
  assert.ok(m.column === null || (isInt(m.column) && m.column > 0), `${where}: column ${m.column}`);
  assert.equal(m.line === null, m.column === null, `${where}: line and column go together`);
  assert.ok(m.layer === null || typeof m.layer === 'string', where);
  assert.equal(typeof m.message, 'string', where);
  assert.ok(m.message.length > 0, `${where}: empty message`);
  assert.equal(typeof m.excerpt, 'string', where);
}

export const summaryKeys = ['framework', 'input_shape', 'layers', 'total', 'trainable', 'non_trainable', 'bytes',
  'errors', 'warnings', 'undefined_names'];
export const layerKeys = ['id', 'name', 'type', 'output_shape', 'params', 'trainable', 'non_trainable', 'bytes',
  'formula', 'explanation', 'weights', 'status', 'error', 'error_argument'];
export const weightKeys = ['name', 'shape', 'count', 'trainable'];
// A PyTorch summary adds "buffers" (BatchNorm's running statistics: listed, not counted as
// parameters) after "bytes" in the totals and in each layer, and "buffer" to each weight.
const withBuffers = (keys, after, key) => [...keys.slice(0, keys.indexOf(after) + 1), key, ...keys.slice(keys.indexOf(after) + 1)];
export const torchSummaryKeys = withBuffers(summaryKeys, 'bytes', 'buffers');
export const torchLayerKeys = withBuffers(layerKeys, 'bytes', 'buffers');
export const torchWeightKeys = [...weightKeys, 'buffer'];

// Every key and type of the summary schema, and the arithmetic that ties its numbers together,
// for either framework's summary (`framework`: 'keras', 'pytorch', or undefined for either).
export function checkSummary(s, where = 'summary', framework = undefined) {
  assert.equal(typeof s, 'object', where);
  assert.ok(['keras', 'pytorch'].includes(s.framework), `${where}: framework ${s.framework}`);
  if (framework !== undefined) assert.equal(s.framework, framework, where);
  const torch = s.framework === 'pytorch';
  assert.deepEqual(Object.keys(s), torch ? torchSummaryKeys : summaryKeys, where);
  assert.ok(s.input_shape === null || (Array.isArray(s.input_shape) && s.input_shape.every(isDim)), where);
  const totals = ['total', 'trainable', 'non_trainable', 'bytes', ...(torch ? ['buffers'] : [])];
  for (const key of totals) assert.ok(isInt(s[key]) && s[key] >= 0, `${where}.${key}`);
  assert.equal(s.total, s.trainable + s.non_trainable, `${where}: total = trainable + non_trainable`);
  assert.equal(s.bytes, 4 * s.total, `${where}: bytes at float32`);
  s.errors.forEach((m, i) => checkMessage(m, `${where}.errors[${i}]`));
  s.warnings.forEach((m, i) => checkMessage(m, `${where}.warnings[${i}]`));
  assert.ok(s.undefined_names.every((n) => typeof n === 'string'), where);
  let sum = 0;
  let trainableSum = 0;
  let bufferSum = 0;
  const ids = new Set();
  s.layers.forEach((l, i) => {
    const at = `${where}.layers[${i}] (${l.name})`;
    assert.deepEqual(Object.keys(l), torch ? torchLayerKeys : layerKeys, at);
    assert.ok(isInt(l.id) && l.id > 0 && !ids.has(l.id), `${at}: id`);
    ids.add(l.id);
    assert.ok(typeof l.name === 'string' && l.name.length > 0, `${at}: name`);
    assert.ok(typeof l.type === 'string' && l.type.length > 0, `${at}: type`);
    assert.ok(['ok', 'error', 'waiting'].includes(l.status), `${at}: status ${l.status}`);
    for (const key of ['params', 'trainable', 'non_trainable', 'bytes', ...(torch ? ['buffers'] : [])]) {
      assert.ok(isInt(l[key]) && l[key] >= 0, `${at}.${key}`);
    }
    assert.equal(l.params, l.trainable + l.non_trainable, `${at}: params = trainable + non_trainable`);
    assert.equal(l.bytes, 4 * l.params, `${at}: bytes (parameters only, buffers apart)`);
    assert.equal(typeof l.formula, 'string', at);
    assert.ok(Array.isArray(l.explanation) && l.explanation.length > 0, `${at}: explanation`);
    assert.ok(l.explanation.every((step) => typeof step === 'string' && step.length > 0), at);
    assert.ok(Array.isArray(l.weights), at);
    if (l.status === 'ok') {
      assert.ok(Array.isArray(l.output_shape) && l.output_shape.every(isDim), `${at}: output_shape`);
      assert.equal(l.error, null, at);
      assert.equal(l.error_argument, null, at);
      assert.ok(l.formula.length > 0, `${at}: formula`);
    } else {
      assert.equal(l.output_shape, null, at);
      assert.equal(l.params, 0, at);
      if (torch) assert.equal(l.buffers, 0, at);
      assert.deepEqual(l.weights, [], at);
      assert.ok(typeof l.error === 'string' && l.error.length > 0, `${at}: error`);
      assert.ok(l.error_argument === null || typeof l.error_argument === 'string', at);
    }
    let counted = 0;
    let trainable = 0;
    let buffers = 0;
    l.weights.forEach((w, k) => {
      const wat = `${at}.weights[${k}] (${w.name})`;
      assert.deepEqual(Object.keys(w), torch ? torchWeightKeys : weightKeys, wat);
      assert.ok(typeof w.name === 'string' && w.name.length > 0, wat);
      assert.ok(Array.isArray(w.shape) && w.shape.every((d) => isInt(d) && d > 0), `${wat}: shape`);
      assert.equal(w.count, w.shape.reduce((a, b) => a * b, 1), `${wat}: count = product of shape`);
      assert.equal(typeof w.trainable, 'boolean', wat);
      if (torch) assert.equal(typeof w.buffer, 'boolean', wat);
      if (w.buffer) {
        assert.equal(w.trainable, false, `${wat}: a buffer is not trained`);
        buffers += w.count;
        return;
      }
      counted += w.count;
      if (w.trainable) trainable += w.count;
    });
    assert.equal(counted, l.params, `${at}: weights add up to params`);
    assert.equal(trainable, l.trainable, `${at}: trainable weights add up`);
    if (torch) assert.equal(buffers, l.buffers, `${at}: buffer weights add up to buffers`);
    sum += l.params;
    trainableSum += l.trainable;
    bufferSum += torch ? l.buffers : 0;
  });
  assert.equal(sum, s.total, `${where}: layers add up to total`);
  assert.equal(trainableSum, s.trainable, `${where}: layers add up to trainable`);
  if (torch) assert.equal(bufferSum, s.buffers, `${where}: layers add up to buffers`);
  return s;
}

// The answers that carry a model document: {model, errors, warnings, undefined_names}.
export function checkModelAnswer(a, where, framework = 'keras') {
  assert.deepEqual(Object.keys(a).slice(-4), ['model', 'errors', 'warnings', 'undefined_names'], where);
  assert.ok(Array.isArray(a.model.layers), where);
  // Version 2 only for a model with parameters frozen one by one ("frozen": [...] on a layer).
  const frozen = a.model.layers.some((l) => l.frozen !== undefined);
  assert.equal(a.model.learnable, frozen ? 2 : 1, where);
  assert.equal(a.model.framework, framework, where);
  for (const l of a.model.layers) {
    if (l.frozen !== undefined) assert.ok(Array.isArray(l.frozen) && l.frozen.every((n) => typeof n === 'string'), where);
  }
  a.errors.forEach((m, i) => checkMessage(m, `${where}.errors[${i}]`));
  a.warnings.forEach((m, i) => checkMessage(m, `${where}.warnings[${i}]`));
  return a;
}
