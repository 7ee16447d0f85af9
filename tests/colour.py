#!/usr/bin/python3
"""Prints the most common colour (rrggbb) of the area on the screen of
$DISPLAY that the first top-level window whose name contains NAME covers, as
a person would see it in a screenshot; nothing if no such window is mapped."""
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


def main():
    d = display.Display()
    root = d.screen().root
    win = find(root, sys.argv[1], d)
    if not win:
        return
    geom = win.get_geometry()
    pos = win.translate_coords(root, 0, 0)
    x, y = -pos.x, -pos.y
    img = root.get_image(x, y, geom.width, geom.height, X.ZPixmap, 0xFFFFFFFF)
    # 32 bits a pixel, BGRX; every 7th pixel is plenty.
    counts = collections.Counter(img.data[i:i + 3] for i in range(0, len(img.data), 28))
    b, g, r = counts.most_common(1)[0][0]
    print("%02x%02x%02x" % (r, g, b))


main()
