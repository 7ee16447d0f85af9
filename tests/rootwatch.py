#!/usr/bin/python3
"""Run as the app: every 0.2 s, reads the whole root window of $DISPLAY
(what an app's screen capture reads) and prints how many of its pixels
have each colour RRGGBB given: "root RRGGBB N RRGGBB N ...". Until killed."""
import array
import sys
import time
from Xlib import X, display

d = display.Display()
root = d.screen().root
geom = root.get_geometry()
colours = sys.argv[1:]
while True:
    image = root.get_image(0, 0, geom.width, geom.height, X.ZPixmap, 0xffffffff)
    pixels = array.array("I", image.data)
    counts = (f"{c} {pixels.count(int(c, 16))}" for c in colours)
    print("root", *counts, flush=True)
    time.sleep(0.2)
