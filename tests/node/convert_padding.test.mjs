// PyTorch -> Keras padding through the WebAssembly build: a convolution's padding (default 0, an
// int, a tuple, a size for Upsample) becomes 'valid', 'same' or a ZeroPadding layer with PyTorch's
// own numbers. (The wasm build uses libc++, whose vector::assign(n, v[0]) frees the storage it
// reads v[0] from: this caught garbage paddings the native tests, on libstdc++, could not see.)
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { load } from './learnable.mjs';

let calc;
before(async () => {
  calc = await load();
});

const conv = (args, shape = [3, 32, 32]) => ({
  learnable: 1, framework: 'pytorch', input_shape: shape,
  layers: [{ type: 'Conv2d', name: 'c', args: { in_channels: 3, out_channels: 8, kernel_size: 3, ...args } }],
});

test('a PyTorch convolution keeps its padding in Keras', () => {
  const cases = [
    [{}, [], 'valid'],
    [{ padding: 0 }, [], 'valid'],
    [{ padding: 1 }, [], 'same'],
    [{ padding: [1, 1] }, [], 'same'],
    [{ padding: 2 }, [2], 'valid'],
    [{ padding: [0, 2] }, [[0, 2]], 'valid'],
  ];
  for (const [args, pads, padding] of cases) {
    const answer = calc.convertModel(conv(args), 'keras');
    assert.deepEqual(answer.errors, [], JSON.stringify(args));
    const layers = answer.model.layers;
    const padLayers = layers.filter((l) => l.type === 'ZeroPadding2D');
    assert.deepEqual(padLayers.map((l) => l.args.padding), pads, JSON.stringify(args));
    const keras = layers.find((l) => l.type === 'Conv2D');
    assert.equal(keras.args.padding ?? 'valid', padding, JSON.stringify(args));
    // The same output shape and count either way.
    const torch = calc.summarizeModel(conv(args));
    const back = calc.summarizeModel(answer.model);
    assert.equal(back.total, torch.total, JSON.stringify(args));
    const [c, h, w] = torch.layers[0].output_shape;
    assert.deepEqual(back.layers.at(-1).output_shape, [h, w, c], JSON.stringify(args));
  }
});
