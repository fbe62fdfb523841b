#!/usr/bin/env node
// Generates tests/reference/keras_json_cases.json: Sequential models built with TensorFlow.js,
// each written as the Keras JSON tfjs itself produces (model.toJSON(), or the model.json that
// model.save() writes, with its "modelTopology" wrapper), with the per-layer output shape and
// parameter counts tfjs reports for the built model. Learnable's Keras JSON importer is tested
// against it (tests/core/keras_json_test.cpp); see README.md next to this file.
//
// Only layers and arguments where tfjs 4.22 agrees with Keras are used (see FACTS in the
// project notes and README.md): no dilation on DepthwiseConv2D / Conv2DTranspose, no causal
// padding, GRU with reset_after=False (tfjs' only kind, written in its JSON), no Resizing or
// CenterCrop (tfjs 4.22 computes their symbolic output shape without the batch dimension), and
// SeparableConv2D only with depth_multiplier=1 (tfjs leaves that argument out of its JSON).
//
// Deterministic: a seeded PRNG drives every choice; running twice gives identical bytes.
//
// Usage:  npm ci --prefix tests && node tests/reference/generate_keras_json_cases.mjs
//         (options: --out FILE, --count N, --seed S, --stats)

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

// tfjs prints an "install tfjs-node" banner through console.log/warn: keep it out of the output.
for (const k of ['log', 'warn', 'info']) {
  const orig = console[k].bind(console);
  console[k] = (...a) => { const m = String(a[0] ?? ''); if (!/tfjs-node|^=+$|Orthogonal initializer/.test(m.trim())) orig(...a); };
}
const tf = await import('@tensorflow/tfjs');
await tf.setBackend('cpu');
const TL = tf.layers;

const here = path.dirname(fileURLToPath(import.meta.url));
function opt(name, dflt) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}
const OUT = opt('--out', path.join(here, 'keras_json_cases.json'));
const SEED = Number(opt('--seed', 20240917));
const MAX_LAYER_PARAMS = 60000;   // keeps the tfjs builds fast

