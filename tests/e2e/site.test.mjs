// End-to-end tests of the site around the app, in headless Chromium: the service worker that
// keeps a visited page working offline, the web app manifest and its icons, the print
// stylesheet, and the tutorial example page (web/examples/tutorial.html). Screenshots in build/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, launch, openApp, screenshot, rows, totals, waitForRows, click, site, shots } from './harness.mjs';

let server;
before(async () => { server = await serve(); });
after(async () => { await server.close(); });

// Records each navigator.serviceWorker.register() call, and whether the app had drawn its
// first frame by then, before the page's own scripts run.
function spyOnRegister() {
  window.__registered = [];
  if (!('serviceWorker' in navigator)) return;
  const register = ServiceWorkerContainer.prototype.register;
  ServiceWorkerContainer.prototype.register = function (...args) {
    window.__registered.push({ url: String(args[0]), ready: document.body.classList.contains('ready') });
    return register.apply(this, args);
  };
}

const tutorialFirst = (r) => r.length === 6 && r[0].formula === '3*288 + 32 = 896';

test('the service worker registers after the first frame and the page then opens offline', async () => {
  const own = await serve();  // stopped halfway: the reload must not reach any server
  const context = await launch();
  try {
    await context.addInitScript(spyOnRegister);
    const page = await openApp(context, own.url);
    await waitForRows(page, tutorialFirst, 'the tutorial model');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
    const registered = await page.evaluate(() => window.__registered);
    assert.deepEqual(registered, [{ url: 'sw.js', ready: true }], 'one registration, after the first frame');

    // The snapshot is this build's: its cache is named after sw.js's version and holds the site.
    const version = readFileSync(join(site, 'sw.js'), 'utf8').match(/const VERSION = "([0-9a-f]+)"/)[1];
    const stored = await page.evaluate(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names[0]);
      return { names, urls: (await cache.keys()).map((r) => new URL(r.url).pathname) };
    });
    assert.deepEqual(stored.names, [`learnable-${version}`]);
    for (const file of ['/', '/index.html', '/app.js', '/app.wasm', '/learnable.js', '/learnable.wasm', '/learnable.mjs',
      '/DejaVuSans-subset.ttf', '/DejaVuSansMono-subset.ttf', '/manifest.webmanifest', '/icons/icon-192.png',
      '/icons/icon-512.png']) {
      assert.ok(stored.urls.includes(file), `${file} is stored; stored: ${stored.urls.join(' ')}`);
    }

    await own.close();
    await context.setOffline(true);
    const answered = [];
    page.on('response', (r) => answered.push({ path: new URL(r.url()).pathname, sw: r.fromServiceWorker(), status: r.status() }));
    await page.reload();
    await page.waitForFunction(() => window.learnableTest && window.learnableTest.frames > 0, null, { timeout: 20000 });
    const r = await waitForRows(page, tutorialFirst, 'the tutorial model, offline');
    assert.equal(r[5].formula, '262144*10 + 10 = 2621450');
    assert.match(await totals(page), /Total params: 2,747,722/);
    for (const file of ['/', '/app.js', '/app.wasm', '/DejaVuSans-subset.ttf']) {
      const a = answered.find((x) => x.path === file);
      assert.ok(a && a.sw && a.status === 200, `${file} came from the service worker: ${JSON.stringify(answered)}`);
    }
    await screenshot(page, 'offline-reload');
    assert.deepEqual(page.errors, [], 'the page logged errors');
  } finally {
    await context.close();
    await own.close().catch(() => {});
  }
});

test('the offline file from file:// registers no service worker', { skip: !existsSync(join(site, 'learnable-offline.html')) && 'no learnable-offline.html in this build' }, async () => {
  const context = await launch();
  try {
    await context.addInitScript(spyOnRegister);
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(site, 'learnable-offline.html')).href);
    await page.waitForFunction(() => document.body.classList.contains('ready'), null, { timeout: 20000 });
    await page.waitForTimeout(1500);  // past the idle moment a registration would wait for
    assert.deepEqual(await page.evaluate(() => window.__registered), []);
  } finally {
    await context.close();
  }
});

