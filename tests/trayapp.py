#!/usr/bin/python3
# A chat app closed to its tray, for the tests: a GTK StatusIcon (XEmbed) and
# no window; a click on the icon shows the window named by its argument.
import os, sys
os.environ["NO_AT_BRIDGE"] = "1"
import gi
gi.require_version("Gtk", "3.0")
from gi.repository import Gtk

name = sys.argv[1]
window = Gtk.Window(title=name)
window.set_default_size(200, 100)
icon = Gtk.StatusIcon.new_from_icon_name("dialog-information")
icon.set_tooltip_text(name)


def activate(_icon):
    print(name, "shown", flush=True)
    window.show_all()


icon.connect("activate", activate)
print(name, "in the tray", flush=True)
Gtk.main()