// mulberry32, as in generate_keras_cases.mjs
class Rng {
  constructor(seed) { this.s = seed >>> 0; }
  next() {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo, hi) { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  pick(a) { return a[Math.floor(this.next() * a.length)]; }
  chance(p) { return this.next() < p; }
  weighted(pairs) {
    const total = pairs.reduce((s, p) => s + p[1], 0);
    let r = this.next() * total;
    for (const [v, w] of pairs) { if ((r -= w) < 0) return v; }
    return pairs[pairs.length - 1][0];
  }
}

const prod = (a) => a.reduce((p, x) => p * x, 1);
const known = (s) => s.every((d) => d !== null);
const ACTS = ['relu', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus', 'linear', 'swish'];

// Each generator: (input shape without batch, rng) -> a function making a fresh tfjs layer from
// choices made now (so the trial build and the final one agree), taking extra config such as
// the input shape; or null when the layer does not fit that input.
function common(rng, o) {
  if (rng.chance(0.05)) o.trainable = false;
  return o;
}
function act(rng, o, p = 0.5) { if (rng.chance(p)) o.activation = rng.pick(ACTS); return o; }
function size(rng, nd, choices) {
  const k = rng.pick(choices);
  return rng.chance(0.7) ? (nd === 1 && rng.chance(0.5) ? k : Array(nd).fill(k)) : Array.from({ length: nd }, () => rng.pick(choices));
}
const layer = (factory, o) => (x = {}) => TL[factory]({ ...o, ...x });

const CONV = { 1: 'conv1d', 2: 'conv2d', 3: 'conv3d' };
const GEN = {
  Dense: (s, r) => s[s.length - 1] === null ? null : layer('dense', common(r, act(r, { units: r.pick([1, 2, 4, 8, 10, 16, 32, 64]), useBias: !r.chance(0.1) }, 0.6))),
  Conv: (nd) => (s, r) => {
    if (s.length !== nd + 1 || s[nd] === null || (nd > 1 && !known(s))) return null;
    const o = { filters: r.pick(nd === 3 ? [2, 4] : [4, 8, 16]), kernelSize: size(r, nd, nd === 3 ? [1, 2, 3] : [1, 2, 3, 5]),
      padding: r.pick(['valid', 'same']), useBias: !r.chance(0.1) };
    if (r.chance(0.3)) o.strides = r.pick([2, 3]);
    else if (r.chance(0.25)) o.dilationRate = nd === 1 ? r.pick([2, 3]) : Array(nd).fill(r.pick([2, 3]));
    return layer(CONV[nd], common(r, act(r, o)));
  },
  ConvTranspose: (nd) => (s, r) => s.length !== nd + 1 || !known(s) ? null : layer(nd === 2 ? 'conv2dTranspose' : 'conv3dTranspose',
    common(r, act(r, { filters: r.pick([2, 4, 8]), kernelSize: size(r, nd, [2, 3]), padding: r.pick(['valid', 'same']), strides: r.pick([1, 2, 2]) }))),
  DepthwiseConv2D: (s, r) => s.length !== 3 || !known(s) ? null : layer('depthwiseConv2d', common(r, {
    kernelSize: size(r, 2, [1, 3, 5]), depthMultiplier: r.pick([1, 1, 2]), strides: r.pick([1, 1, 2]), padding: r.pick(['valid', 'same']), useBias: !r.chance(0.15) })),
  // tfjs 4.22 leaves depth_multiplier out of SeparableConv2D's JSON, so only its default is used.
  SeparableConv2D: (s, r) => s.length !== 3 || !known(s) ? null : layer('separableConv2d', common(r, act(r, {
    filters: r.pick([4, 8, 16]), kernelSize: size(r, 2, [1, 3]), strides: r.pick([1, 2]), padding: r.pick(['valid', 'same']) }))),
  BatchNormalization: (s, r) => s[s.length - 1] === null ? null : layer('batchNormalization', common(r, { center: !r.chance(0.15), scale: !r.chance(0.15) })),
  LayerNormalization: (s, r) => s[s.length - 1] === null ? null : layer('layerNormalization', common(r, { center: !r.chance(0.15), scale: !r.chance(0.15) })),
  Embedding: (s, r) => s.length !== 1 ? null : layer('embedding', common(r, {
    inputDim: r.pick([10, 50, 100, 1000]), outputDim: r.pick([2, 4, 8, 16]), ...(s[0] !== null && r.chance(0.4) ? { inputLength: s[0] } : {}), maskZero: r.chance(0.2) })),
  RNN: (kind) => (s, r) => s.length !== 2 || s[1] === null ? null : layer(kind, common(r, {
    units: r.pick([2, 4, 8, 16]), returnSequences: r.chance(0.5), useBias: !r.chance(0.1), ...(kind === 'gru' ? { resetAfter: false } : {}) })),
  Bidirectional: (s, r) => {
    if (s.length !== 2 || s[1] === null) return null;
    const inner = layer(r.pick(['lstm', 'gru', 'simpleRNN']), { units: r.pick([2, 4, 8]), returnSequences: r.chance(0.5) });
    const o = common(r, { mergeMode: r.pick(['concat', 'concat', 'sum', 'mul', 'ave']) });
    return (x = {}) => TL.bidirectional({ ...o, layer: inner(), ...x });
  },
  TimeDistributed: (s, r) => {
    let inner = null;
    if (s.length === 2 && s[1] !== null) inner = layer('dense', { units: r.pick([2, 4, 8]) });
    else if (s.length === 4 && known(s)) inner = layer('conv2d', { filters: r.pick([2, 4]), kernelSize: r.pick([1, 2]) });
    return inner && ((x = {}) => TL.timeDistributed({ layer: inner(), ...x }));
  },
  Pool: (kind, nd) => (s, r) => {
    if (s.length !== nd + 1 || (nd > 1 && !known(s))) return null;
    const o = { poolSize: size(r, nd, [2, 2, 3]), padding: r.pick(['valid', 'same']) };
    if (r.chance(0.3)) o.strides = r.pick([1, 2]);
    return layer(`${kind}Pooling${nd}d`, o);
  },
  GlobalPool: (kind, nd) => (s) => s.length !== nd + 1 || s[nd] === null ? null : layer(`global${kind}Pooling${nd}d`, {}),
  Flatten: (s) => s.length < 2 || !known(s) ? null : layer('flatten', {}),
  Reshape: (s, r) => {
    if (!known(s)) return null;
    const n = prod(s);
    const divs = []; for (let d = 2; d < n; d++) if (n % d === 0) divs.push(d);
    const d = divs.length ? r.pick(divs) : 0;
    return layer('reshape', { targetShape: d && r.chance(0.5) ? [d, n / d] : [n] });
  },
  Permute: (s) => s.length < 2 ? null : layer('permute', { dims: s.map((_, i) => i + 1).reverse() }),
  RepeatVector: (s, r) => s.length !== 1 || s[0] === null ? null : layer('repeatVector', { n: r.pick([2, 3, 5]) }),
  Dropout: (s, r) => layer('dropout', { rate: r.pick([0.1, 0.2, 0.5]) }),
  SpatialDropout1D: (s, r) => s.length !== 2 ? null : layer('spatialDropout1d', { rate: r.pick([0.1, 0.2]) }),
  GaussianNoise: (s, r) => layer('gaussianNoise', { stddev: r.pick([0.1, 0.5]) }),
  GaussianDropout: (s, r) => layer('gaussianDropout', { rate: r.pick([0.1, 0.3]) }),
  AlphaDropout: (s, r) => layer('alphaDropout', { rate: r.pick([0.1, 0.3]) }),
  Activation: (s, r) => layer('activation', { activation: r.pick(ACTS) }),
  ReLU: (s, r) => layer('reLU', r.chance(0.5) ? { maxValue: 6 } : {}),
  LeakyReLU: (s, r) => layer('leakyReLU', { alpha: r.pick([0.1, 0.2, 0.3]) }),
  PReLU: (s, r) => !known(s) ? null : layer('prelu', common(r, s.length > 1 && r.chance(0.5) ? { sharedAxes: s.slice(0, -1).map((_, i) => i + 1) } : {})),
  ELU: (s, r) => layer('elu', { alpha: r.pick([1, 0.5]) }),
  Softmax: () => layer('softmax', {}),
  ThresholdedReLU: (s, r) => layer('thresholdedReLU', { theta: r.pick([1, 0.5]) }),
  ZeroPadding2D: (s, r) => s.length !== 3 || !known(s) ? null : layer('zeroPadding2d', { padding: r.pick([1, 2, [1, 2], [[1, 0], [2, 1]]]) }),
  Cropping2D: (s, r) => s.length !== 3 || !known(s) || s[0] < 4 || s[1] < 4 ? null : layer('cropping2D', { cropping: r.pick([1, [[1, 0], [0, 1]], [[1, 1], [1, 1]]]) }),
  UpSampling2D: (s, r) => s.length !== 3 || !known(s) ? null : layer('upSampling2d', { size: r.pick([[2, 2], [2, 1], [3, 3]]) }),
  Masking: (s, r) => s.length !== 2 ? null : layer('masking', { maskValue: r.pick([0, -1]) }),
  Rescaling: (s, r) => layer('rescaling', { scale: r.pick([1 / 255, 2, 0.5]), offset: r.pick([0, -1]) }),
};
const ALL = {
  Dense: GEN.Dense, Conv1D: GEN.Conv(1), Conv2D: GEN.Conv(2), Conv3D: GEN.Conv(3),
  Conv2DTranspose: GEN.ConvTranspose(2), Conv3DTranspose: GEN.ConvTranspose(3),
  DepthwiseConv2D: GEN.DepthwiseConv2D, SeparableConv2D: GEN.SeparableConv2D,
  BatchNormalization: GEN.BatchNormalization, LayerNormalization: GEN.LayerNormalization, Embedding: GEN.Embedding,
  SimpleRNN: GEN.RNN('simpleRNN'), LSTM: GEN.RNN('lstm'), GRU: GEN.RNN('gru'),
  Bidirectional: GEN.Bidirectional, TimeDistributed: GEN.TimeDistributed,
  MaxPooling1D: GEN.Pool('max', 1), MaxPooling2D: GEN.Pool('max', 2), MaxPooling3D: GEN.Pool('max', 3),
  AveragePooling1D: GEN.Pool('average', 1), AveragePooling2D: GEN.Pool('average', 2), AveragePooling3D: GEN.Pool('average', 3),
  GlobalAveragePooling1D: GEN.GlobalPool('Average', 1), GlobalAveragePooling2D: GEN.GlobalPool('Average', 2),
  GlobalMaxPooling1D: GEN.GlobalPool('Max', 1), GlobalMaxPooling2D: GEN.GlobalPool('Max', 2),
  Flatten: GEN.Flatten, Reshape: GEN.Reshape, Permute: GEN.Permute, RepeatVector: GEN.RepeatVector,
  Dropout: GEN.Dropout, SpatialDropout1D: GEN.SpatialDropout1D, GaussianNoise: GEN.GaussianNoise,
  GaussianDropout: GEN.GaussianDropout, AlphaDropout: GEN.AlphaDropout,
  Activation: GEN.Activation, ReLU: GEN.ReLU, LeakyReLU: GEN.LeakyReLU, PReLU: GEN.PReLU, ELU: GEN.ELU,
  Softmax: GEN.Softmax, ThresholdedReLU: GEN.ThresholdedReLU,
  ZeroPadding2D: GEN.ZeroPadding2D, Cropping2D: GEN.Cropping2D, UpSampling2D: GEN.UpSampling2D,
  Masking: GEN.Masking, Rescaling: GEN.Rescaling,
};

// The input ranks each focus layer takes: 'int' is a sequence of token ids (for Embedding).
const RANKS = {
  Dense: [1, 1, 2], Conv1D: [2], Conv2D: [3], Conv3D: [4], Conv2DTranspose: [3], Conv3DTranspose: [4],
  DepthwiseConv2D: [3], SeparableConv2D: [3], BatchNormalization: [1, 2, 3], LayerNormalization: [1, 2, 3], Embedding: ['int'],
  SimpleRNN: [2], LSTM: [2], GRU: [2], Bidirectional: [2], TimeDistributed: [2, 4],
  MaxPooling1D: [2], MaxPooling2D: [3], MaxPooling3D: [4], AveragePooling1D: [2], AveragePooling2D: [3], AveragePooling3D: [4],
  GlobalAveragePooling1D: [2], GlobalAveragePooling2D: [3], GlobalMaxPooling1D: [2], GlobalMaxPooling2D: [3],
  Flatten: [2, 3], Reshape: [1, 3], Permute: [2, 3], RepeatVector: [1], Dropout: [1, 3], SpatialDropout1D: [2],
  GaussianNoise: [1, 3], GaussianDropout: [1, 2], AlphaDropout: [1], Activation: [1, 3], ReLU: [1, 3], LeakyReLU: [1, 2],
  PReLU: [1, 3], ELU: [1, 3], Softmax: [1, 2], ThresholdedReLU: [1, 3], ZeroPadding2D: [3], Cropping2D: [3], UpSampling2D: [3],
  Masking: [2], Rescaling: [1, 3],
};
// What may follow, by the rank of the shape so far.
const NEXT = {
  1: [['Dense', 10], ['Dropout', 3], ['BatchNormalization', 2], ['Activation', 1], ['ReLU', 1], ['LeakyReLU', 1], ['PReLU', 1],
    ['LayerNormalization', 1], ['RepeatVector', 1], ['GaussianNoise', 1], ['AlphaDropout', 1]],
  2: [['LSTM', 3], ['GRU', 3], ['SimpleRNN', 1], ['Bidirectional', 2], ['Conv1D', 4], ['MaxPooling1D', 2], ['AveragePooling1D', 1],
    ['GlobalAveragePooling1D', 2], ['GlobalMaxPooling1D', 2], ['Flatten', 2], ['Dense', 2], ['Dropout', 1], ['TimeDistributed', 1],
    ['LayerNormalization', 1], ['SpatialDropout1D', 1], ['Permute', 1]],
  3: [['Conv2D', 6], ['MaxPooling2D', 4], ['AveragePooling2D', 1], ['Flatten', 3], ['GlobalAveragePooling2D', 2], ['GlobalMaxPooling2D', 1],
    ['BatchNormalization', 2], ['Dropout', 1], ['DepthwiseConv2D', 1], ['SeparableConv2D', 1], ['Conv2DTranspose', 1], ['UpSampling2D', 1],
    ['ZeroPadding2D', 1], ['Cropping2D', 1], ['ReLU', 1]],
  4: [['Conv3D', 4], ['MaxPooling3D', 2], ['AveragePooling3D', 1], ['Flatten', 3], ['Conv3DTranspose', 1], ['TimeDistributed', 1]],
};

function randomInput(rank, rng) {
  switch (rank) {
    case 'int': return [rng.chance(0.2) ? null : rng.pick([5, 8, 10, 20])];
    case 1: return [rng.pick([4, 8, 10, 16, 32, 64, 784])];
    case 2: return [rng.pick([5, 8, 10, 16, 20]), rng.pick([1, 2, 3, 4, 8, 16])];
    case 3: { const h = rng.pick([6, 8, 10, 12, 16, 28]); return [h, rng.chance(0.8) ? h : rng.pick([8, 12]), rng.pick([1, 3, 4, 8])]; }
    case 4: { const d = rng.pick([4, 5, 6, 8]); return [d, d, rng.chance(0.8) ? d : 6, rng.pick([1, 2, 3])]; }
    default: throw new Error('rank ' + rank);
  }
}

// Builds the layer alone on `shape` to see what tfjs makes of it: its output shape, or null
// when tfjs refuses it or the result is not a model Keras would build.
function tryLayer(make, shape) {
  const m = tf.sequential();
  try {
    m.add(make({ inputShape: shape }));
    const L = m.layers[0];
    const out = L.outputShape.slice(1);
    if (!out.length || out.some((d) => d !== null && !(Number.isInteger(d) && d >= 1)) || L.countParams() > MAX_LAYER_PARAMS) return null;
    return out;
  } catch (e) {
    return null;
  } finally {
    m.dispose();
  }
}

function pickLayer(kind, shape, rng) {
  for (let t = 0; t < 10; t++) {
    const make = ALL[kind](shape, rng);
    if (!make) return null;
    const out = tryLayer(make, shape);
    if (out) return { kind, make, out };
  }
  return null;
}

function buildSpec(focus, rng) {
  const rank = rng.pick(RANKS[focus]);
  let shape = randomInput(rank, rng);
  const input = shape.slice();
  const layers = [];
  const total = rng.weighted([[1, 1], [2, 3], [3, 4], [4, 4], [5, 3], [6, 2], [7, 1]]);
  if (rank !== 'int' && focus !== 'Masking' && rng.chance(0.4)) {
    const kind = rng.weighted(NEXT[shape.length].filter(([k]) => k !== 'Flatten' && k !== 'RepeatVector'));
    const l = pickLayer(kind, shape, rng);
    if (l && l.out.length === shape.length) { layers.push(l); shape = l.out; }
  }
  const f = pickLayer(focus, shape, rng);
  if (!f) return null;
  layers.push(f); shape = f.out;
  for (let guard = 0; layers.length < total && guard < 30; guard++) {
    const left = total - layers.length;
    let kind;
    if (left <= 2 && shape.length > 1 && rng.chance(0.6)) kind = shape.length === 2 ? rng.pick(['Flatten', 'GlobalAveragePooling1D', 'LSTM']) : shape.length === 3 ? rng.pick(['Flatten', 'GlobalMaxPooling2D']) : 'Flatten';
    else if (left === 1 && shape.length === 1) kind = 'Dense';
    else kind = rng.weighted(NEXT[shape.length]);
    const l = pickLayer(kind, shape, rng);
    if (!l) continue;
    layers.push(l); shape = l.out;
  }
  return { input, layers, intInput: rank === 'int' };
}

function sizeOf(weights) { return weights.reduce((s, w) => s + prod(w.shape), 0); }

// The whole model, built once more from fresh layers, as the case records it.
async function buildCase(spec, rng, id) {
  const m = tf.sequential();
  const style = rng.weighted([['inputShape', 5], ['InputLayer', 3], ['batchSize', 1]]);
  if (style === 'InputLayer') m.add(TL.inputLayer({ inputShape: spec.input }));
  spec.layers.forEach((l, i) => {
    if (i > 0 || style === 'InputLayer') return m.add(l.make());
    m.add(l.make(style === 'batchSize' ? { batchInputShape: [rng.pick([1, 8, 32]), ...spec.input] } : { inputShape: spec.input }));
  });
  const layers = m.layers.filter((L) => L.getClassName() !== 'InputLayer').map((L) => ({
    type: L.getClassName(), output_shape: L.outputShape.slice(1), params: L.countParams(),
    trainable: sizeOf(L.trainableWeights), non_trainable: sizeOf(L.nonTrainableWeights), source: 'tfjs',
  }));
  if (layers.length !== spec.layers.length) throw new Error(`${id}: ${layers.length} layers built, ${spec.layers.length} wanted`);
  const wrap = rng.weighted([['toJSON', 7], ['pretty', 2], ['model.json', 2]]);
  let text;
  if (wrap === 'model.json') {
    // What model.save() writes as model.json (tfjs-core's io: format, generatedBy, convertedBy,
    // modelTopology, weightsManifest).
    await m.save(tf.io.withSaveHandler(async (a) => {
      text = JSON.stringify({ format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy, modelTopology: a.modelTopology,
        weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }] });
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }));
  } else {
    text = m.toJSON(null, wrap === 'toJSON');
    if (wrap === 'pretty') text = JSON.stringify(text, null, 2);
  }
  m.dispose();
  return { text, wrap, layers };
}

