/* skype-wrap: run an untrusted desktop application as a dedicated user behind
 * an Xpra display, after checking that the sandbox is in place, and remove
 * every trace of it when the session ends. See README.md and skype-wrap.1.
 *
 * The binary is setuid root. The main process keeps root only to read what
 * only root may read (quota, firewall), to prepare the X socket directory and
 * to supervise; everything else runs in children that have fully become either
 * the caller or the sandbox user. */
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/quota.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sys/file.h>

#include <linux/dqblk_xfs.h>
#include <linux/capability.h>
#include <linux/loop.h>
#include <stddef.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "skype-wrap.h"
#include CONFIG_H

#ifndef SYS_quotactl_fd
#define SYS_quotactl_fd 443
#endif

static const char safe_path[] = "/usr/local/bin:/usr/bin:/bin";
static const char ready_line[] = "xpra is ready.";
static const char attached_line[] = "Attached to "; /* the client's handshake is done */

/* The session's world. The server side keeps its home, its X cookie and its
 * X socket in the session's /tmp; the app has a /tmp of its own, with the
 * X socket directory and the cookie bound in read-only, so that nothing the
 * app writes there reaches the server. */
static const char server_home[] = "/tmp/.server";
static const char server_xauthority[] = "/tmp/.server/.Xauthority";
static const char app_xauthority[] = "/tmp/.Xauthority";
static const char sound_dir[] = "/tmp/.pulse"; /* the session's sound server's socket */
static const char app_pulse_server[] = "unix:/tmp/.pulse/native";
static const char sound_cookie[] = "/tmp/.server/pulse-cookie";
/* With notifications: the session's D-Bus, for the app and the server. */
#define BUS_SOCKET "/tmp/.dbus/bus"
static const char bus_dir[] = "/tmp/.dbus";
static const char bus_address[] = "unix:path=" BUS_SOCKET;
static const char bus_config[] = "/tmp/.server/bus.conf";
/* With open_urls: the app's xdg-open and the FIFO it writes each link to,
 * made by init (root's: the app may write the FIFO, nothing else), bound
 * into the app's /tmp and over its xdg-open; links.c reads the FIFO. */
#define LINKS_FIFO "/tmp/.links/request"
static const char links_dir[] = "/tmp/.links";
static const char links_fifo[] = LINKS_FIFO;
static const char links_script[] = "/tmp/.links/xdg-open";
static const char app_opener[] = "/usr/bin/xdg-open";
static const char opener_script[] =
	"#!/bin/sh\n"
	"# skype-wrap: the link goes to the caller, who is asked before it opens.\n"
	"[ $# -eq 1 ] || { echo 'usage: xdg-open URL' >&2; exit 1; }\n"
	"printf '%s\\n' \"$1\" >" LINKS_FIFO "\n";


struct user {
	uid_t uid;
	gid_t gid;
	char name[64];
	char group[64];
	char home[PATH_MAX];
	char shell[PATH_MAX];
};

/* Filled in by main(): with an initializer, its PATH_MAX buffers would sit in
 * the binary. */
static struct user root;

/* The sandbox side of a session lives in a world of its own: a PID namespace
 * whose first process is init_world(), a mount namespace with a fresh /tmp
 * and /dev/shm and a /proc that shows only the session, an IPC namespace
 * (X servers share pixels in SysV shared memory, which would otherwise be
 * the host's, readable by anyone and left behind), and a network namespace
 * for all but the app, whose network is the host's: the abstract socket
 * names of the Xvfb and the server, and any port they open, are nobody
 * else's. When init exits, the kernel kills whatever is left in the
 * namespace. */
struct world {
	pid_t init;
	int ctl;      /* closing it asks init to end the session */
	int host_pid; /* skype-wrap's own PID namespace */
	int pidns, mntns, ipcns, netns;
	int root; /* init's root in its mount namespace (a chroot's, in one) */
};

struct session {
	struct user box;    /* the sandbox user */
	struct user caller; /* the real uid */
	gid_t *groups;      /* the caller's supplementary groups */
	int ngroups;
	char *display;      /* the caller's DISPLAY, XAUTHORITY and PULSE_SERVER */
	char *xauthority;
	char *pulse_server;
	char *bus;          /* the caller's DBUS_SESSION_BUS_ADDRESS */
	char *sudo_user;    /* who ran sudo make setup */
	char runtime_dir[PATH_MAX]; /* the caller's XDG_RUNTIME_DIR */
	char *locale[16];   /* LANG and LC_* of the caller, as NAME=value */
	int nlocale;
	char *const *command; /* what to run in the sandbox */
	const struct xpra_version *xpra_version; /* the installed xpra's, NULL if unsupported */
	char xpra_found[32];  /* its version number */

	struct world world;
	char dir[128];       /* /run/skype-wrap/USER: the client's mmap file, the sound relay */
	unsigned displaynum; /* the Xpra server's display */
	int display_name;    /* holds the display's abstract X socket name */
	char socket[PATH_MAX];
	int sigfd, logfd, log_write;
	int relay[2];       /* the app's stdout and stderr, copied to ours */
	int pending_signal; /* SIGINT, SIGTERM or SIGHUP met during teardown */
	int attach_failed;  /* the client exited with an error */
	int show_again;     /* a second start asked for a new client */
	char log[8192];     /* the latest output of xpra, for error messages */
	size_t loglen, lognext; /* its length, the start of the line next relayed */
	pid_t xpra, app, attach;
	long long ready_by;  /* xpra's ready line is due then (ms), 0 once seen */
	long long attach_by; /* the client's handshake is due then, 0 once done */
	pid_t sound, sound_relay; /* the session's sound server, its relay to the caller's */
	pid_t links;        /* the relay of the app's links to the caller (links.c) */
	pid_t share_capture, share_mirror, share_sign; /* a shared window (share.c) */
	int app_mntns, app_root; /* the app's mount namespace and root, for --open */
	int standby;        /* --standby: no app yet, until a start hands it one */
	int control;        /* where another start of the caller's hands it a request */
	unsigned width, height, dpi; /* the caller's screen, for the app's */
	int lockfd;         /* the single-instance lock, see lock_session() */
	int app_status;     /* wait status of the app, -1 while unknown */
	int attach_status;  /* wait status of a client that exited, else -1 */
	int init_status;
};

/* The session to tear down if the program dies halfway; NULL in children. */
static struct session *running;
static pid_t supervisor;
/* In a child between fork and exec: where to report that it failed. */
static int child_report = -1;

/* Whose display shows fatal messages when stderr leads nowhere (a hotkey,
 * .xinitrc); NULL for none. */
static const struct session *fatal_display;

static void end_session(struct session *s);
static void stop_share(struct session *s);
static void show_on_display(const struct session *s, const char *msg);
static int setup_step(int dry, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- Ending: every way out of the supervisor, and of its children ---- */

/* The supervisor's last fatal message, for leave() to show. */
static char fatal[4096];
static int leaving;

/* The supervisor's one way out (main registers it with atexit): whatever
 * the session has set up is undone, then a fatal message is shown on the
 * caller's display when stderr leads nowhere (a hotkey, .xinitrc). */
static void leave(void)
{
	const struct session *shown = fatal_display;

	if (getpid() != supervisor)
		return;
	leaving = 1;
	fatal_display = NULL;
	if (running)
		end_session(running);
	if (fatal[0] && shown && !isatty(2))
		show_on_display(shown, fatal);
}

void die_errno(int status, const char *fmt, ...)
{
	char msg[sizeof fatal - 64];
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	die(status, "%s: %s", msg, strerror(err));
}

/* Says what failed and exits. A child says it through its report pipe
 * while it has one (its stderr may lead elsewhere) and _exits; the
 * supervisor exits through leave(). */
void die(int status, const char *fmt, ...)
{
	char msg[sizeof fatal] = "skype-wrap: ";
	size_t len = strlen(msg);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg + len, sizeof msg - len - 1, fmt, ap);
	va_end(ap);
	strcat(msg, "\n");
	if (getpid() != supervisor) {
		(void)!write(child_report >= 0 ? child_report : 2, msg, strlen(msg));
		_exit(status);
	}
	if (status == EXIT_NOPERM || status == EXIT_CONFIG)
		syslog(LOG_AUTHPRIV | LOG_NOTICE, "uid %u refused: %s", (unsigned)getuid(), msg + len);
	fputs(msg, stderr);
	if (leaving)
		_exit(status);
	memcpy(fatal, msg, sizeof fatal);
	exit(status);
}

static void usage(int status)
{
	fputs("usage: skype-wrap [--check | --attach | --stop | --setup [--dry-run] | --standby | -- command [args...]]\n"
	      "       skype-wrap --give file...\n"
	      "       skype-wrap --open [link]\n"
	      "       skype-wrap [--no-title] --share[=window] | --share stop\n"
	      "       skype-wrap --version | --help\n",
	      status ? stderr : stdout);
	exit(status);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void close_fds_from(int first)
{
	if (syscall(SYS_close_range, first, ~0U, 0) == 0)
		return;
	for (long fd = first; fd < sysconf(_SC_OPEN_MAX); fd++)
		close(fd);
}


/* ---- Who is calling, and the users a session switches to ---- */

static int plain_name(const char *s, const char *extra, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return 0;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && !strchr(extra, *s))
			return 0;
	return 1;
}

static int locale_var(const char *var)
{
	const char *eq = strchr(var, '=');

	if (!eq || (strncmp(var, "LANG=", 5) && strncmp(var, "LC_", 3)))
		return 0;
	for (const char *p = var; p < eq; p++)
		if (!(*p >= 'A' && *p <= 'Z') && *p != '_')
			return 0;
	return plain_name(eq + 1, "_.-@", 64);
}

/* Keeps the little of the caller's environment that is used, and only in the
 * caller's own children, then clears the rest. */
static void take_environment(struct session *s)
{
	extern char **environ;
	const char *display = getenv("DISPLAY"), *xauth = getenv("XAUTHORITY");
	const char *pulse = getenv("PULSE_SERVER"), *runtime = getenv("XDG_RUNTIME_DIR");
	const char *sudo_user = getenv("SUDO_USER"), *bus = getenv("DBUS_SESSION_BUS_ADDRESS");

	for (char **e = environ; *e && s->nlocale < (int)LEN(s->locale); e++)
		if (locale_var(*e) && !(s->locale[s->nlocale++] = strdup(*e)))
			die(EXIT_UNAVAILABLE, "out of memory");
	if (display && !(s->display = strdup(display)))
		die(EXIT_UNAVAILABLE, "out of memory");
	if (xauth && xauth[0] == '/' && strlen(xauth) < PATH_MAX &&
	    !(s->xauthority = strdup(xauth)))
		die(EXIT_UNAVAILABLE, "out of memory");
	if (pulse && plain_name(pulse, "/_.-:[]@", 256) && !(s->pulse_server = strdup(pulse)))
		die(EXIT_UNAVAILABLE, "out of memory");
	if (bus && plain_name(bus, "/_.-:=,%", 256) && !(s->bus = strdup(bus)))
		die(EXIT_UNAVAILABLE, "out of memory");
	if (sudo_user && plain_name(sudo_user, "_.-", 32) && !(s->sudo_user = strdup(sudo_user)))
		die(EXIT_UNAVAILABLE, "out of memory");
	if (runtime && runtime[0] == '/' && plain_name(runtime, "/_.-", 256))
		snprintf(s->runtime_dir, sizeof s->runtime_dir, "%s", runtime);
	else
		snprintf(s->runtime_dir, sizeof s->runtime_dir, "/run/user/%u", (unsigned)getuid());
	clearenv();
}

static int fill_user(struct user *u, const struct passwd *pw)
{
	const struct group *gr = getgrgid(pw->pw_gid);

	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	return snprintf(u->name, sizeof u->name, "%s", pw->pw_name) < (int)sizeof u->name &&
	       snprintf(u->group, sizeof u->group, "%s", gr ? gr->gr_name : "?") < (int)sizeof u->group &&
	       snprintf(u->home, sizeof u->home, "%s", pw->pw_dir) < (int)sizeof u->home &&
	       snprintf(u->shell, sizeof u->shell, "%s", pw->pw_shell) < (int)sizeof u->shell;
}

static void identify_caller(struct session *s)
{
	const struct passwd *pw = getpwuid(getuid());

	if (!pw || !fill_user(&s->caller, pw))
		die(EXIT_NOPERM, "caller: uid %u has no usable passwd entry", (unsigned)getuid());
}

static void identify_sandbox_user(struct session *s)
{
	const struct passwd *pw = getpwnam(sandbox_user);

	if (!pw)
		die(EXIT_CONFIG, "user: no user %s (create it with skype-wrap --setup)", sandbox_user);
	if (!fill_user(&s->box, pw))
		die(EXIT_CONFIG, "user: the passwd entry of %s is too long", sandbox_user);
}

/* The caller may start a session only as a member of the sandbox user's
 * primary group, as the kernel sees it in this process. */
static void permit(struct session *s)
{
	int n = getgroups(0, NULL);

	if (n < 0 || !(s->groups = calloc(n + 1, sizeof *s->groups)) ||
	    (s->ngroups = getgroups(n, s->groups)) < 0)
		die_errno(EXIT_UNAVAILABLE, "getgroups");
	if (getgid() == s->box.gid)
		return;
	for (int i = 0; i < s->ngroups; i++)
		if (s->groups[i] == s->box.gid)
			return;
	die(EXIT_NOPERM, "%s is not in group %s (ask root: usermod -aG %s %s, then log in again)",
	    s->caller.name, s->box.group, s->box.group, s->caller.name);
}



/* ---- Privileges: every change of them, numbered in the order they happen ---- */

/* 1. At the start: fds 0-2 open and nothing else, no core dumps and no
 * ptrace by the caller, a strict umask, every signal as the kernel sets it. */
static void sanitize_process(void)
{
	sigset_t none;

	for (int fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) == -1 && open("/dev/null", O_RDWR) != fd)
			exit(EXIT_UNAVAILABLE);
	close_fds_from(3);
	/* No core file, no ptrace by the caller, no /proc/PID/ of ours to open. */
	if (prctl(PR_SET_DUMPABLE, 0) == -1)
		exit(EXIT_UNAVAILABLE);
	umask(077);
	/* An ignored SIGCHLD, say, would make every wait fail. */
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* 2. Once the caller is known to be a member: the supervisor needs no group
 * of the caller's. It keeps none, and root's gid as its effective and saved
 * one, as it keeps root's uid. */
static void drop_groups_keep_root_gid(void)
{
	/* A change of gid makes the process dumpable again as fs.suid_dumpable
	 * says: with 2, a core file of it on the caller's SIGQUIT. */
	if (setgroups(0, NULL) == -1 || setresgid(getgid(), 0, 0) == -1 || prctl(PR_SET_DUMPABLE, 0) == -1)
		die_errno(EXIT_UNAVAILABLE, "dropping groups");
}

/* What the supervisor keeps after the checks, and why: to make the session
 * directory for the caller and the world's directories for the sandbox
 * user (CHOWN, FOWNER), and work in the caller's session directory and
 * remove it (DAC_OVERRIDE, DAC_READ_SEARCH); to make the world (SYS_ADMIN:
 * namespaces, mounts, setns; SYS_CHROOT: a child's root in it) and read
 * the namespaces and limits of its processes, the sandbox user's
 * (SYS_PTRACE); to stop them (KILL); to start children as the two users
 * (SETUID, SETGID). */
static const int kept_capabilities[] = {
	CAP_CHOWN, CAP_FOWNER, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_SYS_ADMIN,
	CAP_SYS_CHROOT, CAP_SYS_PTRACE, CAP_KILL, CAP_SETUID, CAP_SETGID,
};

/* 3. After the checks (which run iptables, quotactl and the loop device's
 * ioctl): the supervisor keeps only kept_capabilities, and so does any
 * root process it could exec (the bounding set): no module loading, raw
 * I/O, network administration, reboot... A --standby keeps all: it starts
 * itself again, and its next checks need them. */
static void bound_capabilities(void)
{
	struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
	unsigned long long keep = 0;

	for (size_t i = 0; i < LEN(kept_capabilities); i++)
		keep |= 1ULL << kept_capabilities[i];
	/* Past the kernel's last capability, EINVAL. */
	for (int cap = 0; cap < 64; cap++)
		if (!(keep >> cap & 1) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == -1 && errno != EINVAL)
			die_errno(EXIT_UNAVAILABLE, "capabilities: drop %d", cap);
	data[0].permitted = data[0].effective = (unsigned)keep;
	data[1].permitted = data[1].effective = (unsigned)(keep >> 32);
	if (syscall(SYS_capset, &head, data) == -1)
		die_errno(EXIT_UNAVAILABLE, "capabilities");
}

/* 4. In each child: becomes u for good, groups first, then gid, then uid,
 * checks that there is no way back, and takes no_new_privs: nothing a child
 * runs gains privileges by exec, and Landlock and seccomp need it. */
static void become(const struct user *u, const gid_t *groups, int ngroups)
{
	uid_t ruid, euid, suid;
	gid_t rgid, egid, sgid;

	if (setgroups(ngroups, groups) == -1)
		die_errno(EXIT_UNAVAILABLE, "setgroups");
	if (setresgid(u->gid, u->gid, u->gid) == -1)
		die_errno(EXIT_UNAVAILABLE, "setresgid %u", (unsigned)u->gid);
	if (setresuid(u->uid, u->uid, u->uid) == -1)
		die_errno(EXIT_UNAVAILABLE, "setresuid %u", (unsigned)u->uid);
	if (getresuid(&ruid, &euid, &suid) == -1 || getresgid(&rgid, &egid, &sgid) == -1 ||
	    ruid != u->uid || euid != u->uid || suid != u->uid ||
	    rgid != u->gid || egid != u->gid || sgid != u->gid)
		die(EXIT_UNAVAILABLE, "could not become %s", u->name);
	if (u->uid != 0 && (setuid(0) != -1 || setgid(0) != -1))
		die(EXIT_UNAVAILABLE, "%s could regain root", u->name);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		die_errno(EXIT_UNAVAILABLE, "no_new_privs");
}

/* 5. --standby, before it starts itself again: the caller's groups and gid
 * back, as the caller's exec of it had them; the exec makes it root again. */
static void restore_caller_groups(const struct session *s)
{
	if (setgroups(s->ngroups, s->groups) == -1 || setresgid(getgid(), getgid(), getgid()) == -1)
		die_errno(EXIT_UNAVAILABLE, "standby: the caller's groups");
}

/* The environment of a child, built from nothing. */
struct env {
	char *var[32];
	int n;
};

/* ---- Environments, built from nothing ---- */

static void env_put(struct env *e, const char *name, const char *value)
{
	if (e->n + 1 >= (int)LEN(e->var) || asprintf(&e->var[e->n], "%s=%s", name, value) == -1)
		die(EXIT_UNAVAILABLE, "cannot build the environment of a child");
	e->var[++e->n] = NULL;
}

/* The caller's LANG and LC_*. */
static void env_put_locale(struct env *e, const struct session *s)
{
	for (int i = 0; i < s->nlocale && e->n + 1 < (int)LEN(e->var); i++)
		e->var[e->n++] = s->locale[i];
	e->var[e->n] = NULL;
}

/* What take_environment took, for this program started again. */
static void env_for_restart(struct env *e, const struct session *s)
{
	env_put(e, "XDG_RUNTIME_DIR", s->runtime_dir);
	if (s->display)
		env_put(e, "DISPLAY", s->display);
	if (s->xauthority)
		env_put(e, "XAUTHORITY", s->xauthority);
	if (s->pulse_server)
		env_put(e, "PULSE_SERVER", s->pulse_server);
	if (s->bus)
		env_put(e, "DBUS_SESSION_BUS_ADDRESS", s->bus);
	env_put_locale(e, s);
}

/* A child's argv, built in order. */
struct args {
	char *v[96];
	int n;
};

static void add_arg(struct args *a, const char *arg)
{
	if (a->n + 1 >= (int)LEN(a->v))
		die(EXIT_UNAVAILABLE, "cannot build the command line of a child");
	a->v[a->n++] = (char *)arg;
	a->v[a->n] = NULL;
}

static void add_args(struct args *a, const char *const *list)
{
	for (; *list; list++)
		add_arg(a, *list);
}

/* The features config.h turns on or off in the server and the client alike. */
static void add_features(struct args *a)
{
	add_arg(a, notifications ? "--notifications=yes" : "--notifications=no");
	add_arg(a, tray ? "--system-tray=yes" : "--system-tray=no");
	add_arg(a, clipboard ? "--clipboard=yes" : "--clipboard=no");
}

