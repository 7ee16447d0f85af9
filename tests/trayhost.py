#!/usr/bin/python3
# The caller's system tray for the tests: owns _NET_SYSTEM_TRAY_S0 on the
# display, embeds each icon that asks to dock (XEmbed) in a window of its own
# at the top left of the screen, and prints "docked 0xID" for each.
from Xlib import X, Xatom, display
from Xlib.protocol import event

d = display.Display()
screen = d.screen()
root = screen.root
selection = d.intern_atom("_NET_SYSTEM_TRAY_S%d" % d.get_default_screen())
opcode = d.intern_atom("_NET_SYSTEM_TRAY_OPCODE")
xembed = d.intern_atom("_XEMBED")
tray = root.create_window(0, 0, 240, 48, 0, screen.root_depth, background_pixel=screen.black_pixel,
                          override_redirect=True, event_mask=X.SubstructureNotifyMask)
tray.set_wm_name("sw-tray-host")
tray.map()
tray.set_selection_owner(selection, X.CurrentTime)
assert d.get_selection_owner(selection) == tray
root.send_event(event.ClientMessage(window=root, client_type=d.intern_atom("MANAGER"),
                                    data=(32, [X.CurrentTime, selection, tray.id, 0, 0])),
                event_mask=X.StructureNotifyMask)
d.sync()
print("ready", flush=True)
docked = 0
while True:
    e = d.next_event()
    if e.type != X.ClientMessage or e.client_type != opcode or e.data[1][1] != 0:
        continue
    icon = d.create_resource_object("window", e.data[1][2])
    icon.reparent(tray, 48 * docked, 0)
    icon.configure(width=48, height=48)
    icon.map()
    icon.send_event(event.ClientMessage(window=icon, client_type=xembed,
                                        data=(32, [X.CurrentTime, 0, 0, tray.id, 0])))
    d.sync()
    docked += 1
    print("docked %#x" % icon.id, flush=True)
