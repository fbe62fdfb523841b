// learnable-offline.html: the one-file app, opened from file:// in a browser with networking off.
// Everything that does not need a server must work: the model, editing, the formats (import,
// export, the Keras | PyTorch switch: linked into this build) and share links, which open a
// model from the address bar of the file itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, screenshot, rows, totals, waitForRows, click, settle, site } from './harness.mjs';

const offlineUrl = pathToFileURL(join(site, 'learnable-offline.html')).href;

async function openOffline(context, url = offlineUrl) {
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith('data:')) requests.push(r.url()); });
  await page.goto(url);
  await page.waitForFunction(() => window.learnableTest && window.learnableTest.frames > 0 && document.querySelector('#mirror-layers tr'),
    null, { timeout: 30000 });
  page.errors = errors;
  page.requests = requests;
  return page;
}

test('the offline file opens from file:// with the network off, imports, converts and shares', { timeout: 120000 }, async () => {
  const context = await launch({ permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    await context.setOffline(true);
    const page = await openOffline(context);
    let r = await waitForRows(page, (r) => r.length === 6, 'the tutorial model');
    assert.equal(r[0].formula, '3*288 + 32 = 896');
    await screenshot(page, 'offline');

    // Import: the formats are in this build, nothing is fetched.
    await click(page, 'button:Import model');
    await click(page, 'import:text');
    await page.keyboard.type('model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8*30*30, 10))');
    await settle(page);
    await click(page, 'import:input-shape');
    await page.keyboard.type('3, 32, 32');
    await settle(page);
    await click(page, 'button:Import');
    r = await waitForRows(page, (r) => r.length === 4 && r[0].type === 'Conv2d', 'the imported PyTorch model');
    assert.equal(r[0].formula, '3*72 + 8 = 224');
    assert.equal(r[3].formula, '7200*10 + 10 = 72010');
    assert.match(await totals(page), /Counted as in PyTorch/);

    // The switch converts in this build too.
    await click(page, 'button:Keras');
    r = await waitForRows(page, (r) => r.length >= 3 && r[0].type === 'Conv2D', 'the model in Keras');
    assert.equal(r[0].formula, '3*72 + 8 = 224');
    assert.match(await totals(page), /Total params: 72,234/);

    // Export to the clipboard.
    await click(page, 'button:Export');
    await click(page, 'export:copy:keras-code');
    const code = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(code, /layers\.Conv2D\(8, \(3, 3\)/);

    // A share link of the offline file opens the same model in a fresh page.
    await click(page, 'button:Share link');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(link.startsWith(offlineUrl + '#'), link);
    const shared = await openOffline(context, link);
    const again = await waitForRows(shared, (x) => x.length === r.length && x[0].type === 'Conv2D', 'the shared model');
    assert.deepEqual(again.map((x) => x.formula), r.map((x) => x.formula));
    await screenshot(shared, 'offline-shared');
    assert.deepEqual(page.errors, [], 'the page logged errors');
    assert.deepEqual(shared.errors, [], 'the shared page logged errors');
    assert.deepEqual([...page.requests, ...shared.requests].filter((u) => !u.startsWith('file:')), [],
      'the offline file asked the network for something');
  } finally {
    await context.close();
  }
});
