#!/usr/bin/env node
// Generates tests/reference/keras_cases.json: Sequential Keras models written as Python
// code, each with the per-layer output shape and parameter counts that Keras'
// model.summary() reports.
//
// Numbers come from two places, recorded per layer as "source":
//   "tfjs"          - the layer was built with @tensorflow/tfjs (pure JS, CPU) and the
//                     numbers were read from the built layer (outputShape, countParams(),
//                     trainableWeights / nonTrainableWeights sizes).
//   "keras-formula" - tfjs cannot build the layer or gets it wrong (see TFJS_GAPS below),
//                     so the numbers come from Keras' documented formulas, implemented in
//                     `compute` functions below (each cites the Keras rule).
// Every tfjs-built layer is ALSO computed by the formulas and the script fails if the two
// disagree, so the formulas are checked against tfjs wherever tfjs is trustworthy.
//
// Deterministic: a seeded PRNG drives everything; running twice gives identical bytes.
//
// Usage:  npm ci --prefix tests && node tests/reference/generate_keras_cases.mjs
//         (options: --out FILE, --count N, --seed S)

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

// ---------------------------------------------------------------------------------------
// tfjs import (silence its "install tfjs-node" banner, which goes to console.log/warn)
// ---------------------------------------------------------------------------------------
for (const k of ['log', 'warn', 'info']) {
  const orig = console[k].bind(console);
  console[k] = (...a) => { const m = String(a[0] ?? ''); if (!/tfjs-node|^=+$|Orthogonal initializer/.test(m.trim())) orig(...a); };
}
const tf = await import('@tensorflow/tfjs');
await tf.setBackend('cpu');
const TL = tf.layers;

// ---------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------
const here = path.dirname(fileURLToPath(import.meta.url));
function opt(name, dflt) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}
const OUT = opt('--out', path.join(here, 'keras_cases.json'));
const COUNT_ARG = opt('--count', null);   // default: 6 cases per focus entry (see FOCUS)
const SEED = Number(opt('--seed', 20240611));
const MAX_LAYER_PARAMS = 120000;   // keep tfjs builds fast

// ---------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32)
// ---------------------------------------------------------------------------------------
class Rng {
  constructor(seed) { this.s = seed >>> 0; }
  next() {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo, hi) { return lo + Math.floor(this.next() * (hi - lo + 1)); }   // inclusive
  pick(a) { return a[Math.floor(this.next() * a.length)]; }
  chance(p) { return this.next() < p; }
  weighted(pairs) {   // [[value, weight], ...]
    const tot = pairs.reduce((s, p) => s + p[1], 0);
    let r = this.next() * tot;
    for (const [v, w] of pairs) { if ((r -= w) < 0) return v; }
    return pairs[pairs.length - 1][0];
  }
  shuffle(a) {
    const b = a.slice();
    for (let i = b.length - 1; i > 0; i--) { const j = Math.floor(this.next() * (i + 1)); [b[i], b[j]] = [b[j], b[i]]; }
    return b;
  }
}

// ---------------------------------------------------------------------------------------
// Python value model + rendering
// ---------------------------------------------------------------------------------------
const Tup = (...v) => ({ t: 'tuple', v });
const Lst = (...v) => ({ t: 'list', v });
const Str = (v) => ({ t: 'str', v });
const Bool = (v) => ({ t: 'bool', v });
const Flt = (v, s) => ({ t: 'float', v, s: s ?? String(v) });
const NONE = { t: 'none' };
const LayerVal = (spec) => ({ t: 'layer', spec });

function pyRepr(v, ctx) {
  if (v === null) return 'None';
  if (typeof v === 'number') return String(v);
  switch (v.t) {
    case 'tuple': return v.v.length === 1 ? `(${pyRepr(v.v[0], ctx)},)` : `(${v.v.map((x) => pyRepr(x, ctx)).join(', ')})`;
    case 'list': return `[${v.v.map((x) => pyRepr(x, ctx)).join(', ')}]`;
    case 'str': return ctx.q + v.v + ctx.q;
    case 'bool': return v.v ? 'True' : 'False';
    case 'float': return v.s;
    case 'none': return 'None';
    case 'layer': return renderLayer(v.spec, ctx, null);
    default: throw new Error('bad py value ' + JSON.stringify(v));
  }
}

// An int or a tuple/list of ints, styled the way people write kernel sizes etc.
function sizeVal(rng, vals, { allowInt = true } = {}) {
  const same = vals.every((x) => x === vals[0]);
  if (same && allowInt && rng.chance(0.6)) return vals[0];
  return rng.chance(0.8) ? Tup(...vals) : Lst(...vals);
}
// A shape for Input(shape=...)/input_shape=: tuple mostly, list sometimes.
function shapeVal(rng, shape) { return rng.chance(0.88) ? Tup(...shape) : Lst(...shape); }
// Pairs like ((1, 2), (0, 1)) for padding/cropping.
function pairsVal(rng, pairs) {
  const inner = pairs.map(([a, b]) => Tup(a, b));
  return rng.chance(0.85) ? Tup(...inner) : Lst(...inner.map((t) => Lst(...t.v)));
}

// ---------------------------------------------------------------------------------------
// Shape helpers + Keras formulas
// ---------------------------------------------------------------------------------------
const prod = (a) => a.reduce((p, x) => p * x, 1);
const known = (s) => s.every((d) => d !== null);
const validDims = (s) => s.every((d) => d === null || (Number.isInteger(d) && d >= 1));

// Keras conv_utils.conv_output_length (tf.keras 2) == keras 3 compute_conv_output_shape:
//   dilated = k + (k-1)*(d-1); valid: n - dilated + 1; same/causal: n; then ceil(len / stride).
function convLen(n, k, s, padding, d = 1) {
  if (n === null) return null;
  const dk = k + (k - 1) * (d - 1);
  const len = padding === 'valid' ? n - dk + 1 : n;   // 'same' and 'causal' keep n
  return Math.floor((len + s - 1) / s);
}
// Keras conv_utils.deconv_output_length (tf.keras 2) == keras 3
// compute_conv_transpose_output_shape (_get_output_shape_given_tf_padding):
//   k' = (k-1)*d + 1
//   no output_padding: valid -> n*s + max(k'-s, 0); same -> n*s
//   output_padding op: valid -> (n-1)*s + k' + op; same -> (n-1)*s + k' % 2 + op
function deconvLen(n, k, s, padding, op = null, d = 1) {
  if (n === null) return null;
  const kd = (k - 1) * d + 1;
  if (op === null) return padding === 'valid' ? n * s + Math.max(kd - s, 0) : n * s;
  return padding === 'valid' ? (n - 1) * s + kd + op : (n - 1) * s + (kd % 2) + op;
}
const res = (out, trainable, nonTrainable = 0) => ({ out, params: trainable + nonTrainable, trainable, nonTrainable });
function applyTrainableFlag(r, trainable) {
  // Keras: a layer built with trainable=False reports all its weights as non-trainable.
  return trainable ? r : { ...r, trainable: 0, nonTrainable: r.params };
}

// ---------------------------------------------------------------------------------------
// tfjs gaps (checked against tfjs 4.22 and the Keras source; see README.md)
// ---------------------------------------------------------------------------------------
const TFJS_GAPS = {
  gruResetAfter: 'tfjs throws on GRU reset_after=True (Keras default since TF 2: 2 bias vectors)',
  causal: 'tfjs treats padding="causal" as "valid" in shape inference',
  dilationIgnored: 'tfjs ignores dilation_rate in DepthwiseConv2D / Conv2DTranspose / Conv3DTranspose shapes',
  outputPadding: 'tfjs has no output_padding',
  groups: 'tfjs has no groups= on Conv layers',
  missing: 'layer class not in tfjs',
  keepdims: 'tfjs global pooling has no keepdims',
  reshapeInfer: 'tfjs Reshape never resolves -1 in its symbolic output shape (it checks the None batch dim)',
};

// ---------------------------------------------------------------------------------------
// Layer specs
//   spec = { kind, args: [{name, val, pos}], primary, compute(inShape), tfjs(extraCfg)|null,
//            gap (reason string when tfjs is null), trainable }
//   pos = Keras positional index of that argument (null: keyword only, or we choose to keep
//   it a keyword). An argument may be written positionally only if every argument before it
//   is, and its index in `args` equals `pos`.
// ---------------------------------------------------------------------------------------
function A(name, val, pos = null) { return { name, val, pos }; }
// Deterministic round-robin choices for focus layers (so every variant is covered).
const CYCLE = { n: {}, next(key, vals) { const i = this.n[key] ?? 0; this.n[key] = i + 1; return vals[i % vals.length]; } };

