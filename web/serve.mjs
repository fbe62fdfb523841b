// A small static server for build/web, used by `./build.sh serve` and by the browser tests and
// benchmarks, so what they measure is what a user is served. The build writes a gzip copy
// (zopfli) next to each file of the page; a browser that accepts gzip gets those bytes, as a web
// server with precompressed files (nginx's gzip_static) would send them.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.ttf': 'font/ttf', '.css': 'text/css', '.json': 'application/json',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json',
  '.ts': 'text/plain; charset=utf-8',
};

// Serves `dir` on 127.0.0.1:`port` (0 picks a free one); resolves to {url, close()}.
export async function startServer(dir, port = 0) {
  const base = resolve(dir);
  const server = createServer(async (req, res) => {
    let path;
    try { path = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { res.writeHead(400).end(); return; }
    const file = normalize(join(base, path.endsWith('/') ? path + 'index.html' : path));
    if (file !== base && !file.startsWith(base + '/')) { res.writeHead(403).end(); return; }
    const headers = { 'content-type': types[extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache' };
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] || '');
    let body = null;
    if (gzip) {
      try {
        body = await readFile(file + '.gz');
        headers['content-encoding'] = 'gzip';
        headers.vary = 'accept-encoding';
      } catch { body = null; }
    }
    try {
      if (!body) body = await readFile(file);
    } catch { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((ok, fail) => { server.once('error', fail); server.listen(port, '127.0.0.1', ok); });
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir = 'build/web', port = '8080'] = process.argv.slice(2);
  startServer(dir, Number(port)).then(({ url }) => {
    console.log(`Learnable is at ${url}  (Ctrl+C stops it)`);
  }, (e) => { console.error(`serve: ${e.message}`); process.exit(1); });
}
