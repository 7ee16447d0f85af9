#!/usr/bin/python3
"""A window of a toolkit, gtk or qt, titled TITLE and W x H in the toolkit's
own units (which HiDPI scaling multiplies): python3 toolkit-window.py
gtk|qt TITLE W H."""
import sys

kit, title, width, height = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
if kit == "gtk":
    import gi
    gi.require_version("Gtk", "3.0")
    from gi.repository import Gtk
    win = Gtk.Window(title=title)
    win.set_default_size(width, height)
    win.set_resizable(False)
    win.connect("destroy", Gtk.main_quit)
    win.show_all()
    Gtk.main()
else:
    from PyQt5.QtWidgets import QApplication, QWidget
    app = QApplication(sys.argv[:1])
    win = QWidget()
    win.setWindowTitle(title)
    win.setFixedSize(width, height)
    win.show()
    app.exec_()