const ACTS = ['relu', 'relu', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus', 'linear', 'swish', 'gelu'];
const TFJS_ACTS = new Set(['relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus', 'linear', 'swish']);
const tfAct = (a) => (a == null ? undefined : TFJS_ACTS.has(a) ? a : 'linear');  // activation never changes shapes/params

function maybeActivation(rng, args, p = 0.5, pos = null) {
  if (!rng.chance(p)) return null;
  const a = rng.pick(ACTS);
  args.push(A('activation', Str(a), pos));
  return a;
}
function maybeName(rng, args, kind) {
  if (rng.chance(0.08)) args.push(A('name', Str(kind.toLowerCase() + '_' + rng.int(1, 9))));
}
function maybeTrainableFalse(rng, args) {
  if (rng.chance(0.03)) { args.push(A('trainable', Bool(false))); return false; }
  return true;
}

function spec(kind, o) {
  return { kind, args: o.args ?? [], primary: o.primary ?? 0, compute: o.compute, tfjs: o.tfjs ?? null, gap: o.gap ?? null, trainable: o.trainable ?? true, alias: o.alias ?? null };
}

// ---- Dense -------------------------------------------------------------------------------
function genDense(shape, rng, o = {}) {
  const F = shape[shape.length - 1];
  if (F === null || shape.length < 1) return null;
  const units = o.units ?? rng.pick([1, 2, 4, 8, 10, 16, 32, 64, 128]);
  const args = [A('units', units, 0)];
  const act = maybeActivation(rng, args, 0.6, 1);
  let useBias = true;
  if (rng.chance(0.12)) { useBias = false; args.push(A('use_bias', Bool(false))); }
  maybeName(rng, args, 'dense');
  const trainable = maybeTrainableFalse(rng, args);
  // Keras Dense: kernel (in, units) on the last axis, bias (units,). Output: shape[:-1] + (units,)
  const compute = (s) => applyTrainableFlag(res([...s.slice(0, -1), units], s[s.length - 1] * units + (useBias ? units : 0)), trainable);
  return spec('Dense', { args, primary: 1, compute, trainable,
    tfjs: (x) => TL.dense({ units, activation: tfAct(act), useBias, trainable, kernelInitializer: 'zeros', ...x }) });
}

// ---- Conv1D/2D/3D (+ causal, groups) -------------------------------------------------------
const CONV_FACTORY = { 1: 'conv1d', 2: 'conv2d', 3: 'conv3d' };
function genConv(nd, shape, rng, o = {}) {
  if (shape.length !== nd + 1) return null;
  const C = shape[nd];
  if (C === null) return null;
  if (nd > 1 && !known(shape)) return null;
  let groups = 1;
  if (o.groups) {
    const divs = []; for (let g = 2; g <= C; g++) if (C % g === 0) divs.push(g);
    if (!divs.length) return null;
    groups = rng.pick(divs);
  }
  const filters = groups > 1 ? groups * rng.pick([1, 2, 4]) : rng.pick(nd === 3 ? [2, 4, 8] : [4, 8, 16, 32, 64]);
  const kchoices = nd === 1 ? [1, 2, 3, 5, 7] : nd === 2 ? [1, 2, 3, 3, 5] : [1, 2, 3];
  const k = rng.chance(0.8) ? Array(nd).fill(rng.pick(kchoices)) : Array.from({ length: nd }, () => rng.pick(kchoices));
  let padding = o.causal ? 'causal' : rng.pick(['valid', 'same']);
  const mode = rng.weighted([['plain', 5], ['strides', 3], ['dilation', 2]]);
  const strides = mode === 'strides' ? Array(nd).fill(rng.pick([2, 2, 3])) : Array(nd).fill(1);
  const dil = mode === 'dilation' ? Array(nd).fill(rng.pick([2, 3])) : Array(nd).fill(1);
  const args = [A('filters', filters, 0), A('kernel_size', sizeVal(rng, k), 1)];
  const paddingWritten = padding !== 'valid' || rng.chance(0.4);
  if (mode === 'strides') args.push(A('strides', sizeVal(rng, strides), 2));
  else if (paddingWritten && rng.chance(0.15)) args.push(A('strides', sizeVal(rng, strides), 2));
  if (paddingWritten) args.push(A('padding', Str(padding), 3));
  if (mode === 'dilation') args.push(A('dilation_rate', sizeVal(rng, dil)));
  if (groups > 1) args.push(A('groups', groups));
  const act = maybeActivation(rng, args, 0.6);
  let useBias = true;
  if (rng.chance(0.12)) { useBias = false; args.push(A('use_bias', Bool(false))); }
  maybeName(rng, args, 'conv');
  const trainable = maybeTrainableFalse(rng, args);
  // Keras Conv: kernel k... x (in/groups) x filters, bias (filters,); out spatial = conv_output_length
  const compute = (s) => {
    const sp = s.slice(0, nd).map((n, i) => convLen(n, k[i], strides[i], padding, dil[i]));
    return applyTrainableFlag(res([...sp, filters], prod(k) * (s[nd] / groups) * filters + (useBias ? filters : 0)), trainable);
  };
  const kind = `Conv${nd}D`;
  if (padding === 'causal') return spec(kind, { args, primary: 2, compute, trainable, gap: TFJS_GAPS.causal });
  if (groups > 1) return spec(kind, { args, primary: 2, compute, trainable, gap: TFJS_GAPS.groups });
  const cfg = { filters, kernelSize: k, strides, padding, dilationRate: nd === 1 ? dil[0] : dil, activation: tfAct(act), useBias, trainable, kernelInitializer: 'zeros' };
  return spec(kind, { args, primary: 2, compute, trainable, tfjs: (x) => TL[CONV_FACTORY[nd]]({ ...cfg, ...x }) });
}

// ---- Conv1DTranspose/2D/3D ----------------------------------------------------------------
function genConvT(nd, shape, rng, o = {}) {
  if (shape.length !== nd + 1 || !known(shape)) return null;
  const C = shape[nd];
  const filters = rng.pick(nd === 3 ? [2, 4, 8] : [4, 8, 16, 32]);
  const kchoices = nd === 3 ? [2, 3] : [2, 3, 4, 5];
  const k = rng.chance(0.85) ? Array(nd).fill(rng.pick(kchoices)) : Array.from({ length: nd }, () => rng.pick(kchoices));
  const padding = rng.pick(['valid', 'same']);
  // dilation only for Conv2DTranspose: tf.keras 2's Conv3DTranspose.call never passes
  // dilation_rate to tf.nn.conv3d_transpose, so dilated 3D (and 1D) transposes are avoided.
  const mode = o.mode ?? rng.weighted([['plain', 2], ['strides', 5], ['outpad', 2], ['dilation', nd === 2 ? 1 : 0]]);
  const s = mode === 'strides' || mode === 'outpad' ? rng.pick([2, 2, 3]) : 1;
  const strides = Array(nd).fill(s);
  const dil = mode === 'dilation' ? Array(nd).fill(2) : Array(nd).fill(1);
  let op = null;
  if (mode === 'outpad') op = Array.from({ length: nd }, () => rng.int(0, s - 1));  // Keras requires output_padding < stride
  const args = [A('filters', filters, 0), A('kernel_size', sizeVal(rng, k), 1)];
  if (s > 1 || rng.chance(0.1)) args.push(A('strides', sizeVal(rng, strides), 2));
  if (padding === 'same' || rng.chance(0.3)) args.push(A('padding', Str(padding), 3));
  if (op) args.push(A('output_padding', sizeVal(rng, op)));
  if (mode === 'dilation') args.push(A('dilation_rate', sizeVal(rng, dil)));
  const act = maybeActivation(rng, args, 0.5);
  let useBias = true;
  if (rng.chance(0.1)) { useBias = false; args.push(A('use_bias', Bool(false))); }
  maybeName(rng, args, 'deconv');
  // Keras ConvTranspose: kernel k... x filters x in, bias (filters,); out = deconv_output_length
  const compute = (sh) => res([...sh.slice(0, nd).map((n, i) => deconvLen(n, k[i], strides[i], padding, op ? op[i] : null, dil[i])), filters],
    prod(k) * sh[nd] * filters + (useBias ? filters : 0));
  const kind = `Conv${nd}DTranspose`;
  if (nd === 1) return spec(kind, { args, primary: 2, compute, gap: TFJS_GAPS.missing });
  if (op) return spec(kind, { args, primary: 2, compute, gap: TFJS_GAPS.outputPadding });
  if (mode === 'dilation') return spec(kind, { args, primary: 2, compute, gap: TFJS_GAPS.dilationIgnored });
  const fn = nd === 2 ? 'conv2dTranspose' : 'conv3dTranspose';
  return spec(kind, { args, primary: 2, compute,
    tfjs: (x) => TL[fn]({ filters, kernelSize: k, strides, padding, activation: tfAct(act), useBias, kernelInitializer: 'zeros', ...x }) });
}

// ---- DepthwiseConv2D ----------------------------------------------------------------------
function genDepthwise(shape, rng) {
  if (shape.length !== 3 || !known(shape)) return null;
  const C = shape[2];
  const k = rng.chance(0.85) ? Array(2).fill(rng.pick([3, 3, 5, 1, 2])) : [rng.pick([1, 3]), rng.pick([3, 5])];
  const padding = rng.pick(['valid', 'same']);
  const mode = rng.weighted([['plain', 4], ['strides', 3], ['dilation', 2]]);
  const strides = mode === 'strides' ? Array(2).fill(2) : [1, 1];
  const dil = mode === 'dilation' ? Array(2).fill(2) : [1, 1];
  const dm = rng.chance(0.5) ? rng.pick([2, 3, 4]) : 1;
  const args = [A('kernel_size', sizeVal(rng, k), 0)];
  if (mode === 'strides') args.push(A('strides', sizeVal(rng, strides), 1));
  if (padding === 'same' || rng.chance(0.3)) args.push(A('padding', Str(padding), 2));
  if (dm > 1 || rng.chance(0.1)) args.push(A('depth_multiplier', dm));
  if (mode === 'dilation') args.push(A('dilation_rate', sizeVal(rng, dil)));
  const act = maybeActivation(rng, args, 0.4);
  let useBias = true;
  if (rng.chance(0.15)) { useBias = false; args.push(A('use_bias', Bool(false))); }
  // Keras DepthwiseConv2D: depthwise kernel kh x kw x in x dm, bias (in*dm,)
  const compute = (s) => res([convLen(s[0], k[0], strides[0], padding, dil[0]), convLen(s[1], k[1], strides[1], padding, dil[1]), s[2] * dm],
    k[0] * k[1] * s[2] * dm + (useBias ? s[2] * dm : 0));
  if (mode === 'dilation') return spec('DepthwiseConv2D', { args, primary: 1, compute, gap: TFJS_GAPS.dilationIgnored });
  return spec('DepthwiseConv2D', { args, primary: 1, compute,
    tfjs: (x) => TL.depthwiseConv2d({ kernelSize: k, strides, padding, depthMultiplier: dm, activation: tfAct(act), useBias, depthwiseInitializer: 'zeros', ...x }) });
}

// ---- SeparableConv1D/2D -------------------------------------------------------------------
function genSeparable(nd, shape, rng) {
  if (shape.length !== nd + 1 || shape[nd] === null) return null;
  if (nd === 2 && !known(shape)) return null;
  const filters = rng.pick([4, 8, 16, 32, 64]);
  const k = Array(nd).fill(rng.pick(nd === 1 ? [3, 5, 2] : [3, 3, 5, 2]));
  const padding = rng.pick(['valid', 'same']);
  const mode = rng.weighted([['plain', 4], ['strides', 3], ['dilation', 1]]);
  const strides = Array(nd).fill(mode === 'strides' ? 2 : 1);
  const dil = Array(nd).fill(mode === 'dilation' ? 2 : 1);
  const dm = rng.chance(0.35) ? rng.pick([2, 3]) : 1;
  const args = [A('filters', filters, 0), A('kernel_size', sizeVal(rng, k), 1)];
  if (mode === 'strides') args.push(A('strides', sizeVal(rng, strides), 2));
  if (padding === 'same' || rng.chance(0.3)) args.push(A('padding', Str(padding), mode === 'strides' ? 3 : null));
  if (mode === 'dilation') args.push(A('dilation_rate', sizeVal(rng, dil)));
  if (dm > 1) args.push(A('depth_multiplier', dm));
  const act = maybeActivation(rng, args, 0.5);
  let useBias = true;
  if (rng.chance(0.12)) { useBias = false; args.push(A('use_bias', Bool(false))); }
  // Keras SeparableConv: depthwise k... x in x dm, pointwise 1.. x in*dm x filters, bias (filters,)
  const compute = (s) => res([...s.slice(0, nd).map((n, i) => convLen(n, k[i], strides[i], padding, dil[i])), filters],
    prod(k) * s[nd] * dm + s[nd] * dm * filters + (useBias ? filters : 0));
  const kind = `SeparableConv${nd}D`;
  if (nd === 1) return spec(kind, { args, primary: 2, compute, gap: TFJS_GAPS.missing });
  return spec(kind, { args, primary: 2, compute,
    tfjs: (x) => TL.separableConv2d({ filters, kernelSize: k, strides, padding, dilationRate: dil, depthMultiplier: dm, activation: tfAct(act), useBias, depthwiseInitializer: 'zeros', pointwiseInitializer: 'zeros', ...x }) });
}

// ---- Normalization ------------------------------------------------------------------------
function genBatchNorm(shape, rng) {
  let axis = -1;
  if (shape.length >= 2 && rng.chance(0.08) && shape[0] !== null) axis = 1;
  const C = axis === -1 ? shape[shape.length - 1] : shape[0];
  if (C === null) return null;
  const center = rng.chance(0.85), scale = rng.chance(0.85);
  const args = [];
  if (axis !== -1) args.push(A('axis', axis));
  if (rng.chance(0.2)) args.push(A('momentum', Flt(0.9, rng.pick(['0.9', '0.99']))));
  if (rng.chance(0.15)) args.push(A('epsilon', Flt(1e-3, rng.pick(['1e-3', '0.001', '1e-5']))));
  if (!center || rng.chance(0.1)) args.push(A('center', Bool(center)));
  if (!scale || rng.chance(0.1)) args.push(A('scale', Bool(scale)));
  maybeName(rng, args, 'bn');
  const trainable = maybeTrainableFalse(rng, args);
  // Keras BatchNormalization: gamma (if scale) + beta (if center) trainable,
  // moving_mean + moving_variance non-trainable; all of size C = shape[axis].
  const compute = (s) => {
    const c = axis === -1 ? s[s.length - 1] : s[axis - 1];
    return applyTrainableFlag(res(s.slice(), c * ((center ? 1 : 0) + (scale ? 1 : 0)), 2 * c), trainable);
  };
  return spec('BatchNormalization', { args, compute, trainable,
    tfjs: (x) => TL.batchNormalization({ axis, center, scale, trainable, ...x }) });
}
function genLayerNorm(shape, rng) {
  const C = shape[shape.length - 1];
  if (C === null) return null;
  const center = rng.chance(0.85), scale = rng.chance(0.85);
  const args = [];
  if (rng.chance(0.2)) args.push(A('epsilon', Flt(1e-6, rng.pick(['1e-6', '1e-5', '0.001']))));
  if (!center || rng.chance(0.1)) args.push(A('center', Bool(center)));
  if (!scale || rng.chance(0.1)) args.push(A('scale', Bool(scale)));
  // Keras LayerNormalization (axis=-1): gamma + beta of size shape[-1]
  const compute = (s) => res(s.slice(), s[s.length - 1] * ((center ? 1 : 0) + (scale ? 1 : 0)));
  return spec('LayerNormalization', { args, compute, tfjs: (x) => TL.layerNormalization({ center, scale, ...x }) });
}

// ---- Embedding ----------------------------------------------------------------------------
function genEmbedding(shape, rng) {
  if (shape.length !== 1) return null;
  const inputDim = rng.pick([20, 50, 100, 1000, 5000, 10000]);
  const outputDim = rng.pick(inputDim >= 5000 ? [4, 8] : [8, 16, 32, 64]);
  const args = [A('input_dim', inputDim, 0), A('output_dim', outputDim, 1)];
  const maskZero = rng.chance(0.4);
  if (maskZero) args.push(A('mask_zero', Bool(true)));
  // Keras Embedding: embeddings (input_dim, output_dim); out = input shape + (output_dim,)
  const compute = (s) => res([...s, outputDim], inputDim * outputDim);
  return spec('Embedding', { args, primary: 2, compute,
    tfjs: (x) => TL.embedding({ inputDim, outputDim, maskZero, embeddingsInitializer: 'zeros', ...x }) });
}

// ---- Recurrent ----------------------------------------------------------------------------
// Keras parameter counts (in = input features, u = units):
//   SimpleRNN: u*in + u*u + u
//   LSTM:      4*(u*in + u*u + u)
//   GRU:       3*(u*in + u*u + u)   reset_after=False
//              3*(u*in + u*u + 2u)  reset_after=True (Keras default since TF 2.0: separate
//                                   input and recurrent biases, bias shape (2, 3u))
function genRNN(kind, shape, rng, o = {}) {
  if (shape.length !== 2 || shape[1] === null) return null;
  const units = o.units ?? rng.pick([4, 8, 16, 32, 32, 64]);
  const rs = o.returnSequences ?? rng.chance(0.5);
  const args = [A('units', units, 0)];
  if (rng.chance(0.15)) args.push(A('activation', Str(rng.pick(['tanh', 'relu']))));
  if (rs) args.push(A('return_sequences', Bool(true)));
  else if (rng.chance(0.1)) args.push(A('return_sequences', Bool(false)));
  if (rng.chance(0.15)) args.push(A('dropout', Flt(0.2, rng.pick(['0.2', '0.1', '0.25']))));
  if (rng.chance(0.1)) args.push(A('recurrent_dropout', Flt(0.1, '0.1')));
  let resetAfter = true;
  if (kind === 'GRU') {
    const ra = o.resetAfter ?? (o.focus ? CYCLE.next('gru', ['default', true, false]) : rng.weighted([['default', 4], [true, 2], [false, 3]]));
    if (ra !== 'default') { resetAfter = ra; args.push(A('reset_after', Bool(ra))); }
  }
  if (!o.inner) maybeName(rng, args, kind);
  const gates = kind === 'LSTM' ? 4 : kind === 'GRU' ? 3 : 1;
  const biasPerGate = kind === 'GRU' && resetAfter ? 2 : 1;
  const compute = (s) => res(rs ? [s[0], units] : [units], gates * (units * s[1] + units * units + biasPerGate * units));
  const fn = { SimpleRNN: 'simpleRNN', LSTM: 'lstm', GRU: 'gru' }[kind];
  const cfg = { units, returnSequences: rs, kernelInitializer: 'zeros', recurrentInitializer: 'zeros' };
  if (kind === 'GRU' && resetAfter) return spec(kind, { args, primary: 1, compute, gap: TFJS_GAPS.gruResetAfter });
  return spec(kind, { args, primary: 1, compute, tfjs: (x) => TL[fn]({ ...cfg, ...x }) });
}

function genBidirectional(shape, rng, o = {}) {
  if (shape.length !== 2 || shape[1] === null) return null;
  const innerKind = o.innerKind ?? rng.weighted([['LSTM', 5], ['GRU', 3], ['SimpleRNN', 1]]);
  const inner = genRNN(innerKind, shape, rng, { inner: true, units: rng.pick([4, 8, 16, 32]), returnSequences: o.returnSequences });
  // focus cases cycle through every merge mode so all are covered
  const mm = o.focus ? CYCLE.next('merge', ['default', 'sum', 'mul', 'ave', 'concat'])
    : rng.weighted([['default', 4], ['concat', 2], ['sum', 2], ['mul', 2], ['ave', 2]]);
  const mergeMode = mm === 'default' ? 'concat' : mm;
  const args = [A('layer', LayerVal(inner), 0)];
  if (mm !== 'default') args.push(A('merge_mode', Str(mm)));
  // Keras Bidirectional: forward + backward copies (2x params); concat doubles the last dim,
  // sum/mul/ave keep it.
  const compute = (s) => {
    const r = inner.compute(s);
    const out = r.out.slice();
    if (mergeMode === 'concat') out[out.length - 1] *= 2;
    return res(out, 2 * r.trainable, 2 * r.nonTrainable);
  };
  if (!inner.tfjs) return spec('Bidirectional', { args, primary: 1, compute, gap: inner.gap, inner });
  return spec('Bidirectional', { args, primary: 1, compute, inner,
    tfjs: (x) => TL.bidirectional({ layer: inner.tfjs({}), mergeMode, ...x }) });
}

function genTimeDistributed(shape, rng) {
  if (shape.length < 2 || !known(shape.slice(1))) return null;
  const innerShape = shape.slice(1);
  let inner = null;
  const r = innerShape.length;
  const choices = r === 1 ? ['Dense'] : r === 2 ? ['Dense', 'Conv1D', 'MaxPooling1D', 'Flatten', 'GlobalAveragePooling1D']
    : r === 3 ? ['Conv2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'GlobalAveragePooling2D', 'Dense'] : ['Dense', 'Flatten'];
  for (let t = 0; t < 10 && !inner; t++) {
    const kind = rng.pick(choices);
    inner = GEN[kind](innerShape, rng, { inner: true });
    if (inner && !checkSpec(inner, innerShape)) inner = null;
  }
  if (!inner) return null;
  const args = [A('layer', LayerVal(inner), 0)];
  // Keras TimeDistributed: applies the inner layer to every slice along axis 1;
  // out = (T,) + inner output; params = inner params.
  const compute = (s) => { const ri = inner.compute(s.slice(1)); return { ...ri, out: [s[0], ...ri.out] }; };
  if (!inner.tfjs) return spec('TimeDistributed', { args, primary: 1, compute, gap: inner.gap, inner });
  return spec('TimeDistributed', { args, primary: 1, compute, inner, tfjs: (x) => TL.timeDistributed({ layer: inner.tfjs({}), ...x }) });
}

// ---- Pooling ------------------------------------------------------------------------------
const POOL_ALIAS = { MaxPooling: 'MaxPool', AveragePooling: 'AvgPool' };
function genPool(base, nd, shape, rng) {
  if (shape.length !== nd + 1 || shape[nd] === null) return null;
  if (nd > 1 && !known(shape)) return null;
  const p = rng.chance(0.8) ? Array(nd).fill(rng.pick(nd === 3 ? [2, 2, 3] : [2, 2, 2, 3, 4])) : Array.from({ length: nd }, () => rng.pick([1, 2, 3]));
  const padding = rng.weighted([['valid', 3], ['same', 2]]);
  const stridesGiven = rng.chance(0.35);
  const strides = stridesGiven ? Array(nd).fill(rng.pick([1, 2, 3])) : p.slice();   // Keras: strides=None -> pool_size
  const args = [];
  const omitPool = p.every((x) => x === 2) && rng.chance(0.25);   // pool_size default is 2
  if (!omitPool) args.push(A('pool_size', sizeVal(rng, p), 0));
  if (stridesGiven) args.push(A('strides', sizeVal(rng, strides), 1));
  if (padding === 'same' || rng.chance(0.25)) args.push(A('padding', Str(padding), 2));
  // Keras Pooling: out = conv_output_length(n, pool, stride, padding)
  const compute = (s) => res([...s.slice(0, nd).map((n, i) => convLen(n, p[i], strides[i], padding)), s[nd]], 0);
  const kind = `${base}${nd}D`;
  const fn = { MaxPooling: 'maxPooling', AveragePooling: 'averagePooling' }[base] + nd + 'd';
  const alias = rng.chance(0.15) ? `${POOL_ALIAS[base]}${nd}D` : null;
  return spec(kind, { args, primary: 1, compute, alias,
    tfjs: (x) => TL[fn]({ poolSize: nd === 1 ? p[0] : p, strides: nd === 1 ? strides[0] : strides, padding, ...x }) });
}
function genGlobalPool(base, nd, shape, rng) {
  if (shape.length !== nd + 1 || shape[nd] === null) return null;
  const keepdims = rng.chance(0.12);
  const args = keepdims ? [A('keepdims', Bool(true))] : [];
  // Keras GlobalPooling: out = (C,), or (1,)*nd + (C,) with keepdims=True
  const compute = (s) => res(keepdims ? [...Array(nd).fill(1), s[nd]] : [s[nd]], 0);
  const kind = `Global${base}${nd}D`;
  const alias = rng.chance(0.15) ? `Global${POOL_ALIAS[base]}${nd}D` : null;
  if (nd === 3) return spec(kind, { args, compute, alias, gap: TFJS_GAPS.missing });
  if (keepdims) return spec(kind, { args, compute, alias, gap: TFJS_GAPS.keepdims });
  const fn = `global${base}${nd}d`;
  return spec(kind, { args, compute, alias, tfjs: (x) => TL[fn]({ ...x }) });
}

// ---- Shape-only layers --------------------------------------------------------------------
function genFlatten(shape, rng) {
  if (!known(shape)) return null;
  // Keras Flatten: (prod(shape),)
  return spec('Flatten', { compute: (s) => res([prod(s)], 0), tfjs: (x) => TL.flatten({ ...x }) });
}
function genReshape(shape, rng) {
  if (!known(shape)) return null;
  const N = prod(shape);
  const divs = []; for (let d = 1; d <= N; d++) if (N % d === 0) divs.push(d);
  const r = rng.pick([1, 2, 2, 3]);
  let target;
  if (r === 1) target = [N];
  else if (r === 2) { const a = rng.pick(divs); target = [a, N / a]; }
  else {
    const a = rng.pick(divs); const rest = N / a;
    const d2 = divs.filter((d) => rest % d === 0); const b = rng.pick(d2); target = [a, b, rest / b];
  }
  const written = target.slice();
  if (rng.chance(0.3)) written[rng.int(0, written.length - 1)] = -1;
  const args = [A('target_shape', rng.chance(0.85) ? Tup(...written) : Lst(...written), 0)];
  // Keras Reshape: target_shape with one -1 inferred from the element count
  const compute = (s) => {
    const tot = prod(s), kn = prod(written.filter((d) => d !== -1));
    return res(written.map((d) => (d === -1 ? tot / kn : d)), 0);
  };
  if (written.includes(-1)) return spec('Reshape', { args, primary: 1, compute, gap: TFJS_GAPS.reshapeInfer });
  return spec('Reshape', { args, primary: 1, compute, tfjs: (x) => TL.reshape({ targetShape: written, ...x }) });
}
function genPermute(shape, rng) {
  const r = shape.length;
  if (r < 2 || !known(shape)) return null;
  let dims;
  do { dims = rng.shuffle(Array.from({ length: r }, (_, i) => i + 1)); } while (dims.every((d, i) => d === i + 1));
  const args = [A('dims', rng.chance(0.85) ? Tup(...dims) : Lst(...dims), 0)];
  // Keras Permute: out[i] = in[dims[i]-1] (dims are 1-based, batch excluded)
  return spec('Permute', { args, primary: 1, compute: (s) => res(dims.map((d) => s[d - 1]), 0), tfjs: (x) => TL.permute({ dims, ...x }) });
}
function genRepeatVector(shape, rng) {
  if (shape.length !== 1 || shape[0] === null) return null;
  const n = rng.int(2, 12);
  // Keras RepeatVector: (F,) -> (n, F)
  return spec('RepeatVector', { args: [A('n', n, 0)], primary: 1, compute: (s) => res([n, s[0]], 0), tfjs: (x) => TL.repeatVector({ n, ...x }) });
}
const RATES = [['0.1', 0.1], ['0.2', 0.2], ['0.25', 0.25], ['0.3', 0.3], ['0.5', 0.5], ['.5', 0.5], ['0.4', 0.4]];
function genDropout(shape, rng) {
  const [s, v] = rng.pick(RATES);
  return spec('Dropout', { args: [A('rate', Flt(v, s), 0)], primary: 1, compute: (x) => res(x.slice(), 0), tfjs: (x) => TL.dropout({ rate: v, ...x }) });
}
function genSpatialDropout(nd, shape, rng) {
  if (shape.length !== nd + 1) return null;
  const [s, v] = rng.pick(RATES);
  const compute = (x) => res(x.slice(), 0);   // Keras SpatialDropoutND: identity shape, no weights
  const kind = `SpatialDropout${nd}D`;
  const args = [A('rate', Flt(v, s), 0)];
  if (nd === 1) return spec(kind, { args, primary: 1, compute, tfjs: (x) => TL.spatialDropout1d({ rate: v, ...x }) });
  return spec(kind, { args, primary: 1, compute, gap: TFJS_GAPS.missing });
}
function genActivation(shape, rng) {
  const a = rng.pick(ACTS);
  return spec('Activation', { args: [A('activation', Str(a), 0)], primary: 1, compute: (x) => res(x.slice(), 0), tfjs: (x) => TL.activation({ activation: tfAct(a), ...x }) });
}
function genReLU(shape, rng) {
  const args = [];
  let maxValue;
  if (rng.chance(0.4)) { const [s, v] = rng.pick([['6.0', 6], ['6', 6], ['1.0', 1]]); maxValue = v; args.push(A('max_value', Flt(v, s))); }
  if (rng.chance(0.1)) args.push(A('threshold', Flt(0, '0.0')));
  return spec('ReLU', { args, compute: (x) => res(x.slice(), 0), tfjs: (x) => TL.reLU({ maxValue, ...x }) });
}
function genLeakyReLU(shape, rng) {
  const args = [];
  let alpha;
  if (rng.chance(0.65)) {
    const [s, v] = rng.pick([['0.1', 0.1], ['0.2', 0.2], ['0.01', 0.01], ['0.3', 0.3]]);
    alpha = v;
    args.push(A('alpha', Flt(v, s)));   // written as negative_slope= in Keras 3 style code
  }
  return spec('LeakyReLU', { args, compute: (x) => res(x.slice(), 0), tfjs: (x) => TL.leakyReLU({ alpha, ...x }) });
}
function genPReLU(shape, rng) {
  if (!known(shape)) return null;
  const r = shape.length;
  let shared = null;
  if (r >= 2 && rng.chance(0.85)) {
    const cand = Array.from({ length: r }, (_, i) => i + 1);
    shared = rng.chance(0.7) ? cand.slice(0, r - 1) : rng.shuffle(cand).slice(0, rng.int(1, r - 1)).sort((a, b) => a - b);
  }
  const args = shared ? [A('shared_axes', rng.chance(0.7) ? Lst(...shared) : Tup(...shared))] : [];
  // Keras PReLU: alpha has the input shape with every shared axis (1-based) set to 1
  const compute = (s) => res(s.slice(), prod(s.map((d, i) => (shared && shared.includes(i + 1) ? 1 : d))));
  return spec('PReLU', { args, compute, tfjs: (x) => TL.prelu({ sharedAxes: shared ?? undefined, alphaInitializer: 'zeros', ...x }) });
}
function genELU(shape, rng) {
  const args = [];
  let alpha;
  if (rng.chance(0.5)) { const [s, v] = rng.pick([['1.0', 1], ['0.5', 0.5]]); alpha = v; args.push(A('alpha', Flt(v, s))); }
  // tfjs ELU only accepts alpha=1; alpha never changes shapes or counts, so it is not passed.
  return spec('ELU', { args, compute: (x) => res(x.slice(), 0), tfjs: (x) => TL.elu({ ...x }) });
}
function genSoftmax(shape, rng) {
  const args = rng.chance(0.3) ? [A('axis', -1)] : [];
  return spec('Softmax', { args, compute: (x) => res(x.slice(), 0), tfjs: (x) => TL.softmax({ axis: -1, ...x }) });
}
function genMasking(shape, rng) {
  const args = rng.chance(0.6) ? [A('mask_value', Flt(0, rng.pick(['0.0', '0.', '-1.0'])), 0)] : [];
  return spec('Masking', { args, primary: 1, compute: (x) => res(x.slice(), 0), tfjs: (x) => TL.masking({ maskValue: 0, ...x }) });
}

// ---- Padding / cropping / upsampling -----------------------------------------------------
function genZeroPadding(nd, shape, rng) {
  if (shape.length !== nd + 1) return null;
  if (nd > 1 && !known(shape)) return null;
  const style = rng.weighted([['int', 3], ['sym', 2], ['pairs', 2]]);
  let pairs, val;
  if (nd === 1) {
    if (style === 'int') { const p = rng.int(1, 3); pairs = [[p, p]]; val = p; }
    else { const a = rng.int(0, 3), b = rng.int(1, 3); pairs = [[a, b]]; val = rng.chance(0.85) ? Tup(a, b) : Lst(a, b); }
  } else if (style === 'int') { const p = rng.int(1, 3); pairs = Array(nd).fill([p, p]); val = p; }
  else if (style === 'sym') { const ps = Array.from({ length: nd }, () => rng.int(0, 3)); if (ps.every((x) => x === 0)) ps[0] = 1; pairs = ps.map((p) => [p, p]); val = sizeVal(rng, ps, { allowInt: false }); }
  else { pairs = Array.from({ length: nd }, () => [rng.int(0, 3), rng.int(0, 3)]); pairs[0][1] = Math.max(pairs[0][1], 1); val = pairsVal(rng, pairs); }
  const args = [A('padding', val, 0)];
  // Keras ZeroPaddingND: each spatial dim grows by left + right padding
  const compute = (s) => res([...s.slice(0, nd).map((n, i) => (n === null ? null : n + pairs[i][0] + pairs[i][1])), s[nd]], 0);
  const kind = `ZeroPadding${nd}D`;
  if (nd !== 2) return spec(kind, { args, primary: 1, compute, gap: TFJS_GAPS.missing });
  return spec(kind, { args, primary: 1, compute, tfjs: (x) => TL.zeroPadding2d({ padding: pairs, ...x }) });
}
function genCropping(nd, shape, rng) {
  if (shape.length !== nd + 1 || !known(shape)) return null;
  const style = rng.weighted([['int', 2], ['sym', 2], ['pairs', 3]]);
  let pairs, val;
  if (nd === 1) {
    if (style === 'int') { const p = rng.int(1, 3); pairs = [[p, p]]; val = p; }
    else { const a = rng.int(0, 3), b = rng.int(1, 3); pairs = [[a, b]]; val = rng.chance(0.85) ? Tup(a, b) : Lst(a, b); }
  } else if (style === 'int') { const p = rng.int(1, 3); pairs = Array(nd).fill([p, p]); val = p; }
  else if (style === 'sym') { const ps = Array.from({ length: nd }, () => rng.int(0, 3)); if (ps.every((x) => x === 0)) ps[0] = 1; pairs = ps.map((p) => [p, p]); val = sizeVal(rng, ps, { allowInt: false }); }
  else { pairs = Array.from({ length: nd }, () => [rng.int(0, 3), rng.int(0, 3)]); pairs[0][1] = Math.max(pairs[0][1], 1); val = pairsVal(rng, pairs); }
  const args = [A('cropping', val, 0)];
  // Keras CroppingND: each spatial dim shrinks by left + right cropping (must stay > 0)
  const compute = (s) => res([...s.slice(0, nd).map((n, i) => n - pairs[i][0] - pairs[i][1]), s[nd]], 0);
  const kind = `Cropping${nd}D`;
  if (nd !== 2) return spec(kind, { args, primary: 1, compute, gap: TFJS_GAPS.missing });
  return spec(kind, { args, primary: 1, compute, tfjs: (x) => TL.cropping2D({ cropping: pairs, ...x }) });
}
function genUpSampling(nd, shape, rng) {
  if (shape.length !== nd + 1) return null;
  if (nd > 1 && !known(shape)) return null;
  const sz = rng.chance(0.75) ? Array(nd).fill(rng.pick([2, 2, 3])) : Array.from({ length: nd }, () => rng.pick([1, 2, 3]));
  const args = [];
  if (!(sz.every((x) => x === 2) && rng.chance(0.3))) args.push(A('size', nd === 1 ? sz[0] : sizeVal(rng, sz), 0));
  let interpolation = 'nearest';
  if (nd === 2 && rng.chance(0.25)) { interpolation = 'bilinear'; args.push(A('interpolation', Str('bilinear'))); }
  // Keras UpSamplingND: each spatial dim multiplied by size
  const compute = (s) => res([...s.slice(0, nd).map((n, i) => (n === null ? null : n * sz[i])), s[nd]], 0);
  const kind = `UpSampling${nd}D`;
  if (nd !== 2) return spec(kind, { args, primary: 1, compute, gap: TFJS_GAPS.missing });
  return spec(kind, { args, primary: 1, compute, tfjs: (x) => TL.upSampling2d({ size: sz, interpolation, ...x }) });
}

// ---------------------------------------------------------------------------------------
// Generator registry (name -> (shape, rng, opts) => spec | null)
// ---------------------------------------------------------------------------------------
const GEN = {
  Dense: (s, r, o) => genDense(s, r, o),
  Conv1D: (s, r, o) => genConv(1, s, r, o), Conv2D: (s, r, o) => genConv(2, s, r, o), Conv3D: (s, r, o) => genConv(3, s, r, o),
  Conv1DCausal: (s, r) => genConv(1, s, r, { causal: true }),
  Conv1DGroups: (s, r) => genConv(1, s, r, { groups: true }), Conv2DGroups: (s, r) => genConv(2, s, r, { groups: true }), Conv3DGroups: (s, r) => genConv(3, s, r, { groups: true }),
  Conv1DTranspose: (s, r) => genConvT(1, s, r), Conv2DTranspose: (s, r) => genConvT(2, s, r), Conv3DTranspose: (s, r) => genConvT(3, s, r),
  Conv2DTransposeOutPad: (s, r) => genConvT(2, s, r, { mode: 'outpad' }), Conv3DTransposeOutPad: (s, r) => genConvT(3, s, r, { mode: 'outpad' }),
  DepthwiseConv2D: (s, r) => genDepthwise(s, r),
  SeparableConv1D: (s, r) => genSeparable(1, s, r), SeparableConv2D: (s, r) => genSeparable(2, s, r),
  BatchNormalization: (s, r) => genBatchNorm(s, r), LayerNormalization: (s, r) => genLayerNorm(s, r),
  Embedding: (s, r) => genEmbedding(s, r),
  SimpleRNN: (s, r, o) => genRNN('SimpleRNN', s, r, o), LSTM: (s, r, o) => genRNN('LSTM', s, r, o), GRU: (s, r, o) => genRNN('GRU', s, r, o),
  GRUResetAfterFalse: (s, r) => genRNN('GRU', s, r, { resetAfter: false }),
  Bidirectional: (s, r, o) => genBidirectional(s, r, o), TimeDistributed: (s, r) => genTimeDistributed(s, r),
  MaxPooling1D: (s, r) => genPool('MaxPooling', 1, s, r), MaxPooling2D: (s, r) => genPool('MaxPooling', 2, s, r), MaxPooling3D: (s, r) => genPool('MaxPooling', 3, s, r),
  AveragePooling1D: (s, r) => genPool('AveragePooling', 1, s, r), AveragePooling2D: (s, r) => genPool('AveragePooling', 2, s, r), AveragePooling3D: (s, r) => genPool('AveragePooling', 3, s, r),
  GlobalAveragePooling1D: (s, r) => genGlobalPool('AveragePooling', 1, s, r), GlobalAveragePooling2D: (s, r) => genGlobalPool('AveragePooling', 2, s, r), GlobalAveragePooling3D: (s, r) => genGlobalPool('AveragePooling', 3, s, r),
  GlobalMaxPooling1D: (s, r) => genGlobalPool('MaxPooling', 1, s, r), GlobalMaxPooling2D: (s, r) => genGlobalPool('MaxPooling', 2, s, r), GlobalMaxPooling3D: (s, r) => genGlobalPool('MaxPooling', 3, s, r),
  Flatten: (s, r) => genFlatten(s, r), Reshape: (s, r) => genReshape(s, r), Permute: (s, r) => genPermute(s, r), RepeatVector: (s, r) => genRepeatVector(s, r),
  Dropout: (s, r) => genDropout(s, r),
  SpatialDropout1D: (s, r) => genSpatialDropout(1, s, r), SpatialDropout2D: (s, r) => genSpatialDropout(2, s, r), SpatialDropout3D: (s, r) => genSpatialDropout(3, s, r),
  Activation: (s, r) => genActivation(s, r), ReLU: (s, r) => genReLU(s, r), LeakyReLU: (s, r) => genLeakyReLU(s, r), PReLU: (s, r) => genPReLU(s, r),
  ELU: (s, r) => genELU(s, r), Softmax: (s, r) => genSoftmax(s, r),
  ZeroPadding1D: (s, r) => genZeroPadding(1, s, r), ZeroPadding2D: (s, r) => genZeroPadding(2, s, r), ZeroPadding3D: (s, r) => genZeroPadding(3, s, r),
  Cropping1D: (s, r) => genCropping(1, s, r), Cropping2D: (s, r) => genCropping(2, s, r), Cropping3D: (s, r) => genCropping(3, s, r),
  UpSampling1D: (s, r) => genUpSampling(1, s, r), UpSampling2D: (s, r) => genUpSampling(2, s, r), UpSampling3D: (s, r) => genUpSampling(3, s, r),
  Masking: (s, r) => genMasking(s, r),
};

// Focus list: every case is built around one of these, cycling, so all are covered.
// input: ranks the focus layer accepts (shape excludes batch); nullSeq: may use a None length.
const FOCUS = [
  ['Dense', [1, 1, 1, 2, 3]], ['Conv1D', [2], true], ['Conv1DCausal', [2], true], ['Conv1DGroups', [2]],
  ['Conv2D', [3]], ['Conv2DGroups', [3]], ['Conv3D', [4]], ['Conv3DGroups', [4]],
  ['Conv1DTranspose', [2]], ['Conv2DTranspose', [3]], ['Conv3DTranspose', [4]], ['Conv2DTransposeOutPad', [3]], ['Conv3DTransposeOutPad', [4]],
  ['DepthwiseConv2D', [3]], ['SeparableConv1D', [2]], ['SeparableConv2D', [3]],
  ['BatchNormalization', [1, 2, 3, 4]], ['LayerNormalization', [1, 2, 3]], ['Embedding', ['int']],
  ['SimpleRNN', [2], true], ['LSTM', [2], true], ['GRU', [2], true], ['GRUResetAfterFalse', [2], true],
  ['Bidirectional', [2], true], ['Bidirectional', [2], true], ['Bidirectional', [2], true],
  ['TimeDistributed', [2, 3, 4], true], ['TimeDistributed', [3, 4]], ['Embedding', ['int']],
  ['MaxPooling1D', [2], true], ['MaxPooling2D', [3]], ['MaxPooling3D', [4]],
  ['AveragePooling1D', [2]], ['AveragePooling2D', [3]], ['AveragePooling3D', [4]],
  ['GlobalAveragePooling1D', [2], true], ['GlobalAveragePooling2D', [3]], ['GlobalAveragePooling3D', [4]],
  ['GlobalMaxPooling1D', [2], true], ['GlobalMaxPooling2D', [3]], ['GlobalMaxPooling3D', [4]],
  ['Flatten', [2, 3, 4]], ['Reshape', [1, 2, 3]], ['Permute', [2, 3]], ['RepeatVector', [1]],
  ['Dropout', [1, 2, 3]], ['SpatialDropout1D', [2]], ['SpatialDropout2D', [3]], ['SpatialDropout3D', [4]],
  ['Activation', [1, 2, 3]], ['ReLU', [1, 3]], ['LeakyReLU', [1, 2, 3]], ['PReLU', [2, 3, 3]], ['ELU', [1, 3]], ['Softmax', [1, 2]],
  ['ZeroPadding1D', [2]], ['ZeroPadding2D', [3]], ['ZeroPadding3D', [4]],
  ['Cropping1D', [2]], ['Cropping2D', [3]], ['Cropping3D', [4]],
  ['UpSampling1D', [2], true], ['UpSampling2D', [3]], ['UpSampling3D', [4]],
  ['Masking', [2], true],
];

// Layers that may follow, by input rank (weights favour tutorial-like stacks).
const NEXT = {
  1: [['Dense', 10], ['Dropout', 4], ['BatchNormalization', 2], ['Activation', 1], ['ReLU', 1], ['LeakyReLU', 1], ['PReLU', 1], ['ELU', 1],
    ['Softmax', 1], ['LayerNormalization', 1], ['RepeatVector', 1], ['Reshape', 1]],
  2: [['LSTM', 3], ['GRU', 3], ['SimpleRNN', 1], ['Bidirectional', 2], ['Conv1D', 4], ['MaxPooling1D', 2], ['AveragePooling1D', 1],
    ['GlobalAveragePooling1D', 2], ['GlobalMaxPooling1D', 2], ['Flatten', 2], ['Dense', 2], ['Dropout', 2], ['TimeDistributed', 1],
    ['BatchNormalization', 1], ['LayerNormalization', 1], ['SpatialDropout1D', 1], ['UpSampling1D', 1], ['ZeroPadding1D', 1],
    ['Cropping1D', 1], ['SeparableConv1D', 1], ['Permute', 1], ['Activation', 1], ['Conv1DTranspose', 1]],
  3: [['Conv2D', 6], ['MaxPooling2D', 4], ['AveragePooling2D', 1], ['Flatten', 3], ['GlobalAveragePooling2D', 2], ['GlobalMaxPooling2D', 1],
    ['BatchNormalization', 2], ['Dropout', 2], ['DepthwiseConv2D', 1], ['SeparableConv2D', 1], ['Conv2DTranspose', 1], ['UpSampling2D', 1],
    ['ZeroPadding2D', 1], ['Cropping2D', 1], ['SpatialDropout2D', 1], ['ReLU', 1], ['Activation', 1], ['Dense', 1], ['TimeDistributed', 1], ['Reshape', 1]],
  4: [['Conv3D', 5], ['MaxPooling3D', 3], ['AveragePooling3D', 1], ['Flatten', 3], ['GlobalAveragePooling3D', 2], ['GlobalMaxPooling3D', 1],
    ['BatchNormalization', 1], ['Dropout', 1], ['Conv3DTranspose', 1], ['UpSampling3D', 1], ['ZeroPadding3D', 1], ['Cropping3D', 1],
    ['SpatialDropout3D', 1], ['TimeDistributed', 1], ['Dense', 1]],
};
// Rank-preserving layers for prefixes (before the focus layer).
const PREFIX = {
  1: [['Dense', 5], ['Dropout', 1], ['BatchNormalization', 1]],
  2: [['Conv1D', 4], ['LSTM', 1], ['Dense', 1], ['Dropout', 1], ['BatchNormalization', 1]],
  3: [['Conv2D', 5], ['MaxPooling2D', 2], ['BatchNormalization', 1], ['ZeroPadding2D', 1]],
  4: [['Conv3D', 4], ['MaxPooling3D', 1], ['BatchNormalization', 1]],
};

function randomInputShape(rank, rng, nullSeq) {
  switch (rank) {
    case 'int': return [rng.chance(0.15) ? null : rng.pick([5, 8, 10, 16, 20, 50, 100])];
    case 1: return [rng.pick([4, 8, 10, 16, 20, 32, 64, 100, 128, 784])];
    case 2: return [nullSeq && rng.chance(0.3) ? null : rng.pick([5, 8, 10, 12, 16, 20, 28, 32, 50, 64]), rng.pick([1, 2, 3, 4, 6, 8, 12, 16, 32])];
    case 3: { const h = rng.pick([6, 8, 10, 12, 16, 28, 32]); return [h, rng.chance(0.8) ? h : rng.pick([6, 8, 12, 20]), rng.pick([1, 3, 3, 4, 6, 8, 16])]; }
    case 4: { const d = rng.pick([4, 5, 6, 8, 10]); return [d, rng.chance(0.8) ? d : rng.pick([4, 6, 8]), rng.chance(0.8) ? d : rng.pick([4, 6, 8]), rng.pick([1, 2, 3, 4])]; }
    default: throw new Error('rank ' + rank);
  }
}

// A spec is acceptable on `shape` if Keras would build it: all output dims >= 1 (or None),
// and weights small enough for a fast tfjs build.
function checkSpec(sp, shape) {
  const r = sp.compute(shape);
  return validDims(r.out) && r.out.length >= 1 && r.params <= MAX_LAYER_PARAMS;
}

function tryGen(kind, shape, rng, o) {
  for (let t = 0; t < 12; t++) {
    const sp = GEN[kind](shape, rng, o ?? {});
    if (!sp) return null;
    if (checkSpec(sp, shape)) return sp;
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Model generation
// ---------------------------------------------------------------------------------------
function buildModel(focusEntry, rng) {
  const [focus, ranks, nullSeq] = focusEntry;
  const rank = rng.pick(ranks);
  let shape = randomInputShape(rank, rng, !!nullSeq);
  const input = shape.slice();
  const layers = [];
  const total = rng.weighted([[1, 2], [2, 3], [3, 4], [4, 4], [5, 3], [6, 2], [7, 1], [8, 1]]);
  const nPrefix = rank === 'int' || focus === 'Masking' ? 0 : Math.min(total - 1, rng.weighted([[0, 5], [1, 3], [2, 1]]));
  for (let i = 0; i < nPrefix; i++) {
    const kind = rng.weighted(PREFIX[shape.length]);
    const sp = tryGen(kind, shape, rng, { returnSequences: true });
    if (!sp) continue;
    const out = sp.compute(shape).out;
    if (out.length !== shape.length) continue;
    layers.push(sp); shape = out;
  }
  const fsp = tryGen(focus, shape, rng, { focus: true });
  if (!fsp) return null;
  layers.push(fsp); shape = fsp.compute(shape).out;
  // Suffix: random continuation, steering towards a classifier head near the end.
  let guard = 0;
  while (layers.length < total && guard++ < 40) {
    const left = total - layers.length;
    let kind;
    if (left <= 2 && shape.length > 1 && rng.chance(0.6)) {
      kind = rng.weighted(shape.length === 2 ? [['Flatten', 1], ['GlobalAveragePooling1D', 1], ['LSTM', 1], ['GlobalMaxPooling1D', 1]]
        : shape.length === 3 ? [['Flatten', 2], ['GlobalAveragePooling2D', 1], ['GlobalMaxPooling2D', 1]]
          : [['Flatten', 2], ['GlobalAveragePooling3D', 1], ['GlobalMaxPooling3D', 1]]);
    } else if (left === 1 && shape.length === 1 && rng.chance(0.7)) kind = 'Dense';
    else kind = rng.weighted(NEXT[shape.length]);
    const o = {};
    if (kind === 'LSTM' && left <= 2) o.returnSequences = false;
    const sp = tryGen(kind, shape, rng, o);
    if (!sp) continue;
    layers.push(sp); shape = sp.compute(shape).out;
  }
  return { input, layers, intInput: rank === 'int' };
}

// ---------------------------------------------------------------------------------------
// Expectations: tfjs where it can, Keras formulas where it cannot; cross-checked.
// ---------------------------------------------------------------------------------------
function sizeOf(weights) { return weights.reduce((s, w) => s + prod(w.shape), 0); }
const sameShape = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

function expectations(model, caseId) {
  // Formula results for every layer (shape chain)
  const formula = [];
  let s = model.input;
  for (const sp of model.layers) { const r = sp.compute(s); formula.push({ in: s, ...r }); s = r.out; }
  const out = formula.map((f) => null);
  // Build maximal runs of tfjs-supported layers as tf.sequential models
  let i = 0;
  while (i < model.layers.length) {
    if (!model.layers[i].tfjs) {
      const f = formula[i];
      out[i] = { out: f.out, params: f.params, trainable: f.trainable, nonTrainable: f.nonTrainable, source: 'keras-formula' };
      i++; continue;
    }
    let j = i;
    while (j < model.layers.length && model.layers[j].tfjs) j++;
    const seq = tf.sequential();
    for (let k = i; k < j; k++) {
      const extra = k === i ? { inputShape: formula[i].in } : {};
      try { seq.add(model.layers[k].tfjs(extra)); } catch (e) {
        for (const L of seq.layers) process.stderr.write(`  ${L.getClassName()} ${JSON.stringify(L.outputShape)}\n`);
        throw new Error(`${caseId}: tfjs could not build layer ${k} ${model.layers[k].kind} on input ${JSON.stringify(formula[k].in)}: ${e.message}`);
      }
    }
    for (let k = i; k < j; k++) {
      const L = seq.layers[k - i];
      const got = { out: L.outputShape.slice(1), params: L.countParams(), trainable: sizeOf(L.trainableWeights), nonTrainable: sizeOf(L.nonTrainableWeights), source: 'tfjs' };
      const f = formula[k];
      if (!sameShape(got.out, f.out) || got.params !== f.params || got.trainable !== f.trainable || got.nonTrainable !== f.nonTrainable) {
        throw new Error(`${caseId}: tfjs and Keras formula disagree on layer ${k} ${model.layers[k].kind} ` +
          `(input ${JSON.stringify(f.in)}): tfjs ${JSON.stringify(got)} vs formula ${JSON.stringify({ out: f.out, params: f.params, trainable: f.trainable, nonTrainable: f.nonTrainable })}`);
      }
      out[k] = got;
    }
    seq.dispose();
    i = j;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Python rendering
// ---------------------------------------------------------------------------------------
function layerName(spec) { return spec.alias ?? spec.kind; }

function renderLayer(spec, ctx, extraKw) {
  const args = spec.args;
  // how many arguments may be positional
  let maxPos = 0;
  while (maxPos < args.length && args[maxPos].pos === maxPos) maxPos++;
  let nPos;
  const roll = ctx.rng.next();
  if (roll < 0.6) nPos = Math.min(maxPos, spec.primary);
  else if (roll < 0.8) nPos = maxPos;
  else nPos = ctx.rng.int(0, maxPos);
  // Keras 3 renamed LeakyReLU(alpha=) to negative_slope= (alpha still accepted, deprecated)
  const kwName = (a) => (ctx.keras3 && spec.kind === 'LeakyReLU' && a.name === 'alpha' ? 'negative_slope' : a.name);
  const parts = args.map((a, i) => (i < nPos ? pyRepr(a.val, ctx) : `${kwName(a)}=${pyRepr(a.val, ctx)}`));
  if (extraKw) parts.push(extraKw);
  ctx.used.add(layerName(spec));
  return `${ctx.lp}${layerName(spec)}(${parts.join(', ')})`;
}

function renderCode(model, rng) {
  const ns = rng.weighted([['tf', 35], ['layers', 25], ['bare', 30], ['keras', 10]]);
  const q = rng.chance(0.5) ? '"' : "'";
  const build = rng.chance(0.6) ? 'list' : 'add';
  const inputStyle = rng.weighted([['Input', 45], ['InputLayer', 20], ['kwarg', 35]]);
  const ctx = { rng, q, used: new Set(), lp: '', keras3: ns === 'keras' };
  let header, seqName, inputName, inputLayerName;
  const variant = rng.int(0, 2);
  if (ns === 'tf') {
    header = ['import tensorflow as tf'];
    ctx.lp = 'tf.keras.layers.'; seqName = 'tf.keras.Sequential'; inputName = 'tf.keras.Input'; inputLayerName = 'tf.keras.layers.InputLayer';
    if (variant === 2) { seqName = 'tf.keras.models.Sequential'; inputName = 'tf.keras.layers.Input'; }
  } else if (ns === 'layers') {
    ctx.lp = 'layers.'; inputLayerName = 'layers.InputLayer';
    if (variant === 0) { header = ['from tensorflow import keras', 'from tensorflow.keras import layers']; seqName = 'keras.Sequential'; inputName = 'keras.Input'; }
    else if (variant === 1) { header = ['import tensorflow as tf', 'from tensorflow.keras import layers']; seqName = 'tf.keras.Sequential'; inputName = 'tf.keras.Input'; }
    else { header = ['from tensorflow.keras import layers, models']; seqName = 'models.Sequential'; inputName = 'layers.Input'; }
  } else if (ns === 'keras') {
    header = ['import keras', 'from keras import layers'];
    ctx.lp = 'layers.'; seqName = 'keras.Sequential'; inputName = 'keras.Input'; inputLayerName = 'layers.InputLayer';
  } else {
    ctx.lp = ''; seqName = 'Sequential'; inputName = 'Input'; inputLayerName = 'InputLayer';
    header = null;   // filled after rendering (needs the used names)
  }
  const ind = '    ';
  const lines = [];
  const inShape = shapeValStyled(rng, model.input);
  // input element
  let inputElem = null, firstKw = null;
  if (inputStyle === 'Input') {
    inputElem = rng.chance(0.8) ? `${inputName}(shape=${pyRepr(inShape, ctx)})` : `${inputName}(${pyRepr(inShape, ctx)})`;
    if (ns === 'bare') ctx.used.add('Input');
  } else if (inputStyle === 'InputLayer') {
    // Keras 3 spells it InputLayer(shape=...); input_shape= is still accepted (deprecated)
    inputElem = `${inputLayerName}(${ns === 'keras' && rng.chance(0.7) ? 'shape' : 'input_shape'}=${pyRepr(inShape, ctx)})`;
    if (ns === 'bare') ctx.used.add('InputLayer');
  } else {
    const first = model.layers[0];
    if (first.kind === 'Dense' && model.input.length === 1 && rng.chance(0.35)) firstKw = `input_dim=${model.input[0]}`;
    else firstKw = `input_shape=${pyRepr(inShape, ctx)}`;
  }
  const rendered = model.layers.map((sp, i) => renderLayer(sp, ctx, i === 0 ? firstKw : null));
  const nameKw = rng.chance(0.12) ? `name=${q}${rng.pick(['model', 'cnn', 'rnn', 'classifier', 'my_model', 'sequential_model'])}${q}` : null;
  const elems = inputElem ? [inputElem, ...rendered] : rendered;
  if (build === 'list') {
    lines.push(`model = ${seqName}([`);
    for (const e of elems) lines.push(`${ind}${e},`);
    lines.push(nameKw ? `], ${nameKw})` : '])');
  } else {
    lines.push(`model = ${seqName}(${nameKw ?? ''})`);
    for (const e of elems) lines.push(`model.add(${e})`);
  }
  if (rng.chance(0.15)) lines.push(`model.compile(optimizer=${q}adam${q}, loss=${q}${rng.pick(['mse', 'categorical_crossentropy', 'binary_crossentropy'])}${q}, metrics=[${q}accuracy${q}])`);
  if (rng.chance(0.55)) lines.push('model.summary()');
  if (ns === 'bare') {
    const names = [...ctx.used].sort();
    const pkg = variant === 2 ? 'keras' : 'tensorflow.keras';
    header = [rng.chance(0.5) ? `from ${pkg}.models import Sequential` : `from ${pkg} import Sequential`];
    const one = `from ${pkg}.layers import ${names.join(', ')}`;
    if (one.length <= 79) header.push(one);
    else header.push(`from ${pkg}.layers import (`, ...names.map((n) => `${ind}${n},`), ')');
  }
  const pre = rng.chance(0.1) ? ['# Build the model'] : [];
  return [...header, '', ...pre, ...lines].join('\n') + '\n';
}
function shapeValStyled(rng, shape) { return shapeVal(rng, shape.map((d) => (d === null ? NONE : d))); }

// ---------------------------------------------------------------------------------------
// Self-check: hand-computed Keras values (fails loudly if a formula or tfjs drifts)
// ---------------------------------------------------------------------------------------
function selfCheck() {
  const eq = (what, got, want) => {
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`self-check ${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  };
  const r = new Rng(1);
  const tfjsOne = (layer) => {
    const m = tf.sequential(); m.add(layer); const L = m.layers[0];
    const out = { out: L.outputShape.slice(1), params: L.countParams(), trainable: sizeOf(L.trainableWeights), nonTrainable: sizeOf(L.nonTrainableWeights) };
    m.dispose(); return out;
  };
  // Conv2D(32, (3, 3), padding="same") on 32x32x3: 3*3*3*32 + 32 = 896
  eq('Conv2D', tfjsOne(TL.conv2d({ inputShape: [32, 32, 3], filters: 32, kernelSize: 3, padding: 'same' })), { out: [32, 32, 32], params: 896, trainable: 896, nonTrainable: 0 });
  // BatchNormalization on 64 channels: 4*64, gamma+beta trainable, moving stats not
  eq('BatchNormalization', tfjsOne(TL.batchNormalization({ inputShape: [64] })), { out: [64], params: 256, trainable: 128, nonTrainable: 128 });
  // LSTM(32) on (10, 8): 4*(8*32 + 32*32 + 32) = 5248
  eq('LSTM', tfjsOne(TL.lstm({ inputShape: [10, 8], units: 32, recurrentInitializer: 'zeros' })).params, 5248);
  eq('LSTM formula', genRNN('LSTM', [10, 8], r, { units: 32, returnSequences: false }).compute([10, 8]).params, 5248);
  // GRU(32) on (10, 8): reset_after=True 3*(8*32 + 32*32 + 2*32) = 4032; False: 3936
  eq('GRU ra=T', genRNN('GRU', [10, 8], r, { units: 32, returnSequences: false, resetAfter: true }).compute([10, 8]).params, 4032);
  eq('GRU ra=F', genRNN('GRU', [10, 8], r, { units: 32, returnSequences: false, resetAfter: false }).compute([10, 8]).params, 3936);
  eq('GRU ra=F tfjs', tfjsOne(TL.gru({ inputShape: [10, 8], units: 32, recurrentInitializer: 'zeros' })).params, 3936);
  // conv lengths: causal keeps length (ceil by stride); dilation enlarges the kernel
  eq('convLen causal', [convLen(10, 3, 1, 'causal', 2), convLen(10, 3, 2, 'causal', 1), convLen(10, 3, 1, 'valid', 2)], [10, 5, 6]);
  // transposed lengths (Keras deconv_output_length)
  eq('deconvLen', [deconvLen(10, 3, 1, 'valid', null, 2), deconvLen(7, 3, 2, 'valid'), deconvLen(7, 3, 2, 'same'), deconvLen(7, 3, 2, 'valid', 1), deconvLen(7, 3, 2, 'same', 1), deconvLen(7, 2, 3, 'valid')],
    [14, 15, 14, 16, 14, 21]);
}

// ---------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------
const t0 = process.hrtime.bigint();
selfCheck();
const COUNT = COUNT_ARG ? Number(COUNT_ARG) : 6 * FOCUS.length;
const rng = new Rng(SEED);
const cases = [];
const stats = { byType: {}, bySource: {} };
for (let idx = 0; idx < COUNT; idx++) {
  const focusEntry = FOCUS[idx % FOCUS.length];
  let model = null;
  for (let t = 0; t < 60 && !model; t++) model = buildModel(focusEntry, rng);
  if (!model) throw new Error(`could not build a model around ${focusEntry[0]}`);
  const id = `case_${String(idx).padStart(3, '0')}`;
  const exp = expectations(model, id);
  const code = renderCode(model, rng);
  const layers = model.layers.map((sp, i) => ({
    type: sp.kind, output_shape: exp[i].out, params: exp[i].params, trainable: exp[i].trainable, non_trainable: exp[i].nonTrainable, source: exp[i].source,
  }));
  for (const l of layers) {
    stats.byType[l.type] ??= { tfjs: 0, 'keras-formula': 0 };
    stats.byType[l.type][l.source]++;
    stats.bySource[l.source] = (stats.bySource[l.source] ?? 0) + 1;
  }
  cases.push({
    id, code, input_shape: model.input, layers,
    total: layers.reduce((a, l) => a + l.params, 0),
    trainable: layers.reduce((a, l) => a + l.trainable, 0),
    non_trainable: layers.reduce((a, l) => a + l.non_trainable, 0),
  });
}

// Pretty-print: one line per layer, a few lines per case.
const J = JSON.stringify;
const text = '[\n' + cases.map((c) => [
  '  {',
  `    "id": ${J(c.id)},`,
  `    "code": ${J(c.code)},`,
  `    "input_shape": ${J(c.input_shape)},`,
  '    "layers": [',
  c.layers.map((l) => `      ${J(l)}`).join(',\n'),
  '    ],',
  `    "total": ${c.total}, "trainable": ${c.trainable}, "non_trainable": ${c.non_trainable}`,
  '  }',
].join('\n')).join(',\n') + '\n]\n';
writeFileSync(OUT, text);

const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const nLayers = cases.reduce((a, c) => a + c.layers.length, 0);
process.stderr.write(`wrote ${cases.length} cases, ${nLayers} layers to ${path.relative(process.cwd(), OUT)} ` +
  `(${(text.length / 1024).toFixed(0)} KiB) in ${(ms / 1000).toFixed(2)} s\n`);
if (process.argv.includes('--stats')) {
  process.stderr.write(`by source: ${J(stats.bySource)}\n`);
  for (const [k, v] of Object.entries(stats.byType).sort()) process.stderr.write(`  ${k.padEnd(24)} tfjs=${v.tfjs} formula=${v['keras-formula']}\n`);
}
