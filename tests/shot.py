#!/usr/bin/python3
"""Reads a screenshot of the caller's Wayland desktop (grim's binary PPM) on
stdin, as a person would look at it, and prints the size (WxH) of the box
that holds every pixel of colour RRGGBB, or "none"."""
import sys


def read_ppm(f):
    """Width, height and the RGB bytes of a binary PPM (P6, maxval 255)."""
    fields = []
    while len(fields) < 4:
        line = f.readline()
        fields += line.split(b"#")[0].split()
    magic, width, height, _ = fields
    assert magic == b"P6"
    width, height = int(width), int(height)
    return width, height, f.read(width * height * 3)


def main():
    want = bytes.fromhex(sys.argv[1])
    width, height, data = read_ppm(sys.stdin.buffer)
    xs, ys = [], []
    for y in range(height):
        row = data[y * width * 3:(y + 1) * width * 3]
        if want not in row:
            continue
        hits = [x for x in range(width) if row[3 * x:3 * x + 3] == want]
        if hits:
            xs += [hits[0], hits[-1]]
            ys.append(y)
    print("%dx%d" % (max(xs) - min(xs) + 1, max(ys) - min(ys) + 1) if xs else "none")


main()
