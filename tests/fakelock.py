#!/usr/bin/python3
# A test app that draws what a fake lock screen would: an override-redirect
# window over its whole screen, filled blue, named NAME; runs until killed.
import sys
from Xlib import X, display

d = display.Display()
s = d.screen()
blue = s.default_colormap.alloc_color(0, 0, 0xffff).pixel
w = s.root.create_window(0, 0, s.width_in_pixels, s.height_in_pixels, 0, s.root_depth,
                         background_pixel=blue, override_redirect=True)
w.set_wm_name(sys.argv[1])
w.map()
d.sync()
while True:
    d.next_event()