// Checks of the data against hand-worked Keras numbers (a drift in tfjs would show here).
function counts(layers) {
  const m = tf.sequential();
  layers.forEach((l) => m.add(l));
  const got = m.layers.map((L) => [L.countParams(), sizeOf(L.nonTrainableWeights)]);
  m.dispose();
  return got;
}
function selfCheck() {
  // Conv2D(32, (3, 3), padding="same") on 32x32x3: 3*3*3*32 + 32 = 896; BatchNormalization on
  // 32 channels: 4*32, the moving mean and variance (64) non-trainable.
  const cnn = counts([TL.conv2d({ inputShape: [32, 32, 3], filters: 32, kernelSize: 3, padding: 'same' }), TL.batchNormalization()]);
  // GRU(4, reset_after=False) on (10, 8): 3*(8*4 + 4*4 + 4) = 156; LSTM(32) on (10, 8): 4*(8*32 + 32*32 + 32) = 5248.
  const rnn = counts([TL.gru({ inputShape: [10, 8], units: 4, resetAfter: false, returnSequences: true })]).concat(
    counts([TL.lstm({ inputShape: [10, 8], units: 32 })]));
  const got = JSON.stringify([...cnn, ...rnn]);
  const want = JSON.stringify([[896, 0], [128, 64], [156, 0], [5248, 0]]);
  if (got !== want) throw new Error(`self-check: got ${got}, want ${want}`);
}