static void env_for_user(struct env *e, const struct session *s, const struct user *u)
{
	env_put(e, "PATH", safe_path);
	env_put(e, "HOME", u->home);
	env_put(e, "USER", u->name);
	env_put(e, "LOGNAME", u->name);
	env_put(e, "SHELL", u->shell);
	env_put_locale(e, s);
}

/* Xft.dpi (the server sets it) scales text; GTK and Qt scale the rest of a
 * window only when told, from 144 dpi on. GTK takes a whole factor (at 144
 * dpi none: its text grows, as on the caller's desktop), whose text scale
 * GDK_DPI_SCALE takes back out; Qt takes the caller's own (1.5 at 144 dpi),
 * and its text DPI: it reads Xft.dpi once, and the app may start before the
 * server has set it. Chromium (and Electron) scale by Xft.dpi alone and
 * multiply it by GDK_SCALE, ignoring GDK_DPI_SCALE: toolkit_scale is 0 for
 * them. */
static void env_for_scale(struct env *e, unsigned dpi)
{
	unsigned factor = dpi / 96;
	char n[16];

	if (dpi < 144 || !toolkit_scale)
		return;
	snprintf(n, sizeof n, "%.4g", dpi / 96.0);
	env_put(e, "QT_SCALE_FACTOR", n);
	env_put(e, "QT_FONT_DPI", "96");
	if (factor < 2)
		return;
	snprintf(n, sizeof n, "%u", factor);
	env_put(e, "GDK_SCALE", n);
	snprintf(n, sizeof n, "%.4f", 1.0 / factor);
	env_put(e, "GDK_DPI_SCALE", n);
}

/* The app's environment: the sandbox user's, with the session's display
 * and the X cookie bound into its /tmp. */
static void env_for_app(struct env *e, const struct session *s)
{
	char display[16];

	snprintf(display, sizeof display, ":%u", s->displaynum);
	env_for_user(e, s, &s->box);
	env_put(e, "DISPLAY", display);
	env_put(e, "XAUTHORITY", app_xauthority);
	if (s->sound > 0)
		env_put(e, "PULSE_SERVER", app_pulse_server);
	env_for_scale(e, s->dpi);
	if (notifications)
		env_put(e, "DBUS_SESSION_BUS_ADDRESS", bus_address);
	if (open_urls)
		env_put(e, "BROWSER", app_opener);
}

/* The server side's: its home and every XDG directory in the session's
 * /tmp, where the app cannot write, and no Python user site. */
static void env_for_server(struct env *e, const struct session *s)
{
	struct user server = s->box;

	snprintf(server.home, sizeof server.home, "%s", server_home);
	env_for_user(e, s, &server);
	env_put(e, "XAUTHORITY", server_xauthority);
	env_put(e, "XDG_CONFIG_HOME", server_home);
	env_put(e, "XDG_CACHE_HOME", server_home);
	env_put(e, "XDG_DATA_HOME", server_home);
	env_put(e, "XDG_RUNTIME_DIR", server_home);
	env_put(e, "PYTHONNOUSERSITE", "1");
	/* No config file is read by xpra. */
	env_put(e, "XPRA_SYSTEM_CONF_DIRS", "/dev/null");
	env_put(e, "XPRA_USER_CONF_DIRS", "/dev/null");
	/* Where the client's mmap file is: 6.5 opens only the name the client
	 * gives, in this directory. */
	env_put(e, "XPRA_MMAP_DIR", s->dir);
}

/* The caller's own children also get the caller's X display and session. */
static void env_for_caller(struct env *e, const struct session *s)
{
	env_for_user(e, s, &s->caller);
	if (s->display)
		env_put(e, "DISPLAY", s->display);
	if (s->xauthority)
		env_put(e, "XAUTHORITY", s->xauthority);
	env_put(e, "XDG_RUNTIME_DIR", s->runtime_dir);
}

/* What a child is and where it runs. */
struct launch {
	const char *name;        /* for messages */
	const struct user *as;
	const gid_t *groups;     /* supplementary groups when becoming as */
	int ngroups;
	char *const *argv;
	char *const *envp;
	int in, out, err;        /* its stdin (0: /dev/null), stdout and stderr */
	unsigned long long mem;  /* RLIMIT_DATA, 0 for none */
	unsigned long nproc;     /* RLIMIT_NPROC, 0 for none */
	const struct world *world; /* the session's namespaces, NULL for the host's */
	const char *session_dir; /* the Xpra server: its own Landlock ruleset, writes there */
	int confine;             /* the app: a /tmp of its own, Landlock and seccomp */
	int joins_app;           /* a second start of the app: in its mount namespace */
};

/* ---- Confinement: which process gets which policy (confine.c applies them) ---- */

/* The webcam. Debian's udev gives the cameras to the group video, and with
 * them the framebuffers, the DRM cards, DVB, media controllers, CEC and IR
 * receivers. With webcam = 1 the app alone gets the group (start_app), its
 * mount namespace covers every other device of the group (cover_devices)
 * and its Landlock domain may write the cameras and no other device. */
static const char webcam_group[] = "video";

static gid_t webcam_gid(void)
{
	const struct group *gr = getgrnam(webcam_group);

	return gr ? gr->gr_gid : (gid_t)-1;
}

/* The cameras this process may open, as "/dev/video0, /dev/video2"; their
 * number. */
static int list_cameras(char *out, size_t size)
{
	DIR *d = opendir("/dev");
	const char *name = NULL;
	int n = 0, fd;

	out[0] = '\0';
	for (; (fd = next_camera(d, &name)) != -1; close(fd)) {
		size_t len = strlen(out);

		snprintf(out + len, size - len, "%s/dev/%s", n++ ? ", " : "", name);
	}
	if (d)
		closedir(d);
	return n;
}

/* The app's, from the config. */
static const struct policy app_policy = { read_paths, write_paths, exec_paths, connect_ports,
					   bind_ports, 0, webcam };

static int landlock_on(void)
{
	return read_paths[0] || write_paths[0] || exec_paths[0] || connect_ports[0].last ||
	       bind_ports[0].last;
}

/* A fresh home lacks the directories the app may write (~/.config...), and
 * under Landlock it could not make them: made here, as the sandbox user. */
static void make_home_dirs(const char *home)
{
	for (const char **p = write_paths; *p; p++) {
		char path[PATH_MAX];

		if ((*p)[0] != '~')
			continue;
		snprintf(path, sizeof path, "%s%s", home, *p + 1);
		for (char *slash = path + strlen(home) + 1; (slash = strchr(slash, '/')); slash++) {
			*slash = '\0';
			mkdir(path, 0700);
			*slash = '/';
		}
		mkdir(path, 0700);
		if (downloads && !strcmp(*p, downloads))
			chmod(path, 0750);
	}
}

/* Confines the app just before exec, in its own process: Landlock, then
 * seccomp, both kept across exec by no_new_privs. */
static void confine(const char *home)
{
	struct ruleset r = { .rules = 0 };

	make_home_dirs(home);
	/* What it saves in downloads (0750), the group may read; its other
	 * directories stay 0700. */
	if (downloads)
		umask(027);
	if (landlock_on()) {
		build_ruleset(&r, &app_policy, home);
		restrict_self(&r);
	}
	if (seccomp)
		install_seccomp();
}

/* The Xpra server, its X server and their helpers: the system to read and
 * run, their own /tmp, socket directory and session directory to write,
 * and nothing of the home the app writes, so nothing the app leaves there
 * steers a process outside its domain. No TCP. */
static void confine_server(const char *home, const char *dir)
{
	const char *read[] = { "/etc", "/proc", "/sys", "/dev", "/var/lib/xkb", NULL };
	const char *write[] = { "/tmp", "/dev/shm", "/dev/null", "~/xpra", dir, NULL };
	const char *exec[] = { "/usr", "/bin", "/sbin", "/lib", "/lib64", NULL };
	const struct ports none[] = { { 0, 0 } };
	const struct policy p = { read, write, exec, none, none, 1, 0 };
	struct ruleset r = { .rules = 0 };

	build_ruleset(&r, &p, home);
	restrict_self(&r);
}

/* ---- The session's world: its PID, mount and IPC namespaces ---- */

/* Each /tmp and /dev/shm of a session is bounded: the memory it holds is
 * the host's. */
static void mount_tmpfs(const char *target)
{
	if (mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=1g,nr_inodes=65536") == -1)
		die_errno(EXIT_UNAVAILABLE, "world: mount a tmpfs on %s", target);
}

/* Mounts what fd names on target, read-only. */
static void bind_read_only(int fd, const char *target)
{
	char source[32];

	snprintf(source, sizeof source, "/proc/self/fd/%d", fd);
	if (mount(source, target, NULL, MS_BIND, NULL) == -1 ||
	    mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) == -1)
		die_errno(EXIT_UNAVAILABLE, "world: bind %s", target);
}

/* Whether a mount this process sees propagates to others. */
static int mounts_shared(void)
{
	char line[4096];
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int shared = !f;

	while (f && !shared && fgets(line, sizeof line, f))
		shared = strstr(line, " shared:") != NULL;
	if (f)
		fclose(f);
	return shared;
}

/* A mount namespace whose mounts do not reach the host's. In a chroot the
 * root is no mount point (EINVAL): then no mount it sees may propagate. */
static void unshare_mounts(void)
{
	if (unshare(CLONE_NEWNS) == -1 ||
	    (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) == -1 && (errno != EINVAL || mounts_shared())))
		die_errno(EXIT_UNAVAILABLE, "world: a mount namespace");
}

/* PulseAudio's tunnels will not start without a cookie to present; the
 * caller's server admits them by the relay's credentials, so any will do. */
static void make_sound_cookie(const struct user *box)
{
	unsigned char cookie[256];
	int fd = open(sound_cookie, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);

	if (fd == -1 || getrandom(cookie, sizeof cookie, 0) != sizeof cookie ||
	    write(fd, cookie, sizeof cookie) != sizeof cookie || fchown(fd, box->uid, box->gid) == -1 ||
	    close(fd) == -1)
		die_errno(EXIT_UNAVAILABLE, "world: %s", sound_cookie);
}

/* The session's D-Bus: its socket directory and a config of its own, as
 * the session config's service directories would let the app have the bus
 * start programs outside its confinement. */
static const char bus_conf[] =
	"<busconfig><type>session</type><listen>unix:path=" BUS_SOCKET "</listen>"
	"<auth>EXTERNAL</auth><policy context=\"default\"><allow send_destination=\"*\"/>"
	"<allow receive_sender=\"*\"/><allow own=\"*\"/></policy></busconfig>\n";

static void make_bus_files(const struct user *box)
{
	int fd = open(bus_config, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);

	if (fd == -1 || write(fd, bus_conf, sizeof bus_conf - 1) != sizeof bus_conf - 1 ||
	    fchown(fd, box->uid, box->gid) == -1 || close(fd) == -1 || mkdir(bus_dir, 0700) == -1 ||
	    chown(bus_dir, box->uid, box->gid) == -1)
		die_errno(EXIT_UNAVAILABLE, "world: the session's D-Bus");
}

static void make_link_files(void)
{
	int fd;

	if (mkdir(links_dir, 0755) == -1 || chmod(links_dir, 0755) == -1 ||
	    mkfifo(links_fifo, 0600) == -1 || chmod(links_fifo, 0622) == -1 ||
	    (fd = open(links_script, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0700)) == -1 ||
	    write(fd, opener_script, sizeof opener_script - 1) != sizeof opener_script - 1 ||
	    fchmod(fd, 0755) == -1 || close(fd) == -1)
		die_errno(EXIT_UNAVAILABLE, "world: the app's links");
}

/* In init, as root: a fresh /tmp and /dev/shm, the X socket directory and
 * the server's home, a /proc of the session's PID namespace in which each
 * user sees only its own processes, and no executable memfd (Linux 6.3+:
 * the file is missing before). */
static void make_world(const struct user *box)
{
	int fd;

	unshare_mounts();
	if (unshare(CLONE_NEWIPC | CLONE_NEWNET) == -1)
		die_errno(EXIT_UNAVAILABLE, "world: IPC and network namespaces");
	mount_tmpfs("/tmp");
	mount_tmpfs("/dev/shm");
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2") == -1)
		die_errno(EXIT_UNAVAILABLE, "world: mount /proc");
	/* xpra writes its cookie into an XAUTHORITY file only if it exists. */
	if (mkdir("/tmp/.X11-unix", 0) == -1 || chmod("/tmp/.X11-unix", 01777) == -1 ||
	    mkdir(server_home, 0700) == -1 || chown(server_home, box->uid, box->gid) == -1 ||
	    (fd = open(server_xauthority, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600)) == -1 ||
	    fchown(fd, box->uid, box->gid) == -1 || close(fd) == -1 ||
	    mkdir(sound_dir, 0700) == -1 || chown(sound_dir, box->uid, box->gid) == -1)
		die_errno(EXIT_UNAVAILABLE, "world: %s", server_home);
	make_sound_cookie(box);
	if (notifications)
		make_bus_files(box);
	if (open_urls)
		make_link_files();
	if ((fd = open("/proc/sys/vm/memfd_noexec", O_WRONLY | O_CLOEXEC)) != -1) {
		if (write(fd, "2", 1) != 1)
			die_errno(EXIT_UNAVAILABLE, "world: memfd_noexec");
		close(fd);
	}
}

/* The app's /dev, built in its /tmp before it replaces the host's. */
static const char app_dev[] = "/tmp/.dev";

/* Binds the device node source to a new file, target. */
static void bind_node(const char *source, const char *target)
{
	int fd = open(target, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0);

	if (fd == -1 || close(fd) == -1 || mount(source, target, NULL, MS_BIND, NULL) == -1)
		die_errno(EXIT_UNAVAILABLE, "world: /dev: %s", source);
}

/* Copies what source, under /dev, holds now to target: its directories,
 * its links and, bound, its device nodes. Nothing to copy is no error:
 * the policy may name a device this host lacks. */
static void copy_dev_tree(const char *source, const char *target, int depth)
{
	char link[PATH_MAX];
	struct dirent *e;
	struct stat st;
	ssize_t n;
	DIR *d;

	if (lstat(target, &st) == 0 || lstat(source, &st) == -1)
		return;
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		bind_node(source, target);
	if (S_ISLNK(st.st_mode) && (n = readlink(source, link, sizeof link - 1)) > 0) {
		link[n] = '\0';
		if (symlink(link, target) == -1)
			die_errno(EXIT_UNAVAILABLE, "world: /dev: %s", target);
	}
	if (!S_ISDIR(st.st_mode) || depth == 0 || !(d = opendir(source)))
		return;
	if (mkdir(target, 0755) == -1)
		die_errno(EXIT_UNAVAILABLE, "world: /dev: %s", target);
	while ((e = readdir(d))) {
		char from[PATH_MAX], to[PATH_MAX];

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(from, sizeof from, "%s/%s", source, e->d_name);
		snprintf(to, sizeof to, "%s/%s", target, e->d_name);
		copy_dev_tree(from, to, depth - 1);
	}
	closedir(d);
}

/* Copies each path of a policy table that lies under /dev. */
static void copy_policy_devices(const char *const *paths)
{
	for (; *paths; paths++) {
		char target[PATH_MAX];

		if (strncmp(*paths, "/dev/", 5))
			continue;
		snprintf(target, sizeof target, "%s/%s", app_dev, *paths + 5);
		for (char *slash = target + sizeof app_dev; (slash = strchr(slash, '/')); slash++) {
			*slash = '\0';
			mkdir(target, 0755);
			*slash = '/';
		}
		copy_dev_tree(*paths, target, 3);
	}
}

/* Binds each camera of the host's /dev (see open_camera()). */
static void copy_cameras(void)
{
	DIR *d = opendir("/dev");
	const char *name;
	int fd;

	while (d && (fd = next_camera(d, &name)) != -1) {
		char from[PATH_MAX], to[PATH_MAX];

		close(fd);
		snprintf(from, sizeof from, "/dev/%s", name);
		snprintf(to, sizeof to, "%s/%s", app_dev, name);
		bind_node(from, to);
	}
	if (d)
		closedir(d);
}

/* In the app's mount namespace, as root: a /dev made at its start, as
 * bubblewrap's --dev makes one: the standard nodes, a devpts and /dev/shm
 * of its own, what the policy tables name under /dev (sound, GPU) and,
 * with the webcam, the cameras, each as the host has it now. A node the
 * host adds later (a USB display's framebuffer, a DVB tuner) never
 * appears, nor does any other of the webcam group's. */
