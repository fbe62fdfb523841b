// The embed view (embed.html) inside an iframe of a host page, as a tutorial author uses it: the
// model given by the link or set by postMessage and read back, edits reported to the host,
// messages that do not match the schema ignored with a warning, one layer alone with ?layer=,
// and the canvas' backing store following the iframe's size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, screenshot, site } from './harness.mjs';

const require = createRequire(import.meta.url);
let server;
let api;
before(async () => {
  server = await serve();
  const Learnable = require(join(site, 'learnable.js'));
  api = await Learnable({ wasmBinary: readFileSync(join(site, 'learnable.wasm')) });
});
after(async () => { await server.close(); });

// A host page on the site's origin with one iframe; it records every message the embed sends.
async function openHost(context, src, { width = 900, height = 640 } = {}) {
  const page = await context.newPage();
  const errors = [];
  const warnings = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
    if (m.type() === 'warning') warnings.push(m.text());
  });
  const host = server.url + 'test-host.html';
  await page.route(host, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>Host</title><body style="margin:0">
      <iframe id="calc" src="${src}" style="border:0; width:${width}px; height:${height}px"></iframe>
      <script>
        window.received = [];
        window.addEventListener('message', (e) => { if (e.data && e.data.learnable === 1) window.received.push(e.data); });
        window.send = (m) => document.getElementById('calc').contentWindow.postMessage(m, '*');
      </script></body>`,
  }));
  await page.goto(host);
  await page.waitForFunction(() => window.received.some((m) => m.type === 'ready'), null, { timeout: 30000 });
  const frame = page.frames().find((f) => f.url().includes('embed.html'));
  await frame.waitForFunction(() => window.learnableTest && window.learnableTest.frames > 0 && document.querySelector('#mirror-layers tr'),
    null, { timeout: 20000 });
  return { page, frame, errors, warnings };
}

async function settle(frame) {
  await frame.waitForFunction(() => window.learnableTest && window.learnableTest.idle === true, null, { timeout: 15000 });
}

// Clicks a widget of the embed: its rectangle in the frame, moved by the iframe's place.
async function clickIn(page, frame, id) {
  await settle(frame);
  const r = await frame.evaluate((name) => window.learnableTest.rect(name), id);
  if (!r) throw new Error(`the embed drew no widget '${id}'`);
  const box = await (await page.$('#calc')).boundingBox();
  await page.mouse.click(box.x + r.x + r.w / 2, box.y + r.y + r.h / 2);
  await settle(frame);
}

async function nextMessage(page, type, count) {
  await page.waitForFunction(([t, n]) => window.received.filter((m) => m.type === t).length >= n, [type, count], { timeout: 15000 });
  return page.evaluate((t) => window.received.filter((m) => m.type === t).at(-1), type);
}

const lenet = {
  learnable: 1, framework: 'keras', input_shape: [32, 32, 1],
  layers: [
    { type: 'Conv2D', name: 'C1', args: { filters: 6, kernel_size: 5, activation: 'tanh' } },
    { type: 'AveragePooling2D', name: 'S2', args: { pool_size: 2 } },
    { type: 'Flatten', name: 'flatten', args: {} },
    { type: 'Dense', name: 'Output', args: { units: 10 } },
  ],
};

test('a host page sets the model by postMessage, reads it back and hears of edits', { timeout: 120000 }, async () => {
  const context = await launch();
  try {
    const { page, frame, errors, warnings } = await openHost(context, server.url + 'embed.html');
    // The embed opens on the tutorial's model, without the app's menus and toolbar.
    const first = await frame.evaluate(() => document.querySelector('#mirror-layers td.formula').textContent);
    assert.equal(first, '3*288 + 32 = 896');
    assert.equal(await frame.evaluate(() => window.learnableTest.rect('button:Import model')), null, 'no toolbar in an embed');

    await page.evaluate((m) => window.send({ learnable: 1, type: 'setModel', model: m, id: 'set-1' }), lenet);
    const set = await nextMessage(page, 'model', 1);
    assert.equal(set.id, 'set-1');
    assert.equal(set.summary.layers[0].formula, '1*150 + 6 = 156');
    // The same numbers as the JS API gives for the same document.
    const expected = api.summarizeModel(lenet);
    assert.equal(set.summary.total, expected.total);
    assert.deepEqual(set.summary.layers.map((l) => l.params), expected.layers.map((l) => l.params));
    assert.equal(set.model.layers[0].name, 'C1');
    await settle(frame);
    await screenshot(page, 'embed-host');

    await page.evaluate(() => window.send({ learnable: 1, type: 'getModel', id: 42 }));
    const got = await nextMessage(page, 'model', 2);
    assert.equal(got.id, 42);
    assert.equal(got.summary.total, expected.total);

    // An edit in the embed: C1 gets 16 filters, and the host hears of it.
    await clickIn(page, frame, 'row:0');
    await clickIn(page, frame, 'arg:filters');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('16');
    await page.keyboard.press('Enter');
    await settle(frame);
    const changed = await page.waitForFunction(
      () => window.received.find((m) => m.type === 'changed' && m.summary.layers[0].formula === '1*400 + 16 = 416'), null, { timeout: 15000 });
    assert.ok(await changed.jsonValue());

    // Messages that do not match the schema are ignored, with a warning; nothing else happens.
    const before = await page.evaluate(() => window.received.length);
    await page.evaluate(() => {
      window.send('setModel');
      window.send({ learnable: 2, type: 'getModel' });
      window.send({ learnable: 1, type: 'eval', code: 'alert(1)' });
      window.send({ learnable: 1, type: 'setModel', model: 42 });
    });
    await page.waitForFunction(() => true);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.received.length), before, 'an ignored message got an answer');
    assert.ok(warnings.filter((w) => w.includes("ignored a message that does not match")).length >= 4, JSON.stringify(warnings));

    // A model that cannot be read: an error answer, and the embed keeps its model.
    await page.evaluate(() => window.send({ learnable: 1, type: 'setModel', model: '{"learnable": 1, "layers": [', id: 'bad' }));
    const error = await nextMessage(page, 'error', 1);
    assert.equal(error.id, 'bad');
    assert.ok(error.errors.length > 0 && error.errors[0].message.length > 0);
    assert.equal(await frame.evaluate(() => document.querySelector('#mirror-layers td.formula').textContent), '1*400 + 16 = 416');

    // The iframe resized: the canvas' backing store follows (CSS size × devicePixelRatio).
    await page.evaluate(() => { document.getElementById('calc').style.width = '640px'; document.getElementById('calc').style.height = '480px'; });
    await frame.waitForFunction(() => {
      const c = document.querySelector('canvas');
      const r = c.getBoundingClientRect();
      return Math.abs(c.width - r.width * devicePixelRatio) <= 1 && Math.abs(r.width - 640) <= 1 && Math.abs(c.height - r.height * devicePixelRatio) <= 1;
    }, null, { timeout: 15000 });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('with ?layer= the embed shows that layer alone, at deviceScaleFactor 2', { timeout: 120000 }, async () => {
  const context = await launch({ deviceScaleFactor: 2 });
  try {
    const fragment = api.encodeShareFragment(api.preset('tutorial').model).fragment;
    const { page, frame, errors } = await openHost(context, `${server.url}embed.html?layer=Conv2#${fragment}`, { width: 520, height: 560 });
    await settle(frame);
    const selected = await frame.evaluate(() => document.getElementById('mirror-selected').textContent);
    assert.match(selected, /^Conv2 \(Conv2D\)/);
    assert.match(selected, /32\*576 \+ 64 = 18496/);
    assert.equal(await frame.evaluate(() => window.learnableTest.rect('row:0')), null, 'the table is not shown');
    assert.ok(await frame.evaluate(() => window.learnableTest.rect('arg:filters')), 'the editor is shown');
    const size = await frame.evaluate(() => {
      const c = document.querySelector('canvas');
      return { w: c.width, cssW: c.getBoundingClientRect().width };
    });
    assert.equal(size.w, Math.round(size.cssW * 2));
    await screenshot(page, 'embed-layer');
    // The host picks another layer.
    await page.evaluate(() => window.send({ learnable: 1, type: 'selectLayer', layer: 'Conv3' }));
    await frame.waitForFunction(() => document.getElementById('mirror-selected').textContent.startsWith('Conv3 (Conv2D)'));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