const t0 = process.hrtime.bigint();
selfCheck();
const focusList = Object.keys(ALL);
const COUNT = Number(opt('--count', 150));   // every focus layer at least 3 times
const rng = new Rng(SEED);
const cases = [];
const stats = {};
for (let idx = 0; idx < COUNT; idx++) {
  const focus = focusList[idx % focusList.length];
  let spec = null;
  for (let t = 0; t < 40 && !spec; t++) spec = buildSpec(focus, rng);
  if (!spec) throw new Error(`could not build a model around ${focus}`);
  const id = `json_${String(idx).padStart(3, '0')}`;
  const { text, wrap, layers } = await buildCase(spec, rng, id);
  for (const l of layers) stats[l.type] = (stats[l.type] ?? 0) + 1;
  cases.push({
    id, wrap, keras_json: text, input_shape: spec.input, layers,
    total: layers.reduce((a, l) => a + l.params, 0),
    trainable: layers.reduce((a, l) => a + l.trainable, 0),
    non_trainable: layers.reduce((a, l) => a + l.non_trainable, 0),
  });
}

const J = JSON.stringify;
const out = '[\n' + cases.map((c) => [
  '  {',
  `    "id": ${J(c.id)}, "wrap": ${J(c.wrap)},`,
  `    "keras_json": ${J(c.keras_json)},`,
  `    "input_shape": ${J(c.input_shape)},`,
  '    "layers": [',
  c.layers.map((l) => `      ${J(l)}`).join(',\n'),
  '    ],',
  `    "total": ${c.total}, "trainable": ${c.trainable}, "non_trainable": ${c.non_trainable}`,
  '  }',
].join('\n')).join(',\n') + '\n]\n';
writeFileSync(OUT, out);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
process.stderr.write(`wrote ${cases.length} cases, ${cases.reduce((a, c) => a + c.layers.length, 0)} layers to ` +
  `${path.relative(process.cwd(), OUT)} (${(out.length / 1024).toFixed(0)} KiB) in ${(ms / 1000).toFixed(2)} s\n`);
if (process.argv.includes('--stats')) for (const [k, v] of Object.entries(stats).sort()) process.stderr.write(`  ${k.padEnd(24)} ${v}\n`);
