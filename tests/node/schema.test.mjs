// The JSON schema every answer keeps: the summary's keys and types for every layer field, checked
// on every layer type the core counts (its typical use, from layerTypes()), and the shapes of
// layerTypes(), presets() and formulaTable().
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { checkModelAnswer, checkSummary, load } from './learnable.mjs';

let calc;
before(async () => {
  calc = await load();
});

const kinds = ['int', 'ints', 'choice', 'bool', 'float', 'activation', 'int_list', 'layer', 'any'];

test('layerTypes() describes every type and argument', () => {
  const types = calc.layerTypes();
  assert.ok(types.length >= 70, `${types.length} types`);
  const names = new Set();
  for (const t of types) {
    assert.deepEqual(Object.keys(t), ['name', 'group', 'summary', 'alias_of', 'positional', 'example', 'example_input', 'args'], t.name);
    assert.ok(!names.has(t.name), `${t.name} twice`);
    names.add(t.name);
    for (const key of ['name', 'group', 'summary']) assert.ok(typeof t[key] === 'string' && t[key].length > 0, `${t.name}.${key}`);
    assert.ok(t.alias_of === null || typeof t.alias_of === 'string', t.name);
    assert.ok(Number.isInteger(t.positional) && t.positional >= 0 && t.positional <= t.args.length, t.name);
    assert.ok(t.example === null || t.example.startsWith(t.alias_of ?? t.name), `${t.name}: ${t.example}`);
    assert.ok(t.example_input === null || t.example_input.every((d) => d === null || d > 0), t.name);
    const argNames = new Set();
    for (const a of t.args) {
      const at = `${t.name}.${a.name}`;
      assert.deepEqual(Object.keys(a), ['name', 'kind', 'default', 'default_python', 'required', 'rank', 'choices', 'counted'], at);
      assert.ok(!argNames.has(a.name), `${at} twice`);
      argNames.add(a.name);
      assert.ok(kinds.includes(a.kind), `${at}: kind ${a.kind}`);
      assert.equal(typeof a.default_python, 'string', at);
      assert.equal(typeof a.required, 'boolean', at);
      assert.equal(typeof a.counted, 'boolean', at);
      if (a.required) assert.equal(a.default, null, `${at}: a required argument has no default`);
      assert.equal(a.rank === null, a.kind !== 'ints', `${at}: rank goes with ints`);
      if (a.kind === 'ints') assert.ok([1, 2, 3].includes(a.rank), at);
      assert.ok(Array.isArray(a.choices) && a.choices.every((c) => typeof c === 'string'), at);
      assert.equal(a.choices.length > 0, a.kind === 'choice', `${at}: choices go with choice`);
      if (a.kind === 'choice') assert.ok(a.choices.includes(a.default), `${at}: default among the choices`);
      if (a.kind === 'bool' && !a.required) assert.equal(typeof a.default, 'boolean', at);
    }
  }
  for (const t of types) if (t.alias_of) assert.ok(names.has(t.alias_of), `${t.name} aliases a known type`);
  const conv2d = types.find((t) => t.name === 'Conv2D');
  assert.equal(conv2d.group, 'Convolution');
  assert.deepEqual(conv2d.args.slice(0, 4).map((a) => [a.name, a.kind, a.default, a.required]), [
    ['filters', 'int', null, true], ['kernel_size', 'ints', null, true], ['strides', 'ints', [1, 1], false],
    ['padding', 'choice', 'valid', false]]);
  assert.deepEqual(conv2d.args[3].choices, ['valid', 'same']);
  assert.equal(types.find((t) => t.name === 'MaxPool2D').alias_of, 'MaxPooling2D');
  assert.deepEqual(new Set(types.map((t) => t.group)),
    new Set(['Core', 'Convolution', 'Pooling', 'Normalization', 'Recurrent', 'Attention', 'Reshaping', 'Activation', 'Regularization', 'Preprocessing']));
});

// {input_shape, layers: [the type's example]} as a model document.
function exampleModel(t) {
  const read = checkModelAnswer(calc.modelFromCode(`model = Sequential([${t.example}])`), t.name);
  assert.deepEqual(read.errors, [], t.name);
  return { ...read.model, input_shape: t.example_input };
}

const pythonShape = (dims) => `(${dims.map((d) => d ?? 'None').join(', ')},)`;

