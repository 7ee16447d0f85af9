#!/usr/bin/python3
# The caller's notification daemon for the tests: owns
# org.freedesktop.Notifications on the session bus and writes each Notify
# call it gets as a line of JSON to the file named by its argument. It says
# it shows actions, markup and icons, so that whatever a client sends
# arrives here as sent.
import json, sys
import dbus, dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.freedesktop.Notifications"


class Daemon(dbus.service.Object):
    def __init__(self, bus, log):
        super().__init__(bus, "/org/freedesktop/Notifications")
        self.log, self.last = log, 0

    @dbus.service.method(NAME, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, timeout):
        self.last += 1
        shown = {"app_name": str(app_name), "app_icon": str(app_icon), "summary": str(summary),
                 "body": str(body), "actions": [str(a) for a in actions],
                 "hints": sorted(str(k) for k in hints)}
        with open(self.log, "a") as f:
            f.write(json.dumps(shown) + "\n")
        return self.last

    @dbus.service.method(NAME, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["actions", "body", "body-hyperlinks", "body-markup", "icon-static", "sound"]

    @dbus.service.method(NAME, in_signature="u", out_signature="")
    def CloseNotification(self, nid):
        pass

    @dbus.service.method(NAME, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return "swtest-notifyd", "skype-wrap tests", "1", "1.2"


DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
daemon = Daemon(bus, sys.argv[1])
name = dbus.service.BusName(NAME, bus)
print("ready", flush=True)
GLib.MainLoop().run()
