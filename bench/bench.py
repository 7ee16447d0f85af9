#!/usr/bin/python3
"""The measuring half of bench/run (which prepares the machine and calls this
as root): runs every method side by side, alternating, and writes the raw
results as JSON for report.py.

Every time is CLOCK_MONOTONIC, in ns, from one of three event sources and no
blind polling:
- the kernel's process events connector (fork, exec, exit, each with the
  kernel's own timestamp): when a launcher exec'd, when xpra, the app and the
  attach client started, when the last process of a session exited;
- inotify on /tmp/.X11-unix and the sandbox user's socket directory: when
  the X display and the Xpra socket appear;
- an X client on the caller's display :91 that selects SubstructureNotify on
  the root window: when the app's window is mapped there.
The wrapper's own CPU time and peak RSS come from taskstats (bench/tsexit.c),
for the supervisor alone, without the children it reaped.

Issue 21: the teardown with 1, 100 and 500 sandbox processes, of this
skype-wrap (the session's PID namespace, whose init ends it) and of the one
of commit 4803b0b (a child that scans /proc every 5 ms), alternating.
Issue 14: the latency of clicks from a player to the monitor of the caller's
null sink, played directly by a client of the caller's PulseAudio and by the
app of a session with sound (bench/click.py), alternating.
Issue 17: Chromium showing a page of one colour (a data: URL) through
skype-wrap, through firejail and run directly on the caller's display: the
time to its window, and to the page painted there (the colour read back from
the caller's screen at the middle of that window every 10 ms: the one measure
here that polls).
"""
import argparse
import ctypes
import json
import os
import pwd
import select
import signal
import socket
import struct
import subprocess
import sys
import time

from Xlib import X, Xatom, display, error

LIBC = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000
CLONE_NEWNS = 0x00020000
MS_NOSUID, MS_NODEV, MS_REC, MS_SLAVE = 2, 4, 0x4000, 1 << 19
LIBC.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong,
                       ctypes.c_void_p]
HERE = os.path.dirname(os.path.abspath(__file__))
B = '/var/tmp/skype-wrap-bench'
BOX, CALLER = 'bwbox', 'bwcaller'
CALLER_DISPLAY = ':91'
FLOOR_DISPLAY, REF_DISPLAY = 340, 360  # skype-wrap takes 300 up
XAUTH = B + '/caller.xauth'
# ~bwbox/xpra as each binary's check wants it
XPRA_DIR_MODE = {'new': 0o710, 'old': 0o2770}
SINK = 'benchsink'
# Debian's Chromium: its own sandbox needs user namespaces, which skype-wrap's
# seccomp refuses; the same command line for every method. The page is a
# data: URL, as firejail hides /var/tmp.
PAGE_RGB = (0x1f, 0x9e, 0x5a)
STANDBY_METHODS = ('standby', 'cr-standby')  # the hotkey, a standby session up
CHROMIUM = ['/usr/bin/chromium', '--no-sandbox', '--no-first-run', '--window-position=40,40',
            '--window-size=500,400', '--app=data:text/html,<title>bw-page</title>'
            '<style>html{background:%%23%02x%02x%02x}</style>' % PAGE_RGB]
CALLER_PA = """load-module module-native-protocol-unix
load-module module-null-sink sink_name=%s
set-default-sink %s
set-default-source %s.monitor
""" % (SINK, SINK, SINK)


def now():
    return time.monotonic_ns()


def log(*a):
    print('bench:', *a, file=sys.stderr, flush=True)


def cmdline(pid):
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as f:
            return [x.decode(errors='replace') for x in f.read().split(b'\0')[:-1]]
    except OSError:
        return []


def environ(pid):
    with open('/proc/%d/environ' % pid, 'rb') as f:
        return [x.decode() for x in f.read().split(b'\0') if x]


def vmhwm(pid):
    try:
        with open('/proc/%d/status' % pid) as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except OSError:
        return None


def short_argv(argv):
    """What the report needs of an argv: a `python3 -c SCRIPT` without the
    script, the first few words."""
    return [('<script>' if i and argv[i - 1] == '-c' else a) for i, a in enumerate(argv)][:8]


def xpra_argv(argv):
    """The index of 'start' or 'attach' in an xpra command line, whether the
    kernel ran /usr/bin/xpra's interpreter (python3 /usr/bin/xpra start) or
    skype-wrap ran python3 itself (python3 -I /usr/bin/xpra start, or the
    attach client's python3 -I -c SCRIPT UID /usr/bin/xpra attach)."""
    for i in range(len(argv) - 1):
        if argv[i].endswith('/xpra') and argv[i + 1] in ('start', 'attach'):
            return i + 1
    return None


def pids_of(uids):
    """Processes (zombies too) whose real, effective or saved uid is in uids."""
    found = set()
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            with open('/proc/%s/status' % d) as f:
                for line in f:
                    if line.startswith('Uid:'):
                        if set(int(x) for x in line.split()[1:4]) & uids:
                            found.add(int(d))
                        break
        except OSError:
            pass
    return found


class ProcEvents:
    """The kernel's process events connector (CONFIG_PROC_EVENTS)."""
    FORK, EXEC, EXIT = 1, 2, 0x80000000

    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 11)  # NETLINK_CONNECTOR
        self.s.setsockopt(socket.SOL_SOCKET, 33, 32 << 20)  # SO_RCVBUFFORCE
        self.s.bind((0, 1))  # CN_IDX_PROC
        op = struct.pack('=I', 1)  # PROC_CN_MCAST_LISTEN
        cn = struct.pack('=IIIIHH', 1, 1, 0, 0, len(op), 0) + op
        self.s.send(struct.pack('=IHHII', 16 + len(cn), 3, 0, 0, 0) + cn)
        self.s.setblocking(False)
        self.lost = 0

    def fileno(self):
        return self.s.fileno()

    def read(self):
        while True:
            try:
                data = self.s.recv(65536)
            except BlockingIOError:
                return
            except OSError:  # ENOBUFS: events were lost under load
                self.lost += 1
                continue
            off = 0
            while off + 16 <= len(data):
                nlen = struct.unpack_from('=I', data, off)[0]
                if nlen < 16:
                    break
                ev = off + 16 + 20
                if ev + 16 <= len(data):
                    what, _cpu, ts = struct.unpack_from('=IIQ', data, ev)
                    body = data[ev + 16:off + nlen]
                    if what == self.FORK:
                        yield what, ts, struct.unpack_from('=IIII', body)
                    elif what in (self.EXEC, self.EXIT):
                        yield what, ts, struct.unpack_from('=II', body)
                off += (nlen + 3) & ~3