static void make_app_dev(int cameras)
{
	static const char *const nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };
	static const char *const links[][2] = {
		{ "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
		{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" }, { "ptmx", "pts/ptmx" },
	};
	char path[PATH_MAX];

	if (mkdir(app_dev, 0755) == -1 ||
	    mount("tmpfs", app_dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=64k") == -1)
		die_errno(EXIT_UNAVAILABLE, "world: /dev");
	for (size_t i = 0; i < LEN(nodes); i++) {
		char from[32];

		snprintf(from, sizeof from, "/dev/%s", nodes[i]);
		snprintf(path, sizeof path, "%s/%s", app_dev, nodes[i]);
		bind_node(from, path);
	}
	for (size_t i = 0; i < LEN(links); i++) {
		snprintf(path, sizeof path, "%s/%s", app_dev, links[i][0]);
		if (symlink(links[i][1], path) == -1)
			die_errno(EXIT_UNAVAILABLE, "world: /dev: %s", path);
	}
	snprintf(path, sizeof path, "%s/shm", app_dev);
	if (mkdir(path, 0755) == -1)
		die_errno(EXIT_UNAVAILABLE, "world: /dev/shm");
	snprintf(path, sizeof path, "%s/pts", app_dev);
	if (mkdir(path, 0755) == -1 || mount("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC,
					      "newinstance,ptmxmode=0666,mode=0620") == -1)
		die_errno(EXIT_UNAVAILABLE, "world: /dev/pts");
	copy_policy_devices(read_paths);
	copy_policy_devices(write_paths);
	if (cameras)
		copy_cameras();
	/* The host's /dev leaves the namespace, with the world's /dev/shm. */
	if ((umount2("/dev", MNT_DETACH) == -1 && errno != EINVAL) ||
	    mount(app_dev, "/dev", NULL, MS_MOVE, NULL) == -1 || rmdir(app_dev) == -1)
		die_errno(EXIT_UNAVAILABLE, "world: /dev");
	mount_tmpfs("/dev/shm");
}

/* With open_urls: the FIFO's directory into the app's /tmp, the script that
 * writes to it over its xdg-open. */
static void bind_links(int dir, int script)
{
	if (mkdir(links_dir, 0755) == -1)
		die_errno(EXIT_UNAVAILABLE, "world: the app's /tmp");
	bind_read_only(dir, links_dir);
	bind_read_only(script, app_opener);
	close(dir);
	close(script);
}

/* In the app's process, as root, in the session's mount namespace: a /tmp
 * and a /dev of its own, with the session's X socket directory, X cookie
 * and sound socket directory bound in read-only. They are opened in the
 * app's copy of the namespace, as a mount of another cannot be bound. */
static void make_app_world(int cameras)
{
	int xdir, cookie, sound, bus = -1, links = -1, script = -1, fd;

	unshare_mounts();
	xdir = open("/tmp/.X11-unix", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	cookie = open(server_xauthority, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	sound = open(sound_dir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (notifications)
		bus = open(bus_dir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (open_urls) {
		links = open(links_dir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		script = open(links_script, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	}
	if (xdir == -1 || cookie == -1 || sound == -1 || (notifications && bus == -1) ||
	    (open_urls && (links == -1 || script == -1)))
		die_errno(EXIT_UNAVAILABLE, "world: the session's sockets");
	mount_tmpfs("/tmp");
	make_app_dev(cameras);
	if (mkdir("/tmp/.X11-unix", 0755) == -1 || mkdir(sound_dir, 0755) == -1 ||
	    (notifications && mkdir(bus_dir, 0755) == -1) ||
	    (fd = open(app_xauthority, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600)) == -1)
		die_errno(EXIT_UNAVAILABLE, "world: the app's /tmp");
	close(fd);
	bind_read_only(xdir, "/tmp/.X11-unix");
	bind_read_only(cookie, app_xauthority);
	bind_read_only(sound, sound_dir);
	if (notifications) {
		bind_read_only(bus, bus_dir);
		close(bus);
	}
	if (open_urls)
		bind_links(links, script);
	close(xdir);
	close(cookie);
	close(sound);
}

/* Reaps the orphans that the namespace hands to init. */
static void reap_orphans(int sigfd)
{
	struct signalfd_siginfo si;

	while (read(sigfd, &si, sizeof si) == sizeof si)
		;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/* As the sandbox user, who owns it: empties ~/xpra, where the socket of a
 * session that died may be left (Xpra stalls for seconds on a stale one). */
static void clear_socket_dir(const char *home)
{
	char dir[PATH_MAX + 8];
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof dir, "%s/xpra", home);
	if (!(d = opendir(dir))) {
		fprintf(stderr, "skype-wrap: cannot empty %s: %s\n", dir, strerror(errno));
		return;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
}

/* Waits until no process of the world is left, reaping the orphans, or
 * until the deadline. */
static void wait_world_empty(struct pollfd *sigfd, long long deadline)
{
	while (now_ms() < deadline && !(kill(-1, 0) == -1 && errno == ESRCH)) {
		poll(sigfd, 1, 5);
		reap_orphans(sigfd->fd);
	}
}

/* Init of the session's PID namespace: makes the world and empties the
 * socket directory, says so on ready, reaps orphans until ctl closes, then
 * sends SIGTERM to every process of the namespace, SIGKILL to what is left
 * after grace_ms, and empties the socket directory again once none is left.
 * It dies with skype-wrap. */
static void init_world(const struct user *box, int ready, int ctl)
{
	struct pollfd fds[2] = { { 4, POLLIN, 0 } };
	sigset_t chld;

	if (dup3(ready, 3, O_CLOEXEC) != 3 || dup3(ctl, 4, O_CLOEXEC) != 4)
		_exit(EXIT_UNAVAILABLE);
	child_report = 3;
	close_fds_from(5);
	make_world(box);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &chld, NULL) == -1 ||
	    (fds[1].fd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK)) == -1)
		die_errno(EXIT_UNAVAILABLE, "world: signalfd");
	fds[1].events = POLLIN;
	become(box, &box->gid, 1);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
		die_errno(EXIT_UNAVAILABLE, "world: prctl");
	clear_socket_dir(box->home);
	close(3);
	child_report = -1;
	while (!fds[0].revents) {
		poll(fds, 2, -1);
		reap_orphans(fds[1].fd);
	}
	kill(-1, SIGTERM);
	wait_world_empty(fds + 1, now_ms() + grace_ms);
	kill(-1, SIGKILL);
	wait_world_empty(fds + 1, now_ms() + grace_ms);
	clear_socket_dir(box->home);
	_exit(0);
}

/* Makes the session's namespaces; skype-wrap stays in the host's. */
static void start_world(struct session *s)
{
	struct world *w = &s->world;
	int ready[2], ctl[2];
	char path[64], msg[4096];
	ssize_t n;

	if ((w->host_pid = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC)) == -1 ||
	    pipe2(ready, O_CLOEXEC) == -1 || pipe2(ctl, O_CLOEXEC) == -1 ||
	    unshare(CLONE_NEWPID) == -1 || (w->init = fork()) == -1)
		die_errno(EXIT_UNAVAILABLE, "world");
	if (w->init == 0)
		init_world(&s->box, ready[1], ctl[0]);
	close(ready[1]);
	close(ctl[0]);
	w->ctl = ctl[1];
	n = read(ready[0], msg, sizeof msg - 1);
	close(ready[0]);
	if (n > 0) {
		msg[n] = '\0';
		fputs(msg, stderr);
		exit(EXIT_UNAVAILABLE);
	}
	snprintf(path, sizeof path, "/proc/%d/ns/pid", (int)w->init);
	w->pidns = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof path, "/proc/%d/ns/mnt", (int)w->init);
	w->mntns = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof path, "/proc/%d/ns/ipc", (int)w->init);
	w->ipcns = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof path, "/proc/%d/ns/net", (int)w->init);
	w->netns = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof path, "/proc/%d/root", (int)w->init);
	w->root = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (w->pidns == -1 || w->mntns == -1 || w->ipcns == -1 || w->netns == -1 || w->root == -1 ||
	    setns(w->host_pid, CLONE_NEWPID) == -1)
		die_errno(EXIT_UNAVAILABLE, "world");
}

/* Asks init to end the session; teardown then waits for it. */
static void ask_init_to_end(struct world *w)
{
	if (w->ctl >= 0)
		close(w->ctl);
	w->ctl = -1;
}

/* ---- Launching a child as a user, in the world or not ---- */

/* A launch as the caller or the sandbox user, with that user's groups,
 * writing to skype-wrap's stderr. */
static struct launch launch_as(const struct session *s, const struct user *u, const char *name)
{
	int caller = u == &s->caller;
	struct launch l = { .name = name, .as = u, .groups = caller ? s->groups : &u->gid,
			    .ngroups = caller ? s->ngroups : 1, .out = 2, .err = 2,
			    .world = u == &s->box && s->world.init > 0 ? &s->world : NULL };

	return l;
}

/* Turns the fresh child of fork() into what l describes, short of exec. */
static void enter_child(const struct launch *l, int report)
{
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	sigset_t none;

	child_report = report;
	/* First, while their fds are open and the child is root. Entering a
	 * mount namespace moves to its root: back to init's, as nsenter does. */
	if (l->world && (setns(l->world->mntns, CLONE_NEWNS) == -1 ||
			 setns(l->world->ipcns, CLONE_NEWIPC) == -1 ||
			 (!l->confine && setns(l->world->netns, CLONE_NEWNET) == -1) ||
			 fchdir(l->world->root) == -1 || chroot(".") == -1))
		die_errno(EXIT_UNAVAILABLE, "setns");
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (null == -1 || dup2(l->in ? l->in : null, 0) == -1 || dup2(l->out, 1) == -1 ||
	    dup2(l->err, 2) == -1 ||
	    (report >= 0 && report != 3 && (child_report = dup3(report, 3, O_CLOEXEC)) != 3))
		die_errno(EXIT_UNAVAILABLE, "child: cannot set up its fds");
	close_fds_from(report >= 0 ? 4 : 3);
	/* Its own session: no controlling terminal to inject input into. */
	if (setsid() == -1)
		die_errno(EXIT_UNAVAILABLE, "setsid");
	if (l->mem) {
		struct rlimit rl = { l->mem, l->mem };

		if (setrlimit(RLIMIT_DATA, &rl) == -1)
			die_errno(EXIT_UNAVAILABLE, "setrlimit");
	}
	if (l->nproc) {
		struct rlimit rl = { l->nproc, l->nproc };

		if (setrlimit(RLIMIT_NPROC, &rl) == -1)
			die_errno(EXIT_UNAVAILABLE, "setrlimit");
	}
	/* The webcam group is the app's second group (start_app). */
	if (l->world && l->confine && !l->joins_app)
		make_app_world(l->ngroups > 1);
	become(l->as, l->groups, l->ngroups);
	if (chdir(l->session_dir ? server_home : l->as->home) == -1)
		die_errno(EXIT_UNAVAILABLE, "chdir");
	if (l->session_dir)
		confine_server(l->as->home, l->session_dir);
	if (l->confine)
		confine(l->as->home);
}

/* Forks into the session's PID namespace for a launch in its world. */
static pid_t fork_into(const struct world *w)
{
	pid_t pid;

	if (w && setns(w->pidns, CLONE_NEWPID) == -1)
		die_errno(EXIT_UNAVAILABLE, "setns");
	pid = fork();
	if (w && pid != 0 && setns(w->host_pid, CLONE_NEWPID) == -1)
		die_errno(EXIT_UNAVAILABLE, "setns");
	return pid;
}

/* Starts l->argv and returns its pid once exec has succeeded, or 0 (the
 * child has said why). */
static pid_t spawn(const struct launch *l)
{
	extern char **environ;
	int report[2];
	char msg[4096];
	ssize_t n;
	pid_t pid;

	fflush(stdout);
	if (pipe2(report, O_CLOEXEC) == -1 || (pid = fork_into(l->world)) == -1)
		die_errno(EXIT_UNAVAILABLE, "cannot start %s", l->argv[0]);
	if (pid == 0) {
		close(report[0]);
		enter_child(l, report[1]);
		environ = (char **)l->envp;
		execvp(l->argv[0], l->argv);
		die_errno(EXIT_UNAVAILABLE, "%s: cannot run %s", l->name, l->argv[0]);
	}
	close(report[1]);
	n = read(report[0], msg, sizeof msg - 1);
	close(report[0]);
	if (n <= 0)
		return pid;
	msg[n] = '\0';
	fputs(msg, stderr);
	waitpid(pid, NULL, 0);
	return 0;
}

/* Runs job(arg) in a child launched as l says; returns the status it exits
 * with, -1 if killed. */
static int run_job(const struct launch *l, int (*job)(const void *), const void *arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	if ((pid = fork_into(l->world)) == 0) {
		enter_child(l, -1);
		_exit(job(arg));
	}
	if (pid == -1 || waitpid(pid, &status, 0) == -1 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* run_job() as u, with its stdout on out. */
static int run_as(const struct session *s, const struct user *u, int out,
		  int (*job)(const void *), const void *arg)
{
	struct launch l = launch_as(s, u, u->name);

	l.out = out;
	return run_job(&l, job, arg);
}

/* Runs l and returns its exit status (-1 if it did not run), with its stdout
 * and stderr in out. */
static int run_capturing(struct launch *l, char *out, size_t size)
{
	int pipefd[2], status;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) == -1)
		die_errno(EXIT_UNAVAILABLE, "pipe");
	l->out = l->err = pipefd[1];
	pid = spawn(l);
	close(pipefd[1]);
	while ((n = read(pipefd[0], out + len, size - 1 - len)) > 0)
		len += n;
	out[len] = '\0';
	close(pipefd[0]);
	if (!pid || waitpid(pid, &status, 0) == -1)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The sanity checks. Each fills one line of detail and says ok, FAIL or off. */
enum state { PASSED, FAILED, OFF };

/* ---- Checks, each one line of --check ---- */

static enum state check_user(const struct session *s, char *detail, size_t size)
{
	const struct user *u = &s->box;
	struct stat st;

	if (u->uid == 0)
		snprintf(detail, size, "%s has uid 0; the sandbox user must not be root", u->name);
	else if (u->uid == s->caller.uid)
		snprintf(detail, size, "%s is the caller; run skype-wrap as yourself", u->name);
	else if (lstat(u->home, &st) == -1)
		snprintf(detail, size, "home %s of %s: %s", u->home, u->name, strerror(errno));
	else if (!S_ISDIR(st.st_mode) || st.st_uid != u->uid)
		snprintf(detail, size, "home %s is not a directory owned by %s", u->home, u->name);
	else {
		snprintf(detail, size, "%s (uid %u), home %s", u->name, (unsigned)u->uid, u->home);
		return PASSED;
	}
	return FAILED;
}

static int dir_is(const char *path, const struct user *u, mode_t mode, char *detail, size_t size)
{
	struct stat st;

	if (lstat(path, &st) == -1)
		snprintf(detail, size, "%s: %s (skype-wrap --setup creates it)", path, strerror(errno));
	else if (!S_ISDIR(st.st_mode) || st.st_uid != u->uid || st.st_gid != u->gid)
		snprintf(detail, size, "%s is not a directory owned by %s:%s", path, u->name, u->group);
	else if ((st.st_mode & 07777) != mode)
		snprintf(detail, size, "%s has mode %04o, not %04o (chmod %04o %s)",
			 path, (unsigned)(st.st_mode & 07777), (unsigned)mode, (unsigned)mode, path);
	else
		return 1;
	return 0;
}

/* The group passes through the home to reach the Xpra socket, but cannot list
 * it; the app cannot make the socket directory anything else. */
static enum state check_home(const struct session *s, char *detail, size_t size)
{
	char xdir[PATH_MAX + 8];

	snprintf(xdir, sizeof xdir, "%s/xpra", s->box.home);
	if (!dir_is(s->box.home, &s->box, 0710, detail, size) ||
	    !dir_is(xdir, &s->box, 0710, detail, size))
		return FAILED;
	snprintf(detail, size, "%s 0710, %s 0710", s->box.home, xdir);
	return PASSED;
}

/* Finds the mount point and source device of the filesystem holding dev. */
static int find_mount(dev_t dev, char *point, char *source, size_t size)
{
	char line[4096], fmt[64];
	unsigned major, minor;
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int found = 0;

	if (!f)
		return 0;
	snprintf(fmt, sizeof fmt, "%%*u %%*u %%u:%%u %%*s %%%zus", size - 1);
	while (!found && fgets(line, sizeof line, f)) {
		const char *dash = strstr(line, " - ");

		found = dash && sscanf(line, fmt, &major, &minor, point) == 3 &&
			makedev(major, minor) == dev &&
			sscanf(dash, " - %*s %4095s", source) == 1 && source[0] == '/';
	}
	fclose(f);
	return found;
}

/* quotactl on the filesystem that holds fd (Linux 5.14+), else on the device
 * that mountinfo names, which may not exist (/dev/root). QCMD of an int
 * Q_GETQUOTA (0x800007) overflows int: shifted unsigned. */
static int home_quotactl(int fd, const char *source, int cmd, int id, void *addr)
{
	int qcmd = (int)QCMD((unsigned)cmd, USRQUOTA);
	long r = syscall(SYS_quotactl_fd, fd, qcmd, id, addr);

	if (r == -1 && errno == ENOSYS)
		r = quotactl(qcmd, source, id, addr);
	return r;
}

/* What the disk quota says of the sandbox user: a limit at most quota_kib, a
 * limit missing or too high (setquota fixes it), or no quota at all there. */
enum limit { LIMIT_OK, LIMIT_MISSING, LIMIT_NONE };

static enum limit quota_limit(const struct session *s, char *detail, size_t size)
{
	char point[PATH_MAX], source[PATH_MAX];
	struct fs_quota_stat qs;
	struct dqblk dq;
	struct stat st;
	enum limit r = LIMIT_NONE;
	int fd = open(s->box.home, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd == -1 || fstat(fd, &st) == -1 || !find_mount(st.st_dev, point, source, sizeof point))
		snprintf(detail, size, "no block device found for %s", s->box.home);
	else if (home_quotactl(fd, source, Q_GETQUOTA, s->box.uid, &dq) == -1)
		snprintf(detail, size, errno == ESRCH || errno == ENOSYS ?
			 "disk quota is not enabled on %s (%s): %s" : "cannot read the quota on %s (%s): %s",
			 point, source, strerror(errno));
	else if (home_quotactl(fd, source, Q_XGETQSTAT, 0, &qs) == -1 || !(qs.qs_flags & FS_QUOTA_UDQ_ENFD))
		snprintf(detail, size, "disk quota is accounted but not enforced on %s (%s) (mount it with usrquota, or quotaon -u %s)",
			 point, source, point);
	else if (!(dq.dqb_valid & QIF_BLIMITS) || dq.dqb_bhardlimit == 0) {
		snprintf(detail, size, "%s has no block limit on %s (setquota -u %s 0 %llu 0 0 %s)",
			 s->box.name, point, s->box.name, quota_kib, point);
		r = LIMIT_MISSING;
	} else if (dq.dqb_bhardlimit > quota_kib) {
		snprintf(detail, size, "%s may use %llu KiB on %s, more than quota_kib %llu KiB",
			 s->box.name, (unsigned long long)dq.dqb_bhardlimit, point, quota_kib);
		r = LIMIT_MISSING;
	} else {
		snprintf(detail, size, "%s limited to %llu KiB on %s", s->box.name,
			 (unsigned long long)dq.dqb_bhardlimit, point);
		r = LIMIT_OK;
	}
	if (fd != -1)
		close(fd);
	return r;
}

/* One line of /proc/self/mountinfo. */
struct mount_entry {
	unsigned major, minor;
	char root[PATH_MAX], point[PATH_MAX], options[512], source[PATH_MAX];
};

/* The topmost mount on path (the last one listed there); 0 if none. */
static int mount_at(const char *path, struct mount_entry *m)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	struct mount_entry e;
	char *line = NULL;
	size_t cap = 0;
	int found = 0;

	if (!f)
		return 0;
	while (getline(&line, &cap, f) != -1) {
		const char *dash = strstr(line, " - ");

		if (dash && sscanf(line, "%*u %*u %u:%u %4095s %4095s %511s", &e.major, &e.minor,
				   e.root, e.point, e.options) == 5 &&
		    sscanf(dash, " - %*s %4095s", e.source) == 1 && !strcmp(e.point, path)) {
			*m = e;
			found = 1;
		}
	}
	free(line);
	fclose(f);
	return found;
}

static int has_option(const char *options, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = options; p; p = strchr(p, ','), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, n) && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

static int in_group(const char *name, gid_t primary, gid_t group);

/* Only root may write what holds the home's filesystem: the file behind a
 * loop device (as the kernel names it, and the very inode the device reads),
 * else the block device. Names it in what. */
static int backing_is_roots(const struct session *s, const struct mount_entry *m, dev_t dev,
			    char *what, size_t whatsize, char *detail, size_t size)
{
	char sys[96];
	struct loop_info64 info;
	struct stat st, dst;
	FILE *f;
	int fd;

	snprintf(sys, sizeof sys, "/sys/dev/block/%u:%u/loop/backing_file", major(dev), minor(dev));
	if (major(dev) != 7) {
		snprintf(what, whatsize, "%s", m->source);
		if (stat(what, &st) == -1 || !S_ISBLK(st.st_mode) || st.st_rdev != dev) {
			snprintf(detail, size, "%s is not the device of the home's filesystem", what);
			return 0;
		}
	} else if (!(f = fopen(sys, "re"))) {
		snprintf(detail, size, "cannot read %s: %s", sys, strerror(errno));
		return 0;
	} else {
		if (!fgets(what, whatsize, f))
			what[0] = '\0';
		fclose(f);
		what[strcspn(what, "\n")] = '\0';
		fd = open(m->source, O_RDONLY | O_CLOEXEC);
		if (fd == -1 || fstat(fd, &dst) == -1 || !S_ISBLK(dst.st_mode) || dst.st_rdev != dev ||
		    ioctl(fd, LOOP_GET_STATUS64, &info) == -1 || lstat(what, &st) == -1 ||
		    !S_ISREG(st.st_mode) || st.st_dev != (dev_t)info.lo_device ||
		    st.st_ino != (ino_t)info.lo_inode) {
			snprintf(detail, size, "cannot find the file behind %s", m->source);
			if (fd != -1)
				close(fd);
			return 0;
		}
		close(fd);
	}
	if (st.st_uid != 0 || (st.st_mode & S_IWOTH) ||
	    ((st.st_mode & S_IWGRP) && in_group(s->box.name, s->box.gid, st.st_gid))) {
		snprintf(detail, size, "%s holds the home of %s but may be written by others than root (chmod go-w it)",
			 what, s->box.name);
		return 0;
	}
	return 1;
}

/* The home as a filesystem of its own (a partition, or the image that
 * --setup makes): the root of a filesystem mounted on the home itself, owned
 * by the sandbox user, mounted nosuid, no larger than quota_kib, and written
 * only by root underneath. OFF: the home is no mount point. */
static enum state check_own_home(const struct session *s, char *detail, size_t size)
{
	char real[PATH_MAX], what[PATH_MAX];
	struct mount_entry m;
	unsigned long long kib;
	struct statfs sf;
	struct stat st;
	enum state r = FAILED;
	int fd = open(s->box.home, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd == -1 || fstat(fd, &st) == -1 || fstatfs(fd, &sf) == -1 || !realpath(s->box.home, real))
		snprintf(detail, size, "%s: %s", s->box.home, strerror(errno));
	else if (!mount_at(real, &m)) {
		snprintf(detail, size, "%s is no filesystem of its own", real);
		r = OFF;
	} else if (makedev(m.major, m.minor) != st.st_dev || strcmp(m.root, "/"))
		snprintf(detail, size, "%s is not the root of the filesystem mounted on it", real);
	else if (st.st_uid != s->box.uid)
		snprintf(detail, size, "the filesystem on %s is not owned by %s", real, s->box.name);
	else if ((kib = (unsigned long long)sf.f_blocks * (sf.f_frsize ? sf.f_frsize : sf.f_bsize) / 1024) > quota_kib)
		snprintf(detail, size, "the filesystem on %s holds %llu KiB, more than quota_kib %llu KiB",
			 real, kib, quota_kib);
	else if (!(sf.f_flags & ST_NOSUID) || !has_option(m.options, "nosuid"))
		snprintf(detail, size, "%s is mounted without nosuid (remount it with nosuid,nodev)", real);
	else if (backing_is_roots(s, &m, st.st_dev, what, sizeof what, detail, size)) {
		snprintf(detail, size, "%s has a home of its own, %llu KiB, on %s", s->box.name, kib, what);
		r = PASSED;
	}
	if (fd != -1)
		close(fd);
	return r;
}

/* A disk limit: an enforced quota at most quota_kib, or a home that is a
 * filesystem of its own no larger than that. */
static enum state check_quota(const struct session *s, char *detail, size_t size)
{
	char own[PATH_MAX + 256];
	enum limit limit;
	enum state home;
	size_t len;

	if (quota_kib == 0) {
		snprintf(detail, size, "quota_kib is 0");
		return OFF;
	}
	if ((limit = quota_limit(s, detail, size)) == LIMIT_OK)
		return PASSED;
	if ((home = check_own_home(s, own, sizeof own)) != OFF)
		snprintf(detail, size, "%s", own);
	else if (limit == LIMIT_NONE && (len = strlen(detail)) < size)
		snprintf(detail + len, size - len, "; %s is no filesystem of its own either (skype-wrap --setup makes one)",
			 s->box.home);
	return home == PASSED ? PASSED : FAILED;
}

/* Finds a program as execvp would, in the session's PATH; 1 if it is an
 * executable file, its path in path. */
static int find_program(const char *name, char *path, size_t size)
{
	char dirs[sizeof safe_path];
	struct stat st;

	if (strchr(name, '/')) {
		snprintf(path, size, "%s", name);
		return stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
	}
	snprintf(dirs, sizeof dirs, "%s", safe_path);
	for (char *dir = strtok(dirs, ":"); dir; dir = strtok(NULL, ":"))
		if (snprintf(path, size, "%s/%s", dir, name) < (int)size && stat(path, &st) == 0 &&
		    S_ISREG(st.st_mode) && (st.st_mode & 0111))
			return 1;
	return 0;
}

/* The configured app is installed, said before anything starts: its
 * program, and the one that env runs (env NAME=value... program). A command
 * given after -- is run as given. */
static enum state check_app(const struct session *s, char *detail, size_t size)
{
	const char *base = app[0] ? strrchr(app[0], '/') : NULL, *missing = NULL;
	char path[PATH_MAX];
	size_t i = 0;

	if (s->command != (char *const *)app) {
		snprintf(detail, size, "%s, given after --", s->command[0]);
		return PASSED;
	}
	if (!app[0]) {
		snprintf(detail, size, "app is empty in the config");
		return FAILED;
	}
	if (!strcmp(base ? base + 1 : app[0], "env"))
		for (i = 1; app[i] && (strchr(app[i], '=') || app[i][0] == '-'); i++)
			;
	if (!find_program(app[0], path, sizeof path))
		missing = app[0];
	else if (app[i] && i > 0 && !find_program(app[i], path, sizeof path))
		missing = app[i];
	if (!missing) {
		snprintf(detail, size, "%s", path);
		return PASSED;
	}
	snprintf(detail, size, "%s is not installed: install it, or build for another app "
		 "(examples/ has configs for Zoom, Teams, Discord, Slack and Spotify: "
		 "sudo make setup install CONFIG=examples/zoom.h)", missing);
	return FAILED;
}

/* The rules of `tool -S OUTPUT` in out, one a line, with a newline before
 * the first; 0 if it failed. */
static int firewall_rules_of(const char *tool, char *out, size_t size)
{
	char *argv[] = { (char *)tool, "-S", "OUTPUT", NULL };
	char *envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	struct launch l = { .name = tool, .as = &root, .argv = argv, .envp = envp };

	out[0] = '\n';
	if (run_capturing(&l, out + 1, size - 2) != 0)
		return 0;
	strcat(out, "\n");
	return 1;
}

/* A configured rule with %u made the uid, in buf. */
static const char *expand_rule(const char *rule, uid_t uid, char *buf, size_t size)
{
	const char *u = strstr(rule, "%u");

	if (u)
		snprintf(buf, size, "%.*s%u%s", (int)(u - rule), rule, (unsigned)uid, u + 2);
	else
		snprintf(buf, size, "%s", rule);
	return buf;
}

static int has_rule(const char *rules, const char *rule)
{
	const char *p = rules;
	size_t n = strlen(rule);

	while ((p = strstr(p, rule)))
		if (p[-1] == '\n' && p[n] == '\n')
			return 1;
		else
			p++;
	return 0;
}

/* Looks for every configured rule in the output of `tool -S OUTPUT`; names
 * the first that is missing. */
static int has_rules(const char *tool, const char **rules, uid_t uid, char *detail, size_t size)
{
	static char out[65536]; /* the supervisor's stack stays small */
	char rule[1024];

	if (!rules[0])
		return 1;
	if (!firewall_rules_of(tool, out, sizeof out)) {
		snprintf(detail, size, "%s -S OUTPUT failed", tool);
		return 0;
	}
	for (; *rules; rules++)
		if (!has_rule(out, expand_rule(*rules, uid, rule, sizeof rule))) {
			snprintf(detail, size, "%s has no rule '%s'", tool, rule);
			return 0;
		}
	return 1;
}

static enum state check_firewall(const struct session *s, char *detail, size_t size)
{
	if (!firewall_rules[0] && !firewall6_rules[0]) {
		snprintf(detail, size, "no rules in config");
		return OFF;
	}
	if (!has_rules(iptables_path, firewall_rules, s->box.uid, detail, size) ||
	    !has_rules(ip6tables_path, firewall6_rules, s->box.uid, detail, size))
		return FAILED;
	snprintf(detail, size, "%zu iptables and %zu ip6tables rules for uid %u",
		 LEN(firewall_rules) - 1, LEN(firewall6_rules) - 1, (unsigned)s->box.uid);
	return PASSED;
}

static enum state check_memory(const struct session *s, char *detail, size_t size)
{
	(void)s;
	if (!mem_bytes && !xpra_mem_bytes) {
		snprintf(detail, size, "mem_bytes and xpra_mem_bytes are 0");
		return OFF;
	}
	snprintf(detail, size, "data: app %llu MiB, xpra %llu MiB (verified after launch)",
		 mem_bytes >> 20, xpra_mem_bytes >> 20);
	return PASSED;
}

/* Why the xpra found cannot be used, for messages. */
static void unsupported_xpra(const struct session *s, char *why, size_t size)
{
	if (!s->xpra_found[0])
		snprintf(why, size, "no xpra is installed (./install-deps installs it)");
	else
		snprintf(why, size, "version %s is not supported (supported: %s)", s->xpra_found,
			 xpra_supported);
}

static enum state check_xpra(const struct session *s, char *detail, size_t size)
{
	if (!s->xpra_version) {
		unsupported_xpra(s, detail, size);
		return FAILED;
	}
	snprintf(detail, size, "%s %s", xpra_path, s->xpra_found);
	return PASSED;
}

static enum state check_display(const struct session *s, char *detail, size_t size)
{
	if (!s->display)
		snprintf(detail, size, "DISPLAY is not set; start skype-wrap from your X session");
	else if (!plain_name(s->display, ".:_-", 64))
		snprintf(detail, size, "DISPLAY is not a plain X display name");
	else {
		snprintf(detail, size, "windows appear on %s", s->display);
		return PASSED;
	}
	return FAILED;
}

static enum state check_audio(const struct session *s, char *detail, size_t size)
{
	(void)s;
	if (!audio) {
		snprintf(detail, size, "audio is 0: no sound");
		return OFF;
	}
	snprintf(detail, size, audio == 2 ?
		 "required: a sound server of the session's, tunnelled to yours, or no session" :
		 "optional: a sound server of the session's, tunnelled to yours when it answers");
	return PASSED;
}

static enum state check_webcam(const struct session *s, char *detail, size_t size)
{
	char cameras[512];
	int n;

	(void)s;
	if (!webcam) {
		snprintf(detail, size, "webcam is 0: the app gets no camera, whatever its groups");
		return OFF;
	}
	if (webcam_gid() == (gid_t)-1) {
		snprintf(detail, size, "no group %s (skype-wrap --setup creates it)", webcam_group);
		return FAILED;
	}
	n = list_cameras(cameras, sizeof cameras);
	snprintf(detail, size, "the app alone gets group %s for %s%s, none of its other devices",
		 webcam_group, n ? "the cameras " : "the cameras plugged in when it starts (none now)",
		 cameras);
	return PASSED;
}

/* As the sandbox user: builds the app's ruleset, with the directories of
 * its home that a session makes, and says what it holds on stdout. */
static int describe_ruleset(const void *home)
{
	struct ruleset r = { .rules = 0, .fd = -1 };

	make_home_dirs(home);
	if (landlock_on())
		build_ruleset(&r, &app_policy, home);
	else
		r.abi = landlock_abi();
	dprintf(1, "Landlock %s ABI %d: %d rules%s%s%s, seccomp %s", r.fd == -1 ? "off," : "on,",
		r.abi, r.rules, r.skipped[0] ? " (skipped: " : "", r.skipped, r.skipped[0] ? ")" : "",
		seccomp ? "on" : "off");
	return 0;
}

/* Builds the app's ruleset in a child of the sandbox user, as a session
 * would, to say what it came to. */
static enum state check_confinement(const struct session *s, char *detail, size_t size)
{
	int abi = landlock_abi(), pipefd[2], status;
	ssize_t n;

	if (!landlock_on() && !seccomp) {
		snprintf(detail, size, "no Landlock tables and seccomp is 0");
		return OFF;
	}
	if (landlock_on() && abi == 0 && landlock_min_abi > 0) {
		snprintf(detail, size, "Landlock is %s", landlock_missing());
		return FAILED;
	}
	if (landlock_on() && (unsigned)abi < landlock_min_abi) {
		snprintf(detail, size, "the kernel's Landlock ABI %d is below landlock_min_abi %u",
			 abi, landlock_min_abi);
		return FAILED;
	}
	if (pipe2(pipefd, O_CLOEXEC) == -1)
		die_errno(EXIT_UNAVAILABLE, "confinement");
	status = run_as(s, &s->box, pipefd[1], describe_ruleset, s->box.home);
	close(pipefd[1]);
	n = read(pipefd[0], detail, size - 1);
	close(pipefd[0]);
	detail[n > 0 ? n : 0] = '\0';
	if (status != 0 || n <= 0) {
		snprintf(detail, size, "could not build the app's ruleset");
		return FAILED;
	}
	return PASSED;
}

/* The session's world, and what confines its server side. */
static enum state check_world(const struct session *s, char *detail, size_t size)
{
	int abi = landlock_abi();

	(void)s;
	snprintf(detail, size, "PID, mount, IPC and network namespaces (the app's network is the "
		 "host's): own /tmp, /dev, /dev/shm and /proc (hidepid=2), "
		 "executable memfds %s; server: Landlock %s%s, python -I",
		 access("/proc/sys/vm/memfd_noexec", F_OK) == 0 ? "refused" : "allowed (Linux < 6.3)",
		 abi ? "on" : "off: Landlock is ", abi ? "" : landlock_missing());
	return PASSED;
}

static const struct {
	const char *name;
	enum state (*run)(const struct session *, char *, size_t);
} checks[] = {
	{ "app", check_app },
	{ "user", check_user },
	{ "home", check_home },
	{ "quota", check_quota },
	{ "firewall", check_firewall },
	{ "memory", check_memory },
	{ "xpra", check_xpra },
	{ "display", check_display },
	{ "audio", check_audio },
	{ "webcam", check_webcam },
	{ "confine", check_confinement },
	{ "world", check_world },
};

/* Runs every check: as a table, or dying at the first failure. */
static int run_checks(const struct session *s, int table)
{
	static const char *const names[] = { "ok", "FAIL", "off" };
	char detail[PATH_MAX + 256];
	int failed = 0;

	if (table)
		printf("%-9s %-5s %s\n", "check", "state", "detail");
	for (size_t i = 0; i < LEN(checks); i++) {
		enum state st = checks[i].run(s, detail, sizeof detail);

		if (table)
			printf("%-9s %-5s %s\n", checks[i].name, names[st], detail);
		else if (st == FAILED)
			die(EXIT_CONFIG, "%s: %s", checks[i].name, detail);
		failed |= st == FAILED;
	}
	return failed;
}

/* ---- The display ---- */

/* Display n is the session's if skype-wrap can bind its abstract X socket
 * name in the host's network namespace, where the app is: libxcb tries it
 * before the socket in /tmp/.X11-unix, and held without listening, it
 * sends the app to the session's own socket (libxcb falls back on
 * ECONNREFUSED), and nobody else can take it. The server side has a
 * network namespace of its own and needs no name of the host's. A name
 * someone holds is skipped. */
static int hold_display_name(unsigned n)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int len = snprintf(sa.sun_path + 1, sizeof sa.sun_path - 1, "/tmp/.X11-unix/X%u", n);

	if (fd == -1)
		die_errno(EXIT_UNAVAILABLE, "display: socket");
	if (bind(fd, (struct sockaddr *)&sa, offsetof(struct sockaddr_un, sun_path) + 1 + len) == 0)
		return fd;
	if (errno != EADDRINUSE)
		die_errno(EXIT_UNAVAILABLE, "display: bind");
	close(fd);
	return -1;
}

/* One of the 2^30 display numbers above displaynum's 64, at random. */
static unsigned random_display(void)
{
	unsigned r;

	if (getrandom(&r, sizeof r, 0) != sizeof r)
		die_errno(EXIT_UNAVAILABLE, "display: getrandom");
	return displaynum + 64 + r % (1u << 30);
}

/* The first of displaynum's 64 that is free, else one of 64 random draws:
 * a stranger who holds the 64 names cannot hold 2^30 of them. */
static unsigned pick_display(struct session *s)
{
	for (unsigned i = 0; i < 128; i++) {
		unsigned n = i < 64 ? displaynum + i : random_display();

		if ((s->display_name = hold_display_name(n)) != -1)
			return n;
	}
	die(EXIT_UNAVAILABLE, "display: the X display names :%u to :%u and 64 random ones are all taken",
	    displaynum, displaynum + 63);
}

/* ---- Events: xpra's log, the app's output, signals ---- */

/* The attach client's and the share mirror's own notes in xpra's output
 * (what it dropped, a socket that is not the server's, why a share
 * ended) go to our stderr, the session's log:
 * lines of printable ASCII only, as it writes them, since the server's
 * output shares the pipe and may carry the app's text. */
static void relay_notes(struct session *s)
{
	static const char attach[] = "skype-wrap: attach: ", share[] = "skype-wrap: share: ";
	char *nl;

	while ((nl = memchr(s->log + s->lognext, '\n', s->loglen - s->lognext))) {
		char *line = s->log + s->lognext, *c = line;

		s->lognext = nl + 1 - s->log;
		while (c < nl && *c >= 0x20 && *c < 0x7f)
			c++;
		if (c == nl && (!strncmp(line, attach, sizeof attach - 1) || !strncmp(line, share, sizeof share - 1)))
			(void)!write(2, line, nl + 1 - line);
	}
}

/* Keeps the newest output of xpra; returns 0 at end of file. */
static int read_log(struct session *s)
{
	ssize_t n;

	if (s->loglen > sizeof s->log / 2) {
		size_t drop = s->loglen - sizeof s->log / 2;

		memmove(s->log, s->log + drop, sizeof s->log / 2);
		s->loglen = sizeof s->log / 2;
		s->lognext = s->lognext > drop ? s->lognext - drop : 0;
	}
	n = read(s->logfd, s->log + s->loglen, sizeof s->log - 1 - s->loglen);
	if (n > 0)
		s->loglen += n;
	s->log[s->loglen] = '\0';
	relay_notes(s);
	return n != 0;
}

/* The last lines of xpra's output, indented, for an error message. */
static const char *log_tail(const struct session *s)
{
	const char *p = s->log + s->loglen;

	for (int lines = 0; p > s->log && lines < 9; p--)
		lines += p[-1] == '\n';
	return p;
}

/* Reaps every exited child and notes the ones the session tracks. */
static void reap_children(struct session *s)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == s->app) {
			s->app = 0;
			s->app_status = status;
		} else if (pid == s->xpra) {
			s->xpra = 0;
		} else if (pid == s->attach) {
			s->attach = 0;
			s->attach_status = status;
		} else if (pid == s->sound) {
			s->sound = 0;
		} else if (pid == s->sound_relay) {
			s->sound_relay = 0;
		} else if (pid == s->links) {
			s->links = 0;
		} else if (pid == s->share_capture) {
			s->share_capture = 0;
		} else if (pid == s->share_mirror) {
			s->share_mirror = 0;
		} else if (pid == s->share_sign) {
			s->share_sign = 0;
		} else if (pid == s->world.init) {
			s->world.init = 0;
			s->init_status = status;
		}
	}
}