// The width and height a PNG's header states.
function pngSize(bytes) {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test('the page links a web app manifest whose icons are PNGs of the sizes it states', async () => {
  const context = await launch();
  try {
    const page = await openApp(context, server.url);
    const href = await page.$eval('link[rel="manifest"]', (l) => l.href);
    const response = await page.request.get(href);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'], /manifest\+json/);
    const manifest = await response.json();
    assert.equal(manifest.name, 'Learnable');
    assert.equal(manifest.display, 'standalone');
    assert.equal(new URL(manifest.start_url, href).href, server.url);
    assert.match(manifest.theme_color, /^#[0-9A-Fa-f]{6}$/);
    assert.deepEqual(manifest.icons.map((i) => i.sizes).sort(), ['192x192', '512x512']);
    for (const icon of manifest.icons) {
      const got = await page.request.get(new URL(icon.src, href).href);
      assert.equal(got.status(), 200, icon.src);
      assert.equal(icon.type, 'image/png');
      assert.deepEqual(pngSize(await got.body()), icon.sizes.split('x').map(Number), icon.src);
    }
  } finally {
    await context.close();
  }
});

test('printed, the page is the mirror as a worksheet, without the canvas', async () => {
  const context = await launch();
  try {
    const page = await openApp(context, server.url);
    await waitForRows(page, tutorialFirst, 'the tutorial model');
    await click(page, 'row:0');
    await page.waitForFunction(() => /3\*288 \+ 32 = 896/.test(document.querySelector('#mirror-selected').textContent));
    const box = (selector) => page.$eval(selector, (e) => { const r = e.getBoundingClientRect(); return { w: r.width, h: r.height }; });
    const onScreen = await box('#mirror');
    assert.ok(onScreen.w <= 1 && onScreen.h <= 1, `on screen the mirror stays hidden: ${JSON.stringify(onScreen)}`);

    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('#canvas'), false, 'the canvas is not printed');
    assert.equal(await page.isVisible('#loading'), false);
    for (const selector of ['#mirror-layers', '#mirror-totals', '#mirror-input', '#mirror-selected']) {
      const b = await box(selector);
      assert.ok(b.w > 300 && b.h > 10, `${selector} is laid out on paper: ${JSON.stringify(b)}`);
    }
    // Every layer's formula is in view, and the first row carries the column names.
    const printed = await rows(page);
    assert.equal(printed[0].formula, '3*288 + 32 = 896');
    const headers = await page.$$eval('#mirror-layers tr:first-child td', (tds) => tds
      .filter((td) => getComputedStyle(td).display !== 'none')
      .map((td) => getComputedStyle(td, '::before').content));
    assert.deepEqual(headers, ['"#"', '"Name"', '"Type"', '"Output shape"', '"Params"', '"Formula"']);
    const formulaBox = await page.$eval('#mirror-layers tr:last-child td.formula', (e) => e.getBoundingClientRect().width);
    assert.ok(formulaBox > 50, 'the formula column has room');
    await page.setViewportSize({ width: 794, height: 1123 });  // A4 at 96 dpi
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'print.png'), fullPage: true });
    const pdf = await page.pdf({ path: join(shots, 'print.pdf'), format: 'A4' });
    assert.ok(pdf.length > 1000);
    assert.deepEqual(page.errors, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});

// ---- The tutorial example page ----

// The build's ES module, in this node process: the answers the page must show.
let calculator;
async function learnable() {
  if (!calculator) calculator = await (await import(pathToFileURL(join(site, 'learnable.mjs')).href)).default();
  return calculator;
}

async function openTutorial(context, at = server) {
  const page = await context.newPage();
  const errors = [];
  const embed = existsSync(join(site, 'embed.html'));
  page.on('pageerror', (e) => errors.push(String(e)));
  // A missing file is reported with its address (the console's message has none); embed.html
  // may not be built yet.
  page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) errors.push(m.text()); });
  page.on('response', (r) => {
    if (r.status() >= 400 && (embed || !/\/embed\.html$/.test(new URL(r.url()).pathname))) errors.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(new URL('examples/tutorial.html', at.url).href);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 20000 });
  page.errors = errors;
  return page;
}

