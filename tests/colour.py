#!/usr/bin/python3
"""Prints the most common colour (rrggbb) of the area on the screen of
$DISPLAY that the first top-level window whose name contains NAME covers, as
a person would see it in a screenshot; nothing if no such window is mapped.
With --red, the areas of every window named NAME exactly: "red R dark D",
how many of their pixels are clearly red, how many dark (text). With --at X
Y, the colour of the screen's pixel there. With --red-width NAME, the longest
row of clearly red pixels in the first window whose name contains NAME."""
import collections
import sys

from Xlib import X, display


def title_of(win, d):
    """_NET_WM_NAME (UTF-8, as Firefox's titles need), else WM_NAME."""
    prop = win.get_full_property(d.intern_atom("_NET_WM_NAME"), d.intern_atom("UTF8_STRING"))
    if prop:
        return prop.value.decode("utf-8", "replace")
    title = win.get_wm_name() or ""
    return title.decode("latin-1") if isinstance(title, bytes) else title


def find(win, name, d):
    for child in win.query_tree().children:
        title = title_of(child, d)
        attrs = child.get_attributes()
        if name in title and attrs.map_state == X.IsViewable:
            return child
        found = find(child, name, d)
        if found:
            return found
    return None


def pixels(win, root):
    """The screen's pixels under win, as far as it is on the screen: 32
    bits each, BGRX, and how many of them make a row."""
    geom, screen = win.get_geometry(), root.get_geometry()
    pos = win.translate_coords(root, 0, 0)
    x, y = max(-pos.x, 0), max(-pos.y, 0)
    width = min(-pos.x + geom.width, screen.width) - x
    height = min(-pos.y + geom.height, screen.height) - y
    return root.get_image(x, y, width, height, X.ZPixmap, 0xFFFFFFFF).data, width


def is_red(b, g, r):
    return r >= 0xc0 and g < 0x60 and b < 0x60


def red_and_dark(name, d, root):
    red = dark = 0
    for win in root.query_tree().children:
        if title_of(win, d) != name or win.get_attributes().map_state != X.IsViewable:
            continue
        data = pixels(win, root)[0]
        for i in range(0, len(data), 4):
            b, g, r = data[i:i + 3]
            red += is_red(b, g, r)
            dark += r < 0x60 and g < 0x60 and b < 0x60
    print("red %d dark %d" % (red, dark))


def red_width(name, d, root):
    win = find(root, name, d)
    if not win:
        return
    data, width = pixels(win, root)
    longest = run = 0
    for i in range(0, len(data), 4):
        if i // 4 % width == 0:
            run = 0
        run = run + 1 if is_red(*data[i:i + 3]) else 0
        longest = max(longest, run)
    print(longest)


def main():
    d = display.Display()
    root = d.screen().root
    if sys.argv[1] == "--red":
        red_and_dark(sys.argv[2], d, root)
        return
    if sys.argv[1] == "--red-width":
        red_width(sys.argv[2], d, root)
        return
    if sys.argv[1] == "--at":
        b, g, r = root.get_image(int(sys.argv[2]), int(sys.argv[3]), 1, 1, X.ZPixmap, 0xFFFFFFFF).data[:3]
        print("%02x%02x%02x" % (r, g, b))
        return
    win = find(root, sys.argv[1], d)
    if not win:
        return
    # Every 7th pixel is plenty.
    data = pixels(win, root)[0]
    counts = collections.Counter(data[i:i + 3] for i in range(0, len(data), 28))
    b, g, r = counts.most_common(1)[0][0]
    print("%02x%02x%02x" % (r, g, b))


main()
