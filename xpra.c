/* The xpra versions skype-wrap supports, and everything that differs
 * between them: Debian 12's 3.1 and xpra.org's 6.5. Which one is installed
 * is read from its Python package; each has its own options beside the
 * common ones that skype-wrap.c passes, and the Python entry points that
 * skype-wrap runs the server and the attach client through branch on it
 * where their internals differ. The attach client's allowlist of the
 * server's messages is here too: it names each version's packets. */
#include <stdio.h>
#include <string.h>

#include "skype-wrap.h"

/* Both Debian's package and xpra.org's install it here. */
static const char xpra_module[] = "/usr/lib/python3/dist-packages/xpra/__init__.py";

static const char *const server_31[] = {
	"--dbus-proxy=no", "--global-menus=no", "--bind=auto", NULL
};

/* 6.5 starts a splash screen, an input method and a probe of the client's
 * screen size unless told not to, sources /etc/profile, answers HTTP on its
 * socket, and adds an abstract socket that only its owner, the app's user,
 * may use. */
static const char *const server_65[] = {
	"--audio=no", "--splash=no", "--input-method=none", "--source=", "--http=no",
	"--websocket-upgrade=no", "--resize-display=yes", "--bind=noabstract", NULL
};

static const char *const client_31[] = { "--mmap=yes", NULL };

/* 6.5's client re-executes plain /usr/bin/xpra, without the entry point,
 * when the server asks it to reconnect; it answers challenges with
 * password, Kerberos and FIDO dialogs, listens on a socket of its own, and
 * maps a 2 GiB area each way with --mmap=yes. */
static const char *const client_65[] = {
	"--reconnect=no", "--splash=no", "--challenge-handlers=none", "--bind=none",
	"--audio=no", "--mmap=read", NULL
};

/* Peer credentials: 6.5 also admits the server's own user, the app's,
 * unless told not to. */
static const struct xpra_version versions[] = {
	{ "3.1", server_31, client_31, "--auth=peercred:uid=%u" },
	{ "6.5", server_65, client_65, "--auth=peercred:uid=%u,allow-owner=no" },
};

const char xpra_supported[] = "3.1 (Debian 12) and 6.5 (xpra.org)";

const struct xpra_version *find_xpra(char *version, size_t size)
{
	char line[256], found[32] = "unknown";
	FILE *f = fopen(xpra_module, "re");

	if (!f) {
		snprintf(version, size, "%s", "");
		return NULL;
	}
	while (fgets(line, sizeof line, f) && sscanf(line, "__version__ = \"%31[0-9.]\"", found) != 1)
		;
	fclose(f);
	snprintf(version, size, "%s", found);
	for (size_t i = 0; i < LEN(versions); i++) {
		size_t n = strlen(versions[i].series);

		if (!strncmp(version, versions[i].series, n) && version[n] == '.')
			return &versions[i];
	}
	return NULL;
}

/* The server as /usr/bin/xpra starts it, except that:
 * - on 3.1 it gives its apps the caller's DPI (Xft/DPI in XSETTINGS,
 *   Xft.dpi in the X resources) from its start: 3.1 applies --dpi only once
 *   a client has connected, after the app has read the settings it keeps
 *   (6.5 applies it at start);
 * - the app's notifications that come while no client has finished its
 *   start (the app starts before the client's handshake) wait for the next
 *   client's, up to 32 of them: xpra drops them, even for a client it has
 *   added but not yet greeted (6.5's server classes are imported
 *   only when its server is made: xpra refuses to start a server once GTK
 *   is loaded, which they load; with notifications off, it refuses their
 *   module's import: nothing to hold). */
const char xpra_server_entry[] =
	"import runpy,sys,xpra\n"
	"v=sys.argv[1];d=int(sys.argv[2]);sys.argv=sys.argv[3:]\n"
	"if not xpra.__version__.startswith(v+'.'):sys.exit('xpra %s is not %s'%(xpra.__version__,v))\n"
	"from xpra.scripts import server as r\n"
	"def hold_notifications(N,m,B):\n"
	" notify=getattr(N,m);complete=B.client_startup_complete;held=[]\n"
	" def hold(s,*a):\n"
	"  if any(getattr(c,'sw_started',0) for c in s._server_sources.values()):notify(s,*a)\n"
	"  elif len(held)<32:held.append(a)\n"
	" def flush(s,ss):\n"
	"  complete(s,ss);ss.sw_started=1\n"
	"  while held:notify(s,*held.pop(0))\n"
	" setattr(N,m,hold);B.client_startup_complete=flush\n"
	"if v=='3.1':\n"
	" from xpra.server.mixins.notification_forwarder import NotificationForwarder as N\n"
	" from xpra.server.server_base import ServerBase as B\n"
	" hold_notifications(N,'notify_callback',B)\n"
	" f=r.make_server\n"
	" def g(*a):\n"
	"  s=f(*a);s.default_dpi=d\n"
	"  return s\n"
	" r.make_server=g\n"
	"else:\n"
	" f=r.make_seamless_server\n"
	" def g(*a):\n"
	"  try:\n"
	"   from xpra.server.subsystem.notification import NotificationForwarder as N\n"
	"   from xpra.server.base import ServerBase as B\n"
	"   hold_notifications(N,'do_notify_callback',B)\n"
	"  except ImportError:pass\n"
	"  return f(*a)\n"
	" r.make_seamless_server=g\n"
	"runpy.run_path(sys.argv[0],run_name='__main__')\n";