const ownRows = (page) => page.$$eval('#own-table tbody tr', (trs) => trs.map((tr) =>
  Object.fromEntries([...tr.cells].map((td) => [td.className, td.textContent]))));

test('the tutorial page counts the tutorial code through the ES module, errors at their line and column', async () => {
  const api = await learnable();
  const context = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await openTutorial(context);
    const code = await page.textContent('#tutorial-code');
    const expected = api.summarize(code);
    const shown = await ownRows(page);
    assert.equal(shown[0].formula, '3*288 + 32 = 896');
    assert.deepEqual(shown.map((r) => r.formula), expected.layers.map((l) => l.formula));
    assert.deepEqual(shown.map((r) => r.name), expected.layers.map((l) => `${l.name} (${l.type})`));
    assert.equal(await page.textContent('#own-total'), '2,747,722');
    // The module loads once per page: another import and two more calls share the same load.
    assert.deepEqual(await page.evaluate(async () => {
      const { default: Learnable } = await import('../learnable.mjs');
      const [a, b] = await Promise.all([Learnable(), Learnable()]);
      return [a === b, document.querySelectorAll('script[src$="/learnable.js"]').length, a.summarize('x').errors.length > 0];
    }), [true, 1, true]);
    await page.locator('#own').scrollIntoViewIfNeeded();
    await screenshot(page, 'tutorial-module');

    // Without its first line, IMG_SIZE is undefined: the error is shown at the core's line and
    // column, and clicking it selects that place in the code.
    const broken = code.replace(/^IMG_SIZE = 32\n\n/, '');
    assert.notEqual(broken, code);
    const [error] = api.summarize(broken).errors;
    await page.fill('#own-code', broken);
    const where = page.locator('#own-messages li.error button.where').first();
    await where.waitFor();
    assert.equal(await where.textContent(), `Line ${error.line}, column ${error.column}`);
    assert.match(await page.textContent('#own-messages li.error'), /IMG_SIZE is not defined/);
    assert.equal(await page.textContent('#own-total'), '0');
    await where.click();
    const selected = await page.$eval('#own-code', (t) => t.value.slice(t.selectionStart, t.selectionStart + 8));
    assert.equal(selected, 'IMG_SIZE');
    await screenshot(page, 'tutorial-module-error');

    // Global pooling in place of Flatten: the dense layer reads 256 values.
    await page.fill('#own-code', code.replace('Flatten(name="Flatten")', 'GlobalAveragePooling2D(name="Pool")'));
    await page.waitForFunction(() => document.querySelector('#own-table tbody tr:last-child .formula')?.textContent === '256*10 + 10 = 2570');
    assert.deepEqual(page.errors, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});

const stepLayers = [null, 'Conv1', 'Conv2', 'Conv3', 'Conv4', 'Flatten', 'Output', null];

test('the tutorial page has one calculator per step: the embed view of its model, at the step\'s layer', async () => {
  const api = await learnable();
  const context = await launch();
  try {
    const page = await openTutorial(context);
    const frames = await page.$$eval('iframe.calculator', (fs) => fs.map((f) => f.src));
    assert.equal(frames.length, stepLayers.length);
    const { fragment } = api.encodeShareFragment(api.modelFromCode(await page.textContent('#tutorial-code')).model);
    assert.ok(fragment);
    frames.forEach((src, i) => {
      const url = new URL(src);
      assert.equal(url.href.split('?')[0].split('#')[0], new URL('embed.html', server.url).href, src);
      assert.equal(url.searchParams.get('layer'), stepLayers[i], src);
      assert.equal(url.hash, `#${fragment}`);
    });
    const model = api.decodeShareFragment(new URL(frames[0]).hash);
    assert.equal(api.summarizeModel(model.model).layers[0].formula, '3*288 + 32 = 896');
    await screenshot(page, 'tutorial-top');
    // Any width: on a phone, in dark mode, nothing is wider than the screen.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.locator('#conv1').scrollIntoViewIfNeeded();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling at 360 px');
    await screenshot(page, 'tutorial-narrow-dark');
    assert.deepEqual(page.errors, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});

test('each calculator of the tutorial shows its layer\'s numbers', { skip: !existsSync(join(site, 'embed.html')) && 'no embed.html in this build yet' }, async () => {
  const api = await learnable();
  const context = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await openTutorial(context);
    const summary = api.summarize(await page.textContent('#tutorial-code'));
    const iframes = await page.$$('iframe.calculator');
    for (const [i, iframe] of iframes.entries()) {
      const layer = stepLayers[i];
      await iframe.scrollIntoViewIfNeeded();
      const frame = await iframe.contentFrame();
      if (layer) {
        const formula = summary.layers.find((l) => l.name === layer).formula;
        await frame.waitForFunction((f) => document.querySelector('#mirror-selected')?.textContent.includes(f), formula, { timeout: 20000 });
        // The page's caption, from the embed's answer to getModel (postMessage).
        await page.waitForFunction(([name, f]) => document.querySelector(`.caption[data-for="${name}"]`).textContent.includes(f),
          [layer, formula], { timeout: 10000 });
      } else {
        await frame.waitForFunction(() => /Total params: 2,747,722/.test(document.querySelector('#mirror-totals')?.textContent ?? ''), null, { timeout: 20000 });
      }
      if (layer === 'Conv1') await screenshot(page, 'tutorial-conv1');
    }
    assert.deepEqual(page.errors, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});

// A stand-in for the embed view that keeps only its message contract (ready; getModel -> model;
// changed after an edit), computed with the ES module: the host side of the contract is tested
// whatever state the real embed view is in. window.edit(filters) plays a user's edit.
const fakeEmbed = `<!doctype html>
<script type="module">
  import Learnable from './learnable.mjs';
  const api = await Learnable();
  let model = api.decodeShareFragment(location.hash).model;
  const layer = new URLSearchParams(location.search).get('layer');
  const answer = (type, id) => parent.postMessage({ learnable: 1, type, id, model, summary: api.summarizeModel(model) }, '*');
  addEventListener('message', (e) => {
    if (e.source === parent && e.data && e.data.learnable === 1 && e.data.type === 'getModel') answer('model', e.data.id);
  });
  window.edit = (filters) => {
    model = structuredClone(model);
    model.layers.find((l) => l.name === layer).args.filters = filters;
    answer('changed');
  };
  parent.postMessage({ learnable: 1, type: 'ready' }, '*');
</script>`;

test('the tutorial\'s captions follow the embeds\' messages: their answer to getModel, then each edit', async () => {
  const api = await learnable();
  const dir = await mkdtemp(join(tmpdir(), 'learnable-site-'));
  // The site as built, but embed.html (and the precompressed copy the server would prefer).
  for (const name of await readdir(site)) if (!name.startsWith('embed.html')) await symlink(join(site, name), join(dir, name));
  await writeFile(join(dir, 'embed.html'), fakeEmbed);
  const fake = await serve(dir);
  const context = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await openTutorial(context, fake);
    const summary = api.summarize(await page.textContent('#tutorial-code'));
    const iframes = await page.$$('iframe.calculator');
    for (const [i, iframe] of iframes.entries()) {
      await iframe.scrollIntoViewIfNeeded();
      const layer = stepLayers[i];
      const expected = layer ? summary.layers.find((l) => l.name === layer).formula : '2,747,722 parameters in all';
      const key = layer ?? (i === 0 ? 'input' : 'total');
      await page.waitForFunction(([k, text]) => document.querySelector(`.caption[data-for="${k}"]`).textContent.includes(text),
        [key, expected], { timeout: 10000 });
    }
    const edited = api.preset('tutorial').model;
    edited.layers.find((l) => l.name === 'Conv1').args.filters = 16;
    const conv1 = api.summarizeModel(edited).layers[0];
    await (await iframes[1].contentFrame()).evaluate(() => window.edit(16));
    const caption = page.locator('.caption[data-for="Conv1"]');
    await page.waitForFunction((f) => document.querySelector('.caption[data-for="Conv1"]').textContent.includes(f), conv1.formula);
    assert.equal(await caption.textContent(), `You changed the model: Conv1 has ${conv1.params.toLocaleString('en-US')} parameters (${conv1.formula}).`);
    assert.deepEqual(page.errors, [], 'the page logged errors');
  } finally {
    await context.close();
    await fake.close();
  }
});
