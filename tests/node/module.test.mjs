// learnable.mjs, the ES module over the factory, imported from the build as a page or a node
// script imports it: it must expose every function bindings.js does, give the factory's answers,
// load once, and match its TypeScript declarations (checked with tsc when typescript is installed).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { checkSummary, load, modulePath } from './learnable.mjs';

const site = dirname(resolve(modulePath));
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const tsc = here('../node_modules/.bin/tsc');

// The public functions, read from the bindings themselves: module['name'] = api(...).
const bindings = [...readFileSync(here('../../src/web/bindings.js'), 'utf8').matchAll(/module\['(\w+)'\] = api\(/g)]
  .map((m) => m[1]);

let Learnable;
let api;
let calc;
before(async () => {
  ({ default: Learnable } = await import(pathToFileURL(join(site, 'learnable.mjs')).href));
  api = await Learnable();
  calc = await load();
});

const torchCode = `import torch.nn as nn
model = nn.Sequential(nn.Conv2d(3, 16, 3), nn.BatchNorm2d(16), nn.ReLU(), nn.Flatten(), nn.Linear(16 * 30 * 30, 10))`;

// [function, ...arguments]: a call of every function, good and bad arguments, in one fixed order
// (both modules see the same calls, so anything counted per instance stays in step).
function calls(c) {
  const tutorial = c.preset('tutorial');
  const fragment = c.encodeShareFragment(tutorial.model).fragment;
  return [
    ['summarize', tutorial.code],
    ['summarize', torchCode, { inputShape: [3, 32, 32] }],
    ['summarize', tutorial.code, { framework: 'pytorch' }],
    ['summarize', 'model = keras.Sequential([keras.layers.Dense(IMG)])', { defines: { IMG: 'x' } }],
    ['summarize', 42],
    ['summarize'],
    ['summarizeModel', tutorial.model],
    ['summarizeModel', JSON.stringify(tutorial.model)],
    ['summarizeModel', '{"layers": 3}'],
    ['modelFromCode', tutorial.code],
    ['modelFromCode', torchCode, { inputShape: [3, 32, 32] }],
    ['convertModel', tutorial.model, 'pytorch'],
    ['convertModel', tutorial.model, 'jax'],
    ['layerTypes'],
    ['presets'],
    ['preset', 'tutorial'],
    ['preset', 'no such preset'],
    ['formulaTable'],
    ['encodeShareFragment', tutorial.model],
    ['encodeShareFragment', { layers: 'none' }],
    ['decodeShareFragment', `#${fragment}`],
    ['decodeShareFragment', '#m=9.x'],
    ['summaryMarkdown', tutorial.model],
    ['summaryCsv', tutorial.model],
    ['summaryTable', tutorial.model],
    ['exportModel', tutorial.model, 'pytorch-code'],
    ['exportModel', torchCode, 'torchinfo', { inputShape: [3, 32, 32] }],
    ['exportModel', tutorial.model, 'pdf'],
    ['exportFormats'],
    ['explainTotal', tutorial.model, '2,747,722'],
    ['explainTotal', tutorial.model, 2747722 - 10],
    ['explainTotal', tutorial.model, 'many'],
    ['checkQuizAnswer', tutorial.model, 0, 896],
    ['checkQuizAnswer', tutorial.model, 'Conv1', '864'],
    ['checkQuizAnswer', tutorial.model, 'Conv9', 1],
  ].filter(([name]) => bindings.includes(name));
}

test('Learnable() loads once: every call answers with the same frozen API object', async () => {
  const [a, b] = await Promise.all([Learnable(), Learnable()]);
  assert.equal(a, api);
  assert.equal(b, api);
  assert.ok(Object.isFrozen(api));
});

test('the module has exactly the functions bindings.js exposes', () => {
  assert.ok(bindings.length >= 15, `found ${bindings.length} functions in bindings.js`);
  assert.deepEqual(Object.keys(api).sort(), [...bindings].sort());
  for (const name of bindings) assert.equal(typeof api[name], 'function', name);
});

test('every function answers as the factory does, for good and bad arguments', () => {
  const ours = calls(api);
  const theirs = calls(calc);
  assert.deepEqual(ours, theirs);
  assert.deepEqual(ours.map(([name]) => name).filter((n, i, all) => all.indexOf(n) === i).sort(), [...bindings].sort(),
    'the cases call every function');
  for (const [name, ...args] of ours) {
    const where = `${name}(${args.map((a) => JSON.stringify(a)?.slice(0, 40)).join(', ')})`;
    assert.deepEqual(api[name](...args), calc[name](...args), where);
  }
});

test('the tutorial model through the module: 3*288 + 32 = 896 and 2,747,722 in all', () => {
  const s = checkSummary(api.summarize(api.preset('tutorial').code), 'tutorial', 'keras');
  assert.deepEqual(s.input_shape, [32, 32, 3]);
  assert.deepEqual(s.layers.map((l) => l.formula).slice(0, 4),
    ['3*288 + 32 = 896', '32*576 + 64 = 18496', '64*1152 + 128 = 73856', '128*256 + 256 = 33024']);
  assert.equal(s.layers.at(-1).formula, '262144*10 + 10 = 2621450');
  assert.equal(s.total, 2747722);
});

test('PyTorch answers carry buffers per layer, per weight and in the totals', () => {
  const s = api.summarize(torchCode, { inputShape: [3, 32, 32] });
  assert.equal(s.framework, 'pytorch');
  assert.deepEqual(s.errors, []);
  const norm = s.layers.find((l) => l.type === 'BatchNorm2d');
  assert.ok(norm.buffers > 0);
  assert.ok(norm.weights.some((w) => w.buffer === true));
  assert.equal(s.buffers, s.layers.reduce((sum, l) => sum + l.buffers, 0));
});

// tsc over a file of typed literals: each answer of calls() must be assignable to the declared
// return type of its function (object literals: a field the declarations lack is an error too).
function answersSource() {
  const lines = ["import type { LearnableApi } from './learnable.mjs';"];
  calls(api).forEach(([name, ...args], i) => {
    lines.push(`export const answer${i}: ReturnType<LearnableApi['${name}']> = ${JSON.stringify(api[name](...args))};`);
  });
  return lines.join('\n') + '\n';
}

function typecheck(dir, files) {
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--noUncheckedIndexedAccess', '--module', 'nodenext',
    '--target', 'es2022', '--skipLibCheck', 'false', ...files], { cwd: dir, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function typesFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'learnable-types-'));
  for (const name of ['learnable.d.ts', 'learnable.d.mts', 'learnable.mjs']) copyFileSync(join(site, name), join(dir, name));
  return dir;
}

