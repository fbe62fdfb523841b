// Browser budgets behind the README's figures (./build.sh bench), measured in headless
// Chromium on this machine: bytes the page transfers (gzipped), cold load to the first
// interactive frame, CPU time per frame with a 1,000-layer model on screen, and idle frames.
//
// A cold load is a first visit: a fresh profile, nothing cached, in a browser that is already
// running, as a user's is when they open a link. Chromium keeps both cores busy for about
// 400 ms after it starts (its GPU process and the new tab), so each load waits until the
// browser is idle before it navigates. The same loads with the page opened the moment the
// browser starts are reported too, for comparison: they measure Chromium's start as well.
import { gzipSync } from 'node:zlib';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { serve, launch, site, click, settle } from '../e2e/harness.mjs';

const require = createRequire(import.meta.url);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

// CPU time, in milliseconds, used so far by every Chromium process on the machine (the bench
// runs one browser at a time).
function chromiumCpuMs() {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!/^\S*\/chromium(\s|\0|$)/.test(readFileSync(`/proc/${pid}/cmdline`, 'latin1'))) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);  // utime, stime
    } catch { /* the process ended meanwhile */ }
  }
  return ticks * 10;  // USER_HZ is 100 on Linux
}

// Waits until the browser has started: two 100 ms spans in a row in which its processes used
// at most 10 ms of CPU. Gives up after 10 s (then the load is measured anyway).
async function browserIdle() {
  let before = chromiumCpuMs(), quiet = 0;
  for (let i = 0; i < 100 && quiet < 2; ++i) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = chromiumCpuMs();
    quiet = now - before <= 10 ? quiet + 1 : 0;
    before = now;
  }
}

// Cold loads of `url`, one fresh profile each: `count` in a running, idle browser, then `count`
// opened as the browser starts. Milliseconds from navigation to the first interactive frame.
async function coldLoads(url, count, options = {}) {
  const running = [], starting = [];
  for (const list of [running, starting]) {
    for (let i = 0; i < count; ++i) {
      const context = await launch(options);
      const { page } = await openCold(context, url, { idle: list === running });
      list.push(await page.evaluate(() => window.__firstFrameAt));
      await context.close();
    }
  }
  return { running, starting };
}

async function openCold(context, url, { idle = false } = {}) {
  const page = await context.newPage();
  if (idle) await browserIdle();  // the tab open, the browser started, before the link is opened
  const sizes = new Map();
  // `sent`: the bytes that came over the wire (the server's precompressed gzip where it has
  // one); `gz9`: the same body through gzip -9, for comparison with other hosting.
  page.on('response', async (response) => {
    try {
      const body = await response.body();
      const headers = await response.allHeaders();
      const sent = headers['content-encoding'] === 'gzip' ? Number(headers['content-length']) : body.length;
      sizes.set(response.url(), { raw: body.length, sent, gz9: gzipSync(body, { level: 9 }).length });
    } catch { /* redirects and aborted requests have no body */ }
  });
  await page.addInitScript(() => {
    window.learnableReady = () => { window.__firstFrameAt = performance.now(); };
  });
  await page.goto(url);
  await page.waitForFunction(() => window.__firstFrameAt !== undefined, null, { timeout: 20000 });
  return { page, sizes };
}

