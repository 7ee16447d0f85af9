#!/usr/bin/python3
# A test app for X input: maps a window named NAME, with "grab" takes the
# keyboard (XGrabKeyboard) once mapped, and prints every key it receives.
import sys
from Xlib import X, XK, display

name, grab = sys.argv[1], sys.argv[2:] == ["grab"]
d = display.Display()
s = d.screen()
w = s.root.create_window(10, 10, 300, 200, 0, s.root_depth, background_pixel=s.white_pixel,
                         event_mask=X.KeyPressMask | X.StructureNotifyMask)
w.set_wm_name(name)
w.map()
d.sync()
while True:
    e = d.next_event()
    if e.type == X.MapNotify and grab:
        while w.grab_keyboard(True, X.GrabModeAsync, X.GrabModeAsync, X.CurrentTime) != X.GrabSuccess:
            d.sync()
        print(name, "grabbed", flush=True)
    elif e.type == X.KeyPress:
        print(name, "key", XK.keysym_to_string(d.keycode_to_keysym(e.detail, 0)), flush=True)
