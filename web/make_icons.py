#!/usr/bin/env python3
"""The web app's icons (the manifest's and the page's), drawn at build time with the standard
library only: a dark rounded square holding three rising bars of a bar chart in the app's accent
blue. Usage: make_icons.py OUTPUT_DIR SIZE... (writes icon-SIZE.png for each size)."""
import os
import struct
import sys
import zlib

BACKGROUND = (0x17, 0x1B, 0x21)  # the app's panel colour (src/app/widgets.cpp)
BARS = [(0x5B, 0x9D, 0xFF), (0x5B, 0x9D, 0xFF), (0x7D, 0xB2, 0xFF)]  # accent, its lighter tone


def rounded_rect_coverage(x, y, left, top, right, bottom, radius):
    """How much of the pixel centred at (x, y) the rounded rectangle covers, 0..1 (its signed
    distance, clamped: a one-pixel antialiased edge)."""
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    dx, dy = x - cx, y - cy
    if (dx, dy) == (0.0, 0.0):  # inside the straight part: distance to the nearest edge
        distance = -min(x - left, right - x, y - top, bottom - y)
    else:
        distance = (dx * dx + dy * dy) ** 0.5 - radius
    return min(max(0.5 - distance, 0.0), 1.0)


def draw(size):
    """RGBA rows of the icon at `size` × `size` pixels."""
    s = size / 512.0  # the design is laid out on a 512 grid
    square = (16 * s, 16 * s, 496 * s, 496 * s, 96 * s)
    bar_width, gap, floor = 84 * s, 40 * s, 406 * s
    heights = [140 * s, 220 * s, 300 * s]
    first = (512 * s - 3 * bar_width - 2 * gap) / 2
    bars = [(first + i * (bar_width + gap), floor - h, first + i * (bar_width + gap) + bar_width, floor, 14 * s)
            for i, h in enumerate(heights)]
    rows = []
    for py in range(size):
        row = bytearray()
        y = py + 0.5
        for px in range(size):
            x = px + 0.5
            alpha = rounded_rect_coverage(x, y, *square)
            colour = BACKGROUND
            if alpha > 0:
                for bar, bar_colour in zip(bars, BARS):
                    if bar[0] - 1 <= x <= bar[2] + 1 and bar[1] - 1 <= y <= bar[3] + 1:
                        c = rounded_rect_coverage(x, y, *bar)
                        colour = tuple(round(b * c + a * (1 - c)) for a, b in zip(colour, bar_colour))
            row += bytes(colour) + bytes([round(255 * alpha)])
        rows.append(bytes(row))
    return rows


def png(size, rows):
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    raw = b''.join(b'\x00' + row for row in rows)  # filter type 0 on every row
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')


def main():
    out, sizes = sys.argv[1], [int(a) for a in sys.argv[2:]]
    os.makedirs(out, exist_ok=True)
    for size in sizes:
        with open(os.path.join(out, f'icon-{size}.png'), 'wb') as f:
            f.write(png(size, draw(size)))


if __name__ == '__main__':
    main()
