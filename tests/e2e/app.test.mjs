// End-to-end tests of the web app in headless Chromium: real mouse and keyboard events on the
// canvas, results read back from the page's DOM mirror, screenshots kept in build/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, screenshot, totals, waitForRows, click, rect, settle, root, typeInto, withApp as openAndRun } from './harness.mjs';

let server;
before(async () => { server = await serve(); });
after(async () => { await server.close(); });

const withApp = (fn, options) => openAndRun(server.url, fn, options);

const formula = (r, i) => r[i] && r[i].formula;

test('opens on the tutorial model and its first formula', async () => {
  await withApp(async (page) => {
    const r = await waitForRows(page, (r) => r.length === 6, 'six layers');
    assert.equal(r[0].name, 'Conv1');
    assert.equal(r[0].formula, '3*288 + 32 = 896');
    assert.equal(r[1].formula, '32*576 + 64 = 18496');
    assert.equal(r[2].formula, '64*1152 + 128 = 73856');
    assert.equal(r[3].formula, '128*256 + 256 = 33024');
    assert.equal(r[5].formula, '262144*10 + 10 = 2621450');
    assert.match(await totals(page), /Total params: 2,747,722/);
    await screenshot(page, 'opens');
  });
});

test('typing 64 into Conv1 filters updates Conv1 and Conv2', async () => {
  await withApp(async (page) => {
    await click(page, 'row:0');
    await typeInto(page, 'arg:filters', '64');
    const r = await waitForRows(page, (r) => formula(r, 0) === '3*576 + 64 = 1792', 'Conv1 with 64 filters');
    assert.equal(r[1].formula, '64*576 + 64 = 36928');
    assert.equal(r[2].formula, '64*1152 + 128 = 73856');
    await screenshot(page, 'filters-64');
  });
});

test('an absurd value shows its error and the other layers keep their numbers', async () => {
  await withApp(async (page) => {
    await click(page, 'row:1');
    await typeInto(page, 'arg:filters', '0');
    let r = await waitForRows(page, (r) => r[1] && r[1].status.startsWith('error'), 'Conv2 in error');
    assert.match(r[1].status, /filters/);
    assert.equal(r[0].formula, '3*288 + 32 = 896');
    assert.equal(r[0].status, 'ok');
    assert.match(r[2].status, /waiting/);
    await screenshot(page, 'error-filters-0');
    // 2^40 filters still count exactly in 64 bits; 2^40 more after them do not.
    await typeInto(page, 'arg:filters', String(2 ** 40));
    r = await waitForRows(page, (r) => r[1] && r[1].params === '317,758,860,427,264', 'Conv2 with 2^40 filters');
    assert.equal(r[1].formula, '32*9895604649984 + 1099511627776 = 317758860427264');
    await click(page, 'row:2');
    await typeInto(page, 'arg:filters', String(2 ** 40));
    r = await waitForRows(page, (r) => r[2] && r[2].status.startsWith('error'), 'Conv3 too large to count');
    assert.match(r[2].status, /too large to count exactly/);
    assert.equal(r[0].formula, '3*288 + 32 = 896');
    assert.equal(r[1].params, '317,758,860,427,264');
    assert.match(r[3].status, /waiting/);
    await screenshot(page, 'error-too-large');
    await typeInto(page, 'arg:filters', '128');
    await click(page, 'row:1');
    await typeInto(page, 'arg:filters', '64');
    await waitForRows(page, (r) => r.every((x) => x.status === 'ok'), 'all fixed');
    // A 7×7 kernel on a 3×3 input with 'valid' padding.
    await typeInto(page, 'arg:input_shape', '3, 3, 3');
    await click(page, 'row:0');
    await typeInto(page, 'arg:kernel_size', '7');
    await typeInto(page, 'arg:kernel_size[1]', '7');
    await click(page, 'arg:padding');
    await settle(page);
    await click(page, 'option:valid');
    r = await waitForRows(page, (r) => r[0] && r[0].status.startsWith('error'), 'Conv1 kernel too large');
    assert.match(r[0].status, /kernel_size/);
    assert.match(r[0].status, /3 - 7 \+ 1 = -3/);
    await screenshot(page, 'error-kernel-7x7');
  });
});

