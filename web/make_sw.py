#!/usr/bin/env python3
"""Writes the site's service worker: web/sw.js with the list of the site's files the build made
and a version that is a hash of their contents, so every build that changes a file is a new
service worker with a new cache. Run on every build (it is quick); the output is rewritten only
when it changes. Usage: make_sw.py TEMPLATE SITE_DIR OUTPUT"""
import hashlib
import json
import os
import sys

# The site's files, in the order they are stored. Those the build did not make (embed.html
# before the embed view exists) are left out.
FILES = ['index.html', 'embed.html', 'app.js', 'app.wasm', 'learnable.js', 'learnable.wasm',
         'learnable.mjs', 'DejaVuSans-subset.ttf', 'DejaVuSansMono-subset.ttf', 'manifest.webmanifest',
         'icons/icon-192.png', 'icons/icon-512.png', 'examples/tutorial.html']


def main():
    template_path, site, output = sys.argv[1:4]
    with open(template_path, encoding='utf-8') as f:
        template = f.read()
    digest = hashlib.sha256(template.encode('utf-8'))
    present = [name for name in FILES if os.path.isfile(os.path.join(site, name))]
    for name in present:
        digest.update(name.encode('utf-8') + b'\0')
        with open(os.path.join(site, name), 'rb') as f:
            digest.update(hashlib.sha256(f.read()).digest())
    files = (['./'] if 'index.html' in present else []) + present
    text = template.replace("'@VERSION@'", json.dumps(digest.hexdigest()[:16]))
    text = text.replace("['@FILES@']", json.dumps(files))
    if '@VERSION@' in text or '@FILES@' in text:
        sys.exit(f'make_sw.py: {template_path} has no VERSION or FILES placeholder')
    try:
        with open(output, encoding='utf-8') as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    with open(output, 'w', encoding='utf-8') as f:
        f.write(text)


if __name__ == '__main__':
    main()