/* The attach client as /usr/bin/xpra starts it, except that:
 * - it handles only the server's messages that a sandboxed app needs, each
 *   version's names of them: windows, drawing, cursors, and the tray,
 *   notifications and clipboard where they are on. Everything else is
 *   dropped and counted, the count said at 1, 10, 100... of a kind
 *   (relay_notes() in skype-wrap.c passes it on): grabs, window activation
 *   (raise, restack: the app would take the keyboard focus from the
 *   caller's own window), pointer warps, moves under the pointer, URLs,
 *   files, challenges, and the clipboard messages of another selection
 *   than its fourth argument's (CLIPBOARD, or CLIPBOARD,PRIMARY);
 * - it keeps no selection of the caller's but those: nothing the caller
 *   only selects reaches the app, unless PRIMARY is one of them; on 6.5,
 *   with the clipboard on, it takes the X events that say the caller's
 *   selection changed (6.5 does only with --xsettings=yes, which would send
 *   the app the caller's desktop settings);
 * - it neither asks for nor takes keyboard or pointer grabs (3.1's client
 *   grabs both for a server's pointer grab; 6.5's keyboard on every pointer
 *   entry for a server that says it is a desktop);
 * - it draws --border on every window, as 3.1 does (6.5.3 draws it only on
 *   a window in its alert state);
 * - it talks only to a server of the sandbox user (its second argument), by
 *   the socket's peer credentials: were the home or ~/xpra ever opened to
 *   others (seccomp keeps the app from it), another user could put a
 *   socket of their own in its place;
 * - it waits up to its third argument (ms) for the socket to appear and
 *   listen (xpra binds it early, listens only once ready), so that it can
 *   start with the server and have its own start done by then;
 * - a notification of the app's is shown marked [sandbox] in its summary and
 *   app name, as plain text (xpra's own popup renders the summary as Pango
 *   markup, where a link is one click from the caller's browser), and
 *   without icon (a file:// app_icon names a file of the caller's to the
 *   notification daemon, image data is parsed on the caller's side),
 *   actions or hints (desktop-entry lets GNOME start that app on a click,
 *   sound-file plays a file of the caller's);
 * - where the caller's desktop has neither an XEmbed tray nor, for 6.5's
 *   AppIndicator icon, a StatusNotifierItem host (GNOME, sway), it says
 *   that the app's tray icon is not shown.
 * Another xpra version than its first argument is refused; a missing method
 * or attribute fails, not passes. */