/* The length of the UTF-8 character at p, 0 if it is none or a C1 control
 * (U+0080 to U+009F, which some terminals obey as they do ESC). */
static size_t utf8_printable(const unsigned char *p, size_t left)
{
	size_t len = p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : p[0] >= 0xe0 && p[0] <= 0xef ? 3 :
		     p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;

	if (len == 0 || len > left || (p[0] == 0xc2 && p[1] < 0xa0))
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

/* What the app printed, for a terminal: control characters made visible as
 * cat -v shows them, so that no escape sequence reaches the caller's
 * terminal (one sets its clipboard, another its title). Newlines, tabs and
 * UTF-8 text pass. Returns the length written to out (4 bytes per byte of
 * in at most). */
static size_t make_visible(const unsigned char *in, size_t n, char *out)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = in[i];
		size_t u = c >= 0x80 ? utf8_printable(in + i, n - i) : 0;

		if (u) {
			memcpy(out + len, in + i, u);
			len += u;
			i += u - 1;
			continue;
		}
		if (c >= 0x80) {
			memcpy(out + len, "M-", 2);
			len += 2;
			c &= 0x7f;
		}
		if (c == 0x7f || (c < 0x20 && c != '\n' && c != '\t')) {
			out[len++] = '^';
			c = c == 0x7f ? '?' : c + '@';
		}
		out[len++] = c;
	}
	return len;
}

/* Copies what the app wrote to fd i (1 or 2) of skype-wrap, made visible
 * where that is a terminal; closes the relay at its end. */
static void relay_output(struct session *s, int i)
{
	unsigned char buf[4096];
	ssize_t n = read(s->relay[i - 1], buf, sizeof buf);

	if (n > 0 && isatty(i)) {
		char visible[4 * sizeof buf];

		(void)!write(i, visible, make_visible(buf, n, visible));
	} else if (n > 0) {
		(void)!write(i, buf, n);
	}
	if (n > 0)
		return;
	close(s->relay[i - 1]);
	s->relay[i - 1] = -1;
}

/* Waits up to timeout_ms (-1: for ever) for a signal, xpra's output or the
 * app's. Returns the signal, or 0 for output, time out or SIGUSR1 (a second
 * start asking to be shown the windows again, noted in show_again). */
static int wait_event(struct session *s, int timeout_ms)
{
	struct pollfd fds[] = { { s->sigfd, POLLIN, 0 }, { s->logfd, POLLIN, 0 },
				{ s->relay[0], POLLIN, 0 }, { s->relay[1], POLLIN, 0 },
				/* Served once the server is ready (supervise). */
				{ s->ready_by ? -1 : s->control, POLLIN, 0 } };
	struct signalfd_siginfo si;

	if (poll(fds, LEN(fds), timeout_ms) <= 0)
		return 0;
	if (fds[1].revents && !read_log(s)) {
		close(s->logfd);
		s->logfd = -1;
	}
	for (int i = 1; i <= 2; i++)
		if (fds[1 + i].revents)
			relay_output(s, i);
	if (!(fds[0].revents & POLLIN) || read(s->sigfd, &si, sizeof si) != sizeof si)
		return 0;
	if (si.ssi_signo == SIGCHLD)
		reap_children(s);
	else if (si.ssi_signo == SIGUSR1)
		s->show_again = 1;
	else
		s->pending_signal = si.ssi_signo;
	return si.ssi_signo == SIGUSR1 ? 0 : (int)si.ssi_signo;
}

/* What follows the last slash of a path: its file's name. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* The first line of a tool's output, for a message. */
static const char *first_line(char *out)
{
	out[strcspn(out, "\n")] = '\0';
	return out;
}

/* Sound. The app gets a PulseAudio server of its own, run as the sandbox
 * user on the server side of the world (outside the app's Landlock domain:
 * the app can neither trace nor signal it), no config file read, no module
 * loaded after its start. Its tunnels carry playback and recording to the
 * caller's own server through a relay that runs as the caller and serves
 * that daemon alone (by its peer's pid): the caller's server, PulseAudio or
 * pipewire-pulse, sees one more plain client of the caller's, and nothing
 * is loaded into it. */
