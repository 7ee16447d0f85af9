#!/usr/bin/python3
"""A caller's window for tests/share.bats: maps a window NAME of one colour
RRGGBB at X Y, W by H, on $DISPLAY, prints its id, then prints every key
and click it gets ("NAME key", "NAME button") until killed."""
import sys
from Xlib import X, display

name, colour = sys.argv[1], int(sys.argv[2], 16)
x, y, w, h = (int(v) for v in sys.argv[3:7])
d = display.Display()
s = d.screen()
win = s.root.create_window(x, y, w, h, 0, s.root_depth, background_pixel=colour,
                           event_mask=X.KeyPressMask | X.ButtonPressMask)
win.set_wm_name(name)
win.map()
d.sync()
print("0x%x" % win.id, flush=True)
while True:
    e = d.next_event()
    if e.type == X.KeyPress:
        print(name, "key", flush=True)
    elif e.type == X.ButtonPress:
        print(name, "button", flush=True)
