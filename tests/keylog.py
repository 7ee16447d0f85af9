#!/usr/bin/python3
# A test app for X input: maps a window named NAME and prints every key it
# receives. With "grab" it takes the keyboard (XGrabKeyboard) once it has
# the focus, as a dialog would;
# with "activate" it asks its window manager every 100 ms to activate its
# window (_NET_ACTIVE_WINDOW), as any app may.
import select
import sys
from Xlib import X, XK, display
from Xlib.protocol import event

name, how = sys.argv[1], (sys.argv[2:] or [""])[0]
d = display.Display()
s = d.screen()
w = s.root.create_window(10, 10, 300, 200, 0, s.root_depth, background_pixel=s.white_pixel,
                         event_mask=X.KeyPressMask | X.StructureNotifyMask | X.FocusChangeMask)
w.set_wm_name(name)
w.map()
d.sync()
active = d.intern_atom("_NET_ACTIVE_WINDOW")


def activate():
    request = event.ClientMessage(window=w, client_type=active, data=(32, [1, X.CurrentTime, 0, 0, 0]))
    s.root.send_event(request, event_mask=X.SubstructureRedirectMask | X.SubstructureNotifyMask)
    d.flush()


mapped = False
while True:
    if not d.pending_events():
        select.select([d], [], [], 0.1)
        if mapped and how == "activate":
            activate()
        continue
    e = d.next_event()
    if e.type == X.MapNotify and not mapped:
        mapped = True
        if how == "activate":
            print(name, "activates", flush=True)
    elif e.type == X.FocusIn and how == "grab":
        how = "grabbed"
        while w.grab_keyboard(True, X.GrabModeAsync, X.GrabModeAsync, X.CurrentTime) != X.GrabSuccess:
            d.sync()
        print(name, "grabbed", flush=True)
    elif e.type == X.KeyPress:
        print(name, "key", XK.keysym_to_string(d.keycode_to_keysym(e.detail, 0)), flush=True)
