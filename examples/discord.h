/* skype-wrap settings for Discord (the .deb from discord.com:
 * /usr/bin/discord links to /usr/share/discord/Discord). A complete
 * replacement for config.h, whose comments say what each setting means.
 * Build and install it with
 *
 *     make CONFIG=examples/discord.h BIN=discord-wrap
 *     sudo install -m 4755 -o root -g root discord-wrap /usr/local/bin/
 *     sudo install -m 0644 examples/discord.desktop /usr/local/share/applications/
 *     sudo discord-wrap --setup
 *
 * or with `sudo make CONFIG=examples/discord.h install`, which installs it
 * as discord-wrap with its launcher, beside other sandboxed apps.
 *
 * What differs from config.h, and why:
 * - --no-sandbox: Electron's (Chromium's) own sandbox needs either new user
 *   namespaces, which the seccomp filter denies, or its setuid helper
 *   chrome-sandbox, which no_new_privs (kept by Landlock) disarms; with
 *   neither it aborts with "No usable sandbox!". The separate user, Landlock
 *   and seccomp confine the whole app instead. (The other way round,
 *   seccomp = 0 and no --no-sandbox, keeps Chromium's renderer sandbox but
 *   opens user namespaces to the app.)
 * - /tmp writable: it is the session's own (a tmpfs of the app's, gone at
 *   teardown), and Chromium makes its single-instance socket there.
 * - grace_ms is 1000: Chromium saves its cookies and local storage on SIGTERM.
 * - The firewall rules also keep the app off link-local addresses (and with
 *   them a cloud machine's metadata service), off carrier-grade NAT and
 *   Tailscale (100.64.0.0/10) and IPv6 link-local, and refuse every UDP port
 *   but DNS and those the service documents. For Discord: UDP 50000-65535,
 *   where its voice servers listen; TCP only HTTPS and HTTP.
 * - No TCP port to bind: Discord's local RPC server (6463-6472, through which
 *   games and your browser talk to the app) stays off.
 */

/* The dedicated user the application runs as; its primary group is the group
 * of people allowed to start a session. */
static const char *sandbox_user = "discord";

/* The application, run when no command follows `--` (NULL-terminated).
 * Chromium's own sandbox off, as the top of this file
 * explains. */
static const char *app[] = {
	"/usr/bin/discord", "--no-sandbox", NULL
};

/* The first X display number to try for the Xpra server. */
static const unsigned displaynum = 100;

/* The largest block hard limit (KiB) the sandbox user's disk quota may
 * have; 0 switches the quota check off. */
static const unsigned long long quota_kib = 4ULL * 1024 * 1024;

/* RLIMIT_DATA (bytes) of each process of the application and of the Xpra
 * server (Python and its Xvfb break under 1 GiB): the memory a process may
 * commit (heap and private writable mappings), not the address space it only
 * reserves, of which Chromium and Firefox take tens of GiB; 0 switches the
 * limit off. */
static const unsigned long long mem_bytes = 4ULL << 30;
static const unsigned long long xpra_mem_bytes = 2ULL << 30;

/* RLIMIT_NPROC of the app: the most processes and threads the sandbox user
 * may have in all (the Xpra server's count too), so that a fork bomb stops
 * there; 0 switches it off. */
static const unsigned long nproc_limit = 2048;

/* Rules that `iptables -S OUTPUT` and `ip6tables -S OUTPUT` must show,
 * written as they print them; %u stands for the sandbox uid. Empty lists
 * switch the firewall check off. These keep the application off the local
 * networks, as config.h's do, and also off link-local addresses (a cloud
 * machine's metadata service among them), carrier-grade NAT and Tailscale's
 * 100.64.0.0/10, and IPv6 link-local; a DNS resolver there (a home router,
 * a tailnet's 100.100.100.100) is refused too, a local one (127.0.0.53) is
 * not. The last rule of each list refuses every UDP port but DNS and
 * 50000-65535, where Discord's voice servers listen. They only refuse, so
 * they work in any order and accept nothing that other rules refuse. */
static const char *firewall_rules[] = {
	"-A OUTPUT -d 10.0.0.0/8 -m owner --uid-owner %u -j REJECT --reject-with icmp-port-unreachable",
	"-A OUTPUT -d 172.16.0.0/12 -m owner --uid-owner %u -j REJECT --reject-with icmp-port-unreachable",
	"-A OUTPUT -d 192.168.0.0/16 -m owner --uid-owner %u -j REJECT --reject-with icmp-port-unreachable",
	"-A OUTPUT -d 169.254.0.0/16 -m owner --uid-owner %u -j REJECT --reject-with icmp-port-unreachable",
	"-A OUTPUT -d 100.64.0.0/10 -m owner --uid-owner %u -j REJECT --reject-with icmp-port-unreachable",
	"-A OUTPUT -p udp -m owner --uid-owner %u -m multiport ! --dports 53,50000:65535 -j REJECT --reject-with icmp-port-unreachable",
	NULL
};
static const char *firewall6_rules[] = {
	"-A OUTPUT -d fc00::/7 -m owner --uid-owner %u -j REJECT --reject-with icmp6-port-unreachable",
	"-A OUTPUT -d fe80::/10 -m owner --uid-owner %u -j REJECT --reject-with icmp6-port-unreachable",
	"-A OUTPUT -p udp -m owner --uid-owner %u -m multiport ! --dports 53,50000:65535 -j REJECT --reject-with icmp6-port-unreachable",
	NULL
};