test('add, delete and reorder layers', async () => {
  await withApp(async (page) => {
    await click(page, 'row:4');
    await click(page, 'button:Add layer');
    await click(page, 'menu:Regularization');
    await click(page, 'menu:Dropout');
    let r = await waitForRows(page, (r) => r.length === 7, 'seven layers');
    assert.equal(r[5].type, 'Dropout');
    assert.equal(r[6].formula, '262144*10 + 10 = 2621450');
    await click(page, 'button:Delete');
    r = await waitForRows(page, (r) => r.length === 6, 'six layers again');
    assert.deepEqual(r.map((x) => x.type), ['Conv2D', 'Conv2D', 'Conv2D', 'Conv2D', 'Flatten', 'Dense']);
    await click(page, 'row:1');
    await click(page, 'button:Move up');
    r = await waitForRows(page, (r) => r[0].name === 'Conv2', 'Conv2 moved to the top');
    assert.equal(r[0].formula, '3*576 + 64 = 1792');
    assert.equal(r[1].formula, '64*288 + 32 = 18464');
    await screenshot(page, 'reordered');
  });
});

test('changing Conv2 to SeparableConv2D in place, then undoing it', async () => {
  await withApp(async (page) => {
    const before = await waitForRows(page, (r) => r.length === 6, 'six layers');
    await click(page, 'row:1');
    await click(page, 'button:Layer type');
    await click(page, 'menu:Convolution');
    await screenshot(page, 'change-type-menu');
    await click(page, 'menu:SeparableConv2D');
    // filters=64, kernel_size=(3, 3) and padding='same' carry over: 3×3 depthwise on each of the
    // 32 channels, 32 -> 64 pointwise, 64 biases (the CLI counts the same on the Keras code).
    let r = await waitForRows(page, (r) => r[1] && r[1].type === 'SeparableConv2D', 'Conv2 as SeparableConv2D');
    assert.equal(r[1].name, 'Conv2');
    assert.equal(r[1].params, '2,400');
    assert.equal(r[1].formula, '32*9 + 32*64 + 64 = 2400');
    assert.equal(r[1].shape, '(None, 32, 32, 64)');
    for (const i of [0, 2, 3, 4, 5]) assert.deepEqual(r[i], before[i]);
    assert.match(await totals(page), /Total params: 2,731,626/);
    assert.match(await page.textContent('#mirror-selected'), /Conv2 \(SeparableConv2D\)/);
    await settle(page);
    await screenshot(page, 'change-type');
    await click(page, 'button:Undo');
    r = await waitForRows(page, (r) => r[1] && r[1].type === 'Conv2D', 'back to Conv2D');
    assert.deepEqual(r, before);
    assert.equal(r[1].formula, '32*576 + 64 = 18496');
    assert.match(await totals(page), /Total params: 2,747,722/);
  });
});

test('a type that does not fit its input shows the error on that layer', async () => {
  await withApp(async (page) => {
    const before = await waitForRows(page, (r) => r.length === 6, 'six layers');
    await click(page, 'row:5');
    await click(page, 'button:Layer type');
    await click(page, 'menu:Convolution');
    await click(page, 'menu:Conv2D');
    const r = await waitForRows(page, (r) => r[5] && r[5].type === 'Conv2D', 'Output as Conv2D');
    assert.match(r[5].status, /^error: Conv2D needs input of shape/);
    for (const i of [0, 1, 2, 3, 4]) assert.deepEqual(r[i], before[i]);
    await screenshot(page, 'change-type-error');
  });
});

test('undo and redo, with buttons and keys', async () => {
  await withApp(async (page) => {
    await click(page, 'row:0');
    await typeInto(page, 'arg:filters', '16');
    await waitForRows(page, (r) => formula(r, 0) === '3*144 + 16 = 448', '16 filters');
    await click(page, 'button:Undo');
    await waitForRows(page, (r) => formula(r, 0) === '3*288 + 32 = 896', 'undone by button');
    await click(page, 'button:Redo');
    await waitForRows(page, (r) => formula(r, 0) === '3*144 + 16 = 448', 'redone by button');
    await page.keyboard.press('Control+Z');
    await waitForRows(page, (r) => formula(r, 0) === '3*288 + 32 = 896', 'undone by Ctrl+Z');
    await page.keyboard.press('Control+Shift+Z');
    await waitForRows(page, (r) => formula(r, 0) === '3*144 + 16 = 448', 'redone by Ctrl+Shift+Z');
  });
});

