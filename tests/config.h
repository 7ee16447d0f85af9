/* skype-wrap settings for the test suite: a sandbox user and display range of
 * its own, xclock as the app, the quota check off (this kernel has no quota
 * format; tests/quota.bats builds a variant with it on). */
static const char *sandbox_user = "swbox";
static const char *app[] = { "/usr/bin/xclock", NULL };
static const unsigned displaynum = 200;
static const unsigned long long quota_kib = 0;
static const unsigned long long mem_bytes = 1ULL << 30;
static const unsigned long long xpra_mem_bytes = 3ULL << 30;
static const char *firewall_rules[] = {
	"-A OUTPUT -d 10.0.0.0/8 -m owner --uid-owner %u -j REJECT --reject-with icmp-port-unreachable",
	"-A OUTPUT -d 192.168.0.0/16 -m owner --uid-owner %u -j REJECT --reject-with icmp-port-unreachable",
	NULL
};
static const char *firewall6_rules[] = {
	"-A OUTPUT -d fc00::/7 -m owner --uid-owner %u -j REJECT --reject-with icmp6-port-unreachable",
	NULL
};
static const unsigned ready_timeout_ms = 30000;
static const unsigned grace_ms = 300;
static const int clipboard = 0;

/* With the clipboard shared, the PRIMARY selection too: what you select,
 * without copying it, the app may read, and what it selects your middle
 * click pastes. */
static const int primary_selection = 0;

/* The mark the caller's side draws along the edges of each of the
 * application's windows (xpra's --border: a colour, a width in pixels), so
 * that a login or lock screen the application draws is told apart. */
static const char window_border[] = "orange,3";

/* On a HiDPI screen (144 dpi and up), scale GTK and Qt apps as a whole
 * (GDK_SCALE, QT_SCALE_FACTOR) besides their text (Xft.dpi): 1 for GTK
 * and Qt apps, 0 for Chromium and Electron apps, which scale by Xft.dpi
 * alone and would scale twice. */
static const int toolkit_scale = 1;
static const char *xpra_path = "/usr/bin/xpra";
static const char *iptables_path = "/usr/sbin/iptables";
static const char *ip6tables_path = "/usr/sbin/ip6tables";
static const int audio = 0;
static const char *pulseaudio_path = "/usr/bin/pulseaudio";
static const char *pactl_path = "/usr/bin/pactl"; /* as you: follows your default devices */
static const int webcam = 0;
static const int notifications = 0;
static const int tray = 0;
static const int open_urls = 0;
static const char *link_schemes[] = { "https", "http", NULL };
static const char *app_schemes[] = { NULL };
/* Confinement: enough for xclock, the X and PulseAudio clients and the probe
 * in /var/tmp/skype-wrap-tests; ~/.xpra-free: ~/xpra is not writable. */
static const unsigned landlock_min_abi = 6;
static const char *read_paths[] = {
	"/usr", "/lib", "/lib64", "/bin", "/etc/fonts", "/etc/ld.so.cache", "/etc/passwd",
	"/etc/group", "/etc/nsswitch.conf", "/etc/localtime", "/etc/X11", "/etc/pulse",
	"/etc/alternatives", "/etc/locale.alias", "/proc", "/sys", "/dev", "/var/tmp/skype-wrap-tests",
	"~", "/nonexistent/path", NULL
};
static const char *write_paths[] = {
	"~/.cache", "~/.config", "~/.local", "~/Downloads", "/tmp", "/dev/null", "/dev/shm", NULL
};
static const char *exec_paths[] = {
	"/usr/bin", "/usr/lib", "/bin", "/lib", "/lib64", "/var/tmp/skype-wrap-tests", NULL
};
static const struct ports connect_ports[] = { { 40100, 40109 }, { 0, 0 } };
static const struct ports bind_ports[] = { { 40200, 40200 }, { 0, 0 } };
static const int seccomp = 1;
static const char *downloads = "~/Downloads";

/* The directory of the home where `skype-wrap --give FILE...` puts the
 * files you give the app, which may read them there. NULL: --give is off. */
static const char *inbox = "~/Inbox";
static const unsigned long nproc_limit = 700;
static const char *xmessage_path = "/usr/bin/xmessage";
static const char *xdpyinfo_path = "/usr/bin/xdpyinfo";
static const char *xprop_path = "/usr/bin/xprop";
static const char *xwininfo_path = "/usr/bin/xwininfo"; /* as you: the window --share picks */
static const char *browser_path = "/usr/bin/xdg-open";