test('every layer type: the summary schema for each layer field, and the formula table agrees', () => {
  const rows = new Map(calc.formulaTable().rows.map((r) => [r.type, r]));
  let checked = 0;
  for (const t of calc.layerTypes()) {
    if (!t.example || t.name === 'InputLayer') continue;
    const code = `model = Sequential([Input(shape=${pythonShape(t.example_input)}), ${t.example}])`;
    const s = checkSummary(calc.summarize(code), t.name);
    assert.equal(s.layers.length, 1, t.name);
    const [layer] = s.layers;
    assert.equal(layer.status, 'ok', `${t.name}: ${layer.error}`);
    assert.equal(layer.type, t.alias_of ?? t.name);
    assert.deepEqual(s.errors, [], t.name);
    const row = rows.get(t.alias_of ?? t.name);
    if (!t.alias_of) {
      assert.ok(row, `${t.name} is in the formula table`);
      assert.deepEqual([layer.formula, layer.params, layer.output_shape], [row.formula, row.params, row.output_shape], t.name);
      assert.deepEqual(row.input_shape, t.example_input, t.name);
    }
    // The same layer as a model document object gives the same numbers. (Its formula may differ
    // in one way: JavaScript numbers do not keep 1.0 apart from 1, so theta=1.0 reads as theta=1.)
    const fromObject = checkSummary(calc.summarizeModel(exampleModel(t)), t.name);
    assert.deepEqual([fromObject.total, fromObject.layers[0].output_shape], [s.total, layer.output_shape], t.name);
    checked++;
  }
  assert.ok(checked >= 60, `${checked} types checked`);
});

test('every layer type with absurd arguments: errors keep the schema', () => {
  for (const t of calc.layerTypes()) {
    if (!t.example || t.name === 'InputLayer') continue;
    const model = exampleModel(t);
    for (const a of t.args.filter((x) => x.counted && ['int', 'ints'].includes(x.kind))) {
      for (const bad of [0, -1, 2 ** 40, 'text', [1, 2, 3, 4]]) {
        const broken = structuredClone(model);
        broken.layers[0].args[a.name] = bad;
        broken.layers.push({ type: 'Flatten', args: {} });
        const s = checkSummary(calc.summarizeModel(broken), `${t.name}(${a.name}=${JSON.stringify(bad)})`);
        if (s.layers[0].status === 'error') assert.equal(s.layers[1].status, 'waiting');
      }
    }
  }
});

test('summaries of every preset keep the schema', () => {
  for (const { id } of calc.presets()) checkSummary(calc.summarizeModel(calc.preset(id).model), id);
});

test('presets() and formulaTable() shapes', () => {
  for (const p of calc.presets()) {
    assert.deepEqual(Object.keys(p), ['id', 'title', 'code']);
    for (const key of ['id', 'title', 'code']) assert.ok(typeof p[key] === 'string' && p[key].length > 0);
  }
  const table = calc.formulaTable();
  assert.deepEqual(Object.keys(table), ['markdown', 'rows']);
  assert.match(table.markdown, /^\| Layer \| Example \| Input → output \| Params \| Formula \|\n/);
  assert.equal(table.markdown.trim().split('\n').length, table.rows.length + 2);
  for (const r of table.rows) {
    assert.deepEqual(Object.keys(r), ['type', 'example', 'input_shape', 'output_shape', 'params', 'formula', 'problem']);
    assert.equal(r.problem, null, r.type);
  }
  const conv = table.rows.find((r) => r.type === 'Conv2D');
  assert.deepEqual(conv, { type: 'Conv2D', example: 'Conv2D(32, (3, 3), padding="same")', input_shape: [32, 32, 3],
    output_shape: [32, 32, 32], params: 896, formula: '3*288 + 32 = 896', problem: null });
});

test('text formats answer {text, errors, warnings}', () => {
  const { model } = calc.preset('tutorial');
  const md = calc.summaryMarkdown(model);
  assert.deepEqual(Object.keys(md), ['text', 'errors', 'warnings']);
  assert.match(md.text, /\| 1 \| Conv1 \(Conv2D\) \| \(None, 32, 32, 32\) \| 896 \| 3\*288 \+ 32 = 896 \|/);
  assert.match(md.text, /\*\*Total params:\*\* 2,747,722 \(10\.48 MB\)/);
  const csv = calc.summaryCsv(JSON.stringify(model)).text.split('\n');
  assert.equal(csv[0], 'index,name,type,output_shape,params,trainable,non_trainable,bytes,formula,error');
  assert.equal(csv[1], '1,Conv1,Conv2D,"(None, 32, 32, 32)",896,896,0,3584,3*288 + 32 = 896,');
  const table = calc.summaryTable(model).text;
  assert.match(table, /^Model: "sequential"\n/);
  assert.match(table, / Output \(Dense\) +\(None, 10\) +2,621,450 +262144\*10 \+ 10 = 2621450\n/);
  assert.match(table, /Total params: 2,747,722 \(10\.48 MB\)/);
  const broken = structuredClone(model);
  broken.layers[1].args.filters = 0;
  const withError = calc.summaryMarkdown(broken);
  assert.equal(withError.errors[0].layer, 'Conv2');
  assert.match(withError.text, /\| 2 \| Conv2 \(Conv2D\) \| error \| - \|/);
});