/* How long the Xpra server may take to accept clients (milliseconds). */
static const unsigned ready_timeout_ms = 20000;

/* How long the sandbox user's processes get to exit after SIGTERM before
 * SIGKILL (milliseconds): Chromium saves cookies and local storage then. */
static const unsigned grace_ms = 1000;

/* The directory of write_paths whose files the group may read (mode 0750,
 * the app's umask 027): where you take what the app saved. NULL for none. */
static const char *downloads = "~/Downloads";

/* The directory of the home where `skype-wrap --give FILE...` puts the
 * files you give the app, which may read them there. NULL: --give is off. */
static const char *inbox = "~/Inbox";

/* Share the clipboard between the application and the caller's desktop. */
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
static const int toolkit_scale = 0;


/* Show the app's desktop notifications on the caller's desktop, through the
 * attach client and a private D-Bus of the session's: the app may then put
 * text (marked [sandbox]) in front of you; no icon, action or link of its
 * reaches your desktop. */
static const int notifications = 0;

/* Show the app's tray icon in the caller's tray; clicks on it go to the app. */
static const int tray = 0;

/* Links. open_urls = 1: a link the app opens (its xdg-open, $BROWSER) is
 * shown to you in a window of skype-wrap's with its site set apart, and
 * goes to your browser (browser_path, run as you) only when you click Open;
 * 0: links stay in the sandbox. link_schemes: the links it may ask to open
 * (each must name a site). app_schemes: the links `skype-wrap --open URL`
 * hands to the app, as a second start of it with URL (the launcher makes
 * it your desktop's handler for them); none: --open is off. */
static const int open_urls = 1;
static const char *link_schemes[] = { "https", "http", NULL };
static const char *app_schemes[] = { "discord", NULL };

/* The host tools, by absolute path. */
static const char *xpra_path = "/usr/bin/xpra";
static const char *iptables_path = "/usr/sbin/iptables";
static const char *ip6tables_path = "/usr/sbin/ip6tables";
static const char *xmessage_path = "/usr/bin/xmessage"; /* fatal messages without a terminal */
static const char *xdpyinfo_path = "/usr/bin/xdpyinfo"; /* your screen's size and DPI */
static const char *xprop_path = "/usr/bin/xprop";       /* your desktop's Xft.dpi */
static const char *xwininfo_path = "/usr/bin/xwininfo"; /* as you: the window --share picks */
static const char *browser_path = "/usr/bin/xdg-open"; /* as you: your default browser */

/* Sound, through a PulseAudio daemon of the session's (pulseaudio_path, run
 * as the sandbox user) tunnelled to the caller's PulseAudio or PipeWire:
 * 0 off, 1 when the caller's server answers, 2 required (no session
 * without it). */
static const int audio = 1;
static const char *pulseaudio_path = "/usr/bin/pulseaudio";
static const char *pactl_path = "/usr/bin/pactl"; /* as you: follows your default devices */

/* The webcam: 1 gives the app, and nothing else of the session, the host's
 * cameras (/dev/video* capture devices) through the video group, and no
 * other device of that group; 0 none. */
static const int webcam = 0;

/* Confinement of the app, on top of the separate user: Landlock hierarchies
 * it may read, write (and read) and execute (and read), "~" being the
 * sandbox home, and TCP port ranges it may connect to and bind (a range
 * { first, last }; the tables end with { 0, 0 }). Empty tables switch
 * Landlock off. UDP and IP address ranges are the firewall rules' job.
 * Discord keeps its data and the modules it downloads in ~/.config/discord;
 * /usr/share/discord holds the app. TCP: HTTPS and HTTP only. */
static const unsigned landlock_min_abi = 1; /* refuse kernels below this ABI */
static const char *read_paths[] = {
	"/usr", "/lib", "/lib64", "/bin", "/etc/fonts", "/etc/ld.so.cache",
	"/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/localtime",
	"/etc/hosts", "/etc/resolv.conf", "/etc/ssl", "/etc/ca-certificates",
	"/etc/machine-id", "/etc/X11", "/etc/pulse", "/etc/alsa", "/etc/alternatives",
	"/proc", "/sys", "/dev", "~", NULL
};
static const char *write_paths[] = {
	"~/.config", "~/.cache", "~/.local", "~/.pki", "~/Downloads", "/tmp",
	"/dev/null", "/dev/shm", "/dev/snd", "/dev/dri", NULL
};
static const char *exec_paths[] = {
	"/usr/share/discord", "/usr/lib", "/lib", "/lib64", "/usr/bin/env", NULL
};
static const struct ports connect_ports[] = { { 80, 80 }, { 443, 443 }, { 0, 0 } };
static const struct ports bind_ports[] = { { 0, 0 } };

/* seccomp-bpf deny list for the app (ptrace, mounts, modules, keyrings,
 * new user namespaces, TIOCSTI...): 1 on, 0 off. */
static const int seccomp = 1;
