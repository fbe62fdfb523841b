// The classroom in the browser: quiz mode answered wrong then right, a quiz link that opens in
// quiz mode in a fresh browser, and "Why is my number different?" on the Keras-vs-PyTorch LSTM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, screenshot, totals, waitForRows, click, settle, typeInto, withApp as openAndRun } from './harness.mjs';

let server;
before(async () => { server = await serve(); });
after(async () => { await server.close(); });

const withApp = (fn, options, url) => openAndRun(url ?? server.url, fn, options);

const selected = (page) => page.textContent('#mirror-selected');
const status = (page) => page.textContent('#mirror-status');

test('quiz mode: a wrong answer names the step that differs, a right one reveals the count', { timeout: 90000 }, async () => {
  await withApp(async (page) => {
    await click(page, 'menu:Classroom');
    await click(page, 'menu:Quiz every');
    let r = await waitForRows(page, (r) => r.length === 6 && r.every((x) => x.params === '?' || x.params === ''), 'every count hidden');
    assert.ok(r.every((x) => !/\d+ = \d+/.test(x.formula)), 'a formula is visible in quiz mode');
    assert.match(await totals(page), /hidden until every quiz layer is answered/);
    assert.doesNotMatch(await totals(page), /2,747,722/);

    await click(page, 'row:0');
    assert.match(await selected(page), /how many learnable parameters does Conv1 have\?/);
    assert.doesNotMatch(await selected(page), /896/);
    // 864: the weights without the biases.
    await typeInto(page, 'quiz:answer', '864');
    await page.waitForFunction(() => document.querySelector('#mirror-selected .quiz-step'), null, { timeout: 20000 });
    assert.equal(await page.textContent('#mirror-selected .quiz-step'), 'biases');
    const hint = await page.textContent('#mirror-selected .quiz-verdict');
    assert.match(hint, /each of the 32 filters also has a bias/);
    assert.doesNotMatch(hint, /896/);
    assert.match(await status(page), /^Not yet\./);
    await screenshot(page, 'quiz-wrong');

    await typeInto(page, 'quiz:answer', '896');
    r = await waitForRows(page, (r) => r[0].params === '896', 'Conv1 revealed');
    assert.equal(r[0].formula, '3*288 + 32 = 896');
    assert.equal(r[1].params, '?', 'Conv2 stays hidden');
    assert.match(await status(page), /^Right: 896/);
    assert.match(await selected(page), /3\*288 \+ 32 = 896/);
    await screenshot(page, 'quiz-right');

    // Conv2: given up on, then shown.
    await click(page, 'row:1');
    await click(page, 'button:Show the answer');
    r = await waitForRows(page, (r) => r[1].params === '18,496', 'Conv2 shown');
    await click(page, 'menu:Classroom');
    await click(page, 'menu:Stop the quiz');
    await waitForRows(page, (r) => r.every((x) => x.params !== '?'), 'every count back');
    assert.match(await totals(page), /Total params: 2,747,722/);
  });
});

test('a quiz link opens the model in quiz mode in a fresh browser', { timeout: 90000 }, async () => {
  let link;
  await withApp(async (page) => {
    await click(page, 'menu:File');
    await click(page, 'menu:Share or embed');
    await click(page, 'share:quiz');
    await click(page, 'button:Copy link');
    link = await page.evaluate(() => navigator.clipboard.readText());
  }, { permissions: ['clipboard-read', 'clipboard-write'] });
  assert.match(link, /#m=1\..*&quiz=every$/);
  await withApp(async (page) => {
    const r = await waitForRows(page, (r) => r.length === 6 && r[0].params === '?', 'the quiz');
    assert.equal(r[5].params, '?');
    await screenshot(page, 'quiz-link');
  }, undefined, link);
});

test('why is my number different: PyTorch\'s LSTM biases explain the total', { timeout: 90000 }, async () => {
  await withApp(async (page) => {
    await click(page, 'menu:Presets');
    await click(page, 'menu:preset:text_lstm');
    await waitForRows(page, (r) => r.length === 4 && r[1].type === 'LSTM', 'the text classifier');
    assert.match(await totals(page), /Total params: 677,249/);
    await click(page, 'menu:Classroom');
    await click(page, 'menu:Why is my number different?');
    await click(page, 'why:total');
    await page.keyboard.type('677,505');
    await settle(page);
    await page.waitForFunction(() => /PyTorch/.test(document.getElementById('mirror-status').textContent), null, { timeout: 20000 });
    const said = await status(page);
    assert.match(said, /^PyTorch's conventions: 677,505\./);
    assert.match(said, /two bias vectors \(bias_ih and bias_hh\)/);
    await screenshot(page, 'why-different');
  });
});