class Inotify:
    IN_CREATE, IN_MOVED_TO = 0x100, 0x80

    def __init__(self, paths):
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        self.wd = {}
        for p in paths:
            self.add(p)

    def add(self, path, name=None):
        """Watches path, its events named as under name (a directory of
        another mount namespace, reached through /proc/PID/root, keeps the
        name it has there)."""
        wd = self.libc.inotify_add_watch(self.fd, path.encode(), self.IN_CREATE | self.IN_MOVED_TO)
        if wd >= 0:
            self.wd[wd] = name or path

    def fileno(self):
        return self.fd

    def read(self):
        try:
            data = os.read(self.fd, 65536)
        except BlockingIOError:
            return
        off = 0
        while off + 16 <= len(data):
            wd, _mask, _cookie, n = struct.unpack_from('=iIII', data, off)
            name = data[off + 16:off + 16 + n].rstrip(b'\0').decode(errors='replace')
            yield os.path.join(self.wd.get(wd, '?'), name)
            off += 16 + n


class XWatch:
    """Sees windows mapped on the caller's display, with their names."""

    def __init__(self):
        self.d = display.Display(CALLER_DISPLAY)
        self.d.set_error_handler(lambda *a: None)
        self.root = self.d.screen().root
        self.root.change_attributes(event_mask=X.SubstructureNotifyMask)
        self.NAME = self.d.intern_atom('_NET_WM_NAME')
        self.UTF8 = self.d.intern_atom('UTF8_STRING')
        self.d.sync()
        self.mapped = set()

    def fileno(self):
        return self.d.fileno()

    def describe(self, w):
        try:
            p = w.get_full_property(self.NAME, self.UTF8)
            name = p.value.decode(errors='replace') if p else None
            if not name:
                name = w.get_wm_name() or ''
                if isinstance(name, bytes):
                    name = name.decode(errors='replace')
            cls = w.get_wm_class() or ('', '')
            return name, cls
        except (error.XError, AttributeError):
            return None

    def read(self):
        """Yields (window, name, class) for mapped windows that appeared or
        changed name."""
        while self.d.pending_events():
            e = self.d.next_event()
            if e.type == X.CreateNotify:
                try:
                    e.window.change_attributes(event_mask=X.PropertyChangeMask)
                except error.XError:
                    pass
            elif e.type == X.MapNotify:
                self.mapped.add(e.window.id)
                desc = self.describe(e.window)
                if desc:
                    yield (e.window.id,) + desc
            elif e.type in (X.UnmapNotify, X.DestroyNotify):
                self.mapped.discard(e.window.id)
            elif e.type == X.PropertyNotify and e.window.id in self.mapped and \
                    e.atom in (Xatom.WM_NAME, self.NAME, Xatom.WM_CLASS):
                desc = self.describe(e.window)
                if desc:
                    yield (e.window.id,) + desc


class Session:
    def __init__(self, method, title, bin=None):
        self.method, self.title, self.bin = method, title, bin
        self.launch = None   # when the harness forked
        self.pid = None      # the launcher (skype-wrap, firejail, reference.sh)
        self.tree = set()
        self.execs = []      # (ts, pid, argv) of every exec in the session's tree
        self.files = []      # (ts, path) created in the watched directories
        self.lines = []      # (ts, line) of the floor's server output
        self.map = None
        self.window = None
        self.wid = None      # the window on the caller's display
        self.paint = None
        self.popens = []
        self.rc = None