/* How much sound each tunnel buffers: the delay it adds. */
static const unsigned sound_latency_ms = 20;

/* How soon a tunnel connects again, to the caller's new default device:
 * the gap in the sound when the caller switches. */
static const unsigned sound_reconnect_ms = 200;

/* ---- Sound ---- */

/* Where the caller's server listens: PULSE_SERVER when it names a unix
 * socket, else the usual place in the caller's runtime directory. */
static void caller_sound_path(const struct session *s, char *path, size_t size)
{
	int n;

	if (s->pulse_server && !strncmp(s->pulse_server, "unix:", 5))
		n = snprintf(path, size, "%s", s->pulse_server + 5);
	else
		n = snprintf(path, size, "%s/pulse/native", s->runtime_dir);
	if (n >= (int)size)
		path[0] = '\0';
}

static int connect_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd == -1)
		return -1;
	if (snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path) >= (int)sizeof sa.sun_path)
		errno = ENAMETOOLONG;
	else if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
		return fd;
	close(fd);
	return -1;
}

static int connect_errno(const void *path)
{
	return connect_unix(path) == -1 ? errno : 0;
}

/* As the caller: 0 if the caller's server accepts a connection, else why
 * not (an errno). */
static int caller_sound_answers(const struct session *s, const char *path)
{
	int status = run_as(s, &s->caller, 2, connect_errno, path);

	return status == -1 ? EIO : status;
}

/* The relay's socket, made by root with mode 0666 in the session directory
 * (0710, the caller's): no path is touched after bind, which never follows
 * a link. Whoever reaches it is refused but the session's daemon. */
static int listen_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	mode_t old = umask(0);

	if (snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path) >= (int)sizeof sa.sun_path)
		die(EXIT_UNAVAILABLE, "audio: %s: path too long", path);
	if (fd == -1 || bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1 || listen(fd, 8) == -1)
		die_errno(EXIT_UNAVAILABLE, "audio: %s", path);
	umask(old);
	return fd;
}

int write_all(int fd, const void *buf, size_t n)
{
	for (size_t done = 0; done < n;) {
		ssize_t w = write(fd, (const char *)buf + done, n - done);

		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		done += (size_t)w;
	}
	return 0;
}

/* Copies bytes both ways until either side closes. */
static void copy_both_ways(int a, int b)
{
	struct pollfd fds[2] = { { a, POLLIN, 0 }, { b, POLLIN, 0 } };
	char buf[65536];

	for (;;) {
		if (poll(fds, 2, -1) == -1)
			_exit(errno != EINTR);
		for (int i = 0; i < 2; i++) {
			ssize_t n = fds[i].revents ? read(fds[i].fd, buf, sizeof buf) : 1;

			if (n <= 0 || (fds[i].revents && write_all(fds[1 - i].fd, buf, n) == -1))
				_exit(0);
		}
	}
}

/* Joins a connection of the session's sound daemon on the relay's socket
 * to a new connection to the caller's server, in a child; closes any other
 * peer's at once. Returns the child, or 0. */
static pid_t join_daemon(const char *server, pid_t daemon)
{
	int c = accept4(3, NULL, NULL, SOCK_CLOEXEC), t;
	struct ucred peer;
	socklen_t len = sizeof peer;
	pid_t child = 0;

	if (c == -1)
		return 0;
	/* SO_PASSCRED on our end: the caller's server reads who we are from
	 * the credentials on our first message, which the kernel attaches only
	 * if one end asks, and the server may ask late. */
	if (getsockopt(c, SOL_SOCKET, SO_PEERCRED, &peer, &len) == 0 && peer.pid == daemon &&
	    (t = connect_unix(server)) != -1) {
		if (setsockopt(t, SOL_SOCKET, SO_PASSCRED, &(int){ 1 }, sizeof(int)) == 0 &&
		    (child = fork()) == 0) {
			close(3);
			if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
				_exit(1);
			copy_both_ways(c, t);
		}
		close(t);
	}
	close(c);
	return child > 0 ? child : 0;
}

/* `pactl subscribe` on the caller's server, as the caller: the events it
 * prints, on the pipe returned (-1 if it cannot start). */
static int watch_caller_server(char *const envp[])
{
	int fds[2];
	pid_t relay = getpid(), pid;

	if (pipe2(fds, O_CLOEXEC) == -1)
		return -1;
	if ((pid = fork()) == 0) {
		char *argv[] = { (char *)pactl_path, "subscribe", NULL };

		if (prctl(PR_SET_PDEATHSIG, SIGKILL) == 0 && getppid() == relay && dup2(fds[1], 1) == 1)
			execve(argv[0], argv, envp);
		fprintf(stderr, "skype-wrap: audio: %s: %s; the sound stays on your devices of the "
			"session's start\n", argv[0], strerror(errno));
		_exit(1);
	}
	close(fds[1]);
	if (pid == -1) {
		close(fds[0]);
		return -1;
	}
	return fds[0];
}

/* Whether what came on the pipe of watch_caller_server() says the caller's
 * server changed: its default sink or source, among others. Closes the
 * pipe at its end. */
static int caller_server_changed(int *events)
{
	char buf[4096];
	ssize_t n = read(*events, buf, sizeof buf - 1);

	if (n <= 0) {
		close(*events);
		*events = -1;
		return 0;
	}
	buf[n] = '\0';
	return strstr(buf, " on server ") != NULL;
}

/* The relay, as the caller, its listening socket on fd 3: joins each
 * connection of the session's sound daemon to the caller's server. When
 * the caller's server changes (a new default sink or source), it ends
 * them: the daemon's tunnels connect again, to the new defaults, and the
 * app's streams, held meanwhile on the daemon's null sink, follow them.
 * Children are reaped only here, so none is signalled after its pid could
 * be another's. */
static void relay_sound(const char *server, pid_t daemon, char *const envp[])
{
	struct pollfd fds[] = { { 3, POLLIN, 0 }, { watch_caller_server(envp), POLLIN, 0 } };
	pid_t joins[16], p;
	int n = 0;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
		_exit(1);
	for (;;) {
		if (poll(fds, LEN(fds), -1) == -1) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		while ((p = waitpid(-1, NULL, WNOHANG)) > 0)
			for (int i = 0; i < n; i++)
				if (joins[i] == p)
					joins[i] = joins[--n];
		if (fds[1].revents && caller_server_changed(&fds[1].fd))
			for (int i = 0; i < n; i++)
				kill(joins[i], SIGKILL);
		if (fds[0].revents && (p = join_daemon(server, daemon)) && n < (int)LEN(joins))
			joins[n++] = p;
	}
}

/* The name the caller's mixer shows for the session's streams: the app's
 * command, marked, as a property of the daemon's tunnels (a quote or a
 * backslash would end the property early). */
static void sound_name(const struct session *s, char *prop, size_t size)
{
	char command[64];

	snprintf(command, sizeof command, "%s", base_name(s->command[0]));
	for (char *c = command; *c; c++)
		if (*c == '"' || *c == '\\')
			*c = '_';
	snprintf(prop, size, "application.name=\"%s [sandbox]\"", command);
}

/* The session's sound daemon, its one client socket in the world's
 * /tmp/.pulse, its tunnels to the relay. The tunnels connect again when
 * the relay ends their connections, and are the default devices while
 * they are there (device.class=sound ranks them above the null sink
 * "held", whose sink and monitor hold the app's streams meanwhile). Idle a
 * second, a tunnel pauses its stream on the caller's server: the
 * microphone is open only while the app records. */
static pid_t start_sound_server(struct session *s, const char *relay)
{
	char sink[PATH_MAX + 192], source[PATH_MAX + 192], client[96], name[96];
	char *argv[] = { (char *)pulseaudio_path, "--daemonize=no", "-n", "--use-pid-file=no",
			 "--disallow-module-loading", "--disallow-exit", "--exit-idle-time=-1",
			 "--realtime=no", "--high-priority=no", "--disable-shm=yes", "--log-target=stderr",
			 "-L", client, "-L", "module-null-sink sink_name=held", "-L", sink, "-L", source,
			 "-L", "module-suspend-on-idle timeout=1", NULL };
	struct env e = { .n = 0 };
	struct launch l = launch_as(s, &s->box, "audio");

	snprintf(client, sizeof client, "module-native-protocol-unix socket=%s/native auth-anonymous=1 "
		 "auth-cookie-enabled=0", sound_dir);
	snprintf(sink, sizeof sink, "module-tunnel-sink server=unix:%s sink_name=caller_out cookie=%s "
		 "latency_msec=%u reconnect_interval_ms=%u sink_properties=device.class=sound",
		 relay, sound_cookie, sound_latency_ms, sound_reconnect_ms);
	snprintf(source, sizeof source, "module-tunnel-source server=unix:%s source_name=caller_in "
		 "cookie=%s latency_msec=%u reconnect_interval_ms=%u source_properties=device.class=sound",
		 relay, sound_cookie, sound_latency_ms, sound_reconnect_ms);
	sound_name(s, name, sizeof name);
	env_for_server(&e, s);
	env_put(&e, "DBUS_SESSION_BUS_ADDRESS", "disabled:");
	env_put(&e, "PULSE_PROP_OVERRIDE", name);
	l.argv = argv;
	l.envp = e.var;
	l.session_dir = s->dir;
	l.out = l.err = s->log_write;
	return spawn(&l);
}

/* Says the session has no sound and why; with audio = 2 that ends it. */
static void no_sound(const char *why)
{
	if (audio == 2)
		die(EXIT_UNAVAILABLE, "audio: no sound: %s; sound is required", why);
	fprintf(stderr, "skype-wrap: audio: no sound in this session: %s\n", why);
}

static void start_sound(struct session *s)
{
	char server[PATH_MAX], pulse_server[PATH_MAX + 8], relay[sizeof s->dir + 8], why[PATH_MAX + 64];
	struct launch l = launch_as(s, &s->caller, "audio");
	struct env e = { .n = 0 };
	int err, listener;

	if (!audio)
		return;
	caller_sound_path(s, server, sizeof server);
	if ((err = caller_sound_answers(s, server))) {
		snprintf(why, sizeof why, "your sound server does not answer at %s: %s", server,
			 strerror(err));
		no_sound(why);
		return;
	}
	snprintf(relay, sizeof relay, "%s/pulse", s->dir);
	snprintf(pulse_server, sizeof pulse_server, "unix:%s", server);
	env_for_user(&e, s, &s->caller);
	env_put(&e, "PULSE_SERVER", pulse_server);
	listener = listen_unix(relay);
	if (!(s->sound = start_sound_server(s, relay))) {
		close(listener);
		snprintf(why, sizeof why, "%s did not start", pulseaudio_path);
		no_sound(why);
		return;
	}
	fflush(stdout);
	if ((s->sound_relay = fork()) == 0) {
		enter_child(&l, listener); /* the listener becomes fd 3 */
		child_report = -1;
		relay_sound(server, s->sound, e.var);
	}
	close(listener);
	if (s->sound_relay == -1)
		die_errno(EXIT_UNAVAILABLE, "audio: cannot start the relay");
}

/* ---- Xpra, the app and the attach client ---- */

/* Runs a host tool as the caller; what it printed, as far as buf holds
 * (xdpyinfo says more than 16 KiB, and dies of SIGPIPE past it). */
static void output_of(const struct session *s, char *const argv[], char *buf, size_t size)
{
	struct launch l = launch_as(s, &s->caller, argv[0]);
	struct env e = { .n = 0 };

	env_for_caller(&e, s);
	l.argv = argv;
	l.envp = e.var;
	run_capturing(&l, buf, size);
}

/* The caller's screen size and DPI (Xft.dpi where set, as desktops set it
 * for HiDPI, else the screen's own), read with the host's X tools; today's
 * defaults where they say nothing sensible. */
static void read_caller_screen(struct session *s)
{
	char *xdpyinfo[] = { (char *)xdpyinfo_path, NULL };
	char *xprop[] = { (char *)xprop_path, "-root", "RESOURCE_MANAGER", NULL };
	char out[16384];
	const char *p;
	unsigned w, h, dpi;

	s->width = 5760;
	s->height = 2560;
	s->dpi = 96;
	output_of(s, xdpyinfo, out, sizeof out);
	if ((p = strstr(out, "dimensions:")) && sscanf(p, "dimensions: %ux%u", &w, &h) == 2 &&
	    w >= 320 && h >= 200 && w <= 16384 && h <= 16384) {
		s->width = w;
		s->height = h;
	}
	if ((p = strstr(out, "resolution:")) && sscanf(p, "resolution: %u", &dpi) == 1 &&
	    dpi >= 48 && dpi <= 480)
		s->dpi = dpi;
	output_of(s, xprop, out, sizeof out);
	/* xprop shows the resource's tab as \t. */
	if ((p = strstr(out, "Xft.dpi:\\t")) && sscanf(p + 10, "%u", &dpi) == 1 && dpi >= 48 &&
	    dpi <= 480)
		s->dpi = dpi;
}

/* With notifications, the session's D-Bus: as the sandbox user on the
 * server side of the world, confined as the server, its stderr nowhere (the
 * app could put what it likes in its warnings). Ready once it prints its
 * address. */
static void start_bus(struct session *s)
{
	static const char dbus_daemon[] = "/usr/bin/dbus-daemon";
	char config[sizeof bus_config + 16];
	char *argv[] = { (char *)dbus_daemon, "--nofork", "--nopidfile", "--nosyslog", config,
			 "--print-address=1", NULL };
	struct env e = { .n = 0 };
	struct launch l = launch_as(s, &s->box, "notifications");
	struct pollfd ready = { .events = POLLIN };
	int out[2], null;
	ssize_t n = 0;
	pid_t pid;

	if (!notifications)
		return;
	snprintf(config, sizeof config, "--config-file=%s", bus_config);
	env_for_server(&e, s);
	if ((null = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1 || pipe2(out, O_CLOEXEC) == -1)
		die_errno(EXIT_UNAVAILABLE, "notifications");
	l.argv = argv;
	l.envp = e.var;
	l.session_dir = s->dir;
	l.out = out[1];
	l.err = null;
	ready.fd = out[0];
	pid = spawn(&l);
	close(out[1]);
	close(null);
	if (pid && poll(&ready, 1, ready_timeout_ms) == 1) {
		char address[256];

		n = read(out[0], address, sizeof address);
	}
	close(out[0]);
	if (n <= 0)
		die(EXIT_UNAVAILABLE, "notifications: the session's D-Bus (%s) did not start", dbus_daemon);
}

/* Debian's xpra is a Python script; it runs isolated (-I: no user site, no
 * PYTHON* variables, not even the server's own home). */
static const char python[] = "/usr/bin/python3";

/* Xpra's own Xvfb command, but at the caller's screen size and DPI (an app
 * sizes its first window by the screen it starts on), and with no abstract
 * socket: skype-wrap holds that name (see hold_display_name()). */
static const char xvfb[] = "--xvfb=Xvfb +extension GLX +extension Composite "
	"-screen 0 %ux%ux24+32 -dpi %u -nolisten tcp -nolisten local -noreset "
	"-auth $XAUTHORITY";

/* The server finds the session's D-Bus where it would start one: it drops
 * every DBUS_ variable it is given (and --env is applied only by a server
 * started as root), and reads the address from what --dbus-launch prints. */
static const char bus_launch[] = "--dbus-launch=/bin/echo DBUS_SESSION_BUS_ADDRESS=unix:path=" BUS_SOCKET;

/* The server, as the sandbox user in the session's world under a Landlock
 * ruleset of its own, reads no config file and accepts only the caller on
 * its socket (peer credentials): not another member of the group, not the
 * app. */
static void start_xpra(struct session *s)
{
	static const char *const options[] = {
		"--daemon=no", "--socket-permissions=660", "--pulseaudio=no", "--speaker=no",
		"--microphone=no", "--av-sync=no", "--printing=no", "--file-transfer=no",
		"--open-files=no", "--open-url=no", "--forward-xdg-open=no", "--webcam=no",
		"--mdns=no", "--dbus-control=no", "--systemd-run=no", "--html=off", "--sharing=no",
		"--start-new-commands=no", "--xsettings=yes", "--bell=no", "--ssh-upgrade=no",
		"--opengl=noprobe", /* only xpra info shows what the probe finds */
		"--input-devices=xtest", "--remote-logging=no", "--exit-with-children=no",
		"--terminate-children=no",
		"--pings=0", /* a local socket: a dead client closes it; idle, no wakeups */
		NULL
	};
	char display[16], sockdir[PATH_MAX + 32], sockdirs[PATH_MAX + 32], auth[64];
	char screen[sizeof xvfb + 32], dpi[16], dpi_option[32];
	struct args a = { .n = 0 };
	struct env e = { .n = 0 };
	struct launch l = launch_as(s, &s->box, "xpra");
	struct stat st;
	int pipefd[2];

	if (stat(xpra_path, &st) == -1)
		die_errno(EXIT_UNAVAILABLE, "xpra: cannot run %s", xpra_path);
	snprintf(display, sizeof display, ":%u", s->displaynum);
	snprintf(sockdir, sizeof sockdir, "--socket-dir=%s/xpra", s->box.home);
	snprintf(sockdirs, sizeof sockdirs, "--socket-dirs=%s/xpra", s->box.home);
	snprintf(auth, sizeof auth, s->xpra_version->auth, (unsigned)s->caller.uid);
	snprintf(screen, sizeof screen, xvfb, s->width, s->height, s->dpi);
	snprintf(dpi, sizeof dpi, "%u", s->dpi);
	snprintf(dpi_option, sizeof dpi_option, "--dpi=%u", s->dpi);
	add_args(&a, (const char *const[]){ python, "-I", "-c", xpra_server_entry,
					    s->xpra_version->series, dpi, xpra_path, "start", display,
					    sockdir, sockdirs, screen, dpi_option, auth, NULL });
	add_args(&a, options);
	add_args(&a, s->xpra_version->server);
	add_features(&a);
	add_arg(&a, notifications ? bus_launch : "--dbus-launch=");
	env_for_server(&e, s);
	if (pipe2(pipefd, O_CLOEXEC) == -1)
		die_errno(EXIT_UNAVAILABLE, "pipe");
	l.argv = a.v;
	l.envp = e.var;
	l.mem = xpra_mem_bytes;
	l.session_dir = s->dir;
	s->logfd = pipefd[0];
	s->log_write = l.out = l.err = pipefd[1];
	if (!(s->xpra = spawn(&l)))
		exit(EXIT_UNAVAILABLE);
	s->ready_by = now_ms() + ready_timeout_ms;
}

/* Reads the hard RLIMIT_DATA of pid: the app may lower its soft one. */
static unsigned long long data_limit(pid_t pid)
{
	char path[64], line[256];
	unsigned long long hard = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/limits", (int)pid);
	if (!(f = fopen(path, "re")))
		return 0;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, "Max data size", 13))
			sscanf(line + 13, "%*s %llu", &hard);
	fclose(f);
	return hard;
}

static void verify_limit(pid_t pid, unsigned long long want, const char *who)
{
	unsigned long long got;

	if (want && (got = data_limit(pid)) != want)
		die(EXIT_CONFIG, "memory: %s runs with a data limit of %llu bytes, not %llu",
		    who, got, want);
}

/* The app's launch, short of its argv and output; groups holds two. */
static struct launch app_launch(const struct session *s, struct env *e, gid_t *groups)
{
	struct launch l = launch_as(s, &s->box, "app");

	env_for_app(e, s);
	if (webcam) {
		groups[0] = s->box.gid;
		groups[1] = webcam_gid();
		l.groups = groups;
		l.ngroups = 2;
	}
	l.envp = e->var;
	l.mem = mem_bytes;
	l.nproc = nproc_limit;
	l.confine = 1;
	return l;
}

/* The app's mount namespace and root, which a second start joins. Its
 * pid is not reaped yet, so it is still the app's. */
static void keep_app_namespace(struct session *s)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/ns/mnt", (int)s->app);
	s->app_mntns = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof path, "/proc/%d/root", (int)s->app);
	s->app_root = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (s->app_mntns == -1 || s->app_root == -1)
		die_errno(EXIT_UNAVAILABLE, "app: its namespace");
}

