#!/usr/bin/env python3
"""Writes learnable-offline.html: the page with everything inside it, to open from file://.

usage: make_offline.py INDEX_HTML APP_OFFLINE_JS APP_OFFLINE_WASM SANS_TTF MONO_TTF OUTPUT [LZMA_DECODER_JS]

index.html's script, its fonts and the app (app-offline.js/.wasm: the app with its formats linked
in) become part of the one file: the fonts as data: URLs the page fetches as it fetches the files,
the app as an inline script, and its WebAssembly compressed then base64. With LZMA_DECODER_JS
(npm's lzma, src/lzma-d-min.js: 3 KB gzipped) the wasm is LZMA-compressed (Python's lzma) and
decoded by that script: the file is 60 KB smaller, gzipped, than with gzip, which the browser's
DecompressionStream inflates when no decoder is given. (base64 of the raw wasm would cost 130 KB
more: gzip finds few repeats in it.) What only a server can give (preloads, the web app manifest,
the service worker) is left out. Each change must find what it replaces, so a page that no longer
has it fails the build instead of making a file that does not open.
"""
import base64
import lzma
import re
import shutil
import subprocess
import sys
import zlib


def replace_once(text, pattern, replacement, what, count=1):
    new, n = re.subn(pattern, lambda m: replacement, text)
    if n < count:
        sys.exit(f"make_offline.py: index.html has no {what} (pattern {pattern!r})")
    return new


def gzip_bytes(path):
    """The file gzipped: zopfli when Debian's zopfli is there (4% smaller), else zlib at level 9."""
    if shutil.which("zopfli"):
        return subprocess.run(["zopfli", "--i15", "-c", path], check=True, capture_output=True).stdout
    data = open(path, "rb").read()
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()


def main():
    index, app, wasm, sans, mono, output = sys.argv[1:7]
    decoder = sys.argv[7] if len(sys.argv) > 7 and sys.argv[7] else None
    page = open(index, encoding="utf-8").read()
    script = open(app, encoding="utf-8").read()
    fonts = {
        "DejaVuSans-subset.ttf": open(sans, "rb").read(),
        "DejaVuSansMono-subset.ttf": open(mono, "rb").read(),
    }

    page = re.sub(r'[ \t]*<link rel="preload"[^>]*>\n?', "", page)
    page = re.sub(r'[ \t]*<link rel="manifest"[^>]*>\n?', "", page)
    for name, data in fonts.items():
        url = "data:font/ttf;base64," + base64.b64encode(data).decode("ascii")
        page = replace_once(page, r"fetchFont\('" + re.escape(name) + r"'", f"fetchFont('{url}'", f"fetchFont('{name}', ...)")
    # The app inline; "</script" inside it would end the element early.
    inline = (wasm_loader(wasm, decoder) + script).replace("</script", "<\\/script")
    page = replace_once(page, r'<script async src="app\.js"></script>', "<script>\n" + inline + "\n</script>",
                        "app.js script element")
    with open(output, "w", encoding="utf-8") as out:
        out.write(page)


def wasm_loader(wasm, decoder):
    """Module.instantiateWasm: the app's WebAssembly from the text of the page itself."""
    # Bytes from base64 without a per-character loop over half a megabyte of text: fetch() of a
    # data: URL decodes it natively.
    if decoder:
        packed = lzma.compress(open(wasm, "rb").read(), format=lzma.FORMAT_ALONE, preset=9 | lzma.PRESET_EXTREME)
        lib = open(decoder, encoding="utf-8").read()
        marker = "this.LZMA=this.LZMA_WORKER=e;"
        if marker not in lib:
            sys.exit("make_offline.py: the LZMA decoder does not end as npm's lzma 2.3.2 does")
        unpack = (
            "  var lzmaDecoder = (function () {\n" + lib.replace(marker, "return e;") + "\n  })();\n"
            "  var unpack = function (bytes) {\n"
            "    return new Promise(function (resolve, reject) {\n"
            "      lzmaDecoder.decompress(bytes, function (out, error) {\n"
            "        if (error || !out) reject(error || 'the app could not be unpacked');\n"
            "        else resolve(Int8Array.from(out).buffer);\n"
            "      });\n"
            "    });\n"
            "  };\n")
    else:
        packed = gzip_bytes(wasm)
        unpack = (
            "  var unpack = function (bytes) {\n"
            "    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();\n"
            "  };\n")
    return (
        "window.learnableOffline = true;\n"
        "Module['instantiateWasm'] = function (imports, done) {\n" + unpack +
        "  fetch('data:application/octet-stream;base64," + base64.b64encode(packed).decode("ascii") + "')\n"
        "    .then(function (r) { return r.arrayBuffer(); })\n"
        "    .then(function (b) { return unpack(new Uint8Array(b)); })\n"
        "    .then(function (b) { return WebAssembly.instantiate(b, imports); })\n"
        "    .then(function (r) { done(r.instance, r.module); }, function (e) {\n"
        "      document.getElementById('loading').textContent = 'Learnable could not start: ' + e;\n"
        "    });\n"
        "  return {};\n"
        "};\n")


if __name__ == "__main__":
    main()