async function main() {
  const server = await serve();
  const results = {};
  try {
    // Transfer size: every file the page loads, as sent.
    {
      const context = await launch();
      const { page, sizes } = await openCold(context, server.url);
      await page.waitForTimeout(300);
      const transfer = [...sizes.entries()].map(([url, s]) => ({ file: new URL(url).pathname, ...s }));
      results.transfer = transfer;
      results.transfer_gz_total = transfer.reduce((a, f) => a + f.sent, 0);
      results.transfer_gzip9_total = transfer.reduce((a, f) => a + f.gz9, 0);
      await context.close();
    }

    // Cold loads of the page, and of the embed view as a tutorial page opens it.
    const main = await coldLoads(server.url, 7);
    results.cold_load_ms_median = median(main.running);
    results.cold_load_ms_all = main.running.map((x) => Math.round(x));
    results.cold_start_ms_median = median(main.starting);
    results.cold_start_ms_all = main.starting.map((x) => Math.round(x));
    const embed = await coldLoads(server.url + 'embed.html?layer=Conv1', 7, { viewport: { width: 640, height: 560 } });
    results.embed_cold_load_ms_median = median(embed.running);
    results.embed_cold_load_ms_all = embed.running.map((x) => Math.round(x));
    results.embed_cold_start_ms_median = median(embed.starting);
    results.embed_cold_start_ms_all = embed.starting.map((x) => Math.round(x));

    // The offline single file, gzipped (the budget is 400 KB).
    const offline = readFileSync(join(site, 'learnable-offline.html'));
    results.offline_raw = offline.length;
    results.offline_gz = gzipSync(offline, { level: 9 }).length;

    // The formats module (learnable.js/.wasm: importers, exports, conversion) is not part of the
    // page's load: it comes the first time the user imports, exports or converts. Measured from
    // opening the Export menu (which starts the download) to the copied text.
    {
      const context = await launch({ permissions: ['clipboard-read', 'clipboard-write'] });
      const { page, sizes } = await openCold(context, server.url);
      await settle(page);
      const t0 = await page.evaluate(() => performance.now());
      await click(page, 'button:Export');
      await click(page, 'export:copy:csv');
      const t1 = await page.evaluate(() => performance.now());
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      if (!copied.includes('Conv1')) throw new Error('the CSV export did not reach the clipboard: ' + copied.slice(0, 200));
      results.formats = [...sizes.entries()].filter(([url]) => /\/learnable\.(js|wasm)$/.test(url))
        .map(([url, s]) => ({ file: new URL(url).pathname, ...s }));
      results.formats_gz_total = results.formats.reduce((a, f) => a + f.sent, 0);
      results.formats_first_use_ms = t1 - t0;
      await context.close();
    }

    // A 1,000-layer model through a share link; frames forced by moving the mouse over it.
    const Learnable = require(join(site, 'learnable.js'));
    // wasmBinary given directly: node's fetch (which playwright needs) cannot load file paths.
    const calc = await Learnable({ wasmBinary: readFileSync(join(site, 'learnable.wasm')) });
    const layers = [];
    for (let i = 0; i < 1000; ++i) layers.push(i % 2 ? { type: 'Dense', args: { units: 64 } } : { type: 'BatchNormalization', args: {} });
    const fragment = calc.encodeShareFragment({ learnable: 1, framework: 'keras', input_shape: [64], layers }).fragment;
    const context = await launch();
    const { page } = await openCold(context, server.url + '#' + fragment);
    await page.waitForFunction(() => document.querySelectorAll('#mirror-layers tr').length >= 1000, null, { timeout: 30000 });
    await page.evaluate(() => { window.learnableTest.frameTimes.length = 0; });
    for (let k = 0; k < 120; ++k) {
      await page.mouse.move(200 + (k % 40) * 5, 200 + (k % 7) * 20);
      await page.mouse.wheel(0, k % 20 < 10 ? 60 : -60);
      await page.waitForTimeout(16);
    }
    const times = await page.evaluate(() => [...window.learnableTest.frameTimes]);
    results.frame_ms_median_1000_layers = median(times);
    results.frames_measured = times.length;

    // Idle: frames drawn during 3 s without input.
    await page.waitForTimeout(1000);
    const a = await page.evaluate(() => window.learnableTest.frames);
    await page.waitForTimeout(3000);
    const b = await page.evaluate(() => window.learnableTest.frames);
    results.idle_fps = (b - a) / 3;
    await context.close();
  } finally {
    await server.close();
  }
  const kb = (n) => (n / 1024).toFixed(1) + ' KB';
  console.log('web budgets (headless Chromium, this machine)');
  for (const f of results.transfer) {
    console.log(`  ${f.file.padEnd(30)} ${kb(f.raw).padStart(9)} raw ${kb(f.sent).padStart(9)} sent (gzip) ${kb(f.gz9).padStart(9)} with gzip -9`);
  }
  console.log(`  transfer, gzipped:            ${kb(results.transfer_gz_total)} (budget 250 KB; ${kb(results.transfer_gzip9_total)} with gzip -9)`);
  console.log(`  formats module, on first use: ${kb(results.formats_gz_total)} sent (${results.formats.map((f) => f.file).join(', ')}); `
    + `Export menu to copied text ${results.formats_first_use_ms.toFixed(0)} ms`);
  console.log(`  embed, cold, first frame:     ${results.embed_cold_load_ms_median.toFixed(0)} ms median of ${results.embed_cold_load_ms_all.join(', ')} (budget 500 ms)`);
  console.log(`    opened as the browser starts: ${results.embed_cold_start_ms_median.toFixed(0)} ms median of ${results.embed_cold_start_ms_all.join(', ')}`);
  console.log(`  offline single file:          ${kb(results.offline_gz)} gzipped, ${kb(results.offline_raw)} raw (budget 400 KB)`);
  console.log(`  cold load to first frame:     ${results.cold_load_ms_median.toFixed(0)} ms median of ${results.cold_load_ms_all.join(', ')} (budget 500 ms)`);
  console.log(`    opened as the browser starts: ${results.cold_start_ms_median.toFixed(0)} ms median of ${results.cold_start_ms_all.join(', ')}`);
  console.log(`  frame CPU, 1,000 layers:      ${results.frame_ms_median_1000_layers.toFixed(2)} ms median over ${results.frames_measured} frames (budget 4 ms)`);
  console.log(`  idle:                         ${results.idle_fps} frames per second (budget 0)`);
}

main().catch((e) => { console.error(e); process.exit(1); });
