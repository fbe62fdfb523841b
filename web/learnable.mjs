// Learnable's JS API as an ES module, for tutorial pages and node scripts:
//   import Learnable from './learnable.mjs';
//   const api = await Learnable();
//   api.summarize('model = keras.Sequential([...])').total
// It wraps the Emscripten factory in learnable.js (a classic script) and finds learnable.js and
// learnable.wasm beside this file, whatever page imports it. Types: learnable.d.ts.

const here = (file) => new URL(file, import.meta.url);
const inNode = typeof window === 'undefined' && typeof process === 'object' && !!process.versions?.node;

// Node: learnable.js through require, its .wasm read from disk (node's fetch cannot load a file
// path, which Emscripten 3.1.6 would otherwise try).
async function nodeFactory() {
  const [{ createRequire }, { readFile }, { fileURLToPath }] =
    await Promise.all([import('node:module'), import('node:fs/promises'), import('node:url')]);
  const factory = createRequire(import.meta.url)(fileURLToPath(here('learnable.js')));
  const wasmBinary = await readFile(fileURLToPath(here('learnable.wasm')));
  return () => factory({ wasmBinary });
}

// Browser: learnable.js added as a <script> (once per page: a script that is already there is
// reused), then window.Learnable with locateFile pointing beside this module.
function browserFactory() {
  const src = here('learnable.js').href;
  const start = () => window.Learnable({ locateFile: (path) => here(path).href });
  const existing = [...document.scripts].find((s) => s.src === src);
  if (existing && typeof window.Learnable === 'function') return Promise.resolve(start);
  return new Promise((resolve, reject) => {
    const script = existing ?? document.createElement('script');
    script.addEventListener('load', () => resolve(start));
    script.addEventListener('error', () => reject(new Error(`Learnable: could not load ${src}`)));
    if (!existing) {
      script.src = src;
      script.async = true;
      document.head.append(script);
    }
  });
}

// The module's public functions (src/web/bindings.js): each wraps the raw binding of the same
// name, summarize over rawSummarize, takes any arguments, never throws and answers with a plain
// object (src/core/js_api.h). Found by that pairing, so a function added there is here too.
function publicFunctions(module) {
  const api = {};
  for (const raw of Object.keys(module).filter((key) => /^raw[A-Z]/.test(key)).sort()) {
    const name = raw[3].toLowerCase() + raw.slice(4);
    if (typeof module[raw] === 'function' && typeof module[name] === 'function') {
      api[name] = (...args) => module[name](...args);
    }
  }
  if (!api.summarize) throw new Error('Learnable: learnable.js has no summarize()');
  return api;
}

let loading = null;

// Loads the module once; every call answers with the same API object. A load that failed is
// tried again by the next call.
export default function Learnable() {
  if (!loading) {
    loading = (inNode ? nodeFactory() : browserFactory())
      .then((start) => start())
      .then((module) => Object.freeze(publicFunctions(module)));
    loading.catch(() => { loading = null; });
  }
  return loading;
}

export { Learnable };