test('a reload restores the model exactly', async () => {
  await withApp(async (page) => {
    await click(page, 'row:2');
    await typeInto(page, 'arg:filters', '100');
    const before = await waitForRows(page, (r) => formula(r, 2) === '64*900 + 100 = 57700', 'Conv3 with 100 filters');
    await page.reload();
    await page.waitForFunction(() => window.learnableTest && window.learnableTest.frames > 0 && document.querySelector('#mirror-layers tr'));
    const after = await waitForRows(page, (r) => r.length === before.length && formula(r, 2) === before[2].formula, 'restored');
    assert.deepEqual(after, before);
  });
});

test('a shared link opens the same model in a fresh browser profile', async () => {
  let link;
  let expected;
  await withApp(async (page) => {
    await click(page, 'row:3');
    await typeInto(page, 'arg:filters', '128');
    expected = await waitForRows(page, (r) => formula(r, 3) === '128*128 + 128 = 16512', 'Conv4 with 128 filters');
    await click(page, 'button:Share link');
    await settle(page);
    link = await page.evaluate(() => navigator.clipboard.readText());
  }, { permissions: ['clipboard-read', 'clipboard-write'] });
  assert.match(link, /#m=1\./);
  await withApp(async (page) => {
    await page.goto(link);
    await page.waitForFunction(() => window.learnableTest && window.learnableTest.frames > 0 && document.querySelector('#mirror-layers tr'));
    const r = await waitForRows(page, (r) => formula(r, 3) === '128*128 + 128 = 16512', 'the shared model');
    assert.deepEqual(r, expected);
    await screenshot(page, 'shared-link');
  });
});

test('the tutorial snippet pasted into the import dialog', { timeout: 60000 }, async () => {
  const snippet = await readFile(join(root, 'tests', 'data', 'keras', 'tutorial_as_published.py'), 'utf8');
  await withApp(async (page) => {
    await click(page, 'button:Import model');
    await click(page, 'import:text');
    // A real paste: the snippet goes on the system clipboard, then Ctrl+V into the text box.
    await page.evaluate((text) => navigator.clipboard.writeText(text), snippet);
    await page.keyboard.press('Control+V');
    await settle(page);
    await screenshot(page, 'import-pasted');
    await typeInto(page, 'import:define:IMG_SIZE', '32');
    await click(page, 'button:Import');
    const r = await waitForRows(page, (r) => r.length === 4 && formula(r, 3) === '128*256 + 256 = 33024', 'the four imported layers');
    assert.deepEqual(r.map((x) => x.formula), ['3*288 + 32 = 896', '32*576 + 64 = 18496', '64*1152 + 128 = 73856', '128*256 + 256 = 33024']);
    await screenshot(page, 'imported');
  }, { permissions: ['clipboard-read', 'clipboard-write'] });
});

test('Export copies the model as Keras code', async () => {
  await withApp(async (page) => {
    await click(page, 'button:Export');
    await screenshot(page, 'export-menu');
    await click(page, 'export:copy:keras-code');
    const text = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(text.startsWith('import keras\nfrom keras import layers\n\nmodel = keras.Sequential([\n'
      + '    keras.Input(shape=(32, 32, 3)),\n'), text);
    assert.ok(text.includes("    layers.Conv2D(32, (3, 3), padding='same', activation='relu', name='Conv1'),\n"), text);
    assert.ok(text.endsWith('])\nmodel.summary()\n'), text);
  }, { permissions: ['clipboard-read', 'clipboard-write'] });
});

test('Export downloads the LaTeX table as a file', async () => {
  await withApp(async (page) => {
    await click(page, 'button:Export');
    const [download] = await Promise.all([page.waitForEvent('download'), click(page, 'export:download:latex')]);
    assert.equal(download.suggestedFilename(), 'model_summary.tex');
    const text = await readFile(await download.path(), 'utf8');
    assert.ok(text.includes('Conv1 (Conv2D) & (None, 32, 32, 32) & 896 & $3 \\times 288 + 32 = 896$ \\\\\n'), text);
  });
});

const selected = (page) => page.textContent('#mirror-selected');

test('the Keras | PyTorch switch counts the model as PyTorch does, keeps the selection, and undoes', async () => {
  await withApp(async (page) => {
    await click(page, 'row:1');
    await click(page, 'button:PyTorch');
    // PyTorch's Conv2d has no activation argument: each ReLU becomes a module of its own.
    const r = await waitForRows(page, (r) => r.length === 11 && r[2].type === 'Conv2d', 'the model in PyTorch');
    assert.deepEqual(r.map((x) => x.type), ['Conv2d', 'ReLU', 'Conv2d', 'ReLU', 'Conv2d', 'ReLU', 'Conv2d', 'ReLU',
      'Flatten', 'Linear', 'Softmax']);
    assert.equal(r[0].shape, '(N, 32, 32, 32)');
    assert.equal(r[0].formula, '3*288 + 32 = 896');
    assert.equal(r[6].shape, '(N, 256, 32, 32)');
    assert.equal(r[9].formula, '262144*10 + 10 = 2621450');
    const t = await totals(page);
    assert.match(t, /Total params: 2,747,722/);
    assert.match(t, /Buffers \(not parameters\): 0/);
    assert.match(t, /Counted as in PyTorch/);
    assert.match(await selected(page), /^Conv2 \(Conv2d\)/, 'the selection stays on Conv2');
    await screenshot(page, 'pytorch');
    // Flatten's note: the same count, in another order.
    await click(page, 'row:8');
    assert.match(await selected(page), /channel by channel/);
    await screenshot(page, 'pytorch-flatten-note');
    await page.keyboard.press('Control+Z');
    const back = await waitForRows(page, (r) => r.length === 6 && r[1].type === 'Conv2D', 'the Keras model again');
    assert.equal(back[0].shape, '(None, 32, 32, 32)');
    assert.match(await totals(page), /Counted as in Keras/);
  });
});

test('in PyTorch, one parameter of a layer can be frozen: it counts as non-trainable', async () => {
  await withApp(async (page) => {
    await click(page, 'button:PyTorch');
    await waitForRows(page, (r) => r.length === 11 && r[0].type === 'Conv2d', 'the model in PyTorch');
    await click(page, 'row:0');
    await click(page, 'freeze:bias');
    await page.waitForFunction(() => /Non-trainable params: 32\b/.test(document.getElementById('mirror-totals').textContent));
    assert.match(await totals(page), /Trainable params: 2,747,690/);
    await page.keyboard.press('Control+Z');
    await page.waitForFunction(() => /Non-trainable params: 0\b/.test(document.getElementById('mirror-totals').textContent));
  });
});

test('an LSTM counts one bias vector per gate in Keras and two in PyTorch', async () => {
  await withApp(async (page) => {
    await click(page, 'menu:Presets');
    await click(page, 'menu:preset:text_lstm');
    const keras = await waitForRows(page, (r) => r.length === 4 && r[1].type === 'LSTM', 'the text classifier');
    assert.equal(keras[1].formula, '4*(64*64 + 64*64 + 64) = 33024');
    await click(page, 'row:1');
    await click(page, 'button:PyTorch');
    const torch = await waitForRows(page, (r) => r.length === 6 && r[0].type === 'Embedding', 'the classifier in PyTorch');
    assert.equal(torch[1].formula, '4*(64*64 + 64*64 + 64 + 64) = 33280');
    const note = await selected(page);
    assert.match(note, /two bias vectors \(bias_ih and bias_hh\)/);
    assert.match(note, /Keras: 33,024; PyTorch: 33,280/);
    assert.match(await totals(page), /Total params: 677,505/);
    await screenshot(page, 'lstm-pytorch');
    await click(page, 'button:Keras');
    const again = await waitForRows(page, (r) => r[1] && r[1].type === 'LSTM' && r[1].params === '33,024', 'back in Keras');
    assert.equal(again[1].formula, '4*(64*64 + 64*64 + 64) = 33024');
  });
});

test('a PyTorch model from a link is counted by PyTorch\'s rules, fetched with learnable.js only then', async () => {
  let link;
  let expected;
  await withApp(async (page) => {
    await click(page, 'button:PyTorch');
    expected = await waitForRows(page, (r) => r.length === 11 && r[0].type === 'Conv2d', 'the model in PyTorch');
    await click(page, 'button:Share link');
    link = await page.evaluate(() => navigator.clipboard.readText());
  }, { permissions: ['clipboard-read', 'clipboard-write'] });
  await withApp(async (page) => {
    const fetched = [];
    page.on('request', (request) => fetched.push(request.url()));
    await page.reload();  // the tutorial, in Keras: the formats module stays where it is
    await page.waitForFunction(() => window.learnableTest && window.learnableTest.frames > 0 && window.learnableTest.idle);
    assert.ok(!fetched.some((url) => /learnable\.(js|wasm)$/.test(url)), 'a Keras model needs no learnable.js');
    await page.goto(link);
    const r = await waitForRows(page, (r) => r.length === 11 && formula(r, 0) === '3*288 + 32 = 896', 'the PyTorch model');
    assert.deepEqual(r, expected);
    assert.ok(fetched.some((url) => /learnable\.wasm$/.test(url)), 'the rules came with learnable.wasm');
    assert.match(await totals(page), /Total params: 2,747,722/);
    await screenshot(page, 'pytorch-link');
  });
  await withApp(async (page, context) => {
    await context.route('**/learnable.js', (route) => route.abort());
    await page.goto(link);
    // Each layer says what it lacks (the banner above the table says why); nothing crashes.
    const r = await waitForRows(page, (r) => r.length === 11 && /did not load/.test(formula(r, 0)), 'the layers without their rules');
    assert.equal(r[0].formula, "PyTorch's rules (learnable.js) did not load: learnable.js did not load");
    assert.match(r[0].status, /^error: /);
    assert.equal(r[1].formula, 'waiting on Conv1: fix its error first');
    await screenshot(page, 'pytorch-link-offline');
    page.errors = page.errors.filter((e) => !/Failed to load resource/.test(e));
  });
});

test('while the rules of a layer load, the rest of the model is counted', async () => {
  await withApp(async (page, context) => {
    // learnable.js held back until the test lets it through, as on a slow network.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await context.route('**/learnable.js', async (route) => { await held; await route.continue(); });
    // The app is busy (not idle) while it waits, so these clicks do not wait for it to settle.
    const clickNow = async (id) => {
      const r = await rect(page, id);
      await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
    };
    await click(page, 'menu:Presets');
    await clickNow('menu:preset:text_lstm');
    const r = await waitForRows(page, (r) => r.length === 4 && r[1].type === 'LSTM' && r[1].status.startsWith('loading'), 'the LSTM loading');
    // The Embedding before it is counted; the LSTM says it is loading; the layers after wait on it.
    assert.match(r[0].formula, /= 640000$/);
    assert.equal(r[0].status, 'ok');
    assert.equal(r[1].formula, "Keras's rules (learnable.js) are loading: counted as soon as they are in");
    assert.equal(r[1].params, '');
    assert.equal(r[2].formula, 'waiting on lstm, whose rules are loading');
    assert.equal(r[3].formula, 'waiting on lstm, whose rules are loading');
    assert.match(await totals(page), /Total params: 640,000,.*Not in the totals: 3 layers counted when Keras's rules are in/);
    await clickNow('row:1');
    await page.waitForFunction(() => /The steps appear as soon as this layer's rules are in/.test(document.getElementById('mirror-selected').textContent));
    await screenshot(page, 'rules-loading');
    release();
    const done = await waitForRows(page, (r) => r.length === 4 && r.every((row) => row.status === 'ok'), 'every layer counted');
    assert.equal(done[1].formula, '4*(64*64 + 64*64 + 64) = 33024');
    assert.match(await totals(page), /Total params: 677,249/);
    assert.doesNotMatch(await totals(page), /Not in the totals/);
  });
});

test('at deviceScaleFactor 2 the backing store is twice the CSS size', async () => {
  await withApp(async (page) => {
    await page.waitForTimeout(200);
    const size = await page.evaluate(() => {
      const c = document.querySelector('canvas');
      const r = c.getBoundingClientRect();
      return { w: c.width, h: c.height, cssW: r.width, cssH: r.height };
    });
    assert.equal(size.w, Math.round(size.cssW * 2));
    assert.equal(size.h, Math.round(size.cssH * 2));
    await screenshot(page, 'dpr2');
  }, { deviceScaleFactor: 2 });
});

test('no frames are drawn while nothing happens', async () => {
  await withApp(async (page) => {
    await page.mouse.move(10, 10);
    await page.waitForTimeout(800);
    const a = await page.evaluate(() => window.learnableTest.frames);
    await page.waitForTimeout(1000);
    const b = await page.evaluate(() => window.learnableTest.frames);
    assert.equal(b, a, 'frames were drawn while idle');
  });
});
