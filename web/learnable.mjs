// Learnable's JS API as an ES module, for tutorial pages and node scripts:
//   import Learnable from './learnable.mjs';
//   const api = await Learnable();
//   api.summarize('model = keras.Sequential([...])').total
// It wraps the Emscripten factory in learnable.js (a classic script) and finds learnable.js and
// learnable.wasm beside this file, whatever page imports it. Types: learnable.d.ts.

// The public functions of the factory's module (src/web/bindings.js): each takes any arguments,
// never throws and answers with a plain object (src/core/js_api.h).
const functions = ['summarize', 'summarizeModel', 'modelFromCode', 'convertModel', 'layerTypes',
  'presets', 'preset', 'formulaTable', 'encodeShareFragment', 'decodeShareFragment',
  'summaryMarkdown', 'summaryCsv', 'summaryTable', 'exportModel', 'exportFormats'];

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

let loading = null;

// Loads the module once; every call answers with the same API object. A load that failed is
// tried again by the next call.
export default function Learnable() {
  if (!loading) {
    loading = (inNode ? nodeFactory() : browserFactory())
      .then((start) => start())
      .then((module) => {
        const api = {};
        for (const name of functions) {
          if (typeof module[name] !== 'function') throw new Error(`Learnable: learnable.js has no ${name}()`);
          api[name] = (...args) => module[name](...args);
        }
        return Object.freeze(api);
      });
    loading.catch(() => { loading = null; });
  }
  return loading;
}

export { Learnable };