static void start_app(struct session *s)
{
	int out[2], err[2];
	struct env e = { .n = 0 };
	gid_t groups[2];
	struct launch l = app_launch(s, &e, groups);

	syslog(LOG_AUTHPRIV | LOG_INFO, "%s ran %s as %s on :%u", s->caller.name, s->command[0],
	       s->box.name, s->displaynum);
	/* Pipes, not skype-wrap's own fds: a terminal or a file of the caller's
	 * would let the app read what is typed there, or rewrite the file. */
	if (pipe2(out, O_CLOEXEC) == -1 || pipe2(err, O_CLOEXEC) == -1)
		die_errno(EXIT_UNAVAILABLE, "pipe");
	s->relay[0] = out[0];
	s->relay[1] = err[0];
	l.argv = s->command;
	l.out = out[1];
	l.err = err[1];
	s->app = spawn(&l);
	close(out[1]);
	close(err[1]);
	if (!s->app)
		exit(EXIT_UNAVAILABLE);
	verify_limit(s->app, mem_bytes, "the app");
	if (app_schemes[0])
		keep_app_namespace(s);
}

/* command, then link; the array is the next call's too. */
static char *const *command_with_link(char *const *command, const char *link)
{
	static char *argv[64];
	int n = 0;

	while (n + 2 < (int)LEN(argv) && command[n]) {
		argv[n] = command[n];
		n++;
	}
	argv[n++] = (char *)link;
	argv[n] = NULL;
	return argv;
}

/* A link --open handed over, to the running app: the session's command
 * again with the link after it, in the app's mount namespace, where it
 * finds the first start (an Electron app's single-instance socket is in its
 * /tmp) and passes the link on to it. Its output goes nowhere. */
static void second_start(struct session *s, const char *link)
{
	struct env e = { .n = 0 };
	gid_t groups[2];
	struct launch l = app_launch(s, &e, groups);
	struct world joined = s->world;
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

	joined.mntns = s->app_mntns;
	joined.root = s->app_root;
	l.world = &joined;
	l.joins_app = 1;
	l.argv = command_with_link(s->command, link);
	l.out = l.err = null;
	if (null == -1 || !spawn(&l))
		fprintf(stderr, "skype-wrap: open: the link did not reach the app\n");
	else
		fprintf(stderr, "skype-wrap: open: handed the app a link\n");
	close(null);
}


/* Where the client shows notifications: the caller's D-Bus, or where libdbus
 * looks without one, but never its autolaunch, which would start a bus. The
 * client uses it for nothing else: not to register its windows, the
 * server's, with the caller's accessibility bus. */
static void caller_bus(struct env *e, const struct session *s)
{
	char path[PATH_MAX + 16];

	snprintf(path, sizeof path, "unix:path=%s/bus", s->runtime_dir);
	env_put(e, "DBUS_SESSION_BUS_ADDRESS", s->bus ? s->bus : path);
	env_put(e, "NO_AT_BRIDGE", "1");
}

/* The client runs as the caller and treats the server as hostile: it accepts
 * nothing a server could push at it. */
static void start_attach(struct session *s)
{
	static const char *const options[] = {
		"--encoding=rgb", "--encodings=rgb", "--quality=100", "--video-decoders=none",
		"--opengl=no", "--title=@title@ [sandbox]", "--file-transfer=no", "--open-files=no",
		"--open-url=no", "--printing=no", "--webcam=no", "--speaker=no", "--microphone=no",
		"--pulseaudio=no", "--tray=no", "--bell=no", "--mdns=no", "--dbus-control=no",
		"--remote-logging=no", "--xsettings=no",
		"--pings=0", /* as the server's */
		NULL
	};
	char url[PATH_MAX + 16], mmap[128], uid[16], wait[16], dpi[32], border[64];
	struct args a = { .n = 0 };
	struct env e = { .n = 0 };
	struct launch l = launch_as(s, &s->caller, "attach");

	if (!s->xpra_version) {
		char why[128];

		unsupported_xpra(s, why, sizeof why);
		die(EXIT_CONFIG, "xpra: %s", why);
	}
	snprintf(url, sizeof url, "socket://%s", s->socket);
	snprintf(mmap, sizeof mmap, "--mmap-group=%s", s->box.group);
	snprintf(uid, sizeof uid, "%u", (unsigned)s->box.uid);
	snprintf(wait, sizeof wait, "%u", ready_timeout_ms);
	/* What it tells the server, which sets it again for the apps. */
	snprintf(dpi, sizeof dpi, "--dpi=%u", s->dpi);
	snprintf(border, sizeof border, "--border=%s", window_border);
	add_args(&a, (const char *const[]){ python, "-I", "-c", xpra_attach_client,
					    s->xpra_version->series, uid, wait,
					    primary_selection ? "CLIPBOARD,PRIMARY" : "CLIPBOARD", xpra_path, "attach",
					    url, mmap, dpi, border, NULL });
	add_args(&a, options);
	add_args(&a, s->xpra_version->client);
	add_features(&a);
	env_for_caller(&e, s);
	env_put(&e, "XPRA_SYSTEM_CONF_DIRS", "/dev/null");
	env_put(&e, "XPRA_USER_CONF_DIRS", "/dev/null");
	/* The mmap file goes where the server, and nobody else, finds it. */
	env_put(&e, "XPRA_MMAP_DIR", s->dir);
	/* An X11 client always, of Xwayland on a Wayland desktop: GTK would
	 * take the compositor's default socket in XDG_RUNTIME_DIR. */
	env_put(&e, "GDK_BACKEND", "x11");
	/* No process of the caller's for each pid the server names (xpra's
	 * signal watcher, which passes the desktop's signals to the app), and
	 * none to start at the first window. */
	env_put(&e, "XPRA_SIGNAL_WATCHER", "0");
	if (notifications)
		caller_bus(&e, s);
	l.argv = a.v;
	l.envp = e.var;
	l.out = l.err = s->log_write;
	if (!(s->attach = spawn(&l)))
		exit(EXIT_UNAVAILABLE);
}

/* How long the client may take from the server's ready line to its
 * handshake before another takes its place: one started before the server
 * listens sometimes never shows a window (2 in ~40 in bench/). */
static const unsigned attach_watchdog_ms = 5000;

/* Kills the client that has not attached and starts another, once. */
static void restart_attach(struct session *s)
{
	fprintf(stderr, "skype-wrap: attach: no handshake %u ms after the server was ready; "
		"starting another client\n", attach_watchdog_ms);
	kill(s->attach, SIGKILL);
	waitpid(s->attach, NULL, 0);
	start_attach(s);
	s->attach_by = 0;
}

/* ---- Links between the app and the caller's browser (links.c) ---- */

/* The relay of the app's links, as the caller, with the FIFO init made on
 * its fd 3; opened through init's root, in the session's /tmp, where only
 * root may make or replace it. */
static void start_links(struct session *s)
{
	struct launch l = launch_as(s, &s->caller, "links");
	struct env e = { .n = 0 };
	struct link_relay r = { link_schemes, xmessage_path, browser_path, NULL };
	int fifo;

	if (!open_urls)
		return;
	env_for_caller(&e, s);
	caller_bus(&e, s);
	r.envp = e.var;
	fifo = openat(s->world.root, links_fifo + 1, O_RDWR | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	if (fifo == -1)
		die_errno(EXIT_UNAVAILABLE, "links: %s", links_fifo);
	fflush(stdout);
	if ((s->links = fork()) == 0) {
		enter_child(&l, fifo); /* the FIFO becomes fd 3 */
		child_report = -1;
		relay_links(3, &r);
	}
	close(fifo);
	if (s->links == -1)
		die_errno(EXIT_UNAVAILABLE, "links: cannot start the relay");
}

/* ---- A window of the caller's, shared with the app (share.c) ---- */

/* While the app sees a window of the caller's, the caller sees this: a
 * window of skype-wrap's, on the caller's display (the app can neither hide
 * nor draw one there), whose Stop ends the share. */
static pid_t show_share_sign(const struct session *s, unsigned long window)
{
	char text[160];
	char *argv[] = { (char *)xmessage_path, "-title", "skype-wrap: sharing a window", "-geometry", "-0+0",
			 "-buttons", "Stop:0", text, NULL };
	struct env e = { .n = 0 };
	struct launch l = launch_as(s, &s->caller, "share");

	snprintf(text, sizeof text, "The sandbox of %s sees your window 0x%lx.", s->box.name, window);
	env_for_caller(&e, s);
	l.argv = argv;
	l.envp = e.var;
	return spawn(&l);
}

/* The capture, as the caller, writing frames to out; its cookie where
 * Xlib would look for it. */
static pid_t start_capture(const struct session *s, int out, unsigned long window, int titled)
{
	char xauthority[PATH_MAX + 16];
	struct share_capture c = { s->display, xauthority, window, s->width, s->height, titled };
	struct launch l = launch_as(s, &s->caller, "share");
	pid_t pid;

	if (s->xauthority)
		snprintf(xauthority, sizeof xauthority, "%s", s->xauthority);
	else
		snprintf(xauthority, sizeof xauthority, "%s/.Xauthority", s->caller.home);
	l.out = out;
	fflush(stdout);
	if ((pid = fork()) == 0) {
		enter_child(&l, -1);
		capture_window(1, &c);
	}
	return pid;
}

/* The mirror, as the sandbox user confined as the Xpra server is, beside
 * it, reading frames from in. */
static pid_t start_mirror(const struct session *s, int in)
{
	struct launch l = launch_as(s, &s->box, "share");
	pid_t pid;

	l.in = in;
	l.out = l.err = s->log_write;
	l.session_dir = s->dir;
	fflush(stdout);
	if ((pid = fork_into(l.world)) == 0) {
		enter_child(&l, -1);
		show_frames(0, s->displaynum, server_xauthority);
	}
	return pid;
}

/* Shows the app the caller's window (an X window id, checked by the
 * caller's skype-wrap on display), in place of any other. */
static void start_share(struct session *s, const char *id, int titled, const char *display)
{
	unsigned long window = strtoul(id, NULL, 0);
	int frames[2];

	stop_share(s);
	if (!s->display || strcmp(display, s->display)) {
		fprintf(stderr, "skype-wrap: share: window %s is on display %s, not the session's\n", id, display);
		return;
	}
	if (s->world.init <= 0 || !s->xpra)
		return;
	if (pipe2(frames, O_CLOEXEC) == -1)
		die_errno(EXIT_UNAVAILABLE, "share: pipe");
	s->share_mirror = start_mirror(s, frames[0]);
	s->share_capture = start_capture(s, frames[1], window, titled);
	close(frames[0]);
	close(frames[1]);
	s->share_sign = show_share_sign(s, window);
	if (s->share_mirror <= 0 || s->share_capture <= 0 || s->share_sign <= 0) {
		stop_share(s);
		fprintf(stderr, "skype-wrap: share: cannot start\n");
		return;
	}
	syslog(LOG_AUTHPRIV | LOG_INFO, "%s shared window 0x%lx with %s", s->caller.name, window, s->box.name);
	fprintf(stderr, "skype-wrap: share: the app sees your window 0x%lx\n", window);
}

/* Ends the share, at once: its three processes go together. The mirror
 * ends at the end of its frames, once it has cleared its pixels off the
 * sandbox's screen; if it takes longer than a second, it is killed. */
static void stop_share(struct session *s)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int shared = s->share_capture || s->share_sign || s->share_mirror;
	pid_t ended = 0;

	if (s->share_capture > 0 && kill(s->share_capture, SIGKILL) == 0)
		waitpid(s->share_capture, NULL, 0);
	if (s->share_sign > 0 && kill(s->share_sign, SIGKILL) == 0)
		waitpid(s->share_sign, NULL, 0);
	for (int tries = 0; s->share_mirror > 0 && !ended && tries < 100; tries++) {
		nanosleep(&pause, NULL);
		ended = waitpid(s->share_mirror, NULL, WNOHANG);
	}
	if (s->share_mirror > 0 && !ended && kill(s->share_mirror, SIGKILL) == 0)
		waitpid(s->share_mirror, NULL, 0);
	s->share_capture = s->share_sign = s->share_mirror = 0;
	if (shared)
		fprintf(stderr, "skype-wrap: share: stopped\n");
}

/* Whether one part of a share has ended (the window is gone, the caller
 * clicked Stop): the rest goes too. */
static int share_broken(const struct session *s)
{
	int parts = (s->share_capture > 0) + (s->share_mirror > 0) + (s->share_sign > 0);

	return parts > 0 && parts < 3;
}

/* ---- Requests of the caller's other starts: a standby's app, --open, --share ---- */

/* What a running session records in its lock file, for --attach, --stop and
 * the cleanup after a session that died. */
struct record {
	int pid;
	unsigned display, caller;
	int standby; /* no app yet: a start hands it one */
};

static void write_record(const struct session *s)
{
	char line[128];
	int n = snprintf(line, sizeof line, "%d %u %u %d\n", (int)getpid(), s->displaynum,
			 (unsigned)s->caller.uid, s->standby);

	if (ftruncate(s->lockfd, 0) == -1 || pwrite(s->lockfd, line, n, 0) != n)
		die_errno(EXIT_UNAVAILABLE, "lock: cannot write");
}

static int read_record(int fd, struct record *r)
{
	char line[128];
	ssize_t n = pread(fd, line, sizeof line - 1, 0);

	line[n > 0 ? n : 0] = '\0';
	r->standby = 0;
	return sscanf(line, "%d %u %u %d", &r->pid, &r->display, &r->caller, &r->standby) >= 3;
}

/* The most a request holds: bytes, and words (the verb and its command's). */
enum { REQUEST_MAX = 16384, REQUEST_WORDS = 63 };

/* Where another skype-wrap of the caller's finds the running session: a
 * socket only root may reach (that skype-wrap is root until it is done). */
static void control_socket_path(const struct session *s, char *path, size_t size)
{
	snprintf(path, size, "/run/skype-wrap/%s.control", s->box.name);
}

static void listen_for_requests(struct session *s)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	mode_t old;

	control_socket_path(s, sa.sun_path, sizeof sa.sun_path);
	unlink(sa.sun_path);
	old = umask(077);
	if ((s->control = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) == -1 ||
	    bind(s->control, (struct sockaddr *)&sa, sizeof sa) == -1 || listen(s->control, 4) == -1)
		die_errno(EXIT_UNAVAILABLE, "control: %s", sa.sun_path);
	umask(old);
}

/* The undo of listen_for_requests. */
static void stop_listening_for_requests(struct session *s)
{
	char path[128];

	if (s->control < 0)
		return;
	close(s->control);
	s->control = -1;
	control_socket_path(s, path, sizeof path);
	unlink(path);
}

/* The standby session's app, now. */
static void start_in_standby(struct session *s, char *const *command)
{
	s->command = command;
	s->standby = 0;
	start_app(s);
	write_record(s);
	fprintf(stderr, "skype-wrap: standby: started %s\n", s->command[0]);
}

/* A request, its words NUL-ended, read within a second: "open" and a link,
 * checked again, for the app; "start" and a command, for a standby
 * session's app (a running app is shown again instead: two presses of the
 * hotkey raced); "share" and a window of the caller's, "titled" or not,
 * and its display, or "stop". The words stay for the app's command. */
static void take_request(struct session *s)
{
	static char msg[REQUEST_MAX];
	static char *word[REQUEST_WORDS + 1];
	struct timeval second = { 1, 0 };
	size_t len = 0;
	ssize_t n = 1;
	int c = accept4(s->control, NULL, NULL, SOCK_CLOEXEC), words = 0;

	if (c == -1)
		return;
	setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &second, sizeof second);
	while (len < sizeof msg && (n = read(c, msg + len, sizeof msg - len)) > 0)
		len += (size_t)n;
	close(c);
	if (n != 0 || !len || msg[len - 1] != '\0')
		return;
	for (size_t i = 0; i < len && words + 1 < (int)LEN(word); i += strlen(msg + i) + 1)
		word[words++] = msg + i;
	word[words] = NULL;
	if (!strcmp(word[0], "open") && words == 2 && link_allowed(word[1], app_schemes)) {
		if (s->app)
			second_start(s, word[1]);
		else if (s->standby)
			start_in_standby(s, command_with_link((char *const *)app, word[1]));
	} else if (!strcmp(word[0], "start") && words > 1) {
		if (s->standby)
			start_in_standby(s, word + 1);
		else
			s->show_again = 1;
	} else if (!strcmp(word[0], "share") && words == 2 && !strcmp(word[1], "stop")) {
		stop_share(s);
	} else if (!strcmp(word[0], "share") && words == 4) {
		start_share(s, word[1], !strcmp(word[2], "titled"), word[3]);
	}
}

/* Sends the running session a request of the words verb, then args. */
static void send_request(const struct session *s, const char *verb, char *const *args)
{
	char msg[REQUEST_MAX], path[128];
	size_t len = strlen(verb) + 1;
	int fd;

	memcpy(msg, verb, len);
	for (int i = 0; args[i]; i++) {
		size_t n = strlen(args[i]) + 1;

		if (len + n > sizeof msg || i + 1 >= REQUEST_WORDS)
			die(EXIT_USAGE, "%s: the command is too long to hand to the running session", verb);
		memcpy(msg + len, args[i], n);
		len += n;
	}
	control_socket_path(s, path, sizeof path);
	if ((fd = connect_unix(path)) == -1 || write_all(fd, msg, len) == -1)
		die_errno(EXIT_UNAVAILABLE, "%s: the running session takes no request", verb);
	close(fd);
}

/* The start goes on while the app runs: xpra's ready line is due within
 * ready_timeout_ms of the server's start, then the client's handshake within
 * attach_watchdog_ms. Returns the time to the next (ms), -1 for none. */
static int watch_start(struct session *s)
{
	long long t = now_ms();

	if (s->ready_by && memmem(s->log, s->loglen, ready_line, sizeof ready_line - 1)) {
		s->ready_by = 0;
		s->attach_by = t + attach_watchdog_ms;
	}
	if (s->ready_by && t >= s->ready_by)
		die(EXIT_UNAVAILABLE, "xpra: not ready after %u ms; its output ends:\n%s",
		    ready_timeout_ms, log_tail(s));
	if (s->ready_by)
		return (int)(s->ready_by - t);
	if (s->attach_by && memmem(s->log, s->loglen, attached_line, sizeof attached_line - 1))
		s->attach_by = 0;
	if (!s->attach_by || s->attach <= 0)
		return -1;
	if (t < s->attach_by)
		return (int)(s->attach_by - t);
	restart_attach(s);
	return -1;
}

/* Waits until the server is ready: the app starts then, while the client
 * attaches. Xpra takes the compositing-manager selection while it sets up,
 * and an app that sees it taken while it starts may not recover: Firefox
 * resets its renderer and shows a black window for good. Returns 0, or the
 * signal that stopped the wait. */
static int wait_ready(struct session *s)
{
	for (;;) {
		int timeout = watch_start(s), sig;

		if (!s->ready_by)
			return 0;
		if ((sig = wait_event(s, timeout)) && sig != SIGCHLD)
			return sig;
		if (!s->xpra)
			die(EXIT_UNAVAILABLE, "xpra: the server exited before it was ready; its output ends:\n%s",
			    log_tail(s));
	}
}

/* ---- The running session, and its end ---- */

/* Waits until the app, the client or the server exits, or a signal asks the
 * session to stop; says why when it is not the app. */
static void supervise(struct session *s)
{
	for (;;) {
		int sig = wait_event(s, watch_start(s));

		if (sig && sig != SIGCHLD)
			return;
		if (s->control >= 0)
			take_request(s);
		/* A killed client is replaced below, once reaped. */
		if (s->show_again && s->attach > 0)
			kill(s->attach, SIGKILL);
		if (share_broken(s))
			stop_share(s);
		if (!s->app && !s->standby)
			return;
		if (s->sound == 0 && s->sound_relay > 0) {
			fprintf(stderr, "skype-wrap: audio: the session's sound server exited; no more sound\n");
			kill(s->sound_relay, SIGTERM);
			s->sound = -1;
		}
		if (!s->xpra) {
			fprintf(stderr, "skype-wrap: xpra: the server exited; its output ends:\n%s", log_tail(s));
			return;
		}
		if (!s->attach && s->attach_status != -1) {
			/* Killed, it may be brought back; closed, it ends the session. */
			if (!WIFSIGNALED(s->attach_status)) {
				fprintf(stderr, "skype-wrap: attach: the client exited; stopping the session\n");
				s->attach_failed = WEXITSTATUS(s->attach_status) != 0;
				if (s->attach_failed)
					fprintf(stderr, "skype-wrap: attach: xpra's output ends:\n%s", log_tail(s));
				return;
			}
			if (!s->show_again)
				fprintf(stderr, "skype-wrap: attach: the client was killed; skype-wrap --attach shows the app again\n");
			s->attach_status = -1;
		}
		if (s->show_again && !s->attach) {
			s->show_again = 0;
			start_attach(s);
		}
	}
}