const typescript = existsSync(tsc);

test('the TypeScript declarations type-check an example and describe every real answer', { skip: !typescript && 'typescript is not installed (npm ci --prefix tests)' }, () => {
  assert.equal(readFileSync(join(site, 'learnable.d.ts'), 'utf8'), readFileSync(join(site, 'learnable.d.mts'), 'utf8'));
  const declared = [...readFileSync(join(site, 'learnable.d.ts'), 'utf8')
    .match(/export interface LearnableApi \{([\s\S]*?)\n\}/)[1].matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]);
  assert.deepEqual(declared.sort(), [...bindings].sort(), 'LearnableApi declares every function');
  const dir = typesFolder();
  copyFileSync(here('types/example.mts'), join(dir, 'example.mts'));
  writeFileSync(join(dir, 'answers.mts'), answersSource());
  const { status, output } = typecheck(dir, ['example.mts', 'answers.mts']);
  assert.equal(status, 0, output);
});

test('the TypeScript declarations reject wrong uses', { skip: !typescript && 'typescript is not installed' }, () => {
  const dir = typesFolder();
  const source = readFileSync(here('types/wrong.mts'), 'utf8');
  writeFileSync(join(dir, 'wrong.mts'), source);
  const expected = source.split('\n').flatMap((line, i) => (line.includes('// error:') ? [i + 1] : []));
  const { status, output } = typecheck(dir, ['wrong.mts']);
  assert.notEqual(status, 0, output);
  const reported = [...new Set([...output.matchAll(/^wrong\.mts\((\d+),\d+\): error/gm)].map((m) => Number(m[1])))];
  assert.deepEqual(reported, expected, output);
});
