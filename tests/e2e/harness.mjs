// Shared pieces of the browser tests: the site's own static server on build/web, Debian's
// Chromium driven by playwright-core with the flags headless WebGL needs here, and readers for
// the page's DOM mirror (the visually hidden table that also serves screen readers).
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, normalize, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startServer } from '../../web/serve.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

export const root = normalize(join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
// LEARNABLE_SITE=build/other serves another build of the site (relative to the repository).
export const site = process.env.LEARNABLE_SITE ? resolve(root, process.env.LEARNABLE_SITE) : join(root, 'build', 'web');
export const shots = join(root, 'build', 'e2e');

// Serves the site on a free loopback port with the server `./build.sh serve` runs (precompressed
// gzip included); resolves to {url, close()}.
export async function serve(dir = site) {
  return startServer(dir, 0);
}

// A fresh browser profile each time (a shared link must work in a browser that never saw the app).
export async function launch(options = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'learnable-e2e-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    ...options,
    args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--enable-webgl',
      '--ignore-gpu-blocklist', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic', '--no-first-run', '--disable-default-apps'],
  });
}

export async function screenshot(page, name) {
  await mkdir(shots, { recursive: true });
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

// The rows of the DOM mirror as plain objects.
export async function rows(page) {
  return page.$$eval('#mirror-layers tr[data-index], #mirror-layers tbody tr', (trs) => trs.map((tr) => {
    const cell = (c) => (tr.querySelector(`.${c}`)?.textContent ?? '').trim();
    return { index: cell('index'), name: cell('name'), type: cell('type'), shape: cell('shape'),
      params: cell('params'), formula: cell('formula'), status: cell('status') };
  }));
}

export async function totals(page) {
  return (await page.textContent('#mirror-totals')) ?? '';
}

// Waits until the mirror satisfies `check(rows)`; returns the rows.
export async function waitForRows(page, check, what, timeout = 10000) {
  const deadline = Date.now() + timeout;
  let last = [];
  while (Date.now() < deadline) {
    last = await rows(page);
    if (check(last)) return last;
    await page.waitForTimeout(50);
  }
  throw new Error(`timed out waiting for ${what}; rows: ${JSON.stringify(last, null, 1)}`);
}

// The CSS-pixel rectangle of a named widget from the app's test hook.
export async function rect(page, id) {
  const r = await page.evaluate((name) => window.learnableTest && window.learnableTest.rect(name), id);
  if (!r) throw new Error(`the app drew no widget '${id}' in its last frame`);
  return r;
}

// Resolves once the app has processed every input event and drawn the frame after it, so the
// next action finds the widgets where they are now (no fixed sleeps: the machine may be busy).
export async function settle(page) {
  await page.waitForFunction(() => window.learnableTest && window.learnableTest.idle === true, null, { timeout: 15000 });
}

export async function click(page, id) {
  await settle(page);
  const r = await rect(page, id);
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  await settle(page);
}

export async function openApp(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForFunction(() => window.learnableTest && window.learnableTest.frames > 0 && document.querySelector('#mirror-layers tr'), null, { timeout: 20000 });
  page.errors = errors;
  return page;
}

// Opens the app at `url` in a fresh browser profile, runs `fn(page, context)`, checks the page
// logged no errors, and closes the browser.
export async function withApp(url, fn, options) {
  const context = await launch(options);
  try {
    const page = await openApp(context, url);
    await fn(page, context);
    if (page.errors.length) throw new Error('the page logged errors: ' + JSON.stringify(page.errors));
  } finally {
    await context.close();
  }
}

// Replaces the text of an input field: click it, select all, type, press Enter.
export async function typeInto(page, id, text) {
  await click(page, id);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await settle(page);
}