/* Removes what dirfd holds, as root, following no link. */
static int empty_dir(int dirfd)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *e;
	int ok = d != NULL;

	while (d && (e = readdir(d))) {
		int sub;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (unlinkat(dirfd, e->d_name, 0) == 0)
			continue;
		sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		ok &= sub != -1 && empty_dir(sub) && unlinkat(dirfd, e->d_name, AT_REMOVEDIR) == 0;
	}
	if (d)
		closedir(d);
	return ok;
}

/* The session directory, a session's or one a dead session left. */
static void remove_session_dir(const struct session *s)
{
	int fd = open(s->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd == -1 && errno == ENOENT)
		return;
	if (fd == -1 || !empty_dir(fd) || rmdir(s->dir) == -1)
		fprintf(stderr, "skype-wrap: cannot remove %s: %s\n", s->dir, strerror(errno));
}

/* Made by root in root's /run/skype-wrap: the caller's, group the sandbox
 * group, 0710. The client puts its mmap file there for the server to open;
 * nobody can list it, and the app's Landlock domain does not reach it. */
static void make_session_dir(const struct session *s)
{
	remove_session_dir(s);
	if (mkdir(s->dir, 0700) == -1 || chown(s->dir, s->caller.uid, s->box.gid) == -1 ||
	    chmod(s->dir, 0710) == -1)
		die_errno(EXIT_UNAVAILABLE, "session: %s", s->dir);
}

/* The undo of start_app, start_sound, start_attach and start_xpra: the
 * app first, as were its display to go first, it would die of that and not
 * of the signal, and its exit status would say so. The client has nothing to
 * save, and its polite exit takes ~0.2 s. */
static void stop_processes(struct session *s)
{
	stop_share(s);
	if (s->app > 0)
		kill(s->app, SIGTERM);
	if (s->sound_relay > 0)
		kill(s->sound_relay, SIGTERM);
	if (s->links > 0)
		kill(s->links, SIGTERM);
	if (s->attach > 0)
		kill(s->attach, SIGKILL);
	if (s->xpra > 0)
		kill(s->xpra, SIGTERM);
}

/* Reaps what stop_processes and ask_init_to_end stopped: init exits when
 * nothing is left in the world, or after grace_ms when the kernel kills the
 * rest. */
static void reap_stopped(struct session *s)
{
	long long deadline = now_ms() + grace_ms;

	while (s->world.init > 0 || s->attach > 0 || s->sound_relay > 0 || s->links > 0) {
		if (s->sound_relay > 0 && now_ms() > deadline)
			kill(s->sound_relay, SIGKILL);
		wait_event(s, 20);
		reap_children(s);
	}
	if (s->init_status != -1 && (!WIFEXITED(s->init_status) || WEXITSTATUS(s->init_status) != 0))
		fprintf(stderr, "skype-wrap: teardown: the session's init failed\n");
	if (s->app > 0 && waitpid(s->app, &s->app_status, 0) == s->app)
		s->app = 0;
	/* What the app wrote last is still in the pipes. */
	for (int i = 0; i < 20 && (s->relay[0] >= 0 || s->relay[1] >= 0); i++)
		wait_event(s, 50);
}

/* The undo of hold_display_name (in pick_display) and write_record. */
static void release_display_and_record(struct session *s)
{
	if (s->display_name >= 0)
		close(s->display_name);
	s->display_name = -1;
	if (s->lockfd >= 0 && ftruncate(s->lockfd, 0) == -1)
		fprintf(stderr, "skype-wrap: lock: %s\n", strerror(errno));
}

/* Undoes run_session's stages in reverse, whichever it reached: every way
 * out of a session (its end, a signal, a fatal error) comes here. */
static void end_session(struct session *s)
{
	running = NULL;
	stop_listening_for_requests(s);
	stop_processes(s);
	ask_init_to_end(&s->world);
	reap_stopped(s);
	remove_session_dir(s);
	release_display_and_record(s);
}

/* ---- Signals, the record of a running session, its other modes ---- */

/* From here on, the signals that end a session arrive on a file descriptor,
 * and orphans of its helpers (the sound relay's copiers) become its children;
 * the sandbox's go to the init of its world. */
static void catch_signals(struct session *s)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1 ||
	    /* An ignored signal never reaches a signalfd, and a shell starts
	     * background jobs with SIGINT ignored. */
	    signal(SIGINT, SIG_DFL) == SIG_ERR || signal(SIGHUP, SIG_DFL) == SIG_ERR ||
	    signal(SIGTERM, SIG_DFL) == SIG_ERR ||
	    /* A closed stderr must not kill the supervisor mid-session. */
	    signal(SIGPIPE, SIG_IGN) == SIG_ERR ||
	    (s->sigfd = signalfd(-1, &set, SFD_CLOEXEC)) == -1 ||
	    prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
		die_errno(EXIT_UNAVAILABLE, "cannot supervise");
}

static int exit_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* Where the session's Xpra socket is: Xpra names it after host and display. */
static void use_display(struct session *s, unsigned n)
{
	struct utsname un;

	s->displaynum = n;
	uname(&un);
	if (snprintf(s->socket, sizeof s->socket, "%s/xpra/%s-%u", s->box.home, un.nodename, n) >=
	    (int)sizeof s->socket)
		die(EXIT_CONFIG, "the socket path under %s is too long", s->box.home);
}

/* One session per sandbox user: a lock on a root-owned file, which the kernel
 * releases when its holder dies. Returns whether this process holds it. */
static int lock_session(struct session *s)
{
	static const char dir[] = "/run/skype-wrap";
	char path[128];
	struct stat st;

	if (mkdir(dir, 0755) == -1 && errno != EEXIST)
		die_errno(EXIT_UNAVAILABLE, "lock: mkdir %s", dir);
	if (lstat(dir, &st) == -1 || !S_ISDIR(st.st_mode) || st.st_uid != 0)
		die(EXIT_CONFIG, "lock: %s is not a directory owned by root", dir);
	/* Both users of a session pass through it to the session directory. */
	if ((st.st_mode & 07777) != 0755 && chmod(dir, 0755) == -1)
		die_errno(EXIT_UNAVAILABLE, "lock: chmod %s", dir);
	snprintf(path, sizeof path, "%s/%s.lock", dir, s->box.name);
	s->lockfd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (s->lockfd == -1)
		die_errno(EXIT_UNAVAILABLE, "lock: %s", path);
	if (flock(s->lockfd, LOCK_EX | LOCK_NB) == 0)
		return 1;
	if (errno != EWOULDBLOCK)
		die_errno(EXIT_UNAVAILABLE, "lock: %s", path);
	return 0;
}

/* Reads the running session's record into r; 0 (and says so) if there is
 * none. Dies if another member of the group started it (root may stop any). */
static int running_session(struct session *s, const char *mode, struct record *r)
{
	if (lock_session(s) || !read_record(s->lockfd, r) || r->pid <= 0) {
		fprintf(stderr, "skype-wrap: no session of %s is running\n", s->box.name);
		return 0;
	}
	if (r->caller != s->caller.uid && s->caller.uid != 0) {
		const struct passwd *pw = getpwuid(r->caller);

		die(EXIT_NOPERM, "%s: the session of %s was started by %s; only they may %s it", mode,
		    s->box.name, pw ? pw->pw_name : "another user", mode);
	}
	return 1;
}

/* The record's pid may be stale and reused: it must be this very program,
 * started by the caller the record names. */
static int is_session(const struct record *r)
{
	char exe[64], status[64], line[256];
	struct stat self, other;
	unsigned ruid = (unsigned)-1;
	FILE *f;

	snprintf(exe, sizeof exe, "/proc/%d/exe", r->pid);
	snprintf(status, sizeof status, "/proc/%d/status", r->pid);
	if (stat("/proc/self/exe", &self) == -1 || stat(exe, &other) == -1 ||
	    self.st_dev != other.st_dev || self.st_ino != other.st_ino || !(f = fopen(status, "re")))
		return 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "Uid: %u", &ruid) == 1)
			break;
	fclose(f);
	return ruid == r->caller;
}

/* --stop: asks the running session to end, and waits until it has. */
static int stop_session(struct session *s)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	struct record r;

	if (!running_session(s, "stop", &r))
		return 0;
	if (!is_session(&r))
		die(EXIT_UNAVAILABLE, "stop: pid %d is not the running session", r.pid);
	if (kill(r.pid, SIGTERM) == -1)
		die_errno(EXIT_UNAVAILABLE, "stop: cannot signal the session (pid %d)", r.pid);
	for (int i = 0; i < 500; i++) {
		if (flock(s->lockfd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		nanosleep(&pause, NULL);
	}
	die(EXIT_UNAVAILABLE, "stop: the session (pid %d) has not ended after 10 s", r.pid);
}

/* --attach: a new client for the running session, as long as it runs. */
static int attach_session(struct session *s)
{
	struct record r;
	char detail[256];
	int status;

	if (!running_session(s, "attach", &r))
		return EXIT_UNAVAILABLE;
	if (check_display(s, detail, sizeof detail) == FAILED)
		die(EXIT_CONFIG, "display: %s", detail);
	use_display(s, r.display);
	read_caller_screen(s);
	s->log_write = 2;
	start_attach(s);
	if (waitpid(s->attach, &status, 0) == -1)
		die_errno(EXIT_UNAVAILABLE, "attach");
	return exit_status(status);
}

/* ---- Files in: --give ---- */

/* As the caller: opens path with the caller's rights, a regular file only,
 * and sends the fd up its stdout, a unix socket. */
static int open_given(const void *path)
{
	union { struct cmsghdr align; char buf[CMSG_SPACE(sizeof(int))]; } control = { 0 };
	char byte = 0;
	struct iovec iov = { &byte, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			    .msg_controllen = sizeof control.buf };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;

	if (fd == -1 || fstat(fd, &st) == -1) {
		fprintf(stderr, "skype-wrap: give: %s: %s\n", (const char *)path, strerror(errno));
		return EXIT_NOINPUT;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "skype-wrap: give: %s is not a file\n", (const char *)path);
		return EXIT_NOINPUT;
	}
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof fd);
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	return sendmsg(1, &m, 0) == 1 ? 0 : EXIT_UNAVAILABLE;
}

/* The fd open_given() sent, -1 if none came. */
static int receive_fd(int sock)
{
	union { struct cmsghdr align; char buf[CMSG_SPACE(sizeof(int))]; } control;
	char byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			    .msg_controllen = sizeof control.buf };
	struct cmsghdr *c;
	int fd = -1;

	if (recvmsg(sock, &m, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) == 1 && (c = CMSG_FIRSTHDR(&m)) &&
	    c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
	    c->cmsg_len == CMSG_LEN(sizeof fd))
		memcpy(&fd, CMSG_DATA(c), sizeof fd);
	return fd;
}

/* The name a file keeps in the inbox: its own, where a file picker shows it
 * as it is (no leading dot, no control character); NULL otherwise. */
static const char *given_name(const char *path)
{
	const char *name = base_name(path);

	if (!*name || *name == '.' || strlen(name) > NAME_MAX)
		return NULL;
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return NULL;
	return name;
}

/* As the sandbox user, in its home: the inbox, made where it is missing,
 * each directory opened without following a link of the app's. */
static int open_inbox(void)
{
	char path[PATH_MAX];
	int dir = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);

	snprintf(path, sizeof path, "%s", inbox + 2);
	for (char *name = strtok(path, "/"); name && dir != -1; name = strtok(NULL, "/")) {
		int next;

		if (mkdirat(dir, name, 0700) == -1 && errno != EEXIST)
			next = -1;
		else
			next = openat(dir, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(dir);
		dir = next;
	}
	return dir;
}

/* As the sandbox user: copies stdin into a new file of the inbox, never
 * into a file or through a link that is there already. */
static int store_given(const void *name)
{
	char buf[65536];
	int dir = open_inbox(), fd = -1, err;
	ssize_t n;

	if (dir == -1 ||
	    (fd = openat(dir, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600)) == -1) {
		fprintf(stderr, "skype-wrap: give: %s/%s: %s\n", inbox, (const char *)name, strerror(errno));
		return EXIT_CANTCREAT;
	}
	while ((n = read(0, buf, sizeof buf)) > 0 && write_all(fd, buf, n) == 0)
		;
	err = errno;
	if (n == 0 && close(fd) == 0)
		return 0;
	unlinkat(dir, name, 0);
	fprintf(stderr, "skype-wrap: give: %s/%s: %s\n", inbox, (const char *)name, strerror(err));
	return EXIT_CANTCREAT;
}

/* Copies file into the inbox: read by the caller's rights, written by the
 * sandbox user's, root opening neither. */
static int give_file(const struct session *s, const char *cwd, const char *file)
{
	struct launch caller = launch_as(s, &s->caller, "give"), box = launch_as(s, &s->box, "give");
	const char *name = given_name(file);
	char path[PATH_MAX];
	int sock[2], fd, status;

	if (!name) {
		fprintf(stderr, "skype-wrap: give: %s: the app would not see that name as it is\n", file);
		return EXIT_NOINPUT;
	}
	if (file[0] == '/')
		snprintf(path, sizeof path, "%s", file);
	else if (snprintf(path, sizeof path, "%s/%s", cwd, file) >= (int)sizeof path) {
		fprintf(stderr, "skype-wrap: give: %s: %s\n", file, strerror(ENAMETOOLONG));
		return EXIT_NOINPUT;
	}
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sock) == -1)
		die_errno(EXIT_UNAVAILABLE, "give: socketpair");
	caller.out = sock[1];
	status = run_job(&caller, open_given, path);
	fd = status == 0 ? receive_fd(sock[0]) : -1;
	close(sock[0]);
	close(sock[1]);
	if (fd == -1)
		return status > 0 ? status : EXIT_UNAVAILABLE;
	box.in = fd;
	status = run_job(&box, store_given, name);
	close(fd);
	if (status == 0)
		printf("skype-wrap: gave %s as %s/%s\n", file, inbox, name);
	return status == -1 ? EXIT_UNAVAILABLE : status;
}

/* --give: each file into the inbox; the status of the first that failed. */
static int give_files(const struct session *s, char *const *files)
{
	char cwd[PATH_MAX];
	int status = 0;

	if (!inbox || strncmp(inbox, "~/", 2) || !inbox[2])
		die(EXIT_CONFIG, "give: inbox is not a directory of the home (\"~/NAME\") in the config");
	if (!getcwd(cwd, sizeof cwd))
		die_errno(EXIT_NOINPUT, "give: the current directory");
	for (; *files; files++) {
		int st = give_file(s, cwd, *files);

		if (!status)
			status = st;
	}
	return status;
}

/* Takes the lock and returns 1, or, when a session runs, has it show its
 * windows again with a new client (what pressing the hotkey again means),
 * hands it link, or, standing by, the command to start, and returns 0. */
static int claim_session(struct session *s, const char *link)
{
	struct record r;

	if (lock_session(s))
		return 1;
	close(s->lockfd);
	if (!running_session(s, "show", &r))
		exit(EXIT_UNAVAILABLE); /* it has just ended */
	if (link) {
		send_request(s, "open", (char *const[]){ (char *)link, NULL });
		fprintf(stderr, "skype-wrap: open: handed the link to the running session of %s\n",
			s->box.name);
		return 0;
	}
	if (r.standby) {
		send_request(s, "start", s->command);
		fprintf(stderr, "skype-wrap: started %s in the standby session of %s on :%u\n",
			s->command[0], s->box.name, r.display);
		return 0;
	}
	if (!is_session(&r) || kill(r.pid, SIGUSR1) == -1)
		die(EXIT_UNAVAILABLE, "show: pid %d is not the running session", r.pid);
	fprintf(stderr, "skype-wrap: a session of %s is running on :%u; showing it again (--stop ends it)\n",
		s->box.name, r.display);
	return 0;
}

/* The window to share: the one given, or the one the caller clicks
 * (xwininfo, as the caller, on the caller's display); its id into id. */
static void find_window(struct session *s, const char *given, char id[32])
{
	char *pick[] = { (char *)xwininfo_path, NULL }, *check[] = { (char *)xwininfo_path, "-id", (char *)given, NULL };
	static char out[4096];
	struct launch l = launch_as(s, &s->caller, "share");
	struct env e = { .n = 0 };
	const char *line;
	char *end;

	if (given[0] && (strtoul(given, &end, 0) == 0 || *end || strtoul(given, NULL, 0) > 0xffffffffUL))
		die(EXIT_USAGE, "share: %s is not a window id (a number, 0x... from xwininfo)", given);
	env_for_caller(&e, s);
	l.argv = given[0] ? check : pick;
	l.envp = e.var;
	if (!given[0])
		fprintf(stderr, "skype-wrap: share: click the window to share\n");
	if (run_capturing(&l, out, sizeof out) != 0) {
		if (given[0])
			die(EXIT_DATAERR, "share: no window %s on your display", given);
		die(EXIT_DATAERR, "share: no window picked: %s", first_line(out));
	}
	if (!(line = strstr(out, "Window id: ")) || sscanf(line, "Window id: %31s", id) != 1)
		die(EXIT_DATAERR, "share: xwininfo named no window");
	if (!strncmp(line + 11 + strlen(id), " (the root window)", 18))
		die(EXIT_DATAERR, "share: that is your whole screen, not a window");
}

/* --share: hands the running session a window of the caller's for the app
 * to see, or "stop". */
static int share_window(struct session *s, const char *window, int titled)
{
	struct record r;
	char id[32];

	if (!running_session(s, "share", &r))
		return EXIT_UNAVAILABLE;
	if (!strcmp(window, "stop")) {
		send_request(s, "share", (char *const[]){ "stop", NULL });
		fprintf(stderr, "skype-wrap: share: stopped\n");
		return 0;
	}
	find_window(s, window, id);
	send_request(s, "share", (char *const[]){ id, titled ? "titled" : "untitled", s->display, NULL });
	fprintf(stderr, "skype-wrap: share: the app of %s sees your window %s; skype-wrap --share stop ends it\n",
		s->box.name, id);
	return 0;
}

/* A session whose skype-wrap died (SIGKILL, a crash) took its world along
 * (init dies with it), but leaves its session directory, and its Xpra
 * socket for the next init to clear; its record says so. */
static void clean_leftovers(struct session *s)
{
	struct record r;

	if (!read_record(s->lockfd, &r))
		return;
	remove_session_dir(s);
	fprintf(stderr, "skype-wrap: cleaned up after a session of %s that died\n", s->box.name);
}

/* xmessage, as the caller, on the caller's display; not waited for. */
/* Breaks text at a space wherever a line would pass width columns: xmessage
 * cuts a long line off at the edge of the screen. */
static void wrap_lines(char *text, size_t width)
{
	char *start = text, *space = NULL;

	for (char *c = text; *c; c++) {
		if (*c == ' ')
			space = c;
		if (*c == '\n') {
			start = c + 1;
			space = NULL;
		} else if ((size_t)(c - start) >= width && space) {
			*space = '\n';
			start = space + 1;
			space = NULL;
		}
	}
}

static void show_on_display(const struct session *s, const char *msg)
{
	char text[4096];
	char *argv[] = { (char *)xmessage_path, "-center", "-title", "skype-wrap", text, NULL };
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	struct launch l = launch_as(s, &s->caller, "xmessage");
	struct env e = { .n = 0 };

	if (null == -1 || !s->display || !plain_name(s->display, ".:_-", 64))
		return;
	snprintf(text, sizeof text, "%s", msg);
	wrap_lines(text, 72);
	env_for_caller(&e, s);
	l.argv = argv;
	l.envp = e.var;
	l.out = l.err = null;
	spawn(&l);
	close(null);
}

/* --setup: makes the sandbox from the very settings compiled in. Each step
 * says what it did, or with --dry-run what it would do; a step with nothing
 * to do says nothing, so a second run says only that nothing changed. */
static int setup_changes, rules_added;

/* ---- --setup ---- */

static int setup_step(int dry, const char *fmt, ...)
{
	va_list ap;

	printf("setup: %s", dry ? "would " : "");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	setup_changes++;
	return !dry;
}

static void run_tool_as_root(char *const argv[])
{
	char *envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	struct launch l = { .name = argv[0], .as = &root, .argv = argv, .envp = envp };
	char out[1024];

	if (run_capturing(&l, out, sizeof out) != 0)
		die(EXIT_UNAVAILABLE, "setup: %s failed: %s", argv[0], first_line(out));
}