const char xpra_attach_client[] =
	"import errno,os,socket,struct,sys,time,xpra\n"
	"v=sys.argv[1];u=int(sys.argv[2]);d=time.monotonic()+int(sys.argv[3])/1000;S=sys.argv[4].split(',')\n"
	"sys.argv=sys.argv[5:]\n"
	"if not xpra.__version__.startswith(v+'.'):sys.exit('xpra %s is not %s'%(xpra.__version__,v))\n"
	"from xpra.platform import init,set_default_name\n"
	"set_default_name('Xpra');init()\n"
	"from xpra.scripts import main as m\n"
	"on=lambda o:'--'+o+'=yes' in sys.argv\n"
	"A={'hello','startup-complete','setting-change','server-event','encodings','encoding-set',\n"
	" 'ping','ping_echo','info-response','disconnect','connection-close','set_deflate',\n"
	" 'connection-lost','gibberish','invalid',\n"
	" 'new-window','window-create','new-override-redirect','window-metadata','draw','window-draw',\n"
	" 'eos','window-icon','lost-window','window-destroy','window-resized','window-move-resize',\n"
	" 'configure-override-redirect','cursor','cursor-data','cursor-default','desktop_size'}\n"
	"if on('system-tray'):A|={'new-tray'}\n"
	"if on('notifications'):A|={'notify_show','notify_close','notification-show','notification-close'}\n"
	"if on('clipboard'):A|={'set-clipboard-enabled','clipboard-status','clipboard-token',\n"
	" 'clipboard-request','clipboard-contents','clipboard-contents-none',\n"
	" 'clipboard-pending-requests','clipboard-enable-selections'}\n"
	"if v=='3.1':\n"
	" import xpra.platform.features as F;F.CLIPBOARDS[:]=S\n"
	"else:os.environ['XPRA_CLIPBOARDS']=','.join(S)\n"
	"C={'clipboard-token':1,'clipboard-request':2}\n"
	"D={}\n"
	"txt=lambda x:x.decode('latin1') if isinstance(x,bytes) else str(x)\n"
	"def allowed(p):\n"
	" def q(r,k):\n"
	"  t=txt(k[0])\n"
	"  if t in A and (t not in C or txt(k[C[t]]) in S):return p(r,k)\n"
	"  D[t]=D.get(t,0)+1\n"
	"  if str(D[t]).strip('0')=='1':\n"
	"   sys.stderr.write('skype-wrap: attach: dropped %d %a messages of the server\\n'%(D[t],t[:40]));sys.stderr.flush()\n"
	" return q\n"
	"def plain(x,n):\n"
	" x=(x.decode('utf8','replace') if isinstance(x,bytes) else str(x))[:n]\n"
	" return x.translate(str.maketrans('<>&','\\u2039\\u203a\\uff06'))\n"
	"def shown(q,b):\n"
	" return [plain(q[1],256),int(q[2]),plain(q[3],64)+' [sandbox]',int(q[4]),'',\n"
	"  b('[sandbox] '+plain(q[6],256)),b(plain(q[7],2000)),int(q[8])]\n"
	"f=m.make_client\n"
	"def g(*a):\n"
	" c=f(*a);h=c.make_hello;c.window_grab\n"
	" c.window_grab=lambda *w:None\n"
	" c.make_hello=lambda:dict(h(),**{'pointer.grabs':False})\n"
	" c.process_packet=allowed(c.process_packet)\n"
	" if v!='3.1':\n"
	"  from xpra.client.gtk3.window.grab import GrabWindow\n"
	"  GrabWindow.keyboard_grab;GrabWindow.keyboard_grab=lambda *w:None\n"
	"  from xpra.cairo.backing_base import CairoBackingBase as B\n"
	"  b=B.cairo_draw\n"
	"  def bordered(s,x,w,h):\n"
	"   b(s,x,w,h)\n"
	"   if not s.alert_state:s.cairo_draw_border(x,s.border)\n"
	"  B.cairo_draw=bordered\n"
	"  if on('clipboard'):c.after_handshake(c.init_x11_filter)\n"
	" if on('system-tray'):\n"
	"  X=__import__('xpra.platform.'+('xposix' if v=='3.1' else 'posix')+'.gui',fromlist=['X']).X11WindowBindings\n"
	"  def sni():\n"
	"   from gi.repository import Gio,GLib\n"
	"   try:return Gio.bus_get_sync(Gio.BusType.SESSION).call_sync('org.freedesktop.DBus','/org/freedesktop/DBus',\n"
	"    'org.freedesktop.DBus','NameHasOwner',GLib.Variant('(s)',('org.kde.StatusNotifierWatcher',)),None,0,500,None)[0]\n"
	"   except GLib.Error:return False\n"
	"  mt=c.make_system_tray\n"
	"  def tray(*w):\n"
	"   t=mt(*w)\n"
	"   if not X().XGetSelectionOwner('_NET_SYSTEM_TRAY_S0') and not(type(t).__name__=='AppindicatorTray' and sni()):\n"
	"    sys.stderr.write('skype-wrap: attach: the caller\\'s desktop has no system tray: the app\\'s tray icon is not shown\\n');sys.stderr.flush()\n"
	"   return t\n"
	"  c.make_system_tray=tray\n"
	" if on('notifications') and v=='3.1':\n"
	"  p=c._process_notify_show\n"
	"  c._process_notify_show=lambda q:p([q[0]]+shown(q,str.encode)+[None,[],{}])\n"
	" if on('notifications') and v!='3.1':\n"
	"  from xpra.net.common import Packet\n"
	"  p=c._process_notification_show\n"
	"  c._process_notification_show=lambda q:p(Packet('notification-show',*shown(q,str)))\n"
	" return c\n"
	"m.make_client=g\n"
	"if v!='3.1':\n"
	" import xpra.net.connect as n;E=(m.InitExit,m.InitException)\n"
	"else:n=m;E=m.InitException\n"
	"t=n.connect_to\n"
	"def k(*a,**w):\n"
	" while 1:\n"
	"  try:c=t(*a,**w);break\n"
	"  except E as e:\n"
	"   if getattr(e.__context__,'errno',0) not in(errno.ENOENT,errno.ECONNREFUSED) or time.monotonic()>d:raise\n"
	"   time.sleep(.02)\n"
	" if struct.unpack('3i',c._socket.getsockopt(socket.SOL_SOCKET,socket.SO_PEERCRED,12))[1]!=u:\n"
	"  sys.stderr.write('skype-wrap: attach: that socket is not the session server\\'s\\n');os._exit(69)\n"
	" return c\n"
	"n.connect_to=k\n"
	"sys.exit(m.main(sys.argv[0],sys.argv))\n";