class Bench:
    def __init__(self, args):
        self.args = args
        self.box = pwd.getpwnam(BOX)
        self.caller = pwd.getpwnam(CALLER)
        self.uids = {self.box.pw_uid, self.caller.pw_uid}
        self.proc = ProcEvents()
        self.ino = Inotify(['/tmp/.X11-unix', self.box.pw_dir + '/xpra'])
        self.x = XWatch()
        self.ts = subprocess.Popen([B + '/tsexit', 'skype-wrap'], stdout=subprocess.PIPE)
        assert self.ts.stdout.readline().strip() == b'ready'
        os.set_blocking(self.ts.stdout.fileno(), False)
        self.tsbuf = b''
        self.rusage = {}     # pid -> (ppid, uid, cpu_ns, utime_us, stime_us, rss_kib)
        self.cur = None
        self.watch = None    # pids whose exit ends a teardown
        self.exit_ts = {}
        self.fork_ts = {}
        self.line_fds = {}   # fd -> (session, buffer)
        self.on_exit = None
        self.on_file = None
        self.on_line = None
        self.capture = {}
        self.results = []
        self.sound = []
        self.keep = set()    # pids that settle() leaves alone (the caller's PulseAudio)
        self.bins = {'skype-wrap': args.bin, 'capture': args.bin, 'skype-wrap-old': args.old_bin,
                     'cr-skype-wrap': args.chromium_bin}

    # -- the event loop ------------------------------------------------------
    def pump(self, timeout):
        fds = [self.proc, self.ino, self.x, self.ts.stdout] + list(self.line_fds)
        r = select.select(fds, [], [], timeout)[0] if not self.x.d.pending_events() else fds
        ts = now()
        if self.proc in r:
            for what, ets, data in self.proc.read():
                self.proc_event(what, ets, data)
        if self.ino in r:
            for path in self.ino.read():
                if self.cur:
                    self.cur.files.append((ts, path))
                if self.on_file:
                    self.on_file(path, ts)
        for wid, name, cls in self.x.read():
            s = self.cur
            if s and s.map is None and self.matches(s, name, cls):
                s.map, s.window, s.wid = ts, (name, list(cls)), wid
        if self.ts.stdout in r:
            self.read_taskstats()
        for fd in [f for f in r if isinstance(f, int)]:
            self.read_lines(fd, ts)
        for p in (self.cur.popens if self.cur else []):
            p.poll()

    def wait(self, pred, timeout):
        deadline = time.monotonic() + timeout
        while not pred():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            # the cap only bounds how late children are reaped; every
            # timestamp comes from an event
            self.pump(min(left, 0.1))
        return True

    def proc_event(self, what, ts, data):
        if what == ProcEvents.FORK:
            _ppid, ptgid, cpid, ctgid = data
            if cpid != ctgid:
                return  # a thread
            if self.cur and ptgid in self.cur.tree:
                self.cur.tree.add(ctgid)
                self.fork_ts[ctgid] = ts
            if self.watch is not None and ptgid in self.watch_all:
                self.watch.add(ctgid)
                self.watch_all.add(ctgid)
        elif what == ProcEvents.EXEC:
            pid = data[1]
            if self.cur and pid in self.cur.tree:
                argv = cmdline(pid)
                self.cur.execs.append((ts, pid, argv))
                if self.cur.method == 'capture':
                    self.capture_exec(pid)
                i = xpra_argv(argv)
                if i and argv[i] == 'start':
                    # the server's X socket directory, in the /tmp of the
                    # session's world since skype-wrap has one
                    self.ino.add('/proc/%d/root/tmp/.X11-unix' % pid, '/tmp/.X11-unix')
        elif what == ProcEvents.EXIT:
            pid, tgid = data
            if pid != tgid:
                return
            self.exit_ts[pid] = ts
            if self.watch is not None and pid in self.watch:
                self.watch.discard(pid)
                self.last_exit = max(self.last_exit, ts)
            if self.on_exit:
                self.on_exit(pid, ts)

    def read_taskstats(self):
        try:
            self.tsbuf += os.read(self.ts.stdout.fileno(), 65536)
        except BlockingIOError:
            return
        *lines, self.tsbuf = self.tsbuf.split(b'\n')
        for line in lines:
            f = line.split()
            if f and f[0] == b'exit':
                self.rusage[int(f[1])] = tuple(int(x) for x in f[2:])

    def read_lines(self, fd, ts):
        s, buf = self.line_fds[fd]
        try:
            data = os.read(fd, 65536)
        except BlockingIOError:
            return
        if not data:
            del self.line_fds[fd]
            os.close(fd)
            return
        *lines, rest = (buf + data).split(b'\n')
        self.line_fds[fd] = (s, rest)
        for line in lines:
            text = line.decode(errors='replace')
            s.lines.append((ts, text))
            if self.on_line:
                self.on_line(text, ts)

    # -- what a session is ---------------------------------------------------
    def matches(self, s, name, cls):
        if s.method.startswith('cr-'):  # one session at a time
            return 'Chromium' in cls
        if s.method.startswith('firejail'):  # its client titles every window alike
            return cls and cls[0] == 'xclock'
        return s.title in name

    def spawn(self, s, argv, **kw):
        kw.setdefault('stdin', subprocess.DEVNULL)
        kw.setdefault('stdout', subprocess.DEVNULL)
        kw.setdefault('stderr', subprocess.DEVNULL)
        p = subprocess.Popen(argv, start_new_session=True, **kw)
        s.tree.add(p.pid)
        s.popens.append(p)
        return p

    def caller_env(self):
        return dict(PATH='/usr/bin:/bin', DISPLAY=CALLER_DISPLAY, XAUTHORITY=XAUTH)

    def app(self, s):
        if s.method.startswith('cr-'):
            return CHROMIUM
        if s.procs is None:
            return ['/usr/bin/xclock', '-title', s.title]
        return ['/bin/sh', B + '/forker', str(s.procs), s.title]  # where Landlock lets it

    def start(self, method, title, procs=None):
        s = Session(method, title, self.bins.get(method))
        s.procs = procs
        self.cur = s
        self.proc_drain()
        self.rusage = {}
        if s.bin:
            os.chmod(self.box.pw_dir + '/xpra',
                     XPRA_DIR_MODE['old' if method == 'skype-wrap-old' else 'new'])
        s.launch = now()
        if s.bin:
            p = self.spawn(s, ['unshare', '-n', '--', HERE + '/caller-session',
                               s.bin, '--'] + self.app(s),
                           stdout=open(B + '/session.log', 'ab'), stderr=subprocess.STDOUT)
        elif method in STANDBY_METHODS:  # the hotkey: it only hands the standby its command
            p = self.spawn(s, ['unshare', '-n', '--', HERE + '/caller-session',
                               self.args.chromium_bin, '--'] + self.app(s),
                           stdout=open(B + '/hotkey.log', 'ab'), stderr=subprocess.STDOUT)
        elif method == 'cr-direct':
            p = self.spawn(s, ['unshare', '-n', '--', HERE + '/caller-session'] + self.app(s),
                           stdout=open(B + '/chromium.log', 'ab'), stderr=subprocess.STDOUT)
        elif method in ('firejail', 'firejail-attach', 'cr-firejail'):
            env = dict(FJ_XPRA_ATTACH='yes') if method == 'firejail-attach' else {}
            p = self.spawn(s, ['unshare', '-m', '-n', '--', HERE + '/firejail-session',
                               'firejail', '--noprofile', '--x11=xpra'] + self.app(s),
                           env=dict(os.environ, **env),
                           stdout=open(B + '/firejail.log', 'ab'), stderr=subprocess.STDOUT)
        elif method == 'reference':
            p = self.spawn(s, ['unshare', '-n', '--', HERE + '/reference.sh',
                               str(REF_DISPLAY)] + self.app(s), env=self.caller_env(),
                           cwd='/', stdout=open(B + '/reference.log', 'ab'),
                           stderr=subprocess.STDOUT)
        else:
            p = self.start_floor(s, early=method in ('overlap', 'best'),
                                 noprobe=method == 'best')
        s.pid = p.pid
        s.popen = p
        return s

    def become(self, user, new_netns=False, netns=None, world=False, mntns=None, cwd=None):
        """What the floor's children do between fork and exec, as skype-wrap's
        do: no helper programs (setpriv, env, nsenter) that would cost the
        floor execs that skype-wrap does not pay. world: a mount namespace
        with a /tmp of its own that holds what skype-wrap's session world
        gives the server (its home /tmp/.server, its X cookie there, the X
        socket directory); mntns: that of the server."""
        pw = pwd.getpwnam(user)
        groups = os.getgrouplist(user, pw.pw_gid)

        def f():
            if new_netns and LIBC.unshare(CLONE_NEWNET | (CLONE_NEWNS if world else 0)) != 0:
                os._exit(126)
            if world:
                if LIBC.mount(b'none', b'/', None, MS_REC | MS_SLAVE, None) != 0 or \
                        LIBC.mount(b'tmpfs', b'/tmp', b'tmpfs', MS_NOSUID | MS_NODEV,
                                   b'mode=1777') != 0:
                    os._exit(126)
                os.mkdir('/tmp/.X11-unix')
                os.chmod('/tmp/.X11-unix', 0o1777)
                os.mkdir('/tmp/.server', 0o700)
                os.chown('/tmp/.server', pw.pw_uid, pw.pw_gid)
                fd = os.open('/tmp/.server/.Xauthority', os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
                os.fchown(fd, pw.pw_uid, pw.pw_gid)
                os.close(fd)
            for fd, ns in ((netns, CLONE_NEWNET), (mntns, CLONE_NEWNS)):
                if fd is not None:
                    if LIBC.setns(fd, ns) != 0:
                        os._exit(126)
                    os.close(fd)
            if cwd:
                os.chdir(cwd)
            os.setgroups(groups)
            os.setresgid(pw.pw_gid, pw.pw_gid, pw.pw_gid)
            os.setresuid(pw.pw_uid, pw.pw_uid, pw.pw_uid)
        return f

    def start_floor(self, s, early, noprobe):
        """Xpra alone, as skype-wrap runs it (the argv and environment
        captured from a skype-wrap session), with no checks and no wrapper:
        the app the moment the X display's socket exists, the client on the
        server's "xpra is ready." line. What-if variants: early, the client
        at once, in display form (which waits until the socket accepts);
        noprobe, the server without its OpenGL probe (a second Python)."""
        c = self.capture
        n = FLOOR_DISPLAY
        sub = lambda a: a.replace(':%d' % c['display'], ':%d' % n).replace(
            '-%d' % c['display'], '-%d' % n)
        # the floor as it was before skype-wrap gave its server --opengl=noprobe
        server = [sub(a) for a in c['server'] if a != '--opengl=noprobe'] + \
            (['--opengl=noprobe'] if noprobe else [])
        envd = lambda env: dict(e.split('=', 1) for e in env)
        server_env = envd(c['server_env'])
        # skype-wrap's server lives in a /tmp of the session's world: the
        # floor's gets one too, the same directories made the same way
        world = server_env.get('HOME', '').startswith('/tmp/')
        srv = self.spawn(s, server, env=server_env,
                         preexec_fn=self.become(BOX, new_netns=True, world=world,
                                                cwd=server_env['HOME'] if world else self.box.pw_dir),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if world:
            self.ino.add('/proc/%d/root/tmp/.X11-unix' % srv.pid, '/tmp/.X11-unix')
            # xpra writes its X cookie (xauth: a new file linked in its place)
            # just after Xvfb is up; the app must not start before it
            self.ino.add('/proc/%d/root/tmp/.server' % srv.pid, '/tmp/.server')
        os.set_blocking(srv.stdout.fileno(), False)
        self.line_fds[srv.stdout.fileno()] = (s, b'')
        s.server = srv
        s.marks = {}
        app_env = envd(sub(e) for e in c['app_env'])
        if world:  # the cookie that skype-wrap binds into the app's own /tmp
            app_env['XAUTHORITY'] = server_env['XAUTHORITY']
        attach = [sub(a) for a in c['attach']]
        attach_env = envd(c['attach_env'])
        mmap_dir = attach_env.get('XPRA_MMAP_DIR', '')
        if mmap_dir.startswith('/run/skype-wrap/') and not os.path.isdir(mmap_dir):
            # the session directory skype-wrap makes for the client's mmap file
            os.mkdir(mmap_dir, 0o710)
            os.chown(mmap_dir, self.caller.pw_uid, self.box.pw_gid)
        if early:
            attach = [a if not a.startswith('socket://') else ':%d' % n for a in attach]
            attach.insert(xpra_argv(attach) + 1, '--socket-dir=%s/xpra' % self.box.pw_dir)

        def in_netns(user, argv, env, mnt=False, **kw):
            fd = os.open('/proc/%d/ns/net' % srv.pid, os.O_RDONLY | os.O_CLOEXEC)
            mfd = os.open('/proc/%d/ns/mnt' % srv.pid, os.O_RDONLY | os.O_CLOEXEC) if mnt else None
            cwd = kw.pop('cwd')
            try:
                return self.spawn(s, argv, env=env, pass_fds=(fd,) + ((mfd,) if mnt else ()),
                                  preexec_fn=self.become(user, netns=fd, mntns=mfd, cwd=cwd), **kw)
            finally:
                os.close(fd)
                if mnt:
                    os.close(mfd)

        def start_attach(ts):
            s.marks['attach_spawn'] = ts
            s.attach = in_netns(CALLER, attach, attach_env, cwd=self.caller.pw_dir)

        def on_file(path, ts):
            if path == '/tmp/.X11-unix/X%d' % n:
                s.marks.setdefault('xsock', ts)
            if path == '/tmp/.server/.Xauthority':
                s.marks.setdefault('cookie', ts)
            if 'xsock' in s.marks and ('cookie' in s.marks or not world) and \
                    'app_spawn' not in s.marks:
                s.marks['app_spawn'] = ts
                s.app = in_netns(BOX, self.app(s), app_env, mnt=world, cwd=self.box.pw_dir)

        def on_line(line, ts):
            if 'xpra is ready.' in line and 'ready' not in s.marks:
                s.marks['ready'] = ts
                if not early:
                    start_attach(ts)
            if 'New unix-domain connection' in line and 'connect' not in s.marks:
                s.marks['connect'] = ts
        self.on_file, self.on_line = on_file, on_line
        if early:
            start_attach(now())
        return srv

    def capture_exec(self, pid):
        """Keeps the argv and environment of what skype-wrap runs, for the floor."""
        argv = cmdline(pid)
        try:
            env = environ(pid)
        except OSError:
            return
        i = xpra_argv(argv)
        if i and argv[1:2] == [argv[i - 1]]:
            argv = argv[1:]  # the kernel ran /usr/bin/xpra's interpreter: what was exec'd
            i -= 1
        if i and argv[i] == 'start':
            self.capture['server'] = argv
            self.capture['server_env'] = env
            self.capture['display'] = int(argv[i + 1].lstrip(':'))
        elif i and argv[i] == 'attach':
            self.capture['attach'] = argv
            self.capture['attach_env'] = env
        elif argv[:1] == ['/usr/bin/xclock']:
            self.capture['app_env'] = env

    def proc_drain(self):
        self.pump(0)

    # -- one session, start to end -------------------------------------------
    def run(self, method, title, procs=None, end='app'):
        s = self.start(method, title, procs)
        ok = self.wait(lambda: s.map is not None or s.popen.poll() is not None, 60)
        if s.map is None:
            # the launcher may have exited before the map event was read
            self.wait(lambda: s.map is not None, 1)
        r = dict(method=method, title=title, procs=procs, end=end, launch=s.launch)
        if s.bin:
            self.find_supervisor(s)
        entry = [ts for ts, pid, _ in s.execs if pid == s.pid and ts <= (s.map or now())]
        r['exec'] = entry[-1] if entry and s.popen is not getattr(s, 'server', None) else s.launch
        r['map'] = s.map
        r['window'] = s.window
        r['ttw'] = (s.map - r['exec']) / 1e9 if s.map else None
        if not ok or s.map is None:
            log('%s: no window (launcher rc %s)' % (method, s.popen.poll()))
        if method.startswith('cr-'):
            return self.end_chromium(s, r)
        time.sleep(self.args.hold)
        if s.bin:
            r['vmhwm_kib'] = vmhwm(s.pid)
        r.update(self.teardown(s, end))
        r['execs'] = [(ts, pid, short_argv(argv)) for ts, pid, argv in s.execs]
        r['files'] = s.files
        r['marks'] = getattr(s, 'marks', {})
        r['lines'] = [(ts, l) for ts, l in s.lines if 'ready' in l or 'New unix' in l]
        if s.bin:
            r.update(self.own_cost(s))
        self.cur = None
        self.on_file = self.on_line = self.on_exit = None
        self.settle()
        r['ok'] = r['ttw'] is not None and r.get('teardown') is not None
        log('%-10s %-6s ttw %s  teardown %s (last: %s)%s' % (
            method, procs or '', r['ttw'] and '%.3f' % r['ttw'],
            r.get('teardown') and '%.3f' % r['teardown'], r.get('last'),
            '  LEFT: %s' % r['leftovers'] if r.get('leftovers') else ''))
        return r

    # -- the standby (issue 33) ---------------------------------------------------
    def start_standby(self):
        """skype-wrap --standby, up and attached, not timed: its processes."""
        before = pids_of(self.uids)
        path = B + '/standby.log'
        out = open(path, 'wb')
        self.standby = subprocess.Popen(
            ['unshare', '-n', '--', HERE + '/caller-session', self.args.chromium_bin, '--standby'],
            start_new_session=True, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while b'standing by' not in open(path, 'rb').read():
            if time.monotonic() > deadline or self.standby.poll() is not None:
                sys.exit('bench: no standby session: %s' % open(path, 'rb').read()[-500:])
            self.pump(0.1)
        self.pump(1.0)  # the client's handshake ends meanwhile
        return pids_of(self.uids) - before | {self.standby.pid}

    def stop_standby(self):
        self.standby.send_signal(signal.SIGTERM)
        self.wait(lambda: self.standby.poll() is not None, 15)

    def run_standby(self, method, title):
        """The hotkey with a standby session up: from its exec to the app's
        window (and Chromium's page painted), the standby made before and
        stopped after, neither timed."""
        self.start_standby()
        s = self.start(method, title)
        self.wait(lambda: s.map is not None, 60)
        entry = [ts for ts, pid, _ in s.execs if pid == s.pid and ts <= (s.map or now())]
        r = dict(method=method, title=title, procs=None, end='stop', launch=s.launch,
                 exec=entry[-1] if entry else s.launch, map=s.map, window=s.window)
        r['ttw'] = (s.map - r['exec']) / 1e9 if s.map else None
        if method.startswith('cr-'):
            deadline = time.monotonic() + 60
            while s.map is not None and not self.painted(s) and time.monotonic() < deadline:
                self.pump(0.01)
            r['paint'] = s.paint
            r['ttp'] = (s.paint - r['exec']) / 1e9 if s.paint else None
        self.stop_standby()
        self.cur = None
        self.settle()
        r['ok'] = r.get('ttp', r['ttw']) is not None
        log('%-13s ttw %s  painted %s' % (method, r['ttw'] and '%.3f' % r['ttw'],
                                          r.get('ttp') and '%.3f' % r['ttp']))
        return r

    def idle_cost(self, seconds):
        """A standby session left alone: the CPU its processes take (ms a
        minute) and the memory they hold (RSS, MiB), from 10 s after it
        stood by (the client's start ends meanwhile)."""
        pids = self.start_standby()
        t0 = time.monotonic()
        while time.monotonic() - t0 < 10:
            self.pump(1)

        def cpu_ticks():
            total = 0
            for pid in pids:
                try:
                    f = open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()
                    total += int(f[11]) + int(f[12])  # utime, stime
                except (OSError, IndexError):
                    pass
            return total
        t0, c0 = time.monotonic(), cpu_ticks()
        while time.monotonic() - t0 < seconds:
            self.pump(1)
        c1, t1 = cpu_ticks(), time.monotonic()
        rss = 0
        for pid in pids:
            try:
                rss += next(int(l.split()[1]) for l in open('/proc/%d/status' % pid)
                            if l.startswith('VmRSS:'))
            except (OSError, StopIteration):
                pass
        self.stop_standby()
        self.settle()
        r = dict(seconds=t1 - t0, processes=len(pids),
                 cpu_ms_per_min=(c1 - c0) * 1000 / os.sysconf('SC_CLK_TCK') * 60 / (t1 - t0),
                 rss_mib=rss / 1024)
        log('standby idle: %.0f ms CPU a minute, %.0f MiB RSS in %d processes' % (
            r['cpu_ms_per_min'], r['rss_mib'], r['processes']))
        return r

    def pixel(self, wid):
        """The colour of the caller's screen at the middle of a window."""
        try:
            w = self.x.d.create_resource_object('window', wid)
            g = w.get_geometry()
            at = w.translate_coords(self.x.root, 0, 0)  # minus where w is
            data = self.x.root.get_image(g.width // 2 - at.x, g.height // 2 - at.y, 1, 1,
                                         X.ZPixmap, 0xffffffff).data
            return data[2], data[1], data[0]  # depth 24: B, G, R, pad
        except error.XError:
            return None

    def painted(self, s):
        rgb = s.wid and self.pixel(s.wid)
        s.rgb = rgb or getattr(s, 'rgb', None)
        if rgb and all(abs(a - b) <= 16 for a, b in zip(rgb, PAGE_RGB)):
            s.paint = now()
        return s.paint is not None

    def end_chromium(self, s, r):
        """Chromium: until its page is painted, then the session is ended
        (skype-wrap by SIGTERM, as the rest by settle())."""
        deadline = time.monotonic() + 60
        while s.map is not None and not self.painted(s) and time.monotonic() < deadline:
            self.pump(0.01)
        if s.method == 'cr-direct':  # what the caller's shell ran
            app = [pid for ts, pid, argv in s.execs if CHROMIUM[0] in argv[:2]]
            r['exec'] = min(ts for ts, pid, argv in s.execs if pid in app[:1]) if app else r['exec']
            r['ttw'] = (s.map - r['exec']) / 1e9 if s.map else None
        r['paint'] = s.paint
        r['rgb'] = getattr(s, 'rgb', None)  # the colour last read
        r['ttp'] = (s.paint - r['exec']) / 1e9 if s.paint else None
        r['execs'] = [(ts, pid, short_argv(argv)) for ts, pid, argv in s.execs]
        r['files'] = s.files
        if s.bin:
            os.kill(s.pid, signal.SIGTERM)
            self.wait(lambda: s.popen.poll() is not None, 10)
            r.update(self.own_cost(s))
        self.cur = None
        self.settle()
        r['ok'] = r['ttp'] is not None
        log('%-13s ttw %s  painted %s (%s)' % (s.method, r['ttw'] and '%.3f' % r['ttw'],
                                               r['ttp'] and '%.3f' % r['ttp'], r['rgb']))
        return r

    def kind_of(self, pid, of_box, s):
        """What a process of a session is, for the report of what a teardown
        waits for."""
        argv = cmdline(pid)
        i = xpra_argv(argv)
        if i:
            return 'xpra ' + argv[i]
        if not argv:
            return '?'
        if argv[0] == s.bin:
            return 'helper' if of_box else 'skype-wrap'
        if pid == s.pid:
            return 'skype-wrap'
        name = os.path.basename(argv[0])
        if name.startswith('Xvfb'):
            return 'Xvfb'
        if name == 'sh' and not of_box:
            return 'launcher'
        if name == 'xclock' or (name == 'sh' and of_box and 'sleep' not in argv):
            return 'app'
        return name

    def kernel_floor(self, n):
        """The least teardown there is for n processes of the sandbox user on
        this machine: a shell of that user forks n sleeps, then, told to,
        sends SIGTERM to all of them with one kill(-1) and exits; timed, like
        a session, until the last has exited."""
        s = Session('kernel', 'kernel')
        s.procs = n
        self.cur = s
        self.proc_drain()
        s.launch = now()
        p = self.spawn(s, ['/bin/sh', '-c', 'i=0; while [ $i -lt %d ]; do sleep 600 & i=$((i+1)); '
                           'done; echo ready; read x; kill -TERM -1' % n],
                       preexec_fn=self.become(BOX), cwd='/', stdin=subprocess.PIPE,
                       stdout=subprocess.PIPE)
        s.pid, s.popen = p.pid, p
        self.wait(lambda: select.select([p.stdout], [], [], 0)[0], 60)
        p.stdout.readline()
        self.wait(lambda: False, 0.3)  # the last sleeps exec'd
        r = dict(method='kernel', title='kernel', procs=n, end='kill -1', launch=s.launch,
                 ttw=None, exec=s.launch, map=None)
        r.update(self.teardown(s, 'go'))
        self.cur = None
        self.settle()
        r['ok'] = r.get('teardown') is not None
        log('%-10s %-6s teardown %s' % ('kernel', n, r.get('teardown') and '%.3f' % r['teardown']))
        return r

    def find_supervisor(self, s):
        """caller-session runs skype-wrap in a child of its own."""
        sw = [pid for ts, pid, argv in s.execs if argv[:1] == [s.bin]]
        s.pid = sw[0] if sw else s.pid

    def own_cost(self, s):
        """The supervisor's taskstats, and its helpers': the processes it
        forked, and they in turn, that ran its code and exec'd nothing (so
        that they still bear its name)."""
        self.wait(lambda: s.pid in self.rusage, 2)
        sup = self.rusage.get(s.pid)
        mine = {s.pid}
        helpers = {}
        grew = True
        while grew:
            grew = False
            for k, v in self.rusage.items():
                if k not in mine and k in s.tree and v[0] in mine:
                    mine.add(k)
                    helpers[k] = v
                    grew = True
        # (ppid, uid, cpu_ns, utime_us, stime_us, rss_kib)
        life = lambda k: self.exit_ts.get(k, 0) - self.fork_ts.get(k, 0)
        ender = max(helpers, key=life) if helpers else None
        return dict(
            rusage=sup and dict(cpu_ns=sup[2], utime_us=sup[3], stime_us=sup[4], rss_kib=sup[5]),
            helpers=dict(n=len(helpers), cpu_ns=sum(h[2] for h in helpers.values()),
                         rss_kib=max([h[5] for h in helpers.values()] or [0]),
                         each=sorted(h[2] for h in helpers.values()),
                         # the longest-lived: what ended the session (the
                         # killer of 4803b0b, forked at teardown and alive
                         # through it; the init of the PID namespace now,
                         # alive the whole session)
                         last_cpu_ns=helpers[ender][2] if ender else None))

    def teardown(self, s, end):
        """Ends the session as asked (end='app': the app exits; 'term': SIGTERM
        to the launcher) and times it until the launcher has exited and no
        process of the session, the sandbox user or the caller is left."""
        self.proc_drain()
        alive = set(p for p in s.tree if os.path.exists('/proc/%d' % p)) | pids_of(self.uids)
        alive.discard(self.ts.pid)
        alive -= self.keep
        self.watch, self.watch_all, self.last_exit = set(alive), set(alive), 0
        names = dict((p, ' '.join(cmdline(p)[:2])) for p in alive)
        box = pids_of({self.box.pw_uid}) & alive
        kinds = dict((p, self.kind_of(p, p in box, s)) for p in alive)
        t0 = now()
        if end == 'term':
            try:
                os.kill(s.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        elif end == 'go':
            s.popen.stdin.write(b'go\n')
            s.popen.stdin.flush()
        else:
            want = ['-title', s.title]
            apps = [p for p in alive if cmdline(p)[1:3] == want]
            for p in apps:
                try:
                    os.kill(p, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            if s.method in ('floor', 'overlap', 'best'):
                # no wrapper: the least teardown there is, SIGTERM to every
                # process of the session the moment the app has exited
                def on_exit(pid, ts):
                    if pid in apps:
                        for p in pids_of(self.uids) - {self.ts.pid}:
                            try:
                                os.kill(p, signal.SIGTERM)
                            except ProcessLookupError:
                                pass
                self.on_exit = on_exit
        done = self.wait(lambda: not self.watch, self.args.teardown_timeout)
        r = dict(kill=t0)
        launcher = self.exit_ts.get(s.pid)
        r['launcher_exit'] = launcher and (launcher - t0) / 1e9
        if done:
            r['teardown'] = (self.last_exit - t0) / 1e9
            last = max(alive, key=lambda p: self.exit_ts.get(p, 0))
            r['last'] = names.get(last, str(last))
            if box:  # the sandbox empty: the rest is skype-wrap's own way out
                last = max(box, key=lambda p: self.exit_ts.get(p, 0))
                r['box_empty'] = (self.exit_ts.get(last, t0) - t0) / 1e9
                r['last_box'] = names.get(last, str(last))
            # when the last process of each kind exited
            r['exits'] = {}
            for p, k in kinds.items():
                if p in self.exit_ts and self.exit_ts[p] >= t0:
                    r['exits'][k] = max(r['exits'].get(k, 0), (self.exit_ts[p] - t0) / 1e9)
        else:
            left = sorted(self.watch)
            r['teardown'] = None
            r['leftovers'] = [' '.join(cmdline(p)[:3]) or str(p) for p in left]
        self.watch = None
        self.on_exit = None
        return r

    def settle(self):
        """Leaves nothing of a session behind for the next one."""
        for _ in range(50):
            left = pids_of(self.uids) - {self.ts.pid} - self.keep
            if not left:
                break
            for p in left:
                try:
                    os.kill(p, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self.pump(0.1)
        for fd in list(self.line_fds):
            os.close(fd)
            del self.line_fds[fd]
        stale = []
        for n in range(300, 400):
            stale += ['/tmp/.X%d-lock' % n, '/tmp/.X11-unix/X%d' % n]
        for d in (self.box.pw_dir + '/xpra', '/run/user/%d/xpra' % self.caller.pw_uid,
                  self.caller.pw_dir + '/.xpra'):
            if os.path.isdir(d):
                stale += [os.path.join(d, f) for f in os.listdir(d)
                          if not f.endswith('.log') and not f.endswith('.mmap')]
        for path in stale:
            try:
                st = os.lstat(path)
                if st.st_uid in self.uids and not os.path.isdir(path):
                    os.unlink(path)
            except OSError:
                pass
        self.pump(0)
        time.sleep(self.args.pause)
        self.pump(0)

    # -- sound (issue 14) ------------------------------------------------------
    def as_caller(self, argv, **kw):
        env = dict(HOME=self.caller.pw_dir, USER=CALLER, LOGNAME=CALLER, PATH='/usr/bin:/bin',
                   XDG_RUNTIME_DIR='/run/user/%d' % self.caller.pw_uid)
        return subprocess.Popen(argv, env=env, cwd=self.caller.pw_dir, start_new_session=True,
                                preexec_fn=self.become(CALLER), **kw)

    def start_caller_pulse(self):
        """The caller's own PulseAudio, a null sink its default, as
        tests/lib.bash starts it; kept alive across the sound runs."""
        with open(B + '/caller.pa', 'w') as f:
            f.write(CALLER_PA)
        os.chmod(B + '/caller.pa', 0o644)
        self.pulse = self.as_caller(['pulseaudio', '--daemonize=no', '--exit-idle-time=-1', '-n',
                                     '-F', B + '/caller.pa', '--log-target=stderr'],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=open(B + '/caller-pulse.log', 'ab'))
        self.keep.add(self.pulse.pid)
        for _ in range(100):
            if self.as_caller(['pactl', 'info'], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).wait() == 0:
                return
            time.sleep(0.1)
        sys.exit("bench: the caller's PulseAudio did not start (%s/caller-pulse.log)" % B)

    def stop_caller_pulse(self):
        self.pulse.terminate()
        self.pulse.wait()
        self.keep.discard(self.pulse.pid)

    def sound_run(self, kind, latency, bin=None):
        """One run of clicks: the recorder on the null sink's monitor as the
        caller, then the player, directly (a client of the caller's server)
        or as the app of a session of bin, with sound."""
        a = self.args
        play = ['/usr/bin/python3', '-I', '-S', B + '/click.py', 'play', '--clicks', str(a.clicks),
                '--interval', '%.3f' % a.click_interval, '--lead', '0.5']
        rec = self.as_caller(['/usr/bin/python3', '-I', '-S', B + '/click.py', 'record',
                              '--device', SINK + '.monitor'],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=open(B + '/sound.log', 'ab'))
        r = dict(kind=kind, latency_msec=latency, launch=now())
        if not select.select([rec.stdout], [], [], 10)[0] or rec.stdout.readline() != b'ready\n':
            log('sound: the recorder did not start')
        if kind == 'direct':
            p = self.as_caller(play, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=open(B + '/sound.log', 'ab'))
            s = None
        else:
            s = Session('sound', 'sound', bin)
            self.cur = s
            self.rusage = {}
            s.launch = now()
            p = self.spawn(s, ['unshare', '-n', '--', HERE + '/caller-session', bin, '--'] + play,
                           stdout=subprocess.PIPE, stderr=open(B + '/sound.log', 'ab'))
        os.set_blocking(p.stdout.fileno(), False)
        out = b''
        deadline = time.monotonic() + 60
        while p.poll() is None and time.monotonic() < deadline:
            self.pump(0.1)
            try:
                out += os.read(p.stdout.fileno(), 65536) or b''
            except BlockingIOError:
                pass
        if p.poll() is None:
            log('sound: %s did not end' % kind)
            p.kill()
        p.wait()
        try:
            out += os.read(p.stdout.fileno(), 65536) or b''
        except BlockingIOError:
            pass
        r['rc'] = p.returncode
        self.wait(lambda: False, 0.3)  # the last click's way through
        rec.terminate()
        heard = rec.communicate(timeout=10)[0]
        wrote = [int(l.split()[1]) for l in out.decode(errors='replace').splitlines()
                 if l.startswith('click ')]
        arrived = [int(l.split()[1]) for l in heard.decode(errors='replace').splitlines()
                   if l.startswith('click ')]
        lat = []
        for w in wrote:
            hit = [x for x in arrived if w <= x < w + a.click_interval * 0.9e9]
            lat.append((hit[0] - w) / 1e9 if hit else None)
        r.update(written=len(wrote), heard=len(arrived), latency=lat)
        if s:
            self.find_supervisor(s)
            r.update(self.own_cost(s))
            r['session_s'] = (self.exit_ts.get(s.pid, now()) - s.launch) / 1e9
            self.cur = None
        self.settle()
        ok = [x for x in lat if x is not None]
        log('sound %-7s %4s  %d/%d clicks, median %s ms' % (
            kind, latency or '', len(ok), a.clicks,
            '%.1f' % (sorted(ok)[len(ok) // 2] * 1000) if ok else '-'))
        return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--procs', default='1,100,500')
    ap.add_argument('--bin', default=B + '/skype-wrap')
    ap.add_argument('--old-bin', help='skype-wrap of commit 4803b0b, for the teardown comparison')
    ap.add_argument('--audio-bin', help='skype-wrap with audio = 1, for the sound latency')
    ap.add_argument('--latency-variants', default='',
                    help='MS:BIN,... builds of it with other tunnel latencies')
    ap.add_argument('--clicks', type=int, default=8, help='clicks per sound run')
    ap.add_argument('--click-interval', type=float, default=0.4)
    ap.add_argument('--out', default=B + '/results.json')
    ap.add_argument('--hold', type=float, default=0.5, help='seconds with the window up')
    ap.add_argument('--pause', type=float, default=0.5, help='seconds between sessions')
    ap.add_argument('--teardown-timeout', type=float, default=15)
    ap.add_argument('--methods',
                    default='skype-wrap,firejail,firejail-attach,reference,floor,overlap,best')
    ap.add_argument('--chromium-bin', help='skype-wrap built for Chromium (no RLIMIT_AS)')
    ap.add_argument('--chromium-methods', default='cr-skype-wrap,cr-firejail,cr-direct')
    ap.add_argument('--standby-methods', default='cr-standby,cr-skype-wrap,cr-direct,standby,skype-wrap',
                    help='the hotkey with a standby session up, beside cold starts and direct')
    ap.add_argument('--idle', type=float, default=60, help='seconds a standby session idles')
    args = ap.parse_args()
    methods = args.methods.split(',')
    cr_methods = [m for m in args.chromium_methods.split(',') if m and args.chromium_bin]
    b = Bench(args)
    b.settle()
    t_start = time.time()
    load0 = open('/proc/loadavg').read().split()[:3]
    uniq = iter(range(10 ** 6))
    title = lambda m: 'bw-%s-%d-%d' % (m, os.getpid(), next(uniq))
    log('warm-up: one session of each method, not counted')
    b.results.append(dict(b.run('capture', title('capture')), warmup=True))
    if not {'server', 'attach', 'app_env'} <= set(b.capture):
        sys.exit('bench: could not capture how skype-wrap runs xpra: %s' % sorted(b.capture))
    for m in methods:
        b.results.append(dict(b.run(m, title(m)), warmup=True))
    for i in range(args.runs):
        log('round %d of %d' % (i + 1, args.runs))
        order = methods[i % len(methods):] + methods[:i % len(methods)]
        for m in order:
            b.results.append(b.run(m, title(m)))
    if cr_methods:
        log('Chromium: warm-up, one session of each, not counted')
        for m in cr_methods:
            b.results.append(dict(b.run(m, title(m)), warmup=True))
        for i in range(args.runs):
            log('Chromium, round %d of %d' % (i + 1, args.runs))
            for m in cr_methods[i % len(cr_methods):] + cr_methods[:i % len(cr_methods)]:
                b.results.append(b.run(m, title(m)))
    st_methods = [m for m in args.standby_methods.split(',') if m and args.chromium_bin]
    standby = None
    if st_methods:
        run_one = lambda m: (b.run_standby if m in STANDBY_METHODS else b.run)(m, title(m))
        log('standby: warm-up, one session of each, not counted')
        for m in st_methods:
            b.results.append(dict(run_one(m), warmup=True, phase='standby'))
        for i in range(args.runs):
            log('standby, round %d of %d' % (i + 1, args.runs))
            for m in st_methods[i % len(st_methods):] + st_methods[:i % len(st_methods)]:
                b.results.append(dict(run_one(m), phase='standby'))
        standby = b.idle_cost(args.idle)
    procs = [int(x) for x in args.procs.split(',') if x]
    impls = ['skype-wrap'] + (['skype-wrap-old'] if args.old_bin else [])
    if args.old_bin:
        b.results.append(dict(b.run('skype-wrap-old', title('old'), procs=procs[0], end='term'),
                              warmup=True))
    for i in range(args.runs):
        log('teardown with sandbox processes, round %d of %d' % (i + 1, args.runs))
        for n in (procs if i % 2 == 0 else procs[::-1]):
            # old and new alternate, the first of each pair changing every time
            for m in (impls if (i * len(procs) + procs.index(n)) % 2 == 0 else impls[::-1]):
                b.results.append(b.run(m, title('procs'), procs=n, end='term'))
            if args.old_bin:
                b.results.append(b.kernel_floor(n))
    os.chmod(b.box.pw_dir + '/xpra', XPRA_DIR_MODE['new'])
    latency_ms = None
    if args.audio_bin:
        try:
            latency_ms = int(open(os.path.join(os.path.dirname(args.audio_bin), 'latency.txt')).read())
        except (OSError, ValueError):
            pass
        kinds = [('direct', None, None), ('sandbox', latency_ms, args.audio_bin)]
        for v in [x for x in args.latency_variants.split(',') if x]:
            ms_, path = v.split(':', 1)
            kinds.append(('sandbox', int(ms_), path))
        b.start_caller_pulse()
        try:
            log('sound: warm-up, not counted')
            for k in kinds:
                b.sound.append(dict(b.sound_run(*k), warmup=True))
            for i in range(args.runs):
                log('sound latency, round %d of %d' % (i + 1, args.runs))
                for k in kinds[i % len(kinds):] + kinds[:i % len(kinds)]:
                    b.sound.append(b.sound_run(*k))
        finally:
            b.stop_caller_pulse()
    b.ts.kill()
    b.ts.wait()
    with open(args.out, 'w') as f:
        json.dump(dict(results=b.results, sound=b.sound, clicks=args.clicks,
                       click_interval=args.click_interval, latency_msec=latency_ms,
                       old=bool(args.old_bin), capture=b.capture, runs=args.runs, procs=procs,
                       methods=methods, cr_methods=cr_methods, st_methods=st_methods,
                       standby_idle=standby, started=t_start, ended=time.time(),
                       load='1/5/15-min load average %s at the start, %s at the end' % (
                           ' '.join(load0), ' '.join(open('/proc/loadavg').read().split()[:3])),
                       lost_proc_events=b.proc.lost), f, indent=1)
    log('done in %.0f s, raw results in %s' % (time.time() - t_start, args.out))


if __name__ == '__main__':
    main()
