// web/make_sw.py, which writes the site's service worker: its file list is what the build made,
// and its version (the cache's name) changes exactly when a file of the site changes. The
// browser side (install, offline reload) is tests/e2e/site.test.mjs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { modulePath } from './learnable.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const template = here('../../web/sw.js');
const script = here('../../web/make_sw.py');
const site = dirname(resolve(modulePath));

function makeSw(dir, output = join(dir, 'sw.js')) {
  const r = spawnSync('python3', [script, template, dir, output], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const text = readFileSync(output, 'utf8');
  return {
    text,
    version: JSON.parse(text.match(/^const VERSION = (".*");$/m)[1]),
    files: JSON.parse(text.match(/^const FILES = (\[.*\]);$/m)[1]),
    mtime: statSync(output).mtimeMs,
  };
}

test('the service worker lists the files the build made, and its version follows their contents', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'learnable-sw-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  writeFileSync(join(dir, 'app.js'), 'one');
  const first = makeSw(dir);
  assert.match(first.version, /^[0-9a-f]{16}$/);
  assert.deepEqual(first.files, ['./', 'index.html', 'app.js']);

  await new Promise((ok) => setTimeout(ok, 20));
  const unchanged = makeSw(dir);
  assert.equal(unchanged.version, first.version);
  assert.equal(unchanged.mtime, first.mtime, 'an unchanged site leaves sw.js untouched');

  writeFileSync(join(dir, 'app.js'), 'two');
  const changed = makeSw(dir);
  assert.notEqual(changed.version, first.version, 'a changed file is a new version');

  writeFileSync(join(dir, 'embed.html'), '<!doctype html>');
  mkdirSync(join(dir, 'icons'));
  writeFileSync(join(dir, 'icons', 'icon-192.png'), 'png');
  const more = makeSw(dir);
  assert.deepEqual(more.files, ['./', 'index.html', 'embed.html', 'app.js', 'icons/icon-192.png']);
  assert.notEqual(more.version, changed.version);
  assert.doesNotMatch(more.text, /@VERSION@|@FILES@/);
});

test('the built site\'s service worker is up to date and lists only files that exist', { skip: !existsSync(join(site, 'sw.js')) && 'no sw.js in this build' }, () => {
  const built = readFileSync(join(site, 'sw.js'), 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'learnable-sw-'));
  const now = makeSw(site, join(dir, 'sw.js'));
  assert.equal(built, now.text, 'sw.js was written from the files the site has now');
  for (const file of now.files) assert.ok(file === './' || existsSync(join(site, file)), file);
  for (const file of ['index.html', 'app.js', 'app.wasm', 'learnable.js', 'learnable.wasm', 'learnable.mjs',
    'DejaVuSans-subset.ttf', 'DejaVuSansMono-subset.ttf', 'manifest.webmanifest', 'icons/icon-192.png', 'icons/icon-512.png']) {
    assert.ok(now.files.includes(file), `${file} is stored for offline use`);
  }
});