static int create_user(int dry)
{
	char home[PATH_MAX];

	snprintf(home, sizeof home, "/home/%s", sandbox_user);
	if (!getgrnam(sandbox_user) && setup_step(dry, "create the group %s", sandbox_user)) {
		char *groupadd[] = { "/usr/sbin/groupadd", "--system", (char *)sandbox_user, NULL };

		run_tool_as_root(groupadd);
	}
	if (!getpwnam(sandbox_user) &&
	    setup_step(dry, "create the system user %s, home %s", sandbox_user, home)) {
		char *useradd[] = { "/usr/sbin/useradd", "--system", "--gid", (char *)sandbox_user,
				    "--home-dir", home, "--create-home", "--shell", "/usr/sbin/nologin",
				    (char *)sandbox_user, NULL };

		run_tool_as_root(useradd);
	}
	return getpwnam(sandbox_user) != NULL;
}

/* As the sandbox user: its ~/xpra, 0710. */
static int make_socket_dir(const void *dir)
{
	return (mkdir(dir, 0700) == -1 && errno != EEXIST) || chmod(dir, 0710) == -1;
}

/* The home as root, through an fd that follows no link; ~/xpra as its owner. */
static void setup_dirs(struct session *s, int dry)
{
	char xdir[PATH_MAX + 8], detail[PATH_MAX + 64];

	if (!dir_is(s->box.home, &s->box, 0710, detail, sizeof detail) &&
	    setup_step(dry, "give %s owner %s:%s and mode 0710", s->box.home, s->box.name, s->box.group)) {
		int fd = open(s->box.home, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		if (fd == -1 || fchown(fd, s->box.uid, s->box.gid) == -1 || fchmod(fd, 0710) == -1)
			die_errno(EXIT_UNAVAILABLE, "setup: %s", s->box.home);
		close(fd);
	}
	snprintf(xdir, sizeof xdir, "%s/xpra", s->box.home);
	if (!dir_is(xdir, &s->box, 0710, detail, sizeof detail) &&
	    setup_step(dry, "make %s, mode 0710, for the Xpra socket", xdir)) {
		if (run_as(s, &s->box, 2, make_socket_dir, xdir) != 0)
			die(EXIT_UNAVAILABLE, "setup: cannot make %s", xdir);
	}
}

static int in_group(const char *name, gid_t primary, gid_t group)
{
	gid_t groups[256];
	int n = LEN(groups);

	if (getgrouplist(name, primary, groups, &n) == -1)
		return 0;
	for (int i = 0; i < n; i++)
		if (groups[i] == group)
			return 1;
	return 0;
}

static void setup_member(const struct session *s, int dry)
{
	const struct passwd *pw = s->sudo_user ? getpwnam(s->sudo_user) : NULL;
	char *usermod[] = { "/usr/sbin/usermod", "-aG", (char *)s->box.group, s->sudo_user, NULL };

	if (!pw)
		printf("setup: add each user of the app to the group: usermod -aG %s NAME\n", s->box.group);
	else if (!in_group(pw->pw_name, pw->pw_gid, s->box.gid) &&
		 setup_step(dry, "add %s to the group %s (it takes effect at the next login)",
			    s->sudo_user, s->box.group))
		run_tool_as_root(usermod);
}

/* The group that Debian's udev gives the cameras, should a host lack it. */
static void setup_webcam(int dry)
{
	if (webcam && webcam_gid() == (gid_t)-1 &&
	    setup_step(dry, "create the group %s, which udev gives the cameras", webcam_group)) {
		char *groupadd[] = { "/usr/sbin/groupadd", "--system", (char *)webcam_group, NULL };

		run_tool_as_root(groupadd);
	}
}

static void setup_rules(const struct session *s, const char *tool, const char **rules, int dry)
{
	static char out[65536];

	if (rules[0] && !firewall_rules_of(tool, out, sizeof out))
		die(EXIT_UNAVAILABLE, "setup: %s -S OUTPUT failed", tool);
	for (; *rules; rules++) {
		char rule[1024], *argv[64] = { (char *)tool };
		int n = 1;

		expand_rule(*rules, s->box.uid, rule, sizeof rule);
		if (has_rule(out, rule) || !setup_step(dry, "add the %s rule %s", tool, rule))
			continue;
		for (char *word = strtok(rule, " "); word && n < (int)LEN(argv) - 1; word = strtok(NULL, " "))
			argv[n++] = word;
		run_tool_as_root(argv);
		rules_added = 1;
	}
}

/* Where the home's filesystem has no quota, the home becomes a filesystem of
 * its own: an ext4 image of quota_kib in a file of root's, mounted nosuid,nodev
 * on the home at boot (/etc/fstab) and now. */
static const char image_dir[] = "/var/lib/skype-wrap";

/* Runs argv as root, or as the launch as says; if it fails, undoes the half
 * made image (unmounts mnt, removes the file) and dies saying why. */
static void image_command(char *const argv[], const struct launch *as, const char *image,
			  const char *mnt, const char *why)
{
	char *envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	struct launch l = { .name = argv[0], .as = &root };
	char *umount[] = { "/bin/umount", (char *)mnt, NULL };
	char out[1024];

	if (as)
		l = *as;
	l.argv = argv;
	l.envp = envp;
	if (run_capturing(&l, out, sizeof out) == 0)
		return;
	if (mnt) {
		struct launch u = { .name = umount[0], .as = &root, .argv = umount, .envp = envp };
		char ignored[1024];

		run_capturing(&u, ignored, sizeof ignored);
		rmdir(mnt);
	}
	unlink(image);
	die(EXIT_UNAVAILABLE, "setup: %s: %s failed: %s", why, argv[0], first_line(out));
}

/* Makes the image with a copy of what the home holds now (copied by the
 * sandbox user, so it can copy only what it may read). */
static void make_image(const struct session *s, const char *image)
{
	char owner[64], mnt[] = "/tmp/skype-wrap-setup.XXXXXX", from[PATH_MAX + 2], to[64];
	char *mkfs[] = { "/sbin/mkfs.ext4", "-q", "-F", "-m", "0", "-E", owner, (char *)image, NULL };
	char *mount[] = { "/bin/mount", "-o", "loop,nosuid,nodev", (char *)image, mnt, NULL };
	char *umount[] = { "/bin/umount", mnt, NULL };
	char *cp[] = { "/bin/cp", "-a", "--", from, to, NULL };
	struct launch copier = launch_as(s, &s->box, "cp");
	struct stat st;
	int fd;

	if ((mkdir(image_dir, 0700) == -1 && errno != EEXIST) || lstat(image_dir, &st) == -1)
		die_errno(EXIT_UNAVAILABLE, "setup: %s", image_dir);
	if (!S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022))
		die(EXIT_CONFIG, "setup: %s is not a directory that only root may write", image_dir);
	fd = open(image, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1)
		die_errno(EXIT_UNAVAILABLE, "setup: %s", image);
	if (ftruncate(fd, (off_t)(quota_kib * 1024)) == -1) {
		unlink(image);
		die_errno(EXIT_UNAVAILABLE, "setup: %s", image);
	}
	close(fd);
	snprintf(owner, sizeof owner, "root_owner=%u:%u", (unsigned)s->box.uid, (unsigned)s->box.gid);
	image_command(mkfs, NULL, image, NULL, "making the home's filesystem");
	if (!mkdtemp(mnt)) {
		unlink(image);
		die_errno(EXIT_UNAVAILABLE, "setup: mkdtemp");
	}
	image_command(mount, NULL, image, mnt, "mounting the new image");
	snprintf(from, sizeof from, "%s/.", s->box.home);
	snprintf(to, sizeof to, "%s/", mnt);
	image_command(cp, &copier, image, mnt, "copying the home into its image (it may hold more than quota_kib)");
	image_command(umount, NULL, image, mnt, "unmounting the new image");
	rmdir(mnt);
}

/* Whether /etc/fstab mounts the image on the home; dies if it mounts
 * something else there. */
static int fstab_has(const char *home, const char *image)
{
	FILE *f = fopen("/etc/fstab", "re");
	char *line = NULL, src[PATH_MAX], dst[PATH_MAX];
	size_t cap = 0;
	int found = 0;

	if (!f && errno != ENOENT)
		die_errno(EXIT_UNAVAILABLE, "setup: /etc/fstab");
	while (f && getline(&line, &cap, f) != -1) {
		if (sscanf(line, " %4095s %4095s", src, dst) != 2 || src[0] == '#' || strcmp(dst, home))
			continue;
		if (strcmp(src, image))
			die(EXIT_CONFIG, "setup: /etc/fstab mounts %s on %s; remove that line for a home "
			    "image, or set quota_kib = 0", src, home);
		found = 1;
	}
	free(line);
	if (f)
		fclose(f);
	return found;
}

static void add_to_fstab(const char *user, const char *line)
{
	int fd = open("/etc/fstab", O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	off_t end = fd == -1 ? -1 : lseek(fd, 0, SEEK_END);
	char last = '\n', text[2 * PATH_MAX + 192];
	int len;

	if (end > 0 && pread(fd, &last, 1, end - 1) != 1)
		end = -1;
	len = snprintf(text, sizeof text, "%s# the home of %s, from skype-wrap --setup\n%s\n",
		       last == '\n' ? "" : "\n", user, line);
	if (end == -1 || write(fd, text, len) != len || fsync(fd) == -1)
		die_errno(EXIT_UNAVAILABLE, "setup: writing /etc/fstab");
	close(fd);
}

static void setup_home_image(const struct session *s, int dry)
{
	char image[PATH_MAX], line[2 * PATH_MAX + 64], detail[PATH_MAX + 256];
	struct stat st;

	snprintf(image, sizeof image, "%s/%s.img", image_dir, s->box.name);
	if (s->box.home[0] != '/' || strpbrk(s->box.home, " \t\n\\#"))
		die(EXIT_CONFIG, "setup: /etc/fstab cannot name the home %s", s->box.home);
	snprintf(line, sizeof line, "%s %s ext4 loop,nosuid,nodev,nofail 0 0", image, s->box.home);
	if (lstat(image, &st) == -1) {
		if (errno != ENOENT)
			die_errno(EXIT_UNAVAILABLE, "setup: %s", image);
		if (setup_step(dry, "make %s, an ext4 filesystem of %llu KiB, as the home of %s, "
			       "with a copy of what %s holds", image, quota_kib, s->box.name, s->box.home))
			make_image(s, image);
	} else if (!S_ISREG(st.st_mode) || st.st_uid != 0) {
		die(EXIT_CONFIG, "setup: %s is not a file of root's; remove it", image);
	}
	if (!fstab_has(s->box.home, image) && setup_step(dry, "add to /etc/fstab: %s", line))
		add_to_fstab(s->box.name, line);
	if (check_own_home(s, detail, sizeof detail) == OFF &&
	    setup_step(dry, "mount %s on %s, nosuid,nodev (what the home holds now stays underneath)",
		       image, s->box.home)) {
		char *mount[] = { "/bin/mount", (char *)s->box.home, NULL };

		run_tool_as_root(mount);
	}
}

/* A disk limit: sets the block limit where the filesystem has quota on, or
 * else gives the home a filesystem of its own. */
static void setup_quota(const struct session *s, int dry)
{
	char detail[PATH_MAX + 256];
	struct dqblk dq = { .dqb_bhardlimit = quota_kib, .dqb_valid = QIF_BLIMITS };
	int fd;

	if (!quota_kib || check_quota(s, detail, sizeof detail) == PASSED)
		return;
	if (check_own_home(s, detail, sizeof detail) == FAILED) {
		printf("setup: quota: %s\n", detail);
		return;
	}
	if (quota_limit(s, detail, sizeof detail) == LIMIT_NONE) {
		setup_home_image(s, dry);
		return;
	}
	if (!setup_step(dry, "limit %s to %llu KiB of disk", s->box.name, quota_kib))
		return;
	fd = open(s->box.home, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 || home_quotactl(fd, "", Q_SETQUOTA, s->box.uid, &dq) == -1)
		die_errno(EXIT_UNAVAILABLE, "setup: setting the quota of %s", s->box.name);
	close(fd);
}

static int setup(struct session *s, int dry)
{
	if (getuid() != 0)
		die(EXIT_NOPERM, "setup: only root may set up the sandbox (sudo make setup)");
	if (!create_user(dry)) {
		printf("setup: then: its home 0710, ~/xpra 0710, the group%s%s\n",
		       firewall_rules[0] || firewall6_rules[0] ? ", the firewall rules" : "",
		       quota_kib ? ", the quota" : "");
		return 0;
	}
	identify_sandbox_user(s);
	setup_quota(s, dry);
	setup_dirs(s, dry);
	setup_member(s, dry);
	setup_webcam(dry);
	setup_rules(s, iptables_path, firewall_rules, dry);
	setup_rules(s, ip6tables_path, firewall6_rules, dry);
	if (rules_added)
		puts("setup: to keep the firewall rules after a reboot: apt install iptables-persistent "
		     "(it saves the rules in force)");
	if (!setup_changes)
		puts("setup: nothing to change");
	return 0;
}

/* ---- The session and main ---- */

/* The session's stages in order; end_session undoes them. Returns the
 * app's status. */
static int run_session(struct session *s)
{
	int sig;

	use_display(s, pick_display(s));
	running = s;
	write_record(s);
	listen_for_requests(s);
	make_session_dir(s);
	read_caller_screen(s);
	start_world(s);
	start_bus(s);
	start_xpra(s);
	start_attach(s);
	start_sound(s);
	start_links(s);
	if (!(sig = wait_ready(s))) {
		verify_limit(s->xpra, xpra_mem_bytes, "xpra");
		if (s->standby)
			fprintf(stderr, "skype-wrap: standby: standing by on :%u\n", s->displaynum);
		else
			start_app(s);
		supervise(s);
	}
	end_session(s);
	if (sig)
		return 128 + sig;
	return s->app_status == -1 || s->attach_failed ? EXIT_UNAVAILABLE : exit_status(s->app_status);
}

/* --open: the link, once checked, after the app's command, which a session
 * that --open starts runs; NULL for none (the launcher from the menu). */
static const char *app_with_link(struct session *s, const char *link)
{
	s->command = (char *const *)app;
	if (!link)
		return NULL;
	if (!app_schemes[0])
		die(EXIT_CONFIG, "open: no link goes to the app: app_schemes is empty in the config");
	if (!link_allowed(link, app_schemes))
		die(EXIT_DATAERR, "open: not a link the app takes: one of %s:... of at most %d characters, "
		    "none that a URI leaves out", app_schemes[0], LINK_MAX);
	s->command = command_with_link((char *const *)app, link);
	return link;
}

/* --standby: a session with no app, until a start hands it one; beside a
 * running session, none. */
static void claim_standby(struct session *s)
{
	if (!lock_session(s))
		die(EXIT_UNAVAILABLE, "standby: a session of %s is running already", s->box.name);
	s->standby = 1;
}

/* --standby, once the app a start handed it has ended: the same again, in
 * a fresh process (argv) of this program, so that nothing of one app's
 * session is left for the next. */
static void stand_by_again(const struct session *s, char *argv[])
{
	struct env e = { .n = 0 };

	env_for_restart(&e, s);
	restore_caller_groups(s);
	execve("/proc/self/exe", argv, e.var);
	die_errno(EXIT_UNAVAILABLE, "standby: cannot start again");
}

static void bad_usage(const char *why)
{
	fprintf(stderr, "skype-wrap: %s\n", why);
	usage(EXIT_USAGE);
}

enum mode { SESSION, CHECK, ATTACH, STOP, SETUP, STANDBY, GIVE, OPEN, SHARE };

/* Returns the command to run in the sandbox. */
static char *const *parse_args(int argc, char *argv[], enum mode *mode, int *dry, int *untitled)
{
	static const char *const modes[] = { "", "--check", "--attach", "--stop", "--setup", "--standby" };

	for (int i = 1; i < argc; i++) {
		int m = 1;

		while (m < (int)LEN(modes) && strcmp(argv[i], modes[m]))
			m++;
		if (m < (int)LEN(modes)) {
			if (*mode != SESSION)
				bad_usage("give one of --check, --attach, --stop, --setup and --standby");
			*mode = m;
		} else if (!strcmp(argv[i], "--give")) {
			if (*mode != SESSION || *dry || i + 1 == argc)
				bad_usage("--give takes one or more files, and nothing before it");
			*mode = GIVE;
			return argv + i + 1;
		} else if (!strcmp(argv[i], "--share") || !strncmp(argv[i], "--share=", 8)) {
			static char *window[2];
			int word = !argv[i][7] && i + 1 < argc;

			/* =ID, "stop", or nothing: a click picks it. */
			window[0] = word ? argv[++i] : argv[i][7] ? argv[i] + 8 : "";
			if (*mode != SESSION || *dry || i + 1 != argc || (word && strcmp(window[0], "stop")))
				bad_usage("--share takes =WINDOW, stop or nothing, and nothing before it but --no-title");
			*mode = SHARE;
			return window;
		} else if (!strcmp(argv[i], "--no-title")) {
			*untitled = 1;
		} else if (!strcmp(argv[i], "--open")) {
			/* A launcher's %u is nothing when started from the menu. */
			if (*mode != SESSION || *dry || i + 2 < argc)
				bad_usage("--open takes one link, and nothing before it");
			*mode = OPEN;
			return argv + i + 1;
		} else if (!strcmp(argv[i], "--dry-run")) {
			*dry = 1;
		} else if (!strcmp(argv[i], "--version")) {
			puts("skype-wrap " VERSION);
			exit(0);
		} else if (!strcmp(argv[i], "--help")) {
			usage(0);
		} else if (strcmp(argv[i], "--")) {
			bad_usage("unknown option or argument");
		} else if (i + 1 == argc) {
			bad_usage("no command after --");
		} else if (*mode != SESSION) {
			bad_usage("only a session takes a command");
		} else {
			return argv + i + 1;
		}
	}
	if (*dry && *mode != SETUP)
		bad_usage("--dry-run goes with --setup");

	return (char *const *)app;
}

int main(int argc, char *argv[])
{
	static struct session s;
	enum mode mode = SESSION;
	const char *link = NULL;
	int dry = 0, untitled = 0, status;

	supervisor = getpid();
	if (atexit(leave) != 0)
		return EXIT_UNAVAILABLE;
	strcpy(root.name, "root");
	strcpy(root.group, "root");
	strcpy(root.home, "/");
	s.app_status = s.attach_status = -1;
	s.lockfd = s.sigfd = s.logfd = s.log_write = s.relay[0] = s.relay[1] = s.display_name = -1;
	s.app_mntns = s.app_root = s.control = -1;
	s.init_status = s.world.ctl = s.world.host_pid = s.world.pidns = s.world.mntns = s.world.ipcns = s.world.netns = s.world.root = -1;
	sanitize_process();
	take_environment(&s);
	s.command = parse_args(argc, argv, &mode, &dry, &untitled);
	if (untitled && mode != SHARE)
		bad_usage("--no-title goes with --share");
	openlog("skype-wrap", LOG_PID, LOG_AUTHPRIV);
	if (geteuid() != 0)
		die(EXIT_CONFIG, "not setuid root (install it with: sudo make install)");
	identify_caller(&s);
	if (mode == SETUP)
		return setup(&s, dry);
	if (mode == SESSION || mode == ATTACH || mode == OPEN || mode == STANDBY || mode == SHARE)
		fatal_display = &s;
	identify_sandbox_user(&s);
	s.xpra_version = find_xpra(s.xpra_found, sizeof s.xpra_found);
	snprintf(s.dir, sizeof s.dir, "/run/skype-wrap/%s", s.box.name);
	permit(&s);
	drop_groups_keep_root_gid();
	if (mode == CHECK)
		return run_checks(&s, 1) ? EXIT_CONFIG : 0;
	if (mode == STOP)
		return stop_session(&s);
	if (mode == GIVE)
		return give_files(&s, s.command);
	if (mode == SHARE)
		return share_window(&s, s.command[0], !untitled);
	if (mode == ATTACH)
		return attach_session(&s);
	if (mode == OPEN)
		link = app_with_link(&s, s.command[0]);
	run_checks(&s, 0);
	if (mode == STANDBY) {
		claim_standby(&s);
	} else {
		bound_capabilities();
		if (!claim_session(&s, link))
			return 0;
	}
	catch_signals(&s);
	clean_leftovers(&s);
	if (s.pending_signal)
		return 128 + s.pending_signal;
	status = run_session(&s);
	/* A signal (--stop) ends a standby; so does a session that ran no app. */
	if (mode == STANDBY && !s.pending_signal && s.app_status != -1)
		stand_by_again(&s, argv);
	return status;
}
